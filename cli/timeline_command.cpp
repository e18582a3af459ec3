// powerbudget timeline PROFILE [--view report|day|fota] [--set PATH=VALUE]... [--format table|json|csv|md]
// [--svg FILE]: current against time, phase by phase.
#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/timeline_report.hpp"
#include "engine/timeline/timeline.hpp"

namespace pb::cli {
namespace po = boost::program_options;

namespace {

engine::timeline::View ParseView(const std::string& text) {
  for (auto view : {engine::timeline::View::kReport, engine::timeline::View::kDay, engine::timeline::View::kFota})
    if (text == engine::timeline::ViewName(view)) return view;
  throw std::invalid_argument("--view '" + text + "' is not one of: report, day, fota");
}

}  // namespace

int RunTimeline(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget timeline PROFILE [options]\n\n"
      "Current from the battery against time, phase by phase: one report cycle (wake to the next wake), the\n"
      "budget's day (every report, handshake, registration, TAU and firmware update at its time) or one firmware\n"
      "update. Events the budget counts as a share of one per day appear as that share, every phase shortened\n"
      "to it, so that the day's integral is the budget's energy per day.\n\nOptions");
  ProfileArguments profile_args;
  std::string format = "table";
  std::string view_text = "report";
  std::string svg_file;
  AddProfileOptions(visible, profile_args, false);
  const CommandFormats kFormats{"timeline", {"table", "json", "csv", "md"}, "csv: the step curve"};
  AddFormatOption(visible, format, kFormats);
  visible.add_options()
      ("view", po::value(&view_text)->default_value("report"), "report (one report cycle), day, or fota (one update)")
      ("svg", po::value(&svg_file), "also write the current against time as an SVG plot to this file");
  if (const auto stop = ParseCommandLine("timeline", visible, args, profile_args)) return *stop;
  return GuardBadInput("timeline", [&] {
    const OutputFormat output = ParseOutputFormat(format, kFormats);
    const engine::timeline::View view = ParseView(view_text);
    const engine::timeline::Timeline timeline = engine::timeline::BuildTimeline(LoadProfile(profile_args), view);
    if (!svg_file.empty()) {
      std::ofstream svg(svg_file, std::ios::binary);
      if (!(svg << TimelineSvg(timeline))) throw std::invalid_argument("cannot write --svg " + svg_file);
    }
    switch (output) {
      case OutputFormat::kJson: std::cout << TimelineToJson(timeline, profile_args).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << TimelineCsv(timeline); break;
      case OutputFormat::kMarkdown: std::cout << TimelineTable(timeline, true); break;
      case OutputFormat::kTable: std::cout << TimelineTable(timeline, false); break;
    }
    return kExitOk;
  });
}

}  // namespace pb::cli
