#include "models/radio/nbiot/link.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/radio/nbiot/procedures.hpp"
#include "models/radio/nbiot/random_access_attempts.hpp"

namespace pb::models::radio::nbiot {

int CeLevelForCouplingLoss(const NetworkParams& network, double coupling_loss_dB) {
  if (coupling_loss_dB <= network.ce0_max_coupling_loss_dB) return 0;
  if (coupling_loss_dB <= network.ce1_max_coupling_loss_dB) return 1;
  if (coupling_loss_dB <= network.max_coupling_loss_dB) return 2;
  throw std::out_of_range("coupling loss " + std::to_string(coupling_loss_dB) +
                          " dB exceeds the network's maximum coupling loss " +
                          std::to_string(network.max_coupling_loss_dB) + " dB (no service)");
}

double NprachTxPower_dBm(const ModemParams& modem, const NetworkParams& network, int ce_level,
                         double coupling_loss_dB) {
  if (ce_level > 0) return modem.max_tx_power_dBm;
  return std::min(modem.max_tx_power_dBm,
                  network.nprach_target_received_power_dBm + coupling_loss_dB);
}

Link SelectLinkAtCeLevel(const ModemParams& modem, const NetworkParams& network,
                         double coupling_loss_dB, int ce_level) {
  if (ce_level < 0 || ce_level >= kNumCeLevels)
    throw std::out_of_range("CE level must be 0, 1 or 2");
  Link link;
  link.ce_level = ce_level;
  link.coupling_loss_dB = coupling_loss_dB;
  link.ce = &network.ce_levels[static_cast<std::size_t>(ce_level)];
  const UplinkPowerControl power{modem.max_tx_power_dBm, network.npusch_p0_dBm, network.npusch_alpha_frac};
  link.adapted = AdaptLink(network.link_budget, power, modem, coupling_loss_dB);
  link.times = TimesOf(link.adapted);
  link.times.uplink_gap_s_per_bit =
      UplinkGapTime_s(MaxUplinkTbsBits(modem.category) * link.times.uplink_s_per_bit) / MaxUplinkTbsBits(modem.category);
  const AcquisitionTimes acquisition =
      CellAcquisition(network.link_budget, network.system_information, link.adapted.npdsch.sinr_dB);
  link.times.cell_acquisition_s = acquisition.sync_receive_s + acquisition.mib_receive_s;
  link.times.system_information_receive_s = acquisition.system_information_receive_s;
  link.times.system_information_sleep_s = acquisition.system_information_sleep_s;
  link.npusch_tx_power_dBm = link.adapted.npusch.tx_power_dBm;
  link.nprach_tx_power_dBm = NprachTxPower_dBm(modem, network, ce_level, coupling_loss_dB);
  // Preamble retries after missed detections (random_access_attempts.hpp). Networks size the
  // repetitions so that the first attempt is all but always detected; the full chain of attempts
  // is only walked when it is not.
  const CeLevelParams& ce = *link.ce;
  const double first_detection = PreambleDetectionProbability(
      PreambleSnr_dB(network.link_budget, link.nprach_tx_power_dBm, coupling_loss_dB), ce.nprach_repetitions);
  if (1.0 - first_detection > kNegligibleMissedDetection_frac) {
    const RandomAccessAttempts attempts = ExpectedRandomAccessTotals(
        modem, network, network.random_access,
        RandomAccessConditions{coupling_loss_dB, ce_level, {}, kNegligibleRetryReach_frac});
    link.times.preamble_retry_s = attempts.expected_preamble_airtime_s - attempts.first_preamble_duration_s;
    link.times.random_access_retry_wait_s = attempts.expected_extra_wait_s;
  }
  link.npusch_tx_current_A = link.adapted.npusch.tx_current_A;
  link.nprach_tx_current_A = TxCurrent_A(modem, link.nprach_tx_power_dBm);
  link.harq_ack_tx_current_A = TxCurrent_A(modem, link.adapted.harq_ack_tx_power_dBm);
  return link;
}

double UplinkGapTime_s(double transmission_s) {
  // Whole 256 ms stretches followed by more transmission; the expected count is kept continuous
  // (like the repetitions it comes from) so that the energy stays continuous in coupling loss.
  const double excess_s = transmission_s - kUplinkGapEvery_s;
  return excess_s > 0.0 ? excess_s / kUplinkGapEvery_s * kUplinkGap_s : 0.0;
}

LinkTimes TimesOf(const AdaptedLink& link) {
  const double n = link.transmissions_per_block;
  return LinkTimes{.uplink_s_per_bit = n * link.npusch.time_per_bit_s,
                   .downlink_s_per_bit = n * link.npdsch.time_per_bit_s,
                   .grant_s = n * link.npdcch_repetitions * kNpdcchSubframe_s,
                   .harq_ack_s = n * link.harq_ack_time_s};
}

Link SelectLink(const ModemParams& modem, const NetworkParams& network, double coupling_loss_dB) {
  return SelectLinkAtCeLevel(modem, network, coupling_loss_dB,
                             CeLevelForCouplingLoss(network, coupling_loss_dB));
}

}  // namespace pb::models::radio::nbiot
