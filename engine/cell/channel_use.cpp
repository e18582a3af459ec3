#include "engine/cell/channel_use.hpp"

#include "models/radio/nbiot/procedures.hpp"
#include "models/units.hpp"

namespace pb::engine::cell {
namespace nbiot = models::radio::nbiot;

namespace {

// NPUSCH airtime of a transfer and the bandwidth it occupies.
void AddUplinkAirtime(double airtime_s, double tones, double spacing_kHz, ChannelUse& use) {
  use.npusch_s += airtime_s;
  use.npusch_Hz_s += airtime_s * tones * spacing_kHz * units::kHertzPerKilohertz;
}

void AddUplinkData(const CellLink& link, int bits, ChannelUse& use) {
  const nbiot::AdaptedChannel& ul = link.link.adapted.npusch;
  AddUplinkAirtime(bits * link.link.times.uplink_s_per_bit, ul.subcarriers, ul.subcarrier_spacing_kHz, use);
}

// As models' DownlinkBlocks: per transport block an NPDCCH assignment, the NPDSCH, a HARQ-ACK.
void AddDownlinkBlocks(const CellLink& link, int bits, ChannelUse& use) {
  const double blocks = nbiot::TransportBlocks(bits, nbiot::MaxDownlinkTbsBits(link.category));
  use.npdcch_s += blocks * link.link.times.grant_s;
  use.npdsch_s += bits * link.link.times.downlink_s_per_bit;
  AddUplinkAirtime(blocks * link.link.times.harq_ack_s, 1, 15.0, use);  // NPUSCH format 2 is single-tone
}

// As models' UplinkBlocks: per transport block an NPDCCH grant, then the NPUSCH.
void AddUplinkBlocks(const CellLink& link, int bits, ChannelUse& use) {
  const double blocks = nbiot::TransportBlocks(bits, nbiot::MaxUplinkTbsBits(link.category));
  use.npdcch_s += blocks * link.link.times.grant_s;
  AddUplinkData(link, bits, use);
}

int MessageBits(int size_B) { return (size_B + models::radio::nbiot::kRadioStackOverheadPerMessage_B) * units::kBitsPerByte; }

}  // namespace

void ChannelUse::Add(const ChannelUse& other) { AddScaled(other, 1.0); }

void ChannelUse::AddScaled(const ChannelUse& o, double factor) {
  npdcch_s += factor * o.npdcch_s;
  npdsch_s += factor * o.npdsch_s;
  npusch_s += factor * o.npusch_s;
  npusch_Hz_s += factor * o.npusch_Hz_s;
  nprach_s += factor * o.nprach_s;
  preambles += factor * o.preambles;
}

ChannelUse PreambleAndRarUse(const CellLink& link) {
  ChannelUse use;
  use.preambles = 1.0;
  const nbiot::CeLevelParams& ce = *link.link.ce;
  // The retries after missed detections occupy the NPRACH too (random_access_attempts.hpp).
  use.nprach_s = nbiot::NprachPreambleDuration_s(ce.nprach_preamble_format, ce.nprach_repetitions) +
                 link.link.times.preamble_retry_s;
  use.npdcch_s = link.link.times.grant_s;
  use.npdsch_s = nbiot::kRandomAccessResponse_bits * link.link.times.downlink_s_per_bit;
  return use;
}

ChannelUse RandomAccessUse(const CellLink& link) {
  ChannelUse use = PreambleAndRarUse(link);
  // Msg3 is one NPUSCH transfer granted by the RAR itself (no NPDCCH of its own).
  AddUplinkData(link, nbiot::kMsg3_bits, use);
  AddDownlinkBlocks(link, models::radio::nbiot::kMsg4_bits, use);
  return use;
}

ChannelUse UplinkMessageUse(const CellLink& link, int size_B) {
  ChannelUse use;
  AddUplinkBlocks(link, MessageBits(size_B), use);
  return use;
}

ChannelUse DownlinkMessageUse(const CellLink& link, int size_B) {
  ChannelUse use;
  AddDownlinkBlocks(link, MessageBits(size_B), use);
  return use;
}

ChannelUse MessagesUse(const CellLink& link, const models::protocols::MessageSequence& messages) {
  ChannelUse use;
  for (const models::protocols::Message& m : messages)
    use.Add(m.direction == models::protocols::Direction::kUplink ? UplinkMessageUse(link, m.size_B)
                                                      : DownlinkMessageUse(link, m.size_B));
  return use;
}

ChannelUse ReleaseUse(const CellLink& link) {
  ChannelUse use;
  AddDownlinkBlocks(link, models::radio::nbiot::kRrcRelease_bits, use);
  return use;
}

ChannelUse ConnectionUse(const CellLink& link, const models::protocols::MessageSequence& messages) {
  ChannelUse use = RandomAccessUse(link);
  use.Add(MessagesUse(link, messages));
  use.Add(ReleaseUse(link));
  return use;
}

BroadcastUse MulticastUse(const CellLink& link, int size_B, double scheduling_gap_s) {
  // A broadcast has no HARQ: one transmission per block at the link's rate and repetitions.
  const int bits = MessageBits(size_B);
  const double blocks = nbiot::TransportBlocks(bits, nbiot::MaxDownlinkTbsBits(link.category));
  const nbiot::AdaptedLink& a = link.link.adapted;
  const double npdcch_s = blocks * a.npdcch_repetitions * nbiot::kNpdcchSubframe_s;
  const double npdsch_s = bits * a.npdsch.time_per_bit_s;
  return BroadcastUse{npdcch_s + npdsch_s, npdcch_s + blocks * scheduling_gap_s + npdsch_s};
}

}  // namespace pb::engine::cell
