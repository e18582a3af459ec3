#include "cli/compare_inputs.hpp"

#include <cctype>
#include <fstream>
#include <stdexcept>

#include "cli/measured_profile.hpp"
#include "cli/profile_arguments.hpp"
#include "engine/errors.hpp"
#include "engine/profile_io/json_reader.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "engine/trace/analyze_trace.hpp"
#include "models/units.hpp"
#include "engine/profile_io/profile_json.hpp"

namespace pb::cli {
namespace fs = std::filesystem;
namespace u = pb::units;

namespace {

constexpr const char* kSimulateSchema = "powerbudget/simulate/1";
constexpr double kInf = 1e300;

// The first non-blank character tells JSON ('{') from a CSV trace.
char FirstCharacter(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  char c = 0;
  while (in.get(c))
    if (!std::isspace(static_cast<unsigned char>(c))) return c;
  return 0;
}

}  // namespace

const char* InputKindName(InputKind kind) {
  switch (kind) {
    case InputKind::kResult: return "result";
    case InputKind::kTrace: return "trace";
    default: return "profile";
  }
}

engine::BudgetResult BudgetFromSimulateJson(const fs::path& file) {
  const engine::profile_io::Json doc = engine::profile_io::ReadJsonFile(file);
  const std::string source = file.string();
  try {
    if (!doc.is_object()) throw engine::ProfileError("", "expected a JSON object");
    // No Finish(): newer versions may add fields (docs/json-output.md: fields are only added).
    engine::profile_io::ObjectReader r(doc, "");
    const std::string schema = r.String("schema");
    if (schema != kSimulateSchema) r.Fail("schema", "expected \"" + std::string(kSimulateSchema) + "\", got \"" + schema + "\"");
    engine::BudgetResult b;
    b.device_name = r.String("device");
    b.energy_J_per_day = r.Number("energy_J_per_day", 0.0, kInf);
    b.average_power_W = units::uW(r.Number("average_power_uW", 0.0, kInf));
    b.average_current_A = units::uA(r.Number("average_current_uA", 0.0, kInf));
    b.lifetime_s = r.Number("lifetime_days", 0.0, kInf) * u::kSecondsPerDay;
    b.target_lifetime_s = r.Number("target_lifetime_days", 0.0, kInf) * u::kSecondsPerDay;
    b.meets_target = r.Bool("meets_target");
    engine::profile_io::ObjectReader battery = r.Object("battery");
    b.battery_voltage_V = battery.Number("nominal_voltage_V", 0.0, kInf);
    b.battery_capacity_C = battery.Number("capacity_mAh", 0.0, kInf) * u::kCoulombsPerMilliampereHour;
    const std::string pointer = r.PointerTo("breakdown");
    const engine::profile_io::Json& rows = r.Array("breakdown", 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      engine::profile_io::ObjectReader row = engine::profile_io::ArrayElement(rows, i, pointer);
      engine::ActivityBudget a;
      a.activity = engine::ActivityName::Owned(row.String("activity"));
      a.events_per_day = row.Number("events_per_day", 0.0, kInf);
      a.duration_s_per_event = row.Number("duration_s_per_event", 0.0, kInf);
      a.energy_J_per_event = units::mJ(row.Number("energy_mJ_per_event", 0.0, kInf));
      a.energy_J_per_day = row.Number("energy_J_per_day", 0.0, kInf);
      a.share_frac = row.Number("share_frac", 0.0, 1.0);
      a.average_current_A = units::uA(row.Number("average_current_uA", 0.0, kInf));
      a.charge_C_per_day = a.average_current_A * u::kSecondsPerDay;
      b.breakdown.push_back(a);
    }
    return b;
  } catch (const engine::ProfileError& e) {
    throw engine::ProfileError(e.field(), e.detail(), source);
  }
}

CompareSide LoadCompareSide(const std::string& argument, const CompareInputOptions& options) {
  CompareSide side;
  side.input = argument;
  side.overrides = options.overrides;
  std::error_code not_a_file;  // a name the file system refuses is no file either
  const bool is_file = fs::is_regular_file(argument, not_a_file);
  const char first = is_file ? FirstCharacter(argument) : 0;
  if (is_file && first == 0) throw std::invalid_argument(argument + " is empty: not a profile, a result or a trace");
  if (is_file && (first == '{' || argument.ends_with(".json"))) {
    const engine::profile_io::Json doc = engine::profile_io::ReadJsonFile(argument);
    if (doc.is_object() && doc.value("schema", std::string()) == kSimulateSchema) {
      if (!options.overrides.empty())
        throw std::invalid_argument(argument + " is a saved result: --set applies only to profiles");
      side.kind = InputKind::kResult;
      side.result = BudgetFromSimulateJson(argument);
      return side;
    }
  } else if (is_file) {
    if (!options.overrides.empty()) throw std::invalid_argument(argument + " is a trace: --set applies only to profiles");
    if (options.battery.empty() || !(options.supply_voltage_V > 0.0))
      throw std::invalid_argument(argument + " is a trace: give --battery NAME and --supply-voltage V to turn it into a lifetime");
    side.kind = InputKind::kTrace;
    const engine::trace::TraceReport report = engine::trace::AnalyzeTraceFile(argument, options.reader, options.analysis);
    MeasuredProfileOptions m;
    m.name = "Measured: " + argument;
    m.battery = options.battery;
    m.supply_voltage_V = options.supply_voltage_V;
    side.result = engine::ComputeBudget(LoadMeasuredProfile(MeasuredProfileJson(report, m, options.profiles_root), options.profiles_root));
    return side;
  }
  side.kind = InputKind::kProfile;
  side.result = engine::ComputeBudget(LoadProfile(argument, {options.profiles_root, options.overrides}));
  return side;
}

}  // namespace pb::cli
