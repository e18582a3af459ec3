#include "engine/trace/measured_from_trace.hpp"

#include <stdexcept>

namespace pb::engine::trace {

engine::MeasuredDevice MeasuredDeviceFromTrace(const TraceAnalysis& analysis, double supply_voltage_V) {
  if (!(supply_voltage_V > 0.0)) throw std::invalid_argument("the supply voltage must be positive");
  engine::MeasuredDevice device;
  device.supply_voltage_V = supply_voltage_V;
  device.floor_current_A = analysis.idle_current_A;
  for (const EventGroup& group : analysis.groups) {
    engine::MeasuredEvent event;
    event.name = group.name;
    event.energy_J = group.mean_charge_C * supply_voltage_V;
    event.duration_s = group.mean_duration_s;
    event.period_s = group.period_s;
    device.events.push_back(event);
  }
  return device;
}

}  // namespace pb::engine::trace
