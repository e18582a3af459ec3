#include "engine/profile_io/reference_loader.hpp"

#include <algorithm>

#include "engine/profile_io/battery_physics_loader.hpp"
#include "engine/profile_io/cell_loader.hpp"
#include "engine/profile_io/profile_json.hpp"

namespace pb::engine::profile_io {
namespace fs = std::filesystem;
using engine::ProfileError;

namespace {

constexpr const char* kReferenceSchema = "powerbudget/reference/1";

fs::path Resolve(const std::string& name, const char* folder, const fs::path& dir, const fs::path& root) {
  if (name.ends_with(".json")) return PathExists(dir / name) ? dir / name : root / name;
  return root / folder / (name + ".json");
}

engine::validation::ReferenceScenario ParseScenario(ObjectReader s, const fs::path& dir, const fs::path& root) {
  const std::string kind =
      s.Choice("kind", {"device_budget", "edrx_idle", "protocol", "not_modelled", "cell_capacity", "battery_capacity"});
  if (kind == "battery_capacity") {  // a constant discharge of a bundled cell with its physics
    const Json battery = ReadJsonFile(Resolve(s.String("battery"), "batteries", dir, root));
    engine::validation::BatteryCapacityScenario b{ParseBattery(battery, ""), {}, s.Number("current_mA", 1e-6, 1e6) * 1e-3,
                                      s.Number("temperature_degC", -60.0, 100.0)};
    if (const auto physics = battery.find("physics"); physics != battery.end())
      b.physics = ParseBatteryPhysics(*physics, "/physics");
    s.Finish();
    return b;
  }
  if (kind == "device_budget") {
    engine::validation::DeviceBudgetScenario d;
    const std::string device = s.String("device");
    std::vector<std::string> overrides;
    if (s.Has("set")) {
      const Json& set = s.Array("set", 0);
      for (const Json& a : set) {
        if (!a.is_string()) s.Fail("set", "expected an array of \"PATH=VALUE\" strings");
        overrides.push_back(a.get<std::string>());
      }
    } else {
      s.Ignore("set");
    }
    d.quantity = s.Choice("quantity", {"lifetime_years", "lifetime_hours", "average_current_uA", "activity_energy_mJ",
                                       "activity_duration_s"});
    d.activity = s.StringOr("activity", "");
    if (d.quantity.starts_with("activity_") && d.activity.empty()) s.Fail("activity", "required for " + d.quantity);
    s.Finish();
    d.profile = LoadDeviceProfile(Resolve(device, "devices", dir, root), LoadOptions{root, overrides});
    return d;
  }
  if (kind == "edrx_idle") {
    const fs::path modem = Resolve(s.String("modem"), "modems", dir, root);
    const fs::path network = Resolve(s.String("network"), "networks", dir, root);
    engine::validation::EdrxIdleScenario e{ParseModem(ReadJsonFile(modem), ""), ParseNetwork(ReadJsonFile(network), ""),
                               s.Number("coupling_loss_dB", 0.0, 200.0), s.Number("edrx_cycle_s", 1.0, 11000.0),
                               s.Number("ptw_s", 0.0, 41.0)};
    s.Finish();
    return e;
  }
  if (kind == "protocol") {
    engine::validation::ProtocolScenario p;
    p.measure = s.Choice("measure", {"dtls_record_overhead_B", "dtls_handshake_B", "coap_block_count"});
    if (p.measure == "coap_block_count") {
      p.image_size_B = s.Integer("image_size_B", 0, 1 << 30);
      p.block_size_B = s.IntegerIn("block_size_B", {16, 32, 64, 128, 256, 512, 1024});
    } else {
      using models::protocols::DtlsCredential;
      p.dtls.version = s.Choice("version", {"1.2", "1.3"}) == "1.3" ? models::protocols::DtlsVersion::k1_3
                                                                    : models::protocols::DtlsVersion::k1_2;
      const std::string credential = s.ChoiceOr("credential", {"psk", "rpk", "x509"}, "psk");
      p.dtls.credential = credential == "psk"   ? DtlsCredential::kPsk
                          : credential == "rpk" ? DtlsCredential::kRawPublicKey
                                                : DtlsCredential::kX509;
      p.dtls.connection_id_B = s.IntegerOr("connection_id_B", 0, 0, 255);
      p.dtls.psk_with_ecdhe = s.BoolOr("psk_with_ecdhe", false);
      p.dtls.cookie_exchange = s.BoolOr("cookie_exchange", false);
      p.dtls.psk_identity_B = s.IntegerOr("psk_identity_B", p.dtls.psk_identity_B, 1, 128);
      p.dtls.mutual_certificate = s.BoolOr("mutual_certificate", false);
    }
    s.Finish();
    return p;
  }
  if (kind == "cell_capacity") {  // a cell scenario of profiles/cells/ and one of its results
    const fs::path file = Resolve(s.String("scenario"), "cells", dir, root);
    std::vector<std::string> overrides;
    if (s.Has("set")) {
      for (const Json& a : s.Array("set", 0)) {
        if (!a.is_string()) s.Fail("set", "expected an array of \"PATH=VALUE\" strings");
        overrides.push_back(a.get<std::string>());
      }
    } else {
      s.Ignore("set");
    }
    engine::validation::CellCapacityScenario c;
    c.quantity = s.Choice("quantity", {"population_devices", "capacity_devices", "synchronised_capacity_devices",
                                       "carriers_needed", "downlink_utilisation_frac"});
    s.Finish();
    c.scenario = LoadCellScenario(file, LoadOptions{root, overrides});
    return c;
  }
  engine::validation::NotModelledScenario n{s.String("needs")};
  s.Finish();
  return n;
}

}  // namespace

engine::validation::ReferenceCase LoadReferenceCase(const fs::path& file, const fs::path& profiles_root) {
  try {
    const Json json = ReadJsonFile(file);
    ObjectReader r(json, "");
    if (r.String("schema") != kReferenceSchema) r.Fail("schema", std::string("expected \"") + kReferenceSchema + "\"");
    engine::validation::ReferenceCase c;
    c.id = r.String("id");
    c.title = r.String("title");
    c.validates = r.Choice("validates", {"bookkeeping", "radio model", "protocol sizes", "battery model", "cell model"});
    c.role = r.Choice("role", {"calibration", "independent"});
    if (c.role == "calibration")
      c.calibrates = r.String("calibrates");
    else if (r.Has("calibrates"))
      r.Fail("calibrates", "an independent case set no profile value; make it a calibration case or remove this");
    c.source = r.String("source");
    c.published = r.Number("published", -1e12, 1e12);
    if (c.published == 0.0) r.Fail("published", "must not be zero (errors are relative)");
    c.unit = r.String("unit");
    c.tolerance_frac = r.Number("tolerance_frac", 0.0, 10.0);
    c.tolerance_reason = r.String("tolerance_reason");
    c.assumptions = r.StringOr("assumptions", "");
    c.explanation = r.StringOr("explanation", "");
    c.known_gap = r.StringOr("known_gap", "");
    c.scenario = ParseScenario(r.Object("scenario"), file.parent_path(), profiles_root);
    r.Finish();
    return c;
  } catch (const ProfileError& e) {
    if (!e.file().empty()) throw;
    throw ProfileError(e.field(), e.detail(), file.string());
  }
}

std::vector<engine::validation::ReferenceCase> LoadReferenceCases(const fs::path& profiles_root) {
  std::vector<fs::path> files;
  const fs::path dir = profiles_root / "reference";
  if (!IsDirectory(dir)) throw ProfileError("", "no reference cases: " + dir.string() + " is not a directory");
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<engine::validation::ReferenceCase> cases;
  for (const fs::path& f : files) cases.push_back(LoadReferenceCase(f, profiles_root));
  return cases;
}

}  // namespace pb::engine::profile_io
