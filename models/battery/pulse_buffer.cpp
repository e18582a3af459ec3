#include "models/battery/pulse_buffer.hpp"

#include <array>
#include <cmath>
#include <stdexcept>

namespace pb::models::battery {
namespace {

class NoPulseBuffer final : public PulseBuffer {
 public:
  std::string_view name() const override { return "none"; }
  double leakage_current_A() const override { return 0.0; }
  double EndOfPulseVoltage_V(double source_V, double source_Ohm, double current_A, double) const override {
    return source_V - current_A * source_Ohm;
  }
};

class CapacitorBuffer final : public PulseBuffer {
 public:
  explicit CapacitorBuffer(const PulseBufferParams& p) : p_(p) {
    if (!(p_.capacitance_F > 0.0) || !std::isfinite(p_.capacitance_F))
      throw std::invalid_argument("pulse buffer: capacitance must be > 0");
    if (!(p_.esr_Ohm >= 0.0) || !std::isfinite(p_.esr_Ohm)) throw std::invalid_argument("pulse buffer: ESR must be >= 0");
    if (!(p_.leakage_current_A >= 0.0) || !std::isfinite(p_.leakage_current_A))
      throw std::invalid_argument("pulse buffer: leakage current must be >= 0");
  }
  std::string_view name() const override { return "capacitor"; }
  double leakage_current_A() const override { return p_.leakage_current_A; }
  double EndOfPulseVoltage_V(double source_V, double source_Ohm, double current_A, double duration_s) const override {
    const double loop_Ohm = source_Ohm + p_.esr_Ohm;
    if (!(loop_Ohm > 0.0)) return source_V;  // an ideal source and an ideal capacitor: no sag at all
    const double tau_s = p_.capacitance_F * loop_Ohm;
    const double buffer_share = source_Ohm / loop_Ohm * std::exp(-duration_s / tau_s);
    return source_V - current_A * source_Ohm * (1.0 - buffer_share);
  }

 private:
  PulseBufferParams p_;
};

constexpr std::array<std::string_view, 2> kNames = {"none", "capacitor"};

}  // namespace

std::span<const std::string_view> PulseBufferNames() { return kNames; }

std::string_view PulseBufferName(PulseBufferKind kind) {
  return kind == PulseBufferKind::kCapacitor ? kNames[1] : kNames[0];
}

std::unique_ptr<PulseBuffer> MakePulseBuffer(const PulseBufferParams& params) {
  switch (params.model) {
    case PulseBufferKind::kNone: return std::make_unique<NoPulseBuffer>();
    case PulseBufferKind::kCapacitor: return std::make_unique<CapacitorBuffer>(params);
  }
  throw std::invalid_argument("unknown pulse buffer model");
}

}  // namespace pb::models::battery
