#include "bindings/python/estimate_to_dict.hpp"

#include <string>
#include <string_view>

#include "engine/estimation/telemetry_io/estimate_writer.hpp"
#include "engine/estimation/telemetry_io/time_text.hpp"
#include "models/units.hpp"

namespace pb::python {
namespace py = pybind11;
namespace est = pb::engine::estimation;

namespace {

// "drain_fast|brown_out_risk" -> ["drain_fast", "brown_out_risk"], in bit order as the writer.
py::list FlagList(std::uint32_t flags) {
  py::list out;
  const std::string names = est::telemetry_io::FlagNames(flags, '|');
  std::size_t start = 0;
  while (start < names.size()) {
    const std::size_t bar = names.find('|', start);
    const std::size_t end = bar == std::string::npos ? names.size() : bar;
    out.append(py::str(names.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

}  // namespace

py::dict EstimateToDict(const est::DeviceEstimate& e) {
  constexpr double day = units::kSecondsPerDay;
  constexpr double mAh = units::kCoulombsPerMilliampereHour;
  py::dict life;
  life["p10"] = e.remaining_life.p10_s / day;
  life["p50"] = e.remaining_life.p50_s / day;
  life["p90"] = e.remaining_life.p90_s / day;

  py::dict d;
  d["device"] = e.device_id;
  d["time"] = est::telemetry_io::FormatIsoTime(e.time_s);
  d["time_s"] = e.time_s;
  d["chemistry"] = e.kind == est::CellKind::kLiIon ? "li_ion" : "primary";
  d["soc_pct"] = e.soc_frac * 100.0;
  d["soc_sd_pct"] = e.soc_sd_frac * 100.0;
  d["remaining_life_days"] = life;
  d["capacity_mAh"] = e.capacity_C / mAh;
  d["capacity_sd_mAh"] = e.capacity_sd_C / mAh;
  d["charge_used_mAh"] = e.charge_used_C / mAh;
  d["drain_multiplier"] = e.drain_multiplier;
  d["drain_multiplier_sd"] = e.drain_multiplier_sd;
  d["resistance"] = e.resistance;
  d["expected_current_uA"] = e.expected_current_A * 1e6;
  d["planned_current_uA"] = e.planned_current_A * 1e6;
  d["flags"] = FlagList(e.flags);
  d["drain_cause"] = std::string(est::DrainCauseName(e.drain_cause));
  d["drain_flag_since"] = e.drain_flag_since_s > 0.0 ? py::object(py::str(est::telemetry_io::FormatIsoTime(e.drain_flag_since_s)))
                                                     : py::object(py::none());
  d["records_accepted"] = e.records_accepted;
  d["records_rejected"] = e.records_rejected;
  d["battery_epoch"] = e.battery_epoch;
  return d;
}

}  // namespace pb::python
