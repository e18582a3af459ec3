#include "engine/profile_io/cell_loader.hpp"

#include <cmath>
#include <set>

#include "engine/profile_io/profile_json.hpp"
#include "engine/random.hpp"
#include "models/units.hpp"

namespace pb::engine::profile_io {
namespace fs = std::filesystem;
using engine::ProfileError;
namespace cell = engine::cell;
namespace campaign = engine::campaign;

namespace {

constexpr const char* kCellSchema = "powerbudget/cell/1";
constexpr const char* kCampaignSchema = "powerbudget/campaign/1";
constexpr double kShareSumTolerance = 1e-6;
constexpr double kMaxInterval_s = 10.0 * units::kSecondsPerYear;

void CheckSchema(ObjectReader& r, const char* expected) {
  const std::string schema = r.String("schema");
  if (schema != expected) r.Fail("schema", "expected \"" + std::string(expected) + "\", got \"" + schema + "\"");
}

fs::path Resolve(const std::string& name, const char* folder, const fs::path& dir, const fs::path& root) {
  if (name.size() > 5 && name.ends_with(".json")) return PathExists(dir / name) ? dir / name : root / name;
  return root / folder / (name + ".json");
}

std::string Bundled(const fs::path& folder) {
  std::set<std::string> names;
  if (IsDirectory(folder))
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.path().extension() == ".json") names.insert(entry.path().stem().string());
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  return list;
}

// The scenario's network, kept as JSON too: every device of the population gets it.
struct NetworkRef {
  Json json;
  models::radio::nbiot::NetworkParams params;
};

NetworkRef ParseNetworkRef(ObjectReader& r, const Json& document, const fs::path& dir, const fs::path& root) {
  if (!r.Has("network")) r.Fail("network", "required field is missing (a network profile name or object)");
  r.Ignore("network");
  NetworkRef n;
  const Json& value = document.at("network");
  if (value.is_string()) {
    const fs::path file = Resolve(value.get<std::string>(), "networks", dir, root);
    if (!PathExists(file))
      r.Fail("network", "no network profile '" + value.get<std::string>() + "'; bundled: " + Bundled(root / "networks"));
    n.json = ReadJsonFile(file);
  } else {
    n.json = value;
  }
  n.params = ParseNetwork(n.json, r.PointerTo("network"));
  return n;
}

cell::CarrierParams ParseCarrier(ObjectReader r) {
  cell::CarrierParams c;
  const std::string pointer = r.PointerTo("nprach_subcarriers");
  const Json& subcarriers = r.Array("nprach_subcarriers", models::radio::nbiot::kNumCeLevels);
  if (subcarriers.size() != models::radio::nbiot::kNumCeLevels) r.Fail("nprach_subcarriers", "expected one value per CE level (3)");
  for (std::size_t l = 0; l < subcarriers.size(); ++l) {
    const Json& v = subcarriers[l];
    const int n = v.is_number_integer() ? v.get<int>() : 0;
    if (n != 12 && n != 24 && n != 36 && n != 48)
      throw ProfileError(pointer + "/" + std::to_string(l),
                         "value " + v.dump() + " is not allowed; allowed values: 12, 24, 36, 48 (nprach-NumSubcarriers)");
    c.nprach_subcarriers[l] = n;
  }
  c.sib1_repetitions = r.IntegerIn("sib1_repetitions", {4, 8, 16});
  c.other_system_information_subframes_per_s = r.Number("other_system_information_subframes_per_s", 0.0, 500.0);
  r.Finish();
  return c;
}

std::vector<cell::CouplingLossBin> ParseCouplingLoss(ObjectReader r) {
  const std::string kind = r.Choice("distribution", {"normal", "bins"});
  std::vector<cell::CouplingLossBin> bins;
  if (kind == "normal") {
    const double mean_dB = r.Number("mean_dB", 0.0, 200.0);
    bins = cell::NormalCouplingLossBins(mean_dB, r.Number("std_dB", 0.0, 50.0));
    r.Ignore("bins");
    if (r.Has("bins")) r.Fail("bins", "a normal distribution has no bins");
  } else {
    for (const char* key : {"mean_dB", "std_dB"})
      if (r.Has(key)) r.Fail(key, "a binned distribution has no " + std::string(key));
    r.Ignore("mean_dB");
    r.Ignore("std_dB");
    const std::string pointer = r.PointerTo("bins");
    const Json& array = r.Array("bins", 1);
    double total = 0.0;
    for (std::size_t i = 0; i < array.size(); ++i) {
      ObjectReader b = ArrayElement(array, i, pointer);
      bins.push_back({b.Number("coupling_loss_dB", 0.0, 200.0), b.Number("share_frac", 0.0, 1.0)});
      total += bins.back().share_frac;
      b.Finish();
    }
    if (std::abs(total - 1.0) > kShareSumTolerance)
      r.Fail("bins", "the shares sum to " + FormatNumber(total) + "; they must sum to 1");
  }
  r.Finish();
  return bins;
}

struct GroupContext {
  const NetworkRef& network;
  const fs::path& dir;
  const fs::path& root;
};

cell::DeviceGroup ParseGroup(ObjectReader g, const GroupContext& ctx) {
  cell::DeviceGroup group;
  const std::string device = g.String("device");
  group.share_frac = g.Number("share_frac", 0.0, 1.0);
  std::vector<std::string> overrides;
  const std::optional<double> interval_s = g.OptionalNumber("interval_s", 1.0, kMaxInterval_s);
  if (interval_s) overrides.push_back("reporting.interval_s=" + FormatNumber(*interval_s));
  if (g.Has("set")) {
    for (const Json& a : g.Array("set", 0)) {
      if (!a.is_string()) g.Fail("set", "expected an array of \"PATH=VALUE\" strings");
      overrides.push_back(a.get<std::string>());
    }
  } else {
    g.Ignore("set");
  }
  group.label = g.StringOr("label", interval_s ? device + " every " + FormatNumber(*interval_s) + " s" : device);
  g.Finish();

  const fs::path file = Resolve(device, "devices", ctx.dir, ctx.root);
  if (!PathExists(file)) g.Fail("device", "no device profile '" + device + "'; bundled: " + Bundled(ctx.root / "devices"));
  try {
    Json composed = ComposeDeviceJson(file, LoadOptions{ctx.root, overrides});
    composed["network"] = ctx.network.json;  // the cell's network serves every device
    group.profile = ParseDeviceProfile(composed);
  } catch (const ProfileError& e) {
    g.Fail("device", "device '" + device + "' (" + file.string() + "): " + e.field() + ": " + e.detail());
  }
  if (!std::holds_alternative<engine::ModelledDevice>(group.profile.device))
    g.Fail("device", "device '" + device + "' is a measured-events profile; a population needs modelled devices");
  return group;
}

std::vector<cell::DeviceGroup> ParseMix(ObjectReader& r, const GroupContext& ctx) {
  const std::string pointer = r.PointerTo("mix");
  const Json& array = r.Array("mix", 1);
  std::vector<cell::DeviceGroup> groups;
  double total = 0.0;
  for (std::size_t i = 0; i < array.size(); ++i) {
    groups.push_back(ParseGroup(ArrayElement(array, i, pointer), ctx));
    total += groups.back().share_frac;
  }
  if (std::abs(total - 1.0) > kShareSumTolerance)
    r.Fail("mix", "the shares sum to " + FormatNumber(total) + "; they must sum to 1");
  return groups;
}

cell::Population ParsePopulation(ObjectReader r, const GroupContext& ctx) {
  cell::Population p;
  if (r.Has("devices") == r.Has("density")) r.Fail("devices", "give exactly one of devices and density");
  if (r.Has("devices")) {
    p.devices = r.Integer("devices", 1, 1'000'000'000);
    r.Ignore("density");
  } else {
    r.Ignore("devices");
    ObjectReader d = r.Object("density");
    cell::DensityParams density;
    density.households_per_km2 = d.Number("households_per_km2", 0.0, 1e6);
    density.devices_per_household = d.Number("devices_per_household", 0.0, 1e4);
    density.inter_site_distance_m = d.Number("inter_site_distance_m", 1.0, 1e6);
    density.sectors_per_site = d.Integer("sectors_per_site", 1, 12);
    d.Finish();
    p.devices = cell::DevicesPerSector(density);
    if (p.devices < 1.0) r.Fail("density", "the density gives no device in a sector");
    p.density = density;
  }
  p.groups = ParseMix(r, ctx);
  p.coupling_loss = ParseCouplingLoss(r.Object("coupling_loss"));
  r.Finish();
  return p;
}

std::vector<double> ParseFactors(ObjectReader r) {
  std::vector<double> factors;
  const std::string pointer = r.PointerTo("population_factors");
  const Json& array = r.Array("population_factors", 0);
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_number() || array[i].get<double>() <= 0.0 || array[i].get<double>() > 1e4)
      throw ProfileError(pointer + "/" + std::to_string(i), "expected a number above 0 and at most 10000");
    factors.push_back(array[i].get<double>());
  }
  r.Finish();
  return factors;
}

Json ReadScenario(const fs::path& file, const LoadOptions& options) {
  Json document = ReadJsonFile(file);
  if (!document.is_object()) throw ProfileError("/", file.string() + ": a scenario is a JSON object");
  for (const std::string& assignment : options.overrides) ApplyOverride(document, assignment);
  return document;
}

template <typename Parse>
auto WithFile(const fs::path& file, Parse parse) {
  try {
    return parse();
  } catch (const ProfileError& e) {
    if (!e.file().empty()) throw;
    throw ProfileError(e.field(), e.detail(), file.string());
  }
}

}  // namespace

fs::path ResolveScenarioPath(const std::string& argument, const fs::path& profiles_root, const char* folder) {
  if (PathExists(argument)) return argument;
  const fs::path bundled = profiles_root / folder / (argument + ".json");
  if (PathExists(bundled)) return bundled;
  throw ProfileError("", "no scenario file '" + argument + "' and no bundled scenario of that name; bundled " +
                             std::string(folder) + ": " + Bundled(profiles_root / folder));
}

cell::CellScenario ParseCellScenario(const Json& document, const fs::path& dir, const fs::path& root) {
  ObjectReader r(document, "");
  CheckSchema(r, kCellSchema);
  cell::CellScenario s;
  s.name = r.String("name");
  s.description = r.StringOr("description", "");
  const NetworkRef network = ParseNetworkRef(r, document, dir, root);
  s.network = network.params;
  s.carrier = ParseCarrier(r.Object("carrier"));
  s.population = ParsePopulation(r.Object("population"), GroupContext{network, dir, root});
  {
    ObjectReader a = r.Object("access");
    s.access.max_preamble_attempts = a.IntegerIn("max_preamble_attempts", {3, 4, 5, 6, 7, 8, 10, 20, 50, 100, 200});
    s.access.backoff_s = units::ms(a.IntegerIn(
        "backoff_indicator_ms", {0, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288}));
    a.Finish();
  }
  {
    ObjectReader sync = r.Object("synchronised");
    s.synchronised_spread_s = sync.Number("spread_s", 0.0, units::kSecondsPerDay);
    sync.Finish();
  }
  {
    ObjectReader l = r.Object("limits");
    s.limits.max_utilisation_frac = l.Number("max_utilisation_frac", 0.01, 1.0);
    s.limits.max_collision_probability_frac = l.Number("max_collision_probability_frac", 1e-6, 1.0);
    l.Finish();
  }
  if (r.Has("sweep")) s.sweep_factors = ParseFactors(r.Object("sweep"));
  else r.Ignore("sweep");
  r.Finish();
  try {  // configurations the carrier cannot hold, named by their field
    cell::AvailableDownlinkSubframes_per_s(s.carrier);
  } catch (const std::invalid_argument& e) {
    throw ProfileError("/carrier", e.what());
  }
  try {
    cell::AvailableUplink_Hz(s.carrier, s.network);
  } catch (const std::invalid_argument& e) {
    throw ProfileError("/carrier/nprach_subcarriers", e.what());
  }
  return s;
}

campaign::CampaignScenario ParseCampaignScenario(const Json& document, const fs::path& dir, const fs::path& root) {
  ObjectReader r(document, "");
  CheckSchema(r, kCampaignSchema);
  campaign::CampaignScenario s;
  s.name = r.String("name");
  s.description = r.StringOr("description", "");
  const double seed = r.Number("seed", kSeedRange.min, kSeedRange.max);
  if (seed != std::floor(seed)) r.Fail("seed", "expected an integer");
  s.seed = static_cast<std::uint64_t>(seed);
  const NetworkRef network = ParseNetworkRef(r, document, dir, root);
  s.network = network.params;
  s.carrier = ParseCarrier(r.Object("carrier"));
  {
    ObjectReader f = r.Object("fleet");
    s.devices = f.Integer("devices", 1, 100'000'000);
    s.cells = f.Integer("cells", 1, s.devices);
    s.groups = ParseMix(f, GroupContext{network, dir, root});
    for (std::size_t i = 0; i < s.groups.size(); ++i)
      if (!std::get<engine::ModelledDevice>(s.groups[i].profile.device).fota.enabled)
        throw ProfileError(f.PointerTo("mix") + "/" + std::to_string(i) + "/device",
                           "the device has FOTA disabled (fota.enabled false): a campaign needs its flash and "
                           "secure-boot figures");
    s.coupling_loss = ParseCouplingLoss(f.Object("coupling_loss"));
    f.Finish();
  }
  {
    ObjectReader i = r.Object("image");
    s.image.size_B = i.Integer("size_B", 1, 64 * 1024 * 1024);
    s.image.delta_ratio_frac = i.Number("delta_ratio_frac", 0.001, 1.0);
    s.image.block_size_B = i.IntegerIn("block_size_B", {16, 32, 64, 128, 256, 512, 1024});
    i.Finish();
  }
  {
    ObjectReader sch = r.Object("schedule");
    s.schedule.downlink_share_frac = sch.Number("downlink_share_frac", 0.001, 1.0);
    s.schedule.max_concurrent_downloads_per_cell = sch.Integer("max_concurrent_downloads_per_cell", 1, 100000);
    sch.Finish();
  }
  {
    ObjectReader f = r.Object("failures");
    s.failures.download_failure_frac = f.Number("download_failure_frac", 0.0, 0.99);
    s.failures.install_failure_frac = f.Number("install_failure_frac", 0.0, 1.0);
    f.Finish();
  }
  {
    ObjectReader rt = r.Object("retry");
    s.retry.max_download_attempts = rt.Integer("max_download_attempts", 1, 100);
    s.retry.on_install_failure = rt.Choice("on_install_failure", {"retry", "give_up"}) == "retry"
                                     ? campaign::InstallFailurePolicy::kRetry
                                     : campaign::InstallFailurePolicy::kGiveUp;
    s.retry.max_install_attempts = rt.Integer("max_install_attempts", 1, 100);
    rt.Finish();
  }
  s.updates_per_year = r.Number("updates_per_year", 0.0, 365.0);
  {
    const std::string pointer = r.PointerTo("variants");
    const Json& array = r.Array("variants", 1);
    std::set<std::string> names;
    for (std::size_t i = 0; i < array.size(); ++i) {
      ObjectReader v = ArrayElement(array, i, pointer);
      campaign::Variant variant;
      variant.name = v.String("name");
      if (!names.insert(variant.name).second) v.Fail("name", "two variants are called '" + variant.name + "'");
      variant.image = v.Choice("image", {"full", "delta"}) == "full" ? campaign::ImageKind::kFull
                                                                     : campaign::ImageKind::kDelta;
      variant.delivery = v.Choice("delivery", {"unicast", "multicast"}) == "unicast" ? campaign::Delivery::kUnicast
                                                                                     : campaign::Delivery::kMulticast;
      v.Finish();
      s.variants.push_back(variant);
    }
  }
  bool multicast = false;
  for (const campaign::Variant& v : s.variants) multicast |= v.delivery == campaign::Delivery::kMulticast;
  if (multicast || r.Has("multicast")) {
    ObjectReader m = r.Object("multicast");
    s.multicast.session_after_frac = m.Number("session_after_frac", 0.001, 1.0);
    s.multicast.block_loss_frac = m.Number("block_loss_frac", 0.0, 0.99);
    m.Finish();
  } else {
    r.Ignore("multicast");
  }
  r.Finish();
  try {
    cell::AvailableDownlinkSubframes_per_s(s.carrier);
  } catch (const std::invalid_argument& e) {
    throw ProfileError("/carrier", e.what());
  }
  return s;
}

cell::CellScenario LoadCellScenario(const fs::path& file, const LoadOptions& options) {
  return WithFile(file, [&] { return ParseCellScenario(ReadScenario(file, options), file.parent_path(), options.profiles_root); });
}

campaign::CampaignScenario LoadCampaignScenario(const fs::path& file, const LoadOptions& options) {
  return WithFile(file,
                  [&] { return ParseCampaignScenario(ReadScenario(file, options), file.parent_path(), options.profiles_root); });
}

}  // namespace pb::engine::profile_io
