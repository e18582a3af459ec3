#include "engine/cell/carrier.hpp"

#include <stdexcept>
#include <string>

#include "models/radio/nbiot/airtime.hpp"
#include "models/units.hpp"

namespace pb::engine::cell {

double AnchorOverheadSubframes_per_s(const CarrierParams& carrier) {
  const double sib1_per_s = kSib1SubframesPerRepetition * carrier.sib1_repetitions / kSib1Period_s;
  return kNpbchSubframesPerSecond + kNpssSubframesPerSecond + kNsssSubframesPerSecond + sib1_per_s +
         carrier.other_system_information_subframes_per_s;
}

double AvailableDownlinkSubframes_per_s(const CarrierParams& carrier) {
  const double available = kSubframesPerSecond - AnchorOverheadSubframes_per_s(carrier);
  if (available <= 0.0) throw std::invalid_argument("the anchor carrier's overhead leaves no downlink subframes");
  return available;
}

double NprachReservation_Hz(const CarrierParams& carrier, const models::radio::nbiot::CeLevelParams& ce, int ce_level) {
  const double occupied_s = models::radio::nbiot::NprachPreambleDuration_s(ce.nprach_preamble_format, ce.nprach_repetitions);
  const double duty_frac = occupied_s / ce.nprach_periodicity_s;
  if (duty_frac > 1.0)
    throw std::invalid_argument("CE level " + std::to_string(ce_level) + ": an NPRACH attempt (" +
                                std::to_string(units::to_ms(occupied_s)) + " ms) is longer than the NPRACH period");
  return carrier.nprach_subcarriers[static_cast<std::size_t>(ce_level)] * kNprachSubcarrierSpacing_Hz * duty_frac;
}

double AvailableUplink_Hz(const CarrierParams& carrier, const models::radio::nbiot::NetworkParams& network) {
  double reserved_Hz = 0.0;
  for (int c = 0; c < models::radio::nbiot::kNumCeLevels; ++c)
    reserved_Hz += NprachReservation_Hz(carrier, network.ce_levels[static_cast<std::size_t>(c)], c);
  if (reserved_Hz >= kCarrierBandwidth_Hz) throw std::invalid_argument("NPRACH reserves the whole uplink");
  return kCarrierBandwidth_Hz - reserved_Hz;
}

}  // namespace pb::engine::cell
