#include "engine/profile_io/profile_loader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <numeric>
#include <fstream>
#include <limits>
#include <sstream>

#include "engine/profile_io/battery_physics_loader.hpp"
#include "engine/profile_io/json_text.hpp"
#include "models/radio/nas_timers.hpp"
#include "models/units.hpp"
#include "engine/profile_io/profile_json.hpp"

#ifndef PB_INSTALLED_PROFILES_DIR
#define PB_INSTALLED_PROFILES_DIR ""
#endif

namespace pb::engine::profile_io {
namespace fs = std::filesystem;
using engine::ProfileError;
namespace u = pb::units;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr const char* kDeviceSchema = "powerbudget/device/1";
constexpr const char* kModemSchema = "powerbudget/modem/1";
constexpr const char* kNetworkSchema = "powerbudget/network/3";
constexpr const char* kBatterySchema = "powerbudget/battery/1";

// The parts a device names by reference, and the folder their bundled profiles live in.
struct ReferenceKind {
  const char* key;
  const char* folder;
};
constexpr ReferenceKind kReferences[] = {
    {"modem", "modems"}, {"network", "networks"}, {"battery", "batteries"}, {"climate", "climates"}};

void CheckSchema(ObjectReader& r, const char* expected) {
  const std::string schema = r.String("schema");
  if (schema != expected) r.Fail("schema", "expected \"" + std::string(expected) + "\", got \"" + schema + "\"");
}

fs::path ResolveReference(const std::string& name, const char* folder, const fs::path& referencing_dir,
                          const fs::path& root) {
  if (name.size() > 5 && name.ends_with(".json")) {
    const fs::path relative = referencing_dir / name;
    if (PathExists(relative)) return relative;
    return root / name;
  }
  return root / folder / (name + ".json");
}

// Replaces a string reference at document[key] by the file's content.
void InlineReference(Json& document, const ReferenceKind& kind, const fs::path& referencing_dir,
                     const fs::path& root) {
  auto it = document.find(kind.key);
  if (it == document.end() || !it->is_string()) return;
  const std::string name = it->get<std::string>();
  const fs::path file = ResolveReference(name, kind.folder, referencing_dir, root);
  if (!PathExists(file)) {
    std::string available;
    if (IsDirectory(root / kind.folder))
      for (const auto& entry : fs::directory_iterator(root / kind.folder))
        if (entry.path().extension() == ".json") available += (available.empty() ? "" : ", ") + entry.path().stem().string();
    throw ProfileError("/" + std::string(kind.key), "no " + std::string(kind.key) + " profile '" + name + "' (looked for " +
                                                        file.string() + "); bundled: " + available);
  }
  *it = ReadJsonFile(file);
}

struct PathStep {
  std::string key;
  bool is_index = false;
  std::size_t index = 0;
};

std::vector<PathStep> ParsePath(const std::string& path) {
  std::vector<PathStep> steps;
  std::string token;
  auto flush = [&] {
    if (token.empty()) return;
    PathStep step;
    const bool numeric = token.find_first_not_of("0123456789") == std::string::npos;
    step.is_index = numeric;
    // An index too large for size_t is beyond every array: the largest index says so.
    if (numeric && std::from_chars(token.data(), token.data() + token.size(), step.index).ec != std::errc())
      step.index = std::numeric_limits<std::size_t>::max();
    step.key = token;
    steps.push_back(step);
    token.clear();
  };
  for (char c : path) {
    if (c == '.' || c == '[' || c == ']') flush();
    else token += c;
  }
  flush();
  if (steps.empty()) throw ProfileError("", "--set needs PATH=VALUE, got an empty path");
  return steps;
}

}  // namespace

bool PathExists(const fs::path& path) {
  std::error_code ignored;
  return fs::exists(path, ignored);
}

bool IsDirectory(const fs::path& path) {
  std::error_code ignored;
  return fs::is_directory(path, ignored);
}

fs::path DefaultProfilesRoot() {
  if (const char* env = std::getenv("POWERBUDGET_PROFILES"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path beside = exe.parent_path().parent_path() / "share" / "powerbudget" / "profiles";
    if (IsDirectory(beside)) return beside;
  }
  const fs::path installed = PB_INSTALLED_PROFILES_DIR;
  if (IsDirectory(installed)) return installed;
  return "profiles";
}

fs::path ResolveDevicePath(const std::string& argument, const fs::path& profiles_root) {
  if (PathExists(argument)) return argument;
  const fs::path bundled = profiles_root / "devices" / (argument + ".json");
  if (PathExists(bundled)) return bundled;
  std::string available;
  if (IsDirectory(profiles_root / "devices"))
    for (const auto& entry : fs::directory_iterator(profiles_root / "devices"))
      if (entry.path().extension() == ".json") available += (available.empty() ? "" : ", ") + entry.path().stem().string();
  throw ProfileError("", "no profile file '" + argument + "' and no bundled device of that name; bundled devices: " +
                             available);
}

Json ReadJsonFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ProfileError("", "cannot open " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseJsonText(buffer.str(), file.string());
}

void ApplyOverride(Json& document, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ProfileError("", "--set expects PATH=VALUE (e.g. reporting.interval_s=900), got '" + assignment + "'");
  const std::string path = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  if (const std::string why = Utf8Problem(path); !why.empty())
    throw ProfileError("", "--set: the path is not valid UTF-8 (" + why + "); profiles are UTF-8 text");
  const std::vector<PathStep> steps = ParsePath(path);
  std::string pointer;
  for (const PathStep& step : steps) pointer += "/" + step.key;
  if (const std::string why = Utf8Problem(text); !why.empty())
    throw ProfileError(pointer, "--set " + path + ": the value is not valid UTF-8 (" + why + "); profiles are UTF-8 text");
  Json value;
  try {
    value = Json::parse(text);
  } catch (const Json::parse_error&) {
    value = text;  // a bare word such as a profile name
  } catch (const Json::out_of_range&) {
    throw ProfileError(pointer, "--set " + path + ": " + kNumberTooLarge);
  }
  Json* node = &document;
  std::string walked;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const PathStep& step = steps[i];
    const bool last = i + 1 == steps.size();
    walked += "/" + step.key;
    if (node->is_array()) {
      if (!step.is_index || step.index >= node->size())
        throw ProfileError(walked, "--set " + path + ": index out of range (array has " +
                                       std::to_string(node->size()) + " elements)");
      node = &(*node)[step.index];
    } else if (node->is_object()) {
      if (!node->contains(step.key) && !last)
        throw ProfileError(walked, "--set " + path + ": no such object in the profile");
      node = &(*node)[step.key];
    } else {
      throw ProfileError(walked, "--set " + path + ": cannot descend into a " + std::string(node->type_name()));
    }
  }
  *node = value;
}

Json ComposeDeviceJson(const fs::path& device_file, const LoadOptions& options) {
  Json document = ReadJsonFile(device_file);
  if (!document.is_object()) throw ProfileError("/", device_file.string() + ": a device profile is a JSON object");
  const fs::path dir = device_file.parent_path();
  for (const ReferenceKind& kind : kReferences) InlineReference(document, kind, dir, options.profiles_root);
  for (const std::string& assignment : options.overrides) {
    ApplyOverride(document, assignment);
    // "--set modem=quectel-bc66" swaps a whole part: inline the newly named profile.
    for (const ReferenceKind& kind : kReferences) InlineReference(document, kind, dir, options.profiles_root);
  }
  return document;
}

models::radio::ModemParams ParseModem(const Json& json, const std::string& pointer) {
  ObjectReader r(json, pointer);
  CheckSchema(r, kModemSchema);
  models::radio::ModemParams m;
  m.name = r.String("name");
  m.category = r.Choice("category", {"NB1", "NB2"}) == "NB2" ? models::radio::nbiot::UeCategory::kNB2
                                                             : models::radio::nbiot::UeCategory::kNB1;
  m.supply_voltage_V = r.Number("supply_voltage_V", 1.0, 6.0);
  m.psm_current_A = u::uA(r.Number("psm_current_uA", 0.0, 1000.0));
  m.wakeup_time_s = u::ms(r.Number("wakeup_time_ms", 0.0, 60000.0));
  m.wakeup_current_A = u::mA(r.Number("wakeup_current_mA", 0.0, 1000.0));
  m.rx_current_A = u::mA(r.Number("rx_current_mA", 0.0, 1000.0));
  m.connected_idle_current_A = u::mA(r.Number("connected_idle_current_mA", 0.0, 1000.0));
  m.cdrx_sleep_current_A = u::mA(r.Number("cdrx_sleep_current_mA", 0.0, 1000.0));
  m.idle_sleep_current_A = u::uA(r.Number("idle_sleep_current_uA", 0.0, 100000.0));
  m.paging_occasion_time_s = u::ms(r.Number("paging_occasion_time_ms", 0.0, 10000.0));
  m.resync_time_s = u::ms(r.Number("resync_time_ms", 0.0, 60000.0));
  m.max_tx_power_dBm = r.Number("max_tx_power_dBm", -40.0, 33.0);
  const std::string curve_pointer = r.PointerTo("tx_current_curve");
  const Json& curve = r.Array("tx_current_curve", 2);
  for (std::size_t i = 0; i < curve.size(); ++i) {
    ObjectReader p = ArrayElement(curve, i, curve_pointer);
    models::radio::TxCurrentPoint point{p.Number("tx_power_dBm", -60.0, 33.0), u::mA(p.Number("current_mA", 0.0, 5000.0))};
    p.Finish();
    if (!m.tx_current_curve.empty() && point.tx_power_dBm <= m.tx_current_curve.back().tx_power_dBm)
      throw ProfileError(p.PointerTo("tx_power_dBm"), "transmit powers must be strictly ascending");
    m.tx_current_curve.push_back(point);
  }
  if (m.tx_current_curve.back().tx_power_dBm < m.max_tx_power_dBm)
    throw ProfileError(curve_pointer, "the curve must reach max_tx_power_dBm (" + FormatNumber(m.max_tx_power_dBm) +
                                          " dBm); its last point is " +
                                          FormatNumber(m.tx_current_curve.back().tx_power_dBm) + " dBm");
  r.Finish();
  return m;
}

static models::radio::nbiot::CeLevelParams ParseCeLevel(ObjectReader r) {
  models::radio::nbiot::CeLevelParams c;
  c.nprach_repetitions = r.IntegerIn("nprach_repetitions", {1, 2, 4, 8, 16, 32, 64, 128});
  c.nprach_periodicity_s = u::ms(r.IntegerIn("nprach_periodicity_ms", {40, 80, 160, 240, 320, 640, 1280, 2560}));
  c.nprach_preamble_format = r.IntegerIn("nprach_preamble_format", {0, 1});
  c.npdcch_repetitions = r.IntegerIn("npdcch_repetitions", {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048});
  // npdcch-StartSF-USS (TS 36.331 NPDCCH-ConfigDedicated-NB).
  c.npdcch_search_space_g = r.Number("npdcch_search_space_g", 1.5, 64.0);
  constexpr std::array kAllowedG{1.5, 2.0, 4.0, 8.0, 16.0, 32.0, 48.0, 64.0};
  if (std::ranges::find(kAllowedG, c.npdcch_search_space_g) == kAllowedG.end())
    r.Fail("npdcch_search_space_g", "must be one of 1.5, 2, 4, 8, 16, 32, 48, 64 (TS 36.331 npdcch-StartSF-USS)");
  c.paging_npdcch_repetitions =
      r.IntegerIn("paging_npdcch_repetitions", {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048});
  r.Finish();
  return c;
}

static void CheckTimer(ObjectReader& r, std::string_view key, double value_s, const std::vector<double>& allowed,
                       const char* encoding) {
  if (models::radio::timers::IsAllowed(value_s, allowed)) return;
  const auto nearest = models::radio::timers::NearestAllowed(value_s, allowed);
  std::string hint;
  if (nearest.below_s) hint += FormatNumber(*nearest.below_s) + " s";
  if (nearest.above_s) hint += (hint.empty() ? "" : " or ") + FormatNumber(*nearest.above_s) + " s";
  r.Fail(key, FormatNumber(value_s) + " s cannot be encoded as " + encoding + "; nearest valid values: " + hint);
}

models::radio::nbiot::NetworkParams ParseNetwork(const Json& json, const std::string& pointer) {
  namespace t = models::radio::timers;
  ObjectReader r(json, pointer);
  CheckSchema(r, kNetworkSchema);
  r.Ignore("description");
  models::radio::nbiot::NetworkParams n;
  n.name = r.String("name");
  {
    ObjectReader b = r.Object("link_budget");
    models::radio::nbiot::LinkBudgetParams& lb = n.link_budget;
    const std::string deployment = b.Choice("deployment", {"standalone", "guard_band", "in_band"});
    lb.deployment = deployment == "in_band"      ? models::radio::nbiot::Deployment::kInBand
                    : deployment == "guard_band" ? models::radio::nbiot::Deployment::kGuardBand
                                                 : models::radio::nbiot::Deployment::kStandalone;
    lb.enb_tx_power_dBm = b.Number("enb_tx_power_dBm", 0.0, 50.0);
    lb.enb_noise_figure_dB = b.Number("enb_noise_figure_dB", 0.0, 20.0);
    lb.ue_noise_figure_dB = b.Number("ue_noise_figure_dB", 0.0, 20.0);
    lb.uplink_interference_margin_dB = b.Number("uplink_interference_margin_dB", 0.0, 30.0);
    lb.downlink_interference_margin_dB = b.Number("downlink_interference_margin_dB", 0.0, 30.0);
    lb.downlink_resource_share_frac = b.Number("downlink_resource_share_frac", 0.05, 1.0);
    lb.target_bler_frac = b.Number("target_bler_frac", 0.0, 0.5);
    b.Finish();
  }
  {
    // RSRP thresholds (SIB2-NB rsrp-ThresholdsPrachInfoList, TS 36.133 RSRP range) as coupling
    // losses: RSRP = NRS power per resource element − CL (models/radio/nbiot/network.hpp).
    ObjectReader c = r.Object("coverage");
    const double nrs_dBm = models::radio::nbiot::NrsPowerPerResourceElement_dBm(n.link_budget);
    const double ce1_dBm = c.Number("rsrp_threshold_ce1_dBm", -140.0, -44.0);
    const double ce2_dBm = c.Number("rsrp_threshold_ce2_dBm", -140.0, ce1_dBm);
    n.ce0_max_coupling_loss_dB = nrs_dBm - ce1_dBm;
    n.ce1_max_coupling_loss_dB = nrs_dBm - ce2_dBm;
    n.max_coupling_loss_dB = c.Number("max_coupling_loss_dB", n.ce1_max_coupling_loss_dB, 200.0);
    c.Finish();
  }
  {
    // The broadcast schedule (TS 36.331 MIB-NB schedulingInfoSIB1, SIB1-NB schedulingInfoList)
    // and how long stored system information stays valid (TS 36.331 §5.2.1.3).
    ObjectReader si = r.Object("system_information");
    models::radio::nbiot::SystemInformationSchedule& s = n.system_information;
    s.sib1_repetitions = si.IntegerIn("sib1_repetitions", {4, 8, 16});
    s.sib1_tbs_bits = si.IntegerIn("sib1_tbs_bits", {208, 328, 440, 680});
    s.si_periodicity_s = u::ms(si.IntegerIn("si_periodicity_ms", {640, 1280, 2560, 5120, 10240, 20480, 40960}));
    s.si_tbs_bits = si.IntegerIn("si_tbs_bits", {56, 120, 208, 256, 328, 440, 552, 680});
    s.si_messages = si.Integer("si_messages", 1, 8);
    s.si_repetition_spacing_s = u::ms(si.IntegerIn("si_repetition_spacing_ms", {20, 40, 80, 160}));
    s.validity_s = si.Number("validity_h", 0.0, 24.0 * 365.0) * u::kSecondsPerHour;
    si.Finish();
  }
  const std::string ce_pointer = r.PointerTo("ce_levels");
  const Json& ce = r.Array("ce_levels", models::radio::nbiot::kNumCeLevels);
  if (ce.size() != models::radio::nbiot::kNumCeLevels) r.Fail("ce_levels", "expected exactly 3 CE levels (0, 1, 2)");
  for (std::size_t i = 0; i < ce.size(); ++i) n.ce_levels[i] = ParseCeLevel(ArrayElement(ce, i, ce_pointer));
  {
    ObjectReader p = r.Object("power_control");
    n.npusch_p0_dBm = p.Number("npusch_p0_dBm", -126.0, 24.0);  // TS 36.331 p0-NominalNPUSCH
    n.npusch_alpha_frac = p.Number("npusch_alpha_frac", 0.0, 1.0);
    n.nprach_target_received_power_dBm = p.Number("nprach_target_received_power_dBm", -120.0, -90.0);
    p.Finish();
  }
  {
    ObjectReader rrc = r.Object("rrc");
    n.inactivity_timer_s = rrc.Number("inactivity_timer_s", 0.0, 3600.0);
    n.cdrx_cycle_s = rrc.Number("cdrx_cycle_s", 0.0, 10.24);
    n.cdrx_on_duration_s = u::ms(rrc.Number("cdrx_on_duration_ms", 0.0, 10240.0));
    if (n.cdrx_on_duration_s > n.cdrx_cycle_s)
      rrc.Fail("cdrx_on_duration_ms", "the on-duration cannot exceed the C-DRX cycle");
    n.release_assistance_supported = rrc.Bool("release_assistance_supported");
    rrc.Finish();
  }
  {
    // Random-access settings of SIB2-NB (TS 36.331 RACH-ConfigCommon-NB-r13, RACH-Info-NB-r13;
    // models/radio/nbiot/random_access_attempts.hpp).
    ObjectReader ra = r.Object("random_access");
    models::radio::nbiot::RandomAccessSettings& s = n.random_access;
    s.power_ramping_step_dB = ra.IntegerIn("power_ramping_step_dB", {0, 2, 4, 6});
    s.preamble_trans_max = ra.IntegerIn("preamble_trans_max", {3, 4, 5, 6, 7, 8, 10, 20, 50, 100, 200});
    s.backoff_indicator_s = u::ms(ra.IntegerIn("backoff_indicator_ms", {0, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768,
                                                                        65536, 131072, 262144, 524288}));
    const std::string attempts_pointer = ra.PointerTo("max_preamble_attempts_per_ce_level");
    const Json& attempts = ra.Array("max_preamble_attempts_per_ce_level", models::radio::nbiot::kNumCeLevels);
    const std::string window_pointer = ra.PointerTo("rar_window_npdcch_periods");
    const Json& window = ra.Array("rar_window_npdcch_periods", models::radio::nbiot::kNumCeLevels);
    if (attempts.size() != models::radio::nbiot::kNumCeLevels)
      ra.Fail("max_preamble_attempts_per_ce_level", "expected one value per CE level (3)");
    if (window.size() != models::radio::nbiot::kNumCeLevels)
      ra.Fail("rar_window_npdcch_periods", "expected one value per CE level (3)");
    for (std::size_t i = 0; i < models::radio::nbiot::kNumCeLevels; ++i) {
      s.max_preamble_attempts_per_ce_level[i] = IntegerElementIn(attempts, i, attempts_pointer, {3, 4, 5, 6, 7, 8, 10});
      s.rar_window_npdcch_periods[i] = IntegerElementIn(window, i, window_pointer, {2, 3, 4, 5, 6, 7, 8, 10});
    }
    ra.Finish();
  }
  {
    // The scheduler's k0 choices (TS 36.213 §16.4.1, §16.4.2, §16.5.1; models/radio/nbiot/network.hpp).
    ObjectReader sc = r.Object("scheduling");
    n.scheduling.npdsch_delay_s =
        models::radio::nbiot::kNpdschMinimumDelay_s + u::ms(sc.IntegerIn("npdsch_k0_ms", {0, 4, 8, 12, 16, 32, 64, 128}));
    n.scheduling.harq_ack_delay_s = u::ms(sc.IntegerIn("harq_ack_k0_ms", {13, 15, 17, 18}) - 1);
    n.scheduling.npusch_delay_s = u::ms(sc.IntegerIn("npusch_k0_ms", {8, 16, 32, 64}));
    sc.Finish();
  }
  {
    ObjectReader core = r.Object("core");
    n.server_rtt_s = u::ms(core.Number("server_rtt_ms", 0.0, 60000.0));
    n.nat_binding_timeout_s = core.Number("nat_binding_timeout_s", 1.0, 7.0 * u::kSecondsPerDay);
    core.Finish();
  }
  n.idle_drx_cycle_s = r.Number("idle_drx_cycle_s", 1.28, 10.24);
  CheckTimer(r, "idle_drx_cycle_s", n.idle_drx_cycle_s, t::IdleDrxCycles_s(), "an NB-IoT paging cycle");
  {
    ObjectReader g = r.Object("granted");
    n.granted_t3412_s = g.OptionalNumber("t3412_s", 0.0, kInf);
    if (n.granted_t3412_s && *n.granted_t3412_s > 0.0)  // 0: periodic TAU deactivated
      CheckTimer(g, "t3412_s", *n.granted_t3412_s, t::GprsTimer3Values_s(), "GPRS Timer 3");
    n.granted_t3324_s = g.OptionalNumber("t3324_s", 0.0, kInf);
    if (n.granted_t3324_s && *n.granted_t3324_s > 0.0)
      CheckTimer(g, "t3324_s", *n.granted_t3324_s, t::GprsTimer2Values_s(), "GPRS Timer 2");
    n.granted_edrx_cycle_s = g.OptionalNumber("edrx_cycle_s", 0.0, kInf);
    if (n.granted_edrx_cycle_s)
      CheckTimer(g, "edrx_cycle_s", *n.granted_edrx_cycle_s, t::NbiotEdrxCycles_s(), "an NB-IoT eDRX cycle");
    n.granted_ptw_s = g.OptionalNumber("ptw_s", 0.0, kInf);
    if (n.granted_ptw_s) CheckTimer(g, "ptw_s", *n.granted_ptw_s, t::NbiotPagingTimeWindows_s(), "an NB-IoT PTW");
    g.Finish();
  }
  r.Finish();
  return n;
}

models::battery::BatteryParams ParseBattery(const Json& json, const std::string& pointer) {
  ObjectReader r(json, pointer);
  CheckSchema(r, kBatterySchema);
  models::battery::BatteryParams b;
  b.name = r.String("name");
  const std::string chemistry =
      r.Choice("chemistry", {"li_socl2", "li_socl2_hybrid", "li_mno2", "alkaline", "li_ion", "ideal"});
  using models::battery::Chemistry;
  for (Chemistry c : {Chemistry::kLiSOCl2, Chemistry::kLiSOCl2Hybrid, Chemistry::kLiMnO2, Chemistry::kAlkaline,
                      Chemistry::kLiIon, Chemistry::kIdeal})
    if (models::battery::ChemistryName(c) == chemistry) b.chemistry = c;
  b.nominal_voltage_V = r.Number("nominal_voltage_V", 0.5, 60.0);
  b.capacity_C = u::mAh_to_C(r.Number("capacity_mAh", 1e-3, 1e7));
  b.reference_current_A = u::mA(r.Number("reference_current_mA", 0.0, 1e5));
  b.reference_temperature_degC = r.Number("reference_temperature_degC", -60.0, 100.0);
  b.cutoff_voltage_V = r.Number("cutoff_voltage_V", 0.0, b.nominal_voltage_V);
  b.max_continuous_current_A = u::mA(r.Number("max_continuous_current_mA", 0.0, 1e6));
  b.max_pulse_current_A = u::mA(r.Number("max_pulse_current_mA", 0.0, 1e6));
  r.Ignore("physics");  // read by ParseBatteryPhysics
  r.Finish();
  return b;
}

models::environment::ClimateParams ParseClimate(const Json& json, const std::string& pointer) {
  ObjectReader r(json, pointer);
  CheckSchema(r, "powerbudget/climate/1");
  models::environment::ClimateParams c;
  c.name = r.String("name");
  auto twelve = [&r](std::string_view key, double min, double max) {
    const std::string array_pointer = r.PointerTo(key);
    const Json& a = r.Array(key, 12);
    if (a.size() != 12) r.Fail(key, "expected 12 monthly values (January to December)");
    std::array<double, 12> out{};
    for (std::size_t i = 0; i < 12; ++i) {
      if (!a[i].is_number()) throw ProfileError(array_pointer + "/" + std::to_string(i), "expected a number");
      out[i] = a[i].get<double>();
      if (out[i] < min || out[i] > max)
        throw ProfileError(array_pointer + "/" + std::to_string(i), "value " + FormatNumber(out[i]) +
                                                                        " is out of range; allowed " + FormatNumber(min) +
                                                                        " to " + FormatNumber(max));
    }
    return out;
  };
  c.monthly_mean_degC = twelve("monthly_mean_degC", -70.0, 60.0);
  c.daily_swing_degC = twelve("daily_swing_degC", 0.0, 30.0);
  c.monthly_coldest_night_degC = twelve("monthly_coldest_night_degC", -80.0, 60.0);
  for (std::size_t i = 0; i < 12; ++i)
    if (c.monthly_coldest_night_degC[i] > c.monthly_mean_degC[i])
      throw ProfileError(r.PointerTo("monthly_coldest_night_degC") + "/" + std::to_string(i),
                         "a month's coldest night cannot be warmer than its mean");
  r.Finish();
  return c;
}

namespace {

engine::Distribution ParseDistribution(ObjectReader& r) {
  engine::Distribution d;
  const std::string kind = r.Choice("distribution", {"normal", "uniform", "triangular", "discrete"});
  constexpr double kBig = 1e12;
  if (kind == "normal") {
    d.kind = engine::DistributionKind::kNormal;
    d.mean = r.Number("mean", -kBig, kBig);
    d.sd = r.Number("sd", 0.0, kBig);
    d.min = r.NumberOr("min", -1e300, -1e300, kBig);
    d.max = r.NumberOr("max", 1e300, -kBig, 1e300);
  } else if (kind == "uniform" || kind == "triangular") {
    d.kind = kind == "uniform" ? engine::DistributionKind::kUniform : engine::DistributionKind::kTriangular;
    d.min = r.Number("min", -kBig, kBig);
    d.max = r.Number("max", d.min, kBig);
    if (d.kind == engine::DistributionKind::kTriangular) d.mode = r.Number("mode", d.min, d.max);
  } else {
    d.kind = engine::DistributionKind::kDiscrete;
    const std::string values_pointer = r.PointerTo("values");
    const Json& values = r.Array("values", 1);
    const Json& weights = r.Array("weights", 1);
    if (values.size() != weights.size()) r.Fail("weights", "needs one weight per value");
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!values[i].is_number() || !weights[i].is_number() || weights[i].get<double>() < 0.0)
        throw ProfileError(values_pointer + "/" + std::to_string(i), "values and non-negative weights must be numbers");
      d.values.push_back(values[i].get<double>());
      d.weights.push_back(weights[i].get<double>());
    }
    if (std::accumulate(d.weights.begin(), d.weights.end(), 0.0) <= 0.0) r.Fail("weights", "the weights sum to zero");
  }
  if (d.min > d.max) r.Fail("min", "min is above max");
  r.Ignore("source");
  return d;
}

engine::UncertaintySpec ParseUncertainty(ObjectReader r) {
  engine::UncertaintySpec spec;
  for (std::string_view name : engine::UncertainInputNames()) {
    if (!r.Has(name)) {
      r.Ignore(name);
      continue;
    }
    ObjectReader entry = r.Object(name);
    engine::UncertainParameter p{*engine::UncertainInputFromName(name), ParseDistribution(entry),
                                 entry.StringOr("source", "")};
    entry.Finish();
    spec.push_back(std::move(p));
  }
  r.Finish();
  return spec;
}

models::device::SupplyParams ParseSupply(ObjectReader r) {
  models::device::SupplyParams s;
  const std::string kind = r.Choice("kind", {"direct", "switching", "linear"});
  s.kind = kind == "switching" ? models::device::SupplyKind::kSwitching
           : kind == "linear"  ? models::device::SupplyKind::kLinear
                               : models::device::SupplyKind::kDirect;
  if (s.kind == models::device::SupplyKind::kSwitching)
    s.efficiency_frac = r.Number("efficiency_frac", 0.05, 1.0);
  else
    r.Ignore("efficiency_frac");
  s.quiescent_current_A = u::uA(r.Number("quiescent_current_uA", 0.0, 1e5));
  s.min_operating_voltage_V = r.Number("min_operating_voltage_V", 0.0, 60.0);
  r.Finish();
  return s;
}

void ParsePowerSaving(ObjectReader r, engine::PowerSavingRequest& p) {
  namespace t = models::radio::timers;
  p.psm = r.Bool("psm");
  p.t3412_s = r.Number("t3412_s", 0.0, kInf);
  if (p.t3412_s > 0.0) CheckTimer(r, "t3412_s", p.t3412_s, t::GprsTimer3Values_s(), "GPRS Timer 3 (T3412 extended)");
  if (p.psm) {
    p.t3324_s = r.Number("t3324_s", 0.0, kInf);
    if (p.t3324_s > 0.0) CheckTimer(r, "t3324_s", p.t3324_s, t::GprsTimer2Values_s(), "GPRS Timer 2 (T3324)");
  } else {
    r.Ignore("t3324_s");
  }
  p.edrx = r.Bool("edrx");
  if (p.edrx) {
    p.edrx_cycle_s = r.Number("edrx_cycle_s", 0.0, kInf);
    CheckTimer(r, "edrx_cycle_s", p.edrx_cycle_s, t::NbiotEdrxCycles_s(), "an NB-IoT eDRX cycle");
    p.ptw_s = r.Number("ptw_s", 0.0, kInf);
    CheckTimer(r, "ptw_s", p.ptw_s, t::NbiotPagingTimeWindows_s(), "an NB-IoT paging time window");
  } else {
    r.Ignore("edrx_cycle_s");
    r.Ignore("ptw_s");
  }
  r.Finish();
}

void ParseSecurity(ObjectReader r, engine::DtlsSessionParams& s) {
  using models::protocols::DtlsCredential;
  using models::protocols::DtlsVersion;
  s.dtls.version = r.Choice("version", {"1.2", "1.3"}) == "1.3" ? DtlsVersion::k1_3 : DtlsVersion::k1_2;
  const std::string credential = r.Choice("credential", {"psk", "rpk", "x509"});
  s.dtls.credential = credential == "psk"   ? DtlsCredential::kPsk
                      : credential == "rpk" ? DtlsCredential::kRawPublicKey
                                            : DtlsCredential::kX509;
  s.dtls.cookie_exchange = r.Bool("cookie_exchange");
  s.dtls.connection_id_B = r.Integer("connection_id_B", 0, 255);
  s.dtls.psk_identity_B = r.IntegerOr("psk_identity_B", s.dtls.psk_identity_B, 1, 128);
  s.dtls.certificate_chain_B = r.IntegerOr("certificate_chain_B", s.dtls.certificate_chain_B, 1, 16384);
  s.dtls.mutual_certificate = r.BoolOr("mutual_certificate", false);
  s.dtls.cookie_B = r.IntegerOr("cookie_B", s.dtls.cookie_B, 1, 255);
  s.dtls.psk_with_ecdhe = r.BoolOr("psk_with_ecdhe", false);
  s.resumption = r.Bool("resumption");
  s.dtls.resumable = s.resumption;
  s.session_lifetime_s = r.Number("session_lifetime_s", 1.0, 10.0 * u::kSecondsPerYear);
  r.Finish();
}

}  // namespace

engine::DeviceProfile ParseDeviceProfile(const Json& composed) {
  ObjectReader r(composed, "");
  CheckSchema(r, kDeviceSchema);
  engine::DeviceProfile p;
  p.name = r.String("name");
  p.description = r.StringOr("description", "");
  p.target_lifetime_s =
      r.Number("target_lifetime_days", kTargetLifetimeRange_days.min, kTargetLifetimeRange_days.max) * u::kSecondsPerDay;
  const std::string kind = r.ChoiceOr("kind", {"modelled", "measured_events"}, "modelled");
  if (!r.Has("battery")) r.Fail("battery", "required field is missing (a battery profile name or object)");
  p.battery = ParseBattery(composed.at("battery"), "/battery");
  if (const auto physics = composed.at("battery").find("physics"); physics != composed.at("battery").end())
    p.battery_physics = ParseBatteryPhysics(*physics, "/battery/physics");
  r.Ignore("battery");
  p.supply = ParseSupply(r.Object("supply"));
  if (p.supply.min_operating_voltage_V >= p.battery.nominal_voltage_V)
    throw ProfileError("/supply/min_operating_voltage_V",
                       "the device's minimum operating voltage " + FormatNumber(p.supply.min_operating_voltage_V) +
                           " V is not below the battery's nominal voltage " + FormatNumber(p.battery.nominal_voltage_V) + " V");
  p.climate = r.Has("climate") ? ParseClimate(composed.at("climate"), "/climate")
                               : models::environment::ConstantClimate(p.battery.reference_temperature_degC);
  r.Ignore("climate");
  if (r.Has("uncertainty")) p.uncertainty = ParseUncertainty(r.Object("uncertainty"));
  r.Ignore("uncertainty");

  if (kind == "measured_events") {
    engine::MeasuredDevice m;
    m.supply_voltage_V = r.Number("supply_voltage_V", kMeasuredSupplyVoltageRange_V.min, kMeasuredSupplyVoltageRange_V.max);
    m.floor_current_A = u::uA(r.Number("floor_current_uA", 0.0, 1e6));
    const std::string events_pointer = r.PointerTo("events");
    const Json& events = r.Array("events", 0);
    for (std::size_t i = 0; i < events.size(); ++i) {
      ObjectReader e = ArrayElement(events, i, events_pointer);
      engine::MeasuredEvent event;
      event.name = e.String("name");
      const bool has_charge = e.Has("charge_mC");
      const bool has_energy = e.Has("energy_mJ");
      if (has_charge == has_energy) e.Fail("charge_mC", "give exactly one of charge_mC and energy_mJ");
      event.energy_J = has_charge ? e.Number("charge_mC", 0.0, 1e9) * 1e-3 * m.supply_voltage_V
                                  : e.Number("energy_mJ", 0.0, 1e9) * 1e-3;
      e.Ignore(has_charge ? "energy_mJ" : "charge_mC");
      event.duration_s = e.Number("duration_s", 0.0, u::kSecondsPerDay);
      event.period_s = e.Number("period_s", 1e-3, 100.0 * u::kSecondsPerYear);
      if (event.duration_s > event.period_s) e.Fail("duration_s", "an event cannot last longer than its period");
      e.Finish();
      m.events.push_back(event);
    }
    p.device = m;
    r.Finish();
    return p;
  }

  engine::ModelledDevice d;
  for (const char* part : {"modem", "network"})
    if (!r.Has(part)) r.Fail(part, std::string("required field is missing (a ") + part + " profile name or object)");
  d.modem = ParseModem(composed.at("modem"), "/modem");
  r.Ignore("modem");
  d.network = ParseNetwork(composed.at("network"), "/network");
  r.Ignore("network");
  {
    ObjectReader c = r.Object("coverage");
    d.coverage.coupling_loss_dB = c.Number("coupling_loss_dB", 0.0, 200.0);
    if (c.Has("ce_level")) d.coverage.forced_ce_level = c.Integer("ce_level", 0, 2);
    else c.Ignore("ce_level");
    c.Finish();
  }
  {
    ObjectReader rep = r.Object("reporting");
    d.reporting.interval_s = rep.Number("interval_s", 1.0, 10.0 * u::kSecondsPerYear);
    d.reporting.uplink_payload_B = rep.Integer("uplink_payload_B", 0, 65000);
    d.reporting.confirmable = rep.Bool("confirmable");
    d.reporting.release_assistance = rep.Bool("release_assistance");
    rep.Finish();
  }
  ParsePowerSaving(r.Object("power_saving"), d.power_saving);
  const std::string stack = r.Choice("stack", {"lwm2m_dtls", "mqtt_tls", "udp"});
  d.stack = stack == "mqtt_tls" ? engine::Stack::kMqttTls
            : stack == "udp"    ? engine::Stack::kUdp
                                : engine::Stack::kLwm2mDtls;
  const auto ip = r.ChoiceOr("ip", {"ipv4", "ipv6"}, "ipv4") == "ipv6" ? models::protocols::IpVersion::kIPv6
                                                                        : models::protocols::IpVersion::kIPv4;
  if (d.stack == engine::Stack::kUdp) {
    // Plain UDP (the 3GPP evaluation's traffic model): no security session, no registration.
    for (const char* section : {"security", "lwm2m", "mqtt"})
      if (r.Has(section)) r.Fail(section, "a udp device has no " + std::string(section) + " section");
    r.Ignore("security");
    r.Ignore("lwm2m");
    r.Ignore("mqtt");
    ObjectReader udp = r.Object("udp");
    d.udp.ip = ip;
    d.udp.ack_B = udp.Integer("ack_B", 0, 65000);
    udp.Finish();
  } else {
    r.Ignore("udp");
    if (r.Has("udp")) r.Fail("udp", "only a udp device has a udp section");
    ParseSecurity(r.Object("security"), d.dtls);
  }
  if (d.stack == engine::Stack::kLwm2mDtls) {
    ObjectReader l = r.Object("lwm2m");
    d.lwm2m.protocol.endpoint_name_B = l.Integer("endpoint_name_B", 1, 255);
    d.lwm2m.protocol.object_links_B = l.Integer("object_links_B", 0, 4096);
    d.lwm2m.protocol.token_B = l.Integer("token_B", 0, 8);
    d.lwm2m.protocol.queue_mode = l.Bool("queue_mode");
    d.lwm2m.protocol.ip = ip;
    d.lwm2m.protocol.dtls = d.dtls.dtls;
    d.lwm2m.registration_lifetime_s = l.Number("registration_lifetime_s", 1.0, 10.0 * u::kSecondsPerYear);
    l.Finish();
    r.Ignore("mqtt");
    if (r.Has("mqtt")) r.Fail("mqtt", "an lwm2m_dtls device has no mqtt section");
  } else if (d.stack == engine::Stack::kMqttTls) {
    ObjectReader m = r.Object("mqtt");
    d.mqtt.protocol.client_id_B = m.Integer("client_id_B", 1, 65535);
    d.mqtt.protocol.topic_B = m.Integer("topic_B", 1, 65535);
    d.mqtt.protocol.mutual_tls = m.Bool("mutual_tls");
    d.mqtt.protocol.server_certificate_chain_B = m.Integer("server_certificate_chain_B", 1, 16384);
    d.mqtt.protocol.client_certificate_chain_B = m.Integer("client_certificate_chain_B", 1, 16384);
    d.mqtt.protocol.ip = ip;
    d.mqtt.persistent_connection = m.Bool("persistent_connection");
    if (d.mqtt.persistent_connection) {
      d.mqtt.keepalive_s = m.Number("keepalive_s", 1.0, 65535.0);
      if (d.mqtt.keepalive_s >= d.network.nat_binding_timeout_s)
        m.Fail("keepalive_s", "must be shorter than the network's NAT binding timeout (" +
                                  FormatNumber(d.network.nat_binding_timeout_s) +
                                  " s) or the idle connection is dropped");
    } else {
      m.Ignore("keepalive_s");
    }
    d.mqtt.protocol.keepalive_s = static_cast<int>(d.mqtt.keepalive_s);
    m.Finish();
    if (r.Has("lwm2m")) r.Fail("lwm2m", "an mqtt_tls device has no lwm2m section");
    r.Ignore("lwm2m");
  }
  {
    ObjectReader m = r.Object("mcu");
    d.mcu.supply_voltage_V = m.Number("supply_voltage_V", 0.5, 60.0);
    d.mcu.active_current_A = u::mA(m.Number("active_current_mA", 0.0, 1000.0));
    d.mcu.sleep_current_A = u::uA(m.Number("sleep_current_uA", 0.0, 100000.0));
    d.mcu.active_time_per_report_s = u::ms(m.Number("active_time_per_report_ms", 0.0, 600000.0));
    d.mcu.full_handshake_crypto_time_s = u::ms(m.Number("full_handshake_crypto_time_ms", 0.0, 600000.0));
    d.mcu.resumed_handshake_crypto_time_s = u::ms(m.Number("resumed_handshake_crypto_time_ms", 0.0, 600000.0));
    m.Finish();
  }
  if (r.Has("sensor")) {
    ObjectReader s = r.Object("sensor");
    d.sensor.supply_voltage_V = s.Number("supply_voltage_V", 0.5, 60.0);
    d.sensor.active_current_A = u::mA(s.Number("active_current_mA", 0.0, 10000.0));
    d.sensor.read_time_s = u::ms(s.Number("read_time_ms", 0.0, 600000.0));
    d.sensor.readings_per_report = s.Integer("readings_per_report", 0, 100000);
    s.Finish();
  } else {
    r.Ignore("sensor");
    d.sensor = models::device::SensorParams{1.0, 0.0, 0.0, 0};
  }
  {
    ObjectReader f = r.Object("fota");
    d.fota.enabled = f.Bool("enabled");
    if (d.fota.enabled && d.stack != engine::Stack::kLwm2mDtls)
      f.Fail("enabled", "FOTA is modelled as an LwM2M/CoAP block-wise download; a " + stack +
                            " device must set it false (an MQTT/HTTPS download model is not there yet)");
    if (d.fota.enabled) {
      d.fota.interval_s = f.Number("interval_days", 1.0, 100.0 * u::kDaysPerYear) * u::kSecondsPerDay;
      d.fota.image_size_B = f.Integer("image_size_B", 1, 64 * 1024 * 1024);
      d.fota.download_ratio_frac = f.Number("download_ratio_frac", 0.001, 1.0);
      d.fota.block_size_B = f.IntegerIn("block_size_B", {16, 32, 64, 128, 256, 512, 1024});
      d.fota.rollback_probability_frac = f.Number("rollback_probability_frac", 0.0, 1.0);
      ObjectReader flash = f.Object("flash");
      d.flash.sector_size_B = flash.Number("sector_size_B", 1.0, 1e7);
      d.flash.erase_time_per_sector_s = u::ms(flash.Number("erase_time_per_sector_ms", 0.0, 1e5));
      d.flash.write_rate_Bps = flash.Number("write_rate_Bps", 1.0, 1e9);
      d.flash.current_A = u::mA(flash.Number("current_mA", 0.0, 1000.0));
      flash.Finish();
      ObjectReader boot = f.Object("secure_boot");
      d.secure_boot.verify_rate_Bps = boot.Number("verify_rate_Bps", 1.0, 1e10);
      d.secure_boot.signature_verify_time_s = u::ms(boot.Number("signature_verify_time_ms", 0.0, 1e5));
      d.secure_boot.swap_time_per_sector_s = u::ms(boot.Number("swap_time_per_sector_ms", 0.0, 1e5));
      d.secure_boot.reboot_time_s = u::ms(boot.Number("reboot_time_ms", 0.0, 1e6));
      boot.Finish();
    } else {
      for (const char* key : {"interval_days", "image_size_B", "download_ratio_frac", "block_size_B",
                              "rollback_probability_frac", "flash", "secure_boot"})
        f.Ignore(key);
    }
    f.Finish();
  }
  p.device = d;
  r.Finish();
  return p;
}

engine::DeviceProfile LoadDeviceProfile(const fs::path& device_file, const LoadOptions& options) {
  try {
    return ParseDeviceProfile(ComposeDeviceJson(device_file, options));
  } catch (const ProfileError& e) {
    if (!e.file().empty()) throw;
    throw ProfileError(e.field(), e.detail(), device_file.string());
  }
}

}  // namespace pb::engine::profile_io
