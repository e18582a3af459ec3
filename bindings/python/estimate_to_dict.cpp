#include "bindings/python/estimate_to_dict.hpp"

#include <string>
#include <string_view>

#include "engine/estimation/telemetry_io/estimate_writer.hpp"
#include "engine/estimation/telemetry_io/time_text.hpp"

namespace pb::python {
namespace py = pybind11;
namespace est = pb::engine::estimation;

py::dict EstimateToDict(const est::DeviceEstimate& e) {
  // The writer's conversion to display units, at full precision.
  const est::telemetry_io::DisplayFields f = est::telemetry_io::ToDisplayUnits(e);
  py::dict life;
  life["p10"] = f.p10_days;
  life["p50"] = f.p50_days;
  life["p90"] = f.p90_days;

  py::list flags;
  for (const std::string_view name : est::telemetry_io::FlagNameList(e.flags)) flags.append(py::str(std::string(name)));

  py::dict d;
  d["device"] = e.device_id;
  d["time"] = est::telemetry_io::FormatIsoTime(e.time_s);
  d["time_s"] = e.time_s;
  d["chemistry"] = std::string(est::telemetry_io::EstimateChemistry(e));
  d["soc_pct"] = f.soc_pct;
  d["soc_sd_pct"] = f.soc_sd_pct;
  d["remaining_life_days"] = life;
  d["capacity_mAh"] = f.capacity_mAh;
  d["capacity_sd_mAh"] = f.capacity_sd_mAh;
  d["charge_used_mAh"] = f.used_mAh;
  d["drain_multiplier"] = f.multiplier;
  d["drain_multiplier_sd"] = f.multiplier_sd;
  d["resistance"] = f.resistance;
  d["expected_current_uA"] = f.expected_uA;
  d["planned_current_uA"] = f.planned_uA;
  d["flags"] = flags;
  d["drain_cause"] = std::string(est::DrainCauseName(e.drain_cause));
  d["drain_flag_since"] = e.drain_flag_since_s > 0.0 ? py::object(py::str(est::telemetry_io::FormatIsoTime(e.drain_flag_since_s)))
                                                     : py::object(py::none());
  d["records_accepted"] = e.records_accepted;
  d["records_rejected"] = e.records_rejected;
  d["battery_epoch"] = e.battery_epoch;
  return d;
}

}  // namespace pb::python
