#include "cli/campaign_report.hpp"

#include <fmt/format.h>

#include "cli/output_format.hpp"
#include "cli/terminal_text.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace cp = engine::campaign;
using Json = nlohmann::ordered_json;

namespace {

constexpr const char* kSchema = "powerbudget/campaign-result/1";

double Hours(double seconds) { return seconds / units::kSecondsPerHour; }

Json OptionalHours(const std::optional<double>& seconds) {
  return seconds ? Json(Rounded(Hours(*seconds))) : Json(nullptr);
}

std::string HoursText(const std::optional<double>& seconds) {
  return seconds ? fmt::format("{:.1f}", Hours(*seconds)) : std::string("never");
}

Json EnergyJson(const cp::EnergySummary& e) {
  return {{"devices", e.devices},         {"mean_J", Rounded(e.mean_J)},       {"p50_J", Rounded(e.p50_J)},
          {"p95_J", Rounded(e.p95_J)},     {"max_J", Rounded(e.max_J)},         {"mean_days", Rounded(e.mean_days)},
          {"p95_days", Rounded(e.p95_days)}, {"max_days", Rounded(e.max_days)}};
}

std::string Percent(double frac) { return fmt::format("{:.1f}%", frac * 100.0); }

}  // namespace

Json CampaignToJson(const cp::CampaignResult& r, const RunInfo& run) {
  Json j = ScenarioReportHeader(kSchema, r.scenario, run);
  j["seed"] = r.seed;
  j["devices"] = r.devices;
  j["cells"] = r.cells;
  j["ce_share_frac"] = {Rounded(r.ce_share_frac[0]), Rounded(r.ce_share_frac[1]), Rounded(r.ce_share_frac[2])};
  j["out_of_coverage_frac"] = Rounded(r.out_of_coverage_frac);
  Json variants = Json::array();
  for (const cp::VariantResult& v : r.variants) {
    Json by_ce = Json::array();
    for (std::size_t l = 0; l < 3; ++l) {
      Json e = EnergyJson(v.energy_by_ce[l]);
      e["ce_level"] = l;
      by_ce.push_back(e);
    }
    Json timeline = Json::array();
    for (const cp::TimelinePoint& p : v.timeline)
      timeline.push_back({{"time_h", Rounded(Hours(p.time_s))}, {"updated_frac", Rounded(p.updated_frac)},
                          {"downlink_frac", Rounded(p.downlink_frac)}});
    variants.push_back({{"name", v.variant.name},
                        {"image", cp::ImageKindName(v.variant.image)},
                        {"delivery", cp::DeliveryName(v.variant.delivery)},
                        {"devices", v.devices},
                        {"updated", v.updated},
                        {"failed", v.failed},
                        {"rolled_back", v.rolled_back},
                        {"out_of_coverage", v.out_of_coverage},
                        {"download_attempts", v.download_attempts},
                        {"completed_downloads", v.completed_downloads},
                        {"failed_downloads", v.failed_downloads},
                        {"failed_installs", v.failed_installs},
                        {"multicast_receptions", v.multicast_receptions},
                        {"time_to_50_h", OptionalHours(v.time_to_50_s)},
                        {"time_to_95_h", OptionalHours(v.time_to_95_s)},
                        {"time_to_100_h", OptionalHours(v.time_to_100_s)},
                        {"end_h", Rounded(Hours(v.end_s))},
                        {"peak_downlink_frac", Rounded(v.peak_downlink_frac)},
                        {"mean_downlink_frac", Rounded(v.mean_downlink_frac)},
                        {"delivered_B", Rounded(v.delivered_B)},
                        {"complete_download_B", Rounded(v.complete_download_B)},
                        {"partial_download_B", Rounded(v.partial_download_B)},
                        {"multicast_B", Rounded(v.multicast_B)},
                        {"repair_B", Rounded(v.repair_B)},
                        {"energy", EnergyJson(v.energy_all)},
                        {"energy_by_ce", by_ce},
                        {"battery_days_per_year", Rounded(v.battery_days_per_year)},
                        {"timeline", timeline}});
  }
  j["variants"] = variants;
  return j;
}

std::string CampaignTable(const cp::CampaignResult& r, OutputFormat format) {
  std::string out = fmt::format("{}\n\nSeed {}; {} devices in {} cells; CE0 {}, CE1 {}, CE2 {}, out of coverage {}\n\n",
                                TerminalSafe(r.scenario), r.seed, r.devices, r.cells, Percent(r.ce_share_frac[0]),
                                Percent(r.ce_share_frac[1]), Percent(r.ce_share_frac[2]), Percent(r.out_of_coverage_frac));
  std::vector<std::string> header{""};
  for (const cp::VariantResult& v : r.variants) header.push_back(v.variant.name);
  std::vector<std::vector<std::string>> rows;
  auto row = [&](std::string name, auto cell) {
    std::vector<std::string> line{std::move(name)};
    for (const cp::VariantResult& v : r.variants) line.push_back(cell(v));
    rows.push_back(std::move(line));
  };
  row("50 % updated (h)", [](const cp::VariantResult& v) { return HoursText(v.time_to_50_s); });
  row("95 % updated (h)", [](const cp::VariantResult& v) { return HoursText(v.time_to_95_s); });
  row("100 % updated (h)", [](const cp::VariantResult& v) { return HoursText(v.time_to_100_s); });
  row("campaign end (h)", [](const cp::VariantResult& v) { return fmt::format("{:.1f}", Hours(v.end_s)); });
  row("updated", [](const cp::VariantResult& v) { return std::to_string(v.updated); });
  row("failed downloads (gave up)", [](const cp::VariantResult& v) { return std::to_string(v.failed); });
  row("rolled back (stayed old)", [](const cp::VariantResult& v) { return std::to_string(v.rolled_back); });
  row("rollbacks (all installs)", [](const cp::VariantResult& v) { return std::to_string(v.failed_installs); });
  row("peak cell downlink", [](const cp::VariantResult& v) { return Percent(v.peak_downlink_frac); });
  row("mean cell downlink", [](const cp::VariantResult& v) { return Percent(v.mean_downlink_frac); });
  row("delivered (MB)", [](const cp::VariantResult& v) { return fmt::format("{:.1f}", v.delivered_B / 1e6); });
  row("energy mean (J)", [](const cp::VariantResult& v) { return fmt::format("{:.1f}", v.energy_all.mean_J); });
  row("energy p95 (J)", [](const cp::VariantResult& v) { return fmt::format("{:.1f}", v.energy_all.p95_J); });
  row("battery days, mean", [](const cp::VariantResult& v) { return fmt::format("{:.2f}", v.energy_all.mean_days); });
  row("battery days, p95", [](const cp::VariantResult& v) { return fmt::format("{:.2f}", v.energy_all.p95_days); });
  row("battery days per year", [](const cp::VariantResult& v) { return fmt::format("{:.2f}", v.battery_days_per_year); });
  out += RenderTableAs(format, header, rows);

  std::vector<std::vector<std::string>> cost;
  for (const cp::VariantResult& v : r.variants)
    for (std::size_t l = 0; l < 3; ++l) {
      const cp::EnergySummary& e = v.energy_by_ce[l];
      if (e.devices == 0) continue;
      cost.push_back({v.variant.name, fmt::format("CE{}", l), std::to_string(e.devices), fmt::format("{:.1f}", e.mean_J),
                      fmt::format("{:.1f}", e.p50_J), fmt::format("{:.1f}", e.p95_J), fmt::format("{:.1f}", e.max_J),
                      fmt::format("{:.2f}", e.mean_days), fmt::format("{:.2f}", e.p95_days)});
    }
  out += "\nPer-device cost of the update by CE level (battery days = energy / the device's normal daily energy):\n" +
         RenderTableAs(format, {"variant", "level", "devices", "mean J", "p50 J", "p95 J", "max J", "mean days", "p95 days"}, cost);

  if (!r.variants.empty() && !r.variants.front().timeline.empty()) {
    std::vector<std::string> timeline_header{"time (h)"};
    for (const cp::VariantResult& v : r.variants) timeline_header.push_back(v.variant.name);
    std::vector<std::vector<std::string>> timeline;
    for (std::size_t k = 0; k < r.variants.front().timeline.size(); ++k) {
      std::vector<std::string> line{fmt::format("{:.1f}", Hours(r.variants.front().timeline[k].time_s))};
      for (const cp::VariantResult& v : r.variants)
        line.push_back(fmt::format("{} ({})", Percent(v.timeline[k].updated_frac), Percent(v.timeline[k].downlink_frac)));
      timeline.push_back(std::move(line));
    }
    out += "\nTimeline: share of the fleet updated (mean cell downlink load over the interval):\n" +
           RenderTableAs(format, timeline_header, timeline);
  }
  return format == OutputFormat::kMarkdown ? MarkdownReport(out) : out;
}

std::string CampaignCsv(const cp::CampaignResult& r) {
  std::string out =
      "variant,image,delivery,seed,devices,updated,failed,rolled_back,failed_installs,time_to_50_h,time_to_95_h,"
      "time_to_100_h,end_h,peak_downlink_frac,mean_downlink_frac,delivered_B,energy_mean_J,energy_p95_J,"
      "battery_days_mean,battery_days_p95,ce0_mean_J,ce1_mean_J,ce2_mean_J,battery_days_per_year\n";
  auto hours = [](const std::optional<double>& s) { return s ? Number(Hours(*s)) : std::string(); };
  for (const cp::VariantResult& v : r.variants)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", CsvEscape(v.variant.name),
                       cp::ImageKindName(v.variant.image), cp::DeliveryName(v.variant.delivery), r.seed, v.devices,
                       v.updated, v.failed, v.rolled_back, v.failed_installs, hours(v.time_to_50_s),
                       hours(v.time_to_95_s), hours(v.time_to_100_s), Number(Hours(v.end_s)),
                       Number(v.peak_downlink_frac), Number(v.mean_downlink_frac), Number(v.delivered_B),
                       Number(v.energy_all.mean_J), Number(v.energy_all.p95_J), Number(v.energy_all.mean_days),
                       Number(v.energy_all.p95_days), Number(v.energy_by_ce[0].mean_J), Number(v.energy_by_ce[1].mean_J),
                       Number(v.energy_by_ce[2].mean_J), Number(v.battery_days_per_year));
  return out;
}

}  // namespace pb::cli
