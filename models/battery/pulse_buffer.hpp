// Pulse buffer: a capacitor (hybrid layer capacitor, supercapacitor) in parallel with the cell
// that supplies the start of a transmit pulse, so that the cell sees a lower current and the
// terminal voltage sags less; and its "none" variant (the cell alone).
//
// Circuit: the cell is a source E (open-circuit voltage, less the RC-branch voltage) behind a
// resistance R; the buffer is a capacitance Cb behind its ESR Rb, charged to E before the pulse.
// A constant load current I from t = 0 gives (node and capacitor equations solved exactly):
//
//   V(t)      = E - I R (1 - R/(R + Rb) e^(-t/tau)),   tau = Cb (R + Rb)
//   I_cell(t) = I (1 - R/(R + Rb) e^(-t/tau))
//
// so V(0) = E - I (R || Rb) and V(inf) = E - I R: the buffer helps for pulses short against tau.
// The minimum terminal voltage of a pulse of length tp is V(tp). Without a buffer V = E - I R.
//
// Approximations: R and Rb are constant during the pulse (bobbin Li-SOCl2 cells polarise further
// over seconds and their resistance depends on current); the buffer is fully recharged between
// pulses (rest >> tau); the cell's RC branch is folded into E and R at the end of the pulse; the
// charge the buffer lends is returned by the cell after the pulse, so over a step the cell delivers
// the whole pulse charge and the buffer adds only its leakage current (an extra continuous load,
// e.g. 2 x 5 F supercapacitors with ~15 uA typical leakage, about 131 mAh per year:
// shared/reference/published-figures.md section 5).
#pragma once

#include <memory>
#include <span>
#include <string_view>

namespace pb::models::battery {

enum class PulseBufferKind { kNone, kCapacitor };

struct PulseBufferParams {
  PulseBufferKind model = PulseBufferKind::kNone;
  double capacitance_F = 0.0;      // Cb
  double esr_Ohm = 0.0;            // Rb
  double leakage_current_A = 0.0;  // drawn from the cell all the time
  bool operator==(const PulseBufferParams&) const = default;
};

class PulseBuffer {
 public:
  virtual ~PulseBuffer() = default;
  virtual std::string_view name() const = 0;
  virtual double leakage_current_A() const = 0;
  // Terminal voltage at the end of a pulse of current_A lasting duration_s, fed by a source of
  // source_V behind source_Ohm.
  virtual double EndOfPulseVoltage_V(double source_V, double source_Ohm, double current_A,
                                     double duration_s) const = 0;
};

// Names accepted by MakePulseBuffer: "none", "capacitor".
std::span<const std::string_view> PulseBufferNames();
std::string_view PulseBufferName(PulseBufferKind kind);

// Throws std::invalid_argument for Cb <= 0, Rb < 0 or a negative leakage current.
std::unique_ptr<PulseBuffer> MakePulseBuffer(const PulseBufferParams& params);

}  // namespace pb::models::battery
