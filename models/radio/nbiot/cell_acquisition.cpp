#include "models/radio/nbiot/cell_acquisition.hpp"

namespace pb::models::radio::nbiot {
namespace {

// NSSS every other frame in-band and guard-band, every frame standalone (TS 36.211 §10.2.7.2.2).
double NsssPeriod_s(Deployment deployment) {
  return deployment == Deployment::kStandalone ? kRadioFrame_s : 2.0 * kRadioFrame_s;
}

// One broadcast block read at an SINR: repetitions of its 8 subframes received, and the frames
// between them, slept, each repetition `spacing_s` after the previous one.
struct BlockRead {
  double receive_s;
  double sleep_s;
};
BlockRead ReadBlock(double required_snr_dB, double repetition_span_s, double repetition_spacing_s, double sinr_dB) {
  const double repetitions = RepetitionsNeeded(required_snr_dB, sinr_dB);
  const double receive_s = repetitions * kBroadcastBlockSubframes * kSubframe_s;
  // The last repetition ends with its last subframe; the ones before take their whole spacing.
  const double span_s = (repetitions - 1.0) * repetition_spacing_s + repetition_span_s;
  return {receive_s, span_s - receive_s};
}

// The SNRs one repetition of SIB1-NB and of an SI message need: the network's block sizes, so
// the last ones asked for are kept per thread (a sweep evaluates one network at many coupling
// losses, and each needs two logarithms).
struct BroadcastRequirements {
  int sib1_tbs_bits = -1;
  int si_tbs_bits = -1;
  double sib1_required_dB = 0.0;
  double si_required_dB = 0.0;
};
const BroadcastRequirements& Requirements(const SystemInformationSchedule& schedule) {
  thread_local BroadcastRequirements last;
  if (last.sib1_tbs_bits != schedule.sib1_tbs_bits || last.si_tbs_bits != schedule.si_tbs_bits)
    last = {schedule.sib1_tbs_bits, schedule.si_tbs_bits,
            DownlinkRequiredSnr_dB(schedule.sib1_tbs_bits, kBroadcastBlockSubframes),
            DownlinkRequiredSnr_dB(schedule.si_tbs_bits, kBroadcastBlockSubframes)};
  return last;
}

}  // namespace

AcquisitionTimes CellAcquisition(const LinkBudgetParams& budget, const SystemInformationSchedule& schedule,
                                 double downlink_sinr_dB) {
  // Constants of the signals (computed once: the budget evaluates this for every coupling loss).
  static const double sync_required_dB = DownlinkRequiredSnr_dB(kSyncHypothesisBits, 1);
  static const double mib_required_dB = DownlinkRequiredSnr_dB(kMibBits, 1);
  AcquisitionTimes t;
  t.sync_receive_s = NsssPeriod_s(budget.deployment) * RepetitionsNeeded(sync_required_dB, downlink_sinr_dB);
  t.mib_receive_s = kRadioFrame_s * RepetitionsNeeded(mib_required_dB, downlink_sinr_dB);

  // SIB1-NB: wait half the spacing of its repetitions on average, then read as many as needed.
  const double sib1_spacing_s = kSib1Period_s / schedule.sib1_repetitions;
  // Subframe 4 of frames 0, 2, …, 14: from the first subframe to the end of the eighth.
  const double sib1_span_s = (2 * kBroadcastBlockSubframes - 2) * kRadioFrame_s + kSubframe_s;
  const BroadcastRequirements& required = Requirements(schedule);
  const BlockRead sib1 = ReadBlock(required.sib1_required_dB, sib1_span_s, sib1_spacing_s, downlink_sinr_dB);
  // Each SI message: wait half its period for the window, then read its repetitions in the window.
  // A transmission is 8 consecutive subframes, repeated per si-RepetitionPattern in the window.
  const double si_span_s = kBroadcastBlockSubframes * kSubframe_s;
  const BlockRead si = ReadBlock(required.si_required_dB, si_span_s, schedule.si_repetition_spacing_s, downlink_sinr_dB);
  t.system_information_receive_s = sib1.receive_s + schedule.si_messages * si.receive_s;
  t.system_information_sleep_s = 0.5 * sib1_spacing_s + sib1.sleep_s +
                                 schedule.si_messages * (0.5 * schedule.si_periodicity_s + si.sleep_s);
  return t;
}

}  // namespace pb::models::radio::nbiot
