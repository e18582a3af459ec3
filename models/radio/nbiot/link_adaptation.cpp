#include "models/radio/nbiot/link_adaptation.hpp"

#include "models/units.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

namespace pb::models::radio::nbiot {
namespace {

// HARQ-ACK (NPUSCH format 2) on one 15 kHz tone (TS 36.211 §10.1.2).
constexpr double kSingleToneSpacing_kHz = 15.0;
constexpr double kSingleTone_Hz = kSingleToneSpacing_kHz * units::kHertzPerKilohertz;

// ln(10)/10: 10^(x/10) = e^(x·ln(10)/10), and exp is cheaper than pow.
constexpr double kNepersPerDecibelPower = 0.23025850929940457;
double DbToLinear(double dB) { return std::exp(dB * kNepersPerDecibelPower); }
double LinearToDb(double x) { return 10.0 * std::log10(x); }

// The fastest and the most robust format of a channel, as information bits per second of one
// transmission: the TBS tables' extremes within the category's limit.
struct RateRange {
  double min_bps;
  double max_bps;
};

RateRange ComputeUplinkRates(UeCategory category, int subcarriers, double spacing_kHz) {
  const double ru_s = ResourceUnitDuration_s(subcarriers, spacing_kHz);
  const int max_itbs = subcarriers == 1 ? 10 : (category == UeCategory::kNB1 ? 12 : kMaxItbs);
  const int limit_bits = MaxUplinkTbsBits(category);
  double max_bps = 0.0;
  for (int itbs = 0; itbs <= max_itbs; ++itbs)
    for (int iru = 0; iru < kNumIru; ++iru) {
      const int tbs = NpuschTbsBits(itbs, iru);
      if (tbs <= limit_bits) max_bps = std::max(max_bps, tbs / (ResourceUnitsForIru(iru) * ru_s));
    }
  const double min_bps = NpuschTbsBits(0, kNumIru - 1) / (ResourceUnitsForIru(kNumIru - 1) * ru_s);
  return {min_bps, max_bps};
}

RateRange ComputeDownlinkRates(UeCategory category, Deployment deployment) {
  const int max_itbs = category == UeCategory::kNB2 ? kMaxItbs : deployment == Deployment::kInBand ? 10 : 12;
  const int limit_bits = MaxDownlinkTbsBits(category);
  double max_bps = 0.0;
  for (int itbs = 0; itbs <= max_itbs; ++itbs)
    for (int isf = 0; isf < kNumIsf; ++isf) {
      const int tbs = NpdschTbsBits(itbs, isf);
      if (tbs <= limit_bits) max_bps = std::max(max_bps, tbs / (SubframesForIsf(isf) * kSubframe_s));
    }
  const double min_bps = NpdschTbsBits(0, kNumIsf - 1) / (SubframesForIsf(kNumIsf - 1) * kSubframe_s);
  return {min_bps, max_bps};
}

// The TBS tables do not change: their extremes are computed once per category and configuration
// (a budget evaluation adapts the link millions of times a second).
constexpr std::array<std::pair<int, double>, 5> kToneConfigs{{{1, 3.75}, {1, 15.0}, {3, 15.0}, {6, 15.0}, {12, 15.0}}};

const RateRange& UplinkRates(UeCategory category, std::size_t config) {
  static const auto table = [] {
    std::array<std::array<RateRange, kToneConfigs.size()>, 2> t{};
    for (std::size_t c = 0; c < 2; ++c)
      for (std::size_t i = 0; i < kToneConfigs.size(); ++i)
        t[c][i] = ComputeUplinkRates(c == 0 ? UeCategory::kNB1 : UeCategory::kNB2, kToneConfigs[i].first,
                                     kToneConfigs[i].second);
    return t;
  }();
  return table[category == UeCategory::kNB1 ? 0 : 1][config];
}

RateRange DownlinkRates(UeCategory category, Deployment deployment, double resource_share_frac) {
  static const auto table = [] {
    std::array<std::array<RateRange, 2>, 2> t{};  // [category][in-band]
    for (std::size_t c = 0; c < 2; ++c)
      for (std::size_t b = 0; b < 2; ++b)
        t[c][b] = ComputeDownlinkRates(c == 0 ? UeCategory::kNB1 : UeCategory::kNB2,
                                       b == 1 ? Deployment::kInBand : Deployment::kStandalone);
    return t;
  }();
  const RateRange& r = table[category == UeCategory::kNB1 ? 0 : 1][deployment == Deployment::kInBand ? 1 : 0];
  // Subframes NPDSCH cannot use stretch the time a block occupies.
  return {r.min_bps * resource_share_frac, r.max_bps * resource_share_frac};
}

// A channel described by its modified-Shannon constants and the range of its formats' rates.
struct ChannelFit {
  double bandwidth_Hz;
  double bandwidth_efficiency;
  double snr_efficiency;
  RateRange rates;
};

// SNR one transmission at rate_bps needs on a channel (the inverse of the Shannon fit).
double RequiredSnr_dB(const ChannelFit& fit, double rate_bps) {
  return LinearToDb(fit.snr_efficiency * (std::exp2(rate_bps / (fit.bandwidth_Hz * fit.bandwidth_efficiency)) - 1.0));
}

// A channel with the SINRs at which its slowest and its fastest format become usable: between
// them the rate follows the Shannon fit, below the slowest is repeated, above the fastest is
// used as it is. The thresholds are the fit's logarithms computed once, not per evaluation.
struct AdaptableChannel {
  ChannelFit fit;
  double slowest_required_dB;
  double fastest_required_dB;
};
AdaptableChannel Adaptable(const ChannelFit& fit) {
  return {fit, RequiredSnr_dB(fit, fit.rates.min_bps), RequiredSnr_dB(fit, fit.rates.max_bps)};
}

// Rate and repetitions at an SINR.
AdaptedChannel Adapt(double sinr_dB, const AdaptableChannel& channel) {
  const ChannelFit& fit = channel.fit;
  AdaptedChannel c;
  c.sinr_dB = sinr_dB;
  if (sinr_dB >= channel.fastest_required_dB) {
    c.rate_bps = fit.rates.max_bps;
  } else if (sinr_dB >= channel.slowest_required_dB) {
    c.rate_bps = fit.bandwidth_Hz * fit.bandwidth_efficiency * std::log2(1.0 + DbToLinear(sinr_dB) / fit.snr_efficiency);
  } else {
    // The most robust format, repeated until its required SNR is met.
    c.rate_bps = fit.rates.min_bps;
    c.repetitions = RepetitionsNeeded(channel.slowest_required_dB, sinr_dB);
  }
  c.time_per_bit_s = c.repetitions / c.rate_bps;
  return c;
}

// 10·log10(M) of the open-loop power control: M = 1/4 for 3.75 kHz, the tone count at 15 kHz.
double BandwidthFactor_dB(int subcarriers, double spacing_kHz) {
  return LinearToDb(spacing_kHz < 15.0 ? 0.25 : static_cast<double>(subcarriers));
}

double UplinkPower_dBm(const UplinkPowerControl& power, double bandwidth_factor_dB, double coupling_loss_dB) {
  return std::min(power.max_tx_power_dBm, bandwidth_factor_dB + power.p0_dBm + power.alpha_frac * coupling_loss_dB);
}

// Per tone configuration, the logarithms that do not depend on the link (computed once: the
// budget adapts the link millions of times a second).
struct ToneConfigConstants {
  double bandwidth_dB;         // 10·log10(bandwidth)
  double bandwidth_factor_dB;  // 10·log10(M)
  std::array<AdaptableChannel, 2> channel;  // [NB1, NB2]
};
const std::array<ToneConfigConstants, kToneConfigs.size()>& ToneConstants() {
  static const auto table = [] {
    std::array<ToneConfigConstants, kToneConfigs.size()> t{};
    for (std::size_t i = 0; i < kToneConfigs.size(); ++i) {
      const auto [subcarriers, spacing_kHz] = kToneConfigs[i];
      const double bandwidth_Hz = subcarriers * spacing_kHz * units::kHertzPerKilohertz;
      const bool single = subcarriers == 1;
      t[i].bandwidth_dB = LinearToDb(bandwidth_Hz);
      t[i].bandwidth_factor_dB = BandwidthFactor_dB(subcarriers, spacing_kHz);
      for (std::size_t c = 0; c < 2; ++c)
        t[i].channel[c] = Adaptable(
            {bandwidth_Hz, single ? kNpuschSingleToneBandwidthEfficiency : kNpuschMultiToneBandwidthEfficiency,
             single ? kNpuschSingleToneSnrEfficiency : kNpuschMultiToneSnrEfficiency,
             UplinkRates(c == 0 ? UeCategory::kNB1 : UeCategory::kNB2, i)});
    }
    return t;
  }();
  return table;
}

// The NPDSCH channel of a category, deployment and downlink resource share. These are the
// network's, so the last one asked for is kept per thread (a sweep evaluates one network at
// many coupling losses).
const AdaptableChannel& DownlinkChannel(UeCategory category, Deployment deployment, double resource_share_frac) {
  struct Last {
    UeCategory category = UeCategory::kNB1;
    Deployment deployment = Deployment::kStandalone;
    double resource_share_frac = -1.0;
    AdaptableChannel channel{};
  };
  thread_local Last last;
  if (last.category != category || last.deployment != deployment || last.resource_share_frac != resource_share_frac) {
    last = {category, deployment, resource_share_frac,
            Adaptable({kNbiotCarrierBandwidth_Hz, kNpdschBandwidthEfficiency, kNpdschSnrEfficiency,
                       DownlinkRates(category, deployment, resource_share_frac)})};
  }
  return last.channel;
}

// The SNR a DCI needs at a downlink resource share (one NPDCCH subframe per repetition: kDciBits
// per 1 ms of the PRB), kept for the last share per thread like the channel above.
double DciRequiredSnr_dB(double resource_share_frac) {
  struct Last {
    double resource_share_frac = -1.0;
    double required_dB = 0.0;
  };
  thread_local Last last;
  if (last.resource_share_frac != resource_share_frac) {
    const double dci_rate_bps = kDciBits / kSubframe_s * resource_share_frac;
    last = {resource_share_frac, RequiredSnr_dB({kNbiotCarrierBandwidth_Hz, kNpdschBandwidthEfficiency,
                                                 kNpdschSnrEfficiency, {dci_rate_bps, dci_rate_bps}},
                                                dci_rate_bps)};
  }
  return last.required_dB;
}

}  // namespace

double RepetitionsNeeded(double required_snr_dB, double sinr_dB) {
  if (sinr_dB >= required_snr_dB) return 1.0;
  return DbToLinear((required_snr_dB - sinr_dB) / kRepetitionCombiningExponent);
}

double DownlinkRequiredSnr_dB(double bits, int subframes) {
  const double rate_bps = bits / (subframes * kSubframe_s);
  return RequiredSnr_dB({kNbiotCarrierBandwidth_Hz, kNpdschBandwidthEfficiency, kNpdschSnrEfficiency, {rate_bps, rate_bps}},
                        rate_bps);
}

double NoisePower_dBm(double bandwidth_Hz, double noise_figure_dB, double interference_margin_dB) {
  return kThermalNoiseDensity_dBmPerHz + LinearToDb(bandwidth_Hz) + noise_figure_dB + interference_margin_dB;
}

AdaptedChannel AdaptUplink(const LinkBudgetParams& budget, const UplinkPowerControl& power, const ModemParams& modem,
                           double coupling_loss_dB) {
  // TS 36.211 §10.1.2: 3.75 kHz single tone, 15 kHz with 1, 3, 6 or 12 tones.
  AdaptedChannel best;
  double best_charge_per_bit_C = std::numeric_limits<double>::infinity();
  const std::size_t category = modem.category == UeCategory::kNB1 ? 0 : 1;
  const auto& constants = ToneConstants();
  // Configurations often share a power (all at P_CMAX in deep coverage): the current is looked
  // up once per power.
  double current_power_dBm = std::numeric_limits<double>::quiet_NaN();
  double current_A = 0.0;
  for (std::size_t i = 0; i < kToneConfigs.size(); ++i) {
    const ToneConfigConstants& k = constants[i];
    const double p_dBm = UplinkPower_dBm(power, k.bandwidth_factor_dB, coupling_loss_dB);
    const double sinr_dB = p_dBm - coupling_loss_dB - (kThermalNoiseDensity_dBmPerHz + k.bandwidth_dB +
                                                       budget.enb_noise_figure_dB + budget.uplink_interference_margin_dB);
    AdaptedChannel c = Adapt(sinr_dB, k.channel[category]);
    c.subcarriers = kToneConfigs[i].first;
    c.subcarrier_spacing_kHz = kToneConfigs[i].second;
    c.tx_power_dBm = p_dBm;
    if (p_dBm != current_power_dBm) {
      current_power_dBm = p_dBm;
      current_A = TxCurrent_A(modem, p_dBm);
    }
    c.tx_current_A = current_A;
    const double charge_per_bit_C = current_A * c.time_per_bit_s;
    if (charge_per_bit_C < best_charge_per_bit_C) {
      best = c;
      best_charge_per_bit_C = charge_per_bit_C;
    }
  }
  return best;
}

AdaptedChannel AdaptDownlink(const LinkBudgetParams& budget, UeCategory category, double coupling_loss_dB) {
  static const double carrier_bandwidth_dB = LinearToDb(kNbiotCarrierBandwidth_Hz);
  const double sinr_dB = budget.enb_tx_power_dBm - coupling_loss_dB -
                         (kThermalNoiseDensity_dBmPerHz + carrier_bandwidth_dB + budget.ue_noise_figure_dB +
                          budget.downlink_interference_margin_dB);
  return Adapt(sinr_dB, DownlinkChannel(category, budget.deployment, budget.downlink_resource_share_frac));
}

AdaptedLink AdaptLink(const LinkBudgetParams& budget, const UplinkPowerControl& power, const ModemParams& modem,
                      double coupling_loss_dB) {
  AdaptedLink link;
  link.npusch = AdaptUplink(budget, power, modem, coupling_loss_dB);
  link.npdsch = AdaptDownlink(budget, modem.category, coupling_loss_dB);
  link.npdcch_repetitions = RepetitionsNeeded(DciRequiredSnr_dB(budget.downlink_resource_share_frac), link.npdsch.sinr_dB);
  // HARQ-ACK: one bit per 15 kHz single-tone resource unit of 2 ms at full power (the UE sends
  // format 2 with the power of a single tone, TS 36.213 §16.2.1.1.1).
  const double ack_ru_s = HarqAckDuration_s(kSingleToneSpacing_kHz, 1);
  static_assert(kToneConfigs[1].first == 1 && kToneConfigs[1].second == kSingleToneSpacing_kHz);
  const ToneConfigConstants& single_tone = ToneConstants()[1];
  const double ack_power_dBm = UplinkPower_dBm(power, single_tone.bandwidth_factor_dB, coupling_loss_dB);
  const double ack_sinr_dB = ack_power_dBm - coupling_loss_dB -
                             (kThermalNoiseDensity_dBmPerHz + single_tone.bandwidth_dB + budget.enb_noise_figure_dB +
                              budget.uplink_interference_margin_dB);
  static const double ack_required_dB = LinearToDb(
      kNpuschSingleToneSnrEfficiency * (std::exp2(kHarqAckBits / ack_ru_s / (kSingleTone_Hz * kNpuschSingleToneBandwidthEfficiency)) - 1.0));
  link.harq_ack_time_s = ack_ru_s * RepetitionsNeeded(ack_required_dB, ack_sinr_dB);
  link.harq_ack_tx_power_dBm = ack_power_dBm;
  link.transmissions_per_block = 1.0 / (1.0 - budget.target_bler_frac);
  return link;
}

}  // namespace pb::models::radio::nbiot
