// Input shown on a terminal cannot move the cursor, clear the screen or hide a line: control
// characters and bytes that are not UTF-8 are shown as escapes in every text renderer (issue #20).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "cli/output_format.hpp"
#include "cli/terminal_text.hpp"
#include "support/run_cli.hpp"
#include "support/scratch_directory.hpp"

namespace pb {
namespace {

namespace fs = std::filesystem;

// No escape, CSI or other control byte (a newline ends a line of output, so it is allowed
// between lines but is checked apart, per cell).
bool HasControlBytes(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F)
      return true;  // a C1 control in UTF-8
  }
  return false;
}

TEST(TerminalSafe, PrintableTextStaysAsItIs) {
  EXPECT_EQ(cli::TerminalSafe("Mast monitor (NB-IoT, 3.6 V)"), "Mast monitor (NB-IoT, 3.6 V)");
  EXPECT_EQ(cli::TerminalSafe("5 µA → 3 °C, households/km², ✅"), "5 µA → 3 °C, households/km², ✅");
  EXPECT_EQ(cli::TerminalSafe(""), "");
}

TEST(TerminalSafe, ControlCharactersAndBytesThatAreNotUtf8BecomeEscapes) {
  EXPECT_EQ(cli::TerminalSafe("a\x1b[2J\x1b[Hb"), "a\\x1b[2J\\x1b[Hb");
  EXPECT_EQ(cli::TerminalSafe("one\ntwo\rthree\tfour"), "one\\ntwo\\rthree\\tfour");
  EXPECT_EQ(cli::TerminalSafe(std::string("nul\0bell\a", 9)), "nul\\x00bell\\x07");
  EXPECT_EQ(cli::TerminalSafe("del\x7f"), "del\\x7f");
  EXPECT_EQ(cli::TerminalSafe("csi\xc2\x9b" "31m"), "csi\\u009b31m");   // U+009B, the 8-bit CSI
  EXPECT_EQ(cli::TerminalSafe("nel\xc2\x85"), "nel\\u0085");
  EXPECT_EQ(cli::TerminalSafe("raw csi \x9b"), "raw csi \\x9b");          // not UTF-8
  EXPECT_EQ(cli::TerminalSafe("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(cli::TerminalSafe("cut \xe2\x86"), "cut \\xe2\\x86");         // a truncated sequence
  EXPECT_EQ(cli::TerminalSafe("overlong \xc0\xaf"), "overlong \\xc0\\xaf");
  EXPECT_EQ(cli::TerminalSafe("surrogate \xed\xa0\x80"), "surrogate \\xed\\xa0\\x80");
  EXPECT_EQ(cli::TerminalSafe("beyond \xf4\x90\x80\x80"), "beyond \\xf4\\x90\\x80\\x80");
  EXPECT_EQ(cli::TerminalSafe("U+00A0\xc2\xa0ok"), "U+00A0\xc2\xa0ok");  // the first code point after C1
}

TEST(TerminalSafe, EveryTableRendererEscapesItsCells) {
  const std::string evil = "x\x1b]0;owned\x07\x1b[2J";
  const std::string table = cli::RenderTable({"name", "value"}, {{evil, "1"}});
  const std::string markdown = cli::RenderMarkdownTable({"name", evil}, {{evil, "1"}});
  const std::string csv = cli::CsvEscape(evil + ",\n");
  for (const std::string& text : {table, markdown, csv}) {
    EXPECT_FALSE(HasControlBytes(text)) << text;
    EXPECT_NE(text.find("x\\x1b]0;owned\\x07\\x1b[2J"), std::string::npos) << text;
  }
  EXPECT_EQ(csv, "\"x\\x1b]0;owned\\x07\\x1b[2J,\\n\"");
}

// A crafted profile (device name, climate name, event names) and a crafted capture file name:
// no output format that is text shows a control byte; JSON escapes them itself.
TEST(TerminalSafe, CraftedProfilesAndFileNamesDoNotReachTheTerminal) {
  const test::ScratchDirectory directory("powerbudget-terminal");
  std::ifstream in(std::string(PB_SOURCE_DIR) + "/profiles/devices/mast-monitor.json");
  std::string profile((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string name_key = "\"name\": \"";
  profile.insert(profile.find(name_key) + name_key.size(), "\\u001b[2J\\u001b[H\\u009b31m\\r");
  const fs::path modelled = directory.path() / "crafted.json";
  std::ofstream(modelled) << profile;
  const fs::path measured = directory.path() / "measured.json";
  std::ofstream(measured) << R"({"schema": "powerbudget/device/1", "kind": "measured_events",
    "name": "bench\u001b[1A\u001b[2K", "target_lifetime_days": 365, "battery": "saft-ls17500",
    "supply": {"kind": "direct", "quiescent_current_uA": 0, "min_operating_voltage_V": 0},
    "supply_voltage_V": 3.6, "floor_current_uA": 3,
    "events": [{"name": "report\u001b]0;owned\u0007\n", "charge_mC": 100, "duration_s": 5, "period_s": 3600}]})";
  const fs::path capture = directory.path() / "cap\x1b[2J.csv";
  {
    std::ofstream out(capture);
    out << "time_s,current_uA\n";
    for (int i = 0; i < 4000; ++i) out << i * 0.001 << "," << (i % 1000 < 50 ? 20000 : 5) << "\n";
  }
  const std::string quoted_capture = "'" + capture.string() + "'";
  for (const std::string& args :
       {"simulate " + modelled.string(), "timeline " + modelled.string() + " --format md", "lifetime " + modelled.string() + " --dt-days 30",
        "simulate " + measured.string(), "simulate " + measured.string() + " --format csv",
        "compare " + measured.string() + " " + measured.string() + " --format md",
        "compare " + measured.string() + " " + measured.string() + " --max-energy-increase 1",
        "trace " + quoted_capture, std::string("simulate 'no-such-\x1b[2J'"),
        std::string("simulate mast-monitor --set 'nme\x1b[2J=1'")}) {
    const test::CliResult r = test::RunCli(args, true);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2) << args << "\n" << r.out;
    EXPECT_FALSE(HasControlBytes(r.out)) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("\\x1b"), std::string::npos) << args << "\n" << r.out;  // shown, escaped
  }
}

}  // namespace
}  // namespace pb
