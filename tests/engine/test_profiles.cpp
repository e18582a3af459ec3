// The bundled profiles: every one loads, every device simulates, and the figures that are
// published (datasheets, 3GPP) come out of the model within stated tolerances.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "engine/budget.hpp"
#include "engine/device_plan.hpp"
#include "engine/errors.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "models/radio/nbiot/link.hpp"
#include "models/radio/nbiot/procedures.hpp"
#include "models/units.hpp"
#include "models/units.hpp"
#include "engine/profile_io/profile_json.hpp"

namespace pb {
namespace {
namespace fs = std::filesystem;

const fs::path kProfiles = fs::path(PB_SOURCE_DIR) / "profiles";

engine::profile_io::LoadOptions Options(std::vector<std::string> overrides = {}) {
  return engine::profile_io::LoadOptions{kProfiles, std::move(overrides)};
}

std::vector<fs::path> JsonFiles(const char* folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kProfiles / folder))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(BundledProfiles, EveryPartProfileParses) {
  for (const auto& f : JsonFiles("modems")) EXPECT_NO_THROW(engine::profile_io::ParseModem(engine::profile_io::ReadJsonFile(f), "")) << f;
  for (const auto& f : JsonFiles("networks")) EXPECT_NO_THROW(engine::profile_io::ParseNetwork(engine::profile_io::ReadJsonFile(f), "")) << f;
  for (const auto& f : JsonFiles("batteries")) EXPECT_NO_THROW(engine::profile_io::ParseBattery(engine::profile_io::ReadJsonFile(f), "")) << f;
  // Issue #2: at least five modems and two networks (typical operator, TR 45.820).
  EXPECT_GE(JsonFiles("modems").size(), 5u);
  EXPECT_GE(JsonFiles("networks").size(), 2u);
}

TEST(BundledProfiles, EveryDeviceSimulatesWithEveryModemAndNetwork) {
  for (const auto& device : JsonFiles("devices")) {
    const engine::DeviceProfile p = engine::profile_io::LoadDeviceProfile(device, Options());
    const engine::BudgetResult b = engine::ComputeBudget(p);
    EXPECT_GT(b.lifetime_s, 0.0) << device;
    if (!std::holds_alternative<engine::ModelledDevice>(p.device)) continue;
    for (const auto& modem : JsonFiles("modems"))
      for (const auto& network : JsonFiles("networks")) {
        const auto q = engine::profile_io::LoadDeviceProfile(
            device, Options({"modem=" + modem.stem().string(), "network=" + network.stem().string()}));
        EXPECT_GT(engine::ComputeBudget(q).lifetime_s, 0.0) << device << " " << modem << " " << network;
      }
  }
}

TEST(ProfileLoader, OverridesApplyAndValidate) {
  const fs::path mast = kProfiles / "devices" / "mast-monitor.json";
  const auto p = engine::profile_io::LoadDeviceProfile(mast, Options({"reporting.interval_s=900", "modem=quectel-bc66"}));
  const auto& d = std::get<engine::ModelledDevice>(p.device);
  EXPECT_EQ(d.reporting.interval_s, 900.0);
  EXPECT_NE(d.modem.name.find("BC66"), std::string::npos);
  EXPECT_THROW(engine::profile_io::LoadDeviceProfile(mast, Options({"reporting.interval_s=\"soon\""})), engine::ProfileError);
  EXPECT_THROW(engine::profile_io::LoadDeviceProfile(mast, Options({"noequals"})), engine::ProfileError);
}

TEST(ProfileLoader, JsonSyntaxErrorsGiveLineAndColumn) {
  const fs::path bad = fs::temp_directory_path() / "powerbudget_bad_profile.json";
  std::ofstream(bad) << "{\n  \"schema\": \"powerbudget/device/1\",\n  \"name\": oops\n}\n";
  try {
    engine::profile_io::ReadJsonFile(bad);
    FAIL();
  } catch (const engine::ProfileError& e) {
    EXPECT_NE(std::string(e.what()).find("powerbudget_bad_profile.json:3:"), std::string::npos) << e.what();
  }
  fs::remove(bad);
}

TEST(ProfileLoader, ProfilesRootFromEnvironment) {
  setenv("POWERBUDGET_PROFILES", "/some/where", 1);
  EXPECT_EQ(engine::profile_io::DefaultProfilesRoot(), fs::path("/some/where"));
  unsetenv("POWERBUDGET_PROFILES");
}

// A plan evaluated with what it leaves free equals a fresh evaluation (engine/device_plan.hpp).
TEST(DevicePlan, AgreesWithDirectEvaluationOverFreeParameters) {
  engine::DeviceProfile p = engine::profile_io::LoadDeviceProfile(kProfiles / "devices" / "mast-monitor.json", Options());
  auto& d = std::get<engine::ModelledDevice>(p.device);
  const engine::DevicePlan plan = engine::BuildPlan(d);
  for (double loss_dB : {120.0, 144.0, 150.0, 160.0})
    for (double interval_s : {600.0, 3600.0, 86400.0}) {
      d.coverage.coupling_loss_dB = loss_dB;
      d.reporting.interval_s = interval_s;
      d.modem.rx_current_A *= 1.01;
      EXPECT_DOUBLE_EQ(engine::ComputeBudget(p, plan).energy_J_per_day, engine::ComputeBudget(p).energy_J_per_day)
          << loss_dB << " dB, " << interval_s << " s";
    }
}

#ifndef NDEBUG
TEST(DevicePlan, DebugBuildsRejectAPlanOfAnotherDevice) {
  engine::DeviceProfile p = engine::profile_io::LoadDeviceProfile(kProfiles / "devices" / "mast-monitor.json", Options());
  auto& d = std::get<engine::ModelledDevice>(p.device);
  const engine::DevicePlan plan = engine::BuildPlan(d);
  d.reporting.uplink_payload_B += 100;  // changes the messages: the plan no longer fits
  EXPECT_THROW(engine::ComputeBudget(p, plan), std::logic_error);
}
#endif

// nRF9160 PS, Cat-NB1 idle eDRX: 37 uA at 81.92 s and 9 uA at 655.36 s (PTW 2.56 s), from the
// model's states and timings. Tolerance ±10 %: the PS gives averages only, and the
// split between re-synchronisation and paging time is our calibration.
TEST(PublishedFigures, Nrf9160EdrxAverages) {
  const models::radio::ModemParams modem =
      engine::profile_io::ParseModem(engine::profile_io::ReadJsonFile(kProfiles / "modems" / "nrf9160.json"), "");
  const models::radio::nbiot::NetworkParams network =
      engine::profile_io::ParseNetwork(engine::profile_io::ReadJsonFile(kProfiles / "networks" / "typical-operator.json"), "");
  const models::radio::nbiot::Link link = models::radio::nbiot::SelectLink(modem, network, 120.0);
  const models::radio::nbiot::RadioContext ctx{modem, network, link};
  for (auto [cycle_s, published_uA] : {std::pair{81.92, 37.0}, {655.36, 9.0}}) {
    models::radio::ModemTally tally;
    models::radio::nbiot::IdleMonitoring(ctx, models::radio::nbiot::IdlePaging{network.idle_drx_cycle_s, true, cycle_s, 2.56}, 100 * cycle_s, tally);
    const double average_uA = tally.Charge_C(modem, link.tx_currents()) / tally.Duration_s() / units::kAmperesPerMicroampere;
    EXPECT_NEAR(average_uA, published_uA, 0.10 * published_uA) << cycle_s;
  }
}

// TR 45.820 evaluation modem: 0.015 mW deep sleep and 500 mW at 23 dBm [V2] (the profile gives
// currents at 3.6 V; the powers must come back exactly).
TEST(PublishedFigures, Tr45820ReferenceModemPowers) {
  const models::radio::ModemParams m =
      engine::profile_io::ParseModem(engine::profile_io::ReadJsonFile(kProfiles / "modems" / "tr45820-reference.json"), "");
  EXPECT_NEAR(m.psm_current_A * m.supply_voltage_V, 0.015e-3, 1e-9);
  EXPECT_NEAR(models::radio::TxCurrent_A(m, 23.0) * m.supply_voltage_V, 0.500, 1e-6);
}

// The measured-events example reproduces Nordic's 3.18 years (±0.5 %, bookkeeping).
TEST(PublishedFigures, NordicExampleProfile) {
  const auto p = engine::profile_io::LoadDeviceProfile(kProfiles / "devices" / "nordic-power-example-measured.json", Options());
  EXPECT_NEAR(engine::ComputeBudget(p).lifetime_s / units::kSecondsPerYear, 3.18, 3.18 * 0.005);
}

}  // namespace
}  // namespace pb
