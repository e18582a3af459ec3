// The cell's side of a device's procedures: how much of each physical channel one exchange
// occupies. This walks the same steps as models/radio/nbiot/procedures.cpp with the same link
// (the device's adapted link: time per bit, per grant, per acknowledgement, retransmissions
// included; models/radio/nbiot/link.hpp), the same transport-block segmentation and the same
// message sizes and constants, so the cell model and the energy model are one model: what a device
// spends transmitting on NPUSCH and NPRACH here equals the transmit time of its ModemTally, and
// what it spends receiving on NPDCCH/NPDSCH equals its receive time less synchronisation and
// search-space monitoring (tests/cell/test_cell_channel_use.cpp checks both on every bundled
// network).
//
// Counting (TS 36.211 §10): a downlink subframe carries either NPDCCH or NPDSCH for one device
// (aggregation level 2 in coverage enhancement; a DCI with R repetitions occupies R subframes);
// NPUSCH is counted as bandwidth × time (tones × subcarrier spacing × airtime), HARQ-ACK
// (format 2) as one 15 kHz tone. Scheduling gaps, search-space waits and the server round trip
// occupy no resource.
#pragma once

#include "models/protocols/message.hpp"
#include "models/radio/nbiot/airtime.hpp"
#include "models/radio/nbiot/link.hpp"

namespace pb::engine::cell {

struct ChannelUse {
  double npdcch_s = 0.0;     // downlink carrier time on NPDCCH
  double npdsch_s = 0.0;     // downlink carrier time on NPDSCH
  double npusch_s = 0.0;     // the device's NPUSCH airtime (data, Msg3, HARQ-ACK)
  double npusch_Hz_s = 0.0;  // NPUSCH bandwidth × time
  double nprach_s = 0.0;     // the device's preamble airtime
  double preambles = 0.0;    // random-access attempts

  double downlink_s() const { return npdcch_s + npdsch_s; }
  void Add(const ChannelUse& other);
  void AddScaled(const ChannelUse& other, double factor);
};

// A device's link as the procedures see it.
struct CellLink {
  const models::radio::nbiot::Link& link;
  models::radio::nbiot::UeCategory category;
};

// One preamble attempt with the RAR that answers it (what a retried attempt costs the cell).
ChannelUse PreambleAndRarUse(const CellLink& link);
// The whole random-access procedure of models::radio::nbiot::RandomAccess: preamble, RAR, Msg3, Msg4.
ChannelUse RandomAccessUse(const CellLink& link);
ChannelUse UplinkMessageUse(const CellLink& link, int size_B);
ChannelUse DownlinkMessageUse(const CellLink& link, int size_B);
ChannelUse MessagesUse(const CellLink& link, const models::protocols::MessageSequence& messages);
// RRCConnectionRelease (models::radio::nbiot::ImmediateRelease; the inactivity tail occupies no resource).
ChannelUse ReleaseUse(const CellLink& link);
// Random access, the messages, the release: one connection as engine/device_plan.cpp builds it.
ChannelUse ConnectionUse(const CellLink& link, const models::protocols::MessageSequence& messages);

// Downlink carrier time of a broadcast of size_B (SC-PTM: NPDCCH + NPDSCH per transport block,
// no HARQ-ACK), and the shortest time it can take: one transport block per NPDCCH-gap-NPDSCH
// cycle (TS 36.213 §16.4.1).
struct BroadcastUse {
  double downlink_s = 0.0;
  double min_duration_s = 0.0;
};
BroadcastUse MulticastUse(const CellLink& link, int size_B, double scheduling_gap_s);

}  // namespace pb::engine::cell
