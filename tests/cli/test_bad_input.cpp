// Bad input is exit code 2 with a first line naming the field or the option and what is allowed:
// never exit 3 ("internal error"), an abort, or a run that does not end (issue #20, the faults
// found). Numbers that overflow, text that is not UTF-8, array indices beyond 2^64, time steps
// too small for the horizon, thread counts, and every numeric option out of its range.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/run_cli.hpp"
#include "support/scratch_directory.hpp"

namespace pb {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string args;
  std::string message;  // in the first line, which starts "powerbudget COMMAND: "
};

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// Each case must end (a run that hangs fails at the timeout) with exit code 2 and the message.
void ExpectBadInput(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    const test::CliResult r = test::RunCli(c.args, true, "timeout 120");
    const std::string line = FirstLine(r.out);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.out;
    EXPECT_EQ(line.rfind("powerbudget " + c.args.substr(0, c.args.find(' ')) + ": ", 0), 0u) << c.args << "\n" << line;
    EXPECT_NE(line.find(c.message), std::string::npos) << c.args << "\nfirst line: " << line << "\nexpected:   " << c.message;
  }
}

TEST(BadInput, NumbersThatOverflowTextThatIsNotUtf8AndHugeIndicesNameTheField) {
  const test::ScratchDirectory directory("powerbudget-bad-input");
  std::ifstream in(std::string(PB_SOURCE_DIR) + "/profiles/devices/mast-monitor.json");
  std::string profile((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string key = "\"interval_s\": ";
  const std::size_t at = profile.find(key) + key.size();
  profile.replace(at, profile.find_first_of(",\n}", at) - at, "1e999");
  const fs::path overflow = directory.path() / "overflow.json";
  std::ofstream(overflow) << profile;
  const std::string too_large = "the number is too large (a double holds at most about 1.8e308)";
  ExpectBadInput({
      Case{"simulate " + overflow.string(), "overflow.json: /reporting/interval_s: " + too_large},
      Case{"simulate mast-monitor --set reporting.interval_s=1e999",
           "/reporting/interval_s: --set reporting.interval_s: " + too_large},
      Case{"simulate mast-monitor --set 'reporting.interval_s=[1e999]'",
           "/reporting/interval_s: --set reporting.interval_s: " + too_large},
      Case{"simulate mast-monitor --set 'modem.tx_current_curve[2].current_mA=1e999'",
           "/modem/tx_current_curve/2/current_mA: --set modem.tx_current_curve[2].current_mA: " + too_large},
      Case{"simulate mast-monitor --set 'name=\xff\xfe'",
           "/name: --set name: the value is not valid UTF-8 (invalid UTF-8 byte at index 0: 0xFF)"},
      Case{"simulate mast-monitor --format json --set 'name=ok\xc3'", "/name: --set name: the value is not valid UTF-8"},
      Case{"simulate mast-monitor --set 'modem.tx_current_curve[18446744073709551616].current_mA=1'",
           "/modem/tx_current_curve/18446744073709551616: --set modem.tx_current_curve[18446744073709551616].current_mA: "
           "index out of range (array has 6 elements)"},
      Case{"cell tr45820-capacity --set 'population.mix[99999999999999999999999].share_frac=0.5'",
           "/population/mix/99999999999999999999999: --set population.mix[99999999999999999999999].share_frac: index out "
           "of range (array has 4 elements)"},
  });
}

// A name longer than the file system allows (found by fuzz_device_profile) is a missing profile.
TEST(BadInput, ANameTooLongForTheFileSystemIsAMissingProfile) {
  const std::string name(300, 'm');
  ExpectBadInput({
      Case{"simulate mast-monitor --set modem=" + name, "/modem: no modem profile '" + name + "'"},
      Case{"simulate " + name, "no profile file '" + name + "' and no bundled device of that name"},
      Case{"cell " + name, "no scenario file '" + name + "'"},
      Case{"compare " + name + " mast-monitor", "no profile file '" + name + "'"},
  });
}

TEST(BadInput, ATimeStepTooSmallForTheHorizonIsRefusedUpFront) {
  const std::string limit = "more than the 1000000 allowed: for this horizon the step must be at least 0.01095 days";
  ExpectBadInput({
      Case{"lifetime mast-monitor --dt-days 1e-9",
           "--dt-days: 1e-09 days over a horizon of 10950 days is 10950000000000 steps, " + limit},
      Case{"lifetime mast-monitor --dt-days 0.0001", "--dt-days: 0.0001 days over a horizon of 10950 days is 109500000 steps"},
      Case{"lifetime mast-monitor --dt-days 1e-300", "--dt-days: 1e-300 days over a horizon of 10950 days"},
      Case{"montecarlo mast-monitor --devices 10 --dt-days 1e-300", limit},
      Case{"sensitivity mast-monitor --dt-days 0.001", "--dt-days: 0.001 days over a horizon of 10950 days is 10950000 steps"},
      Case{"prove mast-monitor --devices 10 --dt-days 0.001 --horizon-years 100",
           "--dt-days: 0.001 days over a horizon of 36500 days is 36500000 steps, more than the 1000000 allowed: for this "
           "horizon the step must be at least 0.0365 days"},
  });
}

TEST(BadInput, ThreadsAreBoundedAndAThreadTheSystemRefusesIsAnErrorNotAnAbort) {
  ExpectBadInput({
      Case{"montecarlo mast-monitor --threads 1025", "--threads: must be a whole number from 0 to 1024, got '1025'"},
      Case{"montecarlo mast-monitor --threads -1", "--threads: must be a whole number from 0 to 1024, got '-1'"},
      Case{"prove mast-monitor --threads 5000", "--threads: must be a whole number from 0 to 1024, got '5000'"},
  });
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer reserves more address space than the limit below allows";
#else
  // 300 MB of address space holds a few dozen thread stacks: the rest cannot start.
  const test::CliResult r = test::RunCli("montecarlo mast-monitor --threads 1024 --devices 100000 --horizon-years 0.1", true,
                                         "timeout 120 prlimit --as=300000000");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(FirstLine(r.out).rfind("powerbudget montecarlo: threads: could not start worker thread ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("ask for fewer threads"), std::string::npos) << r.out;
#endif
}

TEST(BadInput, EveryNumericOptionIsCheckedAgainstItsRange) {
  const test::ScratchDirectory directory("powerbudget-bad-options");
  const std::string trace = (directory.path() / "trace.csv").string();
  {
    std::ofstream out(trace);
    out << "time_s,current_uA\n";
    for (int i = 0; i < 4000; ++i) out << i * 0.001 << "," << (i % 1000 < 50 ? 20000 : 5) << "\n";
  }
  ExpectBadInput({
      // estimate
      Case{"estimate --profile mast-monitor --nrs-power-dBm nan --input /dev/null",
           "--nrs-power-dBm: must be -20 to 60 dBm, got 'nan'"},
      Case{"estimate --profile mast-monitor --nrs-power-dBm 1e308 --input /dev/null",
           "--nrs-power-dBm: must be -20 to 60 dBm, got '1e308'"},
      Case{"estimate --profile mast-monitor --brown-out-V -3 --input /dev/null",
           "--brown-out-V: must be more than 0 and at most 5 V, got '-3'"},
      // fleet-sim
      Case{"fleet-sim mast-monitor --faulty-fraction 2", "--faulty-fraction: must be 0 to 1, got '2'"},
      Case{"fleet-sim mast-monitor --faulty-fraction -1", "--faulty-fraction: must be 0 to 1, got '-1'"},
      Case{"fleet-sim mast-monitor --days 0.5", "--days: must be 1 to 36500 days, got '0.5'"},
      Case{"fleet-sim mast-monitor --devices 0", "--devices: must be a whole number from 1 to 10000000, got '0'"},
      Case{"fleet-sim mast-monitor --seed -1", "--seed: must be a whole number from 0 to 9007199254740991, got '-1'"},
      Case{"fleet-sim mast-monitor --nrs-power-dBm 1e999", "--nrs-power-dBm: must be -20 to 60 dBm, got '1e999'"},
      // trace
      Case{"trace " + trace + " --events -1", "--events: must be a whole number from 0 to 1000000, got '-1'"},
      Case{"trace " + trace + " --floor-window-s 1e-300", "--floor-window-s: must be 1 to 86400 s, got '1e-300'"},
      Case{"trace " + trace + " --hold-ms nan", "--hold-ms: must be 0 to 3600000 ms, got 'nan'"},
      Case{"trace " + trace + " --high-threshold-mA -5", "--high-threshold-mA: must be more than 0 and at most 10000 mA"},
      Case{"trace " + trace + " --negative-limit-uA nan", "--negative-limit-uA: must be 0 to 1000000 uA, got 'nan'"},
      Case{"trace " + trace + " --sample-rate 0", "--sample-rate: must be more than 0 and at most 1000000000 Hz, got '0'"},
      Case{"trace " + trace + " --threshold-uA inf", "--threshold-uA: must be more than 0 and at most 10000000 uA"},
      Case{"trace " + trace + " --battery saft-ls17500 --supply-voltage inf", "--supply-voltage: must be 0.5 to 60 V"},
      Case{"trace " + trace + " --battery saft-ls17500 --supply-voltage 3.6 --target-days -1",
           "--target-days: must be 0 to 36500 days, got '-1'"},
      Case{"trace " + trace + " --overlay mast-monitor --event 0", "--event: must be a whole number from 1 to 1000000"},
      // compare
      Case{"compare mast-monitor mast-monitor --max-lifetime-loss nan", "--max-lifetime-loss: must be 0 to 100 %, got 'nan'"},
      Case{"compare mast-monitor mast-monitor --max-lifetime-loss 101", "--max-lifetime-loss: must be 0 to 100 %, got '101'"},
      Case{"compare mast-monitor mast-monitor --max-energy-increase inf", "--max-energy-increase: must be 0 to 10000 %"},
      Case{"compare mast-monitor mast-monitor --min-lifetime -1", "--min-lifetime: must be 0 to 36500 days, got '-1'"},
      Case{"compare mast-monitor mast-monitor --min-share 1e308", "--min-share: must be 0 to 100 %, got '1e308'"},
      Case{"compare mast-monitor mast-monitor --hold-ms -1", "--hold-ms: must be 0 to 3600000 ms, got '-1'"},
      Case{"compare mast-monitor mast-monitor --sample-rate nan", "--sample-rate: must be more than 0"},
      Case{"compare mast-monitor mast-monitor --supply-voltage 0", "--supply-voltage: must be 0.5 to 60 V, got '0'"},
      // lifetime, montecarlo, sensitivity, prove
      Case{"lifetime mast-monitor --start-month 13", "--start-month: must be a whole number from 1 to 12, got '13'"},
      Case{"lifetime mast-monitor --start-month 1.5", "--start-month: must be a whole number from 1 to 12, got '1.5'"},
      Case{"lifetime mast-monitor --temperature-offset nan", "--temperature-offset: must be -60 to 60 degC, got 'nan'"},
      Case{"lifetime mast-monitor --horizon-years 101", "--horizon-years: must be more than 0 and at most 100 years"},
      Case{"lifetime mast-monitor --dt-days 32", "--dt-days: must be more than 0 and at most 31 days, got '32'"},
      Case{"montecarlo mast-monitor --devices 0", "--devices: must be a whole number from 1 to 10000000, got '0'"},
      Case{"montecarlo mast-monitor --devices 1e8", "--devices: must be a whole number from 1 to 10000000, got '1e8'"},
      Case{"montecarlo mast-monitor --seed -1", "--seed: must be a whole number from 0 to 9007199254740991, got '-1'"},
      Case{"sensitivity mast-monitor --start-month 0", "--start-month: must be a whole number from 1 to 12, got '0'"},
      Case{"prove mast-monitor --target inf", "--target: must be more than 0 and at most 36500 days, got 'inf'"},
      Case{"prove mast-monitor --target 0y", "--target: must be more than 0 and at most 100 years, got '0y'"},
      Case{"prove mast-monitor --target abc", "--target: must be more than 0 and at most 36500 days, got 'abc'"},
      Case{"prove mast-monitor --confidence nan", "--confidence: must be more than 0 and less than 1, got 'nan'"},
      Case{"prove mast-monitor --confidence 1", "--confidence: must be more than 0 and less than 1, got '1'"},
      // sweep
      Case{"sweep mast-monitor --vary reporting.interval_s=nan:900:2", "--vary FROM: must be a finite number, got 'nan'"},
      Case{"sweep mast-monitor --vary reporting.interval_s=600:1e999:2", "--vary TO: must be a finite number, got '1e999'"},
      Case{"sweep mast-monitor --vary reporting.interval_s=600:900:2.5",
           "--vary STEPS: must be a whole number from 1 to 100000, got '2.5'"},
      // serve's helper
      Case{"serve --partition-of dev1 --partitions -1", "--partitions: must be"},
  });
}

}  // namespace
}  // namespace pb
