#include "engine/cell/channel_use.hpp"

#include "models/radio/nbiot/procedures.hpp"
#include "models/units.hpp"

namespace pb::engine::cell {
namespace nbiot = models::radio::nbiot;

namespace {

constexpr double kHzPerKHz = 1e3;

models::radio::nbiot::UplinkLink UplinkOf(const CellLink& link) {
  return models::radio::nbiot::UplinkLink{link.ce.npusch_subcarriers, link.ce.npusch_subcarrier_spacing_kHz, link.ce.npusch_itbs,
                           link.ce.npusch_repetitions, link.category};
}

models::radio::nbiot::DownlinkLink DownlinkOf(const CellLink& link) {
  return models::radio::nbiot::DownlinkLink{link.ce.npdsch_itbs, link.ce.npdsch_repetitions, link.category};
}

double NpdcchPerDci_s(const CellLink& link) { return link.ce.npdcch_repetitions * models::radio::nbiot::kNpdcchSubframe_s; }

// NPUSCH airtime of a transfer and the bandwidth it occupies.
void AddUplinkAirtime(const CellLink& link, double airtime_s, int tones, ChannelUse& use) {
  use.npusch_s += airtime_s;
  use.npusch_Hz_s += airtime_s * tones * link.ce.npusch_subcarrier_spacing_kHz * kHzPerKHz;
}

// As models' DownlinkBlocks: per transport block an NPDCCH assignment, the NPDSCH, a HARQ-ACK.
void AddDownlinkBlocks(const CellLink& link, int bits, ChannelUse& use) {
  const models::radio::nbiot::Transfer transfer = models::radio::nbiot::DownlinkTransfer(bits, DownlinkOf(link));
  use.npdcch_s += transfer.transport_blocks * NpdcchPerDci_s(link);
  use.npdsch_s += transfer.airtime_s;
  const double ack_s = models::radio::nbiot::HarqAckDuration_s(link.ce.npusch_subcarrier_spacing_kHz, link.ce.harq_ack_repetitions);
  AddUplinkAirtime(link, transfer.transport_blocks * ack_s, 1, use);  // NPUSCH format 2 is single-tone
}

// As models' UplinkBlocks: per transport block an NPDCCH grant, then the NPUSCH.
void AddUplinkBlocks(const CellLink& link, int bits, ChannelUse& use) {
  const models::radio::nbiot::Transfer transfer = models::radio::nbiot::UplinkTransfer(bits, UplinkOf(link));
  use.npdcch_s += transfer.transport_blocks * NpdcchPerDci_s(link);
  AddUplinkAirtime(link, transfer.airtime_s, link.ce.npusch_subcarriers, use);
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
  use.nprach_s = models::radio::nbiot::NprachPreambleDuration_s(link.ce.nprach_preamble_format, link.ce.nprach_repetitions);
  use.npdcch_s = NpdcchPerDci_s(link);
  use.npdsch_s = models::radio::nbiot::DownlinkTransfer(models::radio::nbiot::kRandomAccessResponse_bits, DownlinkOf(link)).airtime_s;
  return use;
}

ChannelUse RandomAccessUse(const CellLink& link) {
  ChannelUse use = PreambleAndRarUse(link);
  // Msg3 is one NPUSCH transfer granted by the RAR itself (no NPDCCH of its own).
  AddUplinkAirtime(link, models::radio::nbiot::UplinkTransfer(models::radio::nbiot::kMsg3_bits, UplinkOf(link)).airtime_s,
                   link.ce.npusch_subcarriers, use);
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
  const models::radio::nbiot::Transfer transfer = models::radio::nbiot::DownlinkTransfer(MessageBits(size_B), DownlinkOf(link));
  const double npdcch_s = transfer.transport_blocks * NpdcchPerDci_s(link);
  return BroadcastUse{npdcch_s + transfer.airtime_s,
                      npdcch_s + transfer.transport_blocks * scheduling_gap_s + transfer.airtime_s};
}

}  // namespace pb::engine::cell
