// The NB-IoT procedures of a mobile-originated report, as time in radio states.
//
// After PSM (TS 23.682 §4.5.4, TS 36.331, TS 36.321):
//   1. wake-up: the modem boots, synchronises on NPSS/NSSS and reads MIB-NB; SIB1-NB and the SI
//      messages only when its stored copy has expired (cell_acquisition.hpp);
//   2. random access (TS 36.321 §5.1): wait for the next NPRACH opportunity of the CE level,
//      send the preamble with the CE level's repetitions, receive the RAR (NPDCCH + NPDSCH),
//      send Msg3 (RRC connection request/resume), receive Msg4 and acknowledge it;
//   3. data: each message is carried in transport blocks; every uplink block needs an NPDCCH
//      grant, every downlink block an NPDCCH assignment, an NPDSCH and a HARQ-ACK on NPUSCH
//      format 2. With control-plane CIoT optimisation the first uplink message rides in Msg5.
//      When a downlink message answers an uplink one, the UE waits the server round trip in
//      connected mode;
//   4. release: with release assistance (RAI, TS 24.301 §9.9.4.25 / TS 36.321 Rel-14 BSR) the
//      network releases at once; otherwise the RRC inactivity timer runs in connected-mode DRX
//      before the release;
//   5. idle: paging occasions every DRX cycle, or eDRX cycles with a paging time window, for
//      the T3324 active time (or until the next event when PSM is off), then PSM.
//
// Every procedure adds to a ModemTally. Per-message radio-stack overhead is
// kRadioStackOverheadPerMessage_B (see below); header compression is not assumed.
#pragma once

#include "models/radio/nbiot/airtime.hpp"
#include "models/radio/nbiot/link.hpp"
#include "models/protocols/message.hpp"
#include "models/radio/modem_tally.hpp"

namespace pb::models::radio::nbiot {

// NAS ESM DATA TRANSPORT header 4 B (TS 24.301 §8.3.25) + PDCP header 1 B and MAC-I 4 B
// (TS 36.323 §6.2.2, SRB) + RLC AM header 2 B (TS 36.322 §6.2.1.4) + MAC subheader 2 B
// (TS 36.321 §6.1.2) = 13 B per message [D].
inline constexpr int kRadioStackOverheadPerMessage_B = 13;
// Msg3 carries 88 bits for NB-IoT (TS 36.213 §16.3.3: the Msg3 TBS is 88 bits) [V2].
inline constexpr int kMsg3_bits = 88;
// MAC RAR for NB-IoT: 1 B subheader + 6 B RAR (TS 36.321 §6.1.5, §6.2.3) [D].
inline constexpr int kRandomAccessResponse_bits = 7 * 8;
// Msg4: RRCConnectionSetup-NB / RRCConnectionResume-NB with the contention-resolution
// MAC CE (6 B); ~25 B in total is an assumption from typical ASN.1 encodings.
inline constexpr int kMsg4_bits = 25 * 8;
// RRCConnectionRelease-NB (~6 B) plus MAC/RLC/PDCP headers, assumption.
inline constexpr int kRrcRelease_bits = 12 * 8;
// Msg3 is sent at least 12 subframes after the end of the RAR's NPDSCH (TS 36.213 §16.3.3).
inline constexpr double kMsg3Delay_s = 12e-3;
// The UE finds the start of the RAR window 3 subframes after the preamble (TS 36.321 §5.1.4).
inline constexpr double kRarWindowOffset_s = 3e-3;
// NPDCCH search-space candidate duration is one subframe per repetition.
inline constexpr double kNpdcchSubframe_s = kSubframe_s;

// What the procedures run on. With `times` (a link at hand: a timeline) the phases whose time the
// link decides reach the tally's recorder with their durations; without it (a plan, for every
// coupling loss of a CE level) the tally keeps their amounts only, resolved later.
struct RadioContext {
  const ModemParams& modem;
  const NetworkParams& network;
  const Link& link;
  const LinkTimes* times = nullptr;
};

// Idle-mode paging configuration in effect for the device.
struct IdlePaging {
  double drx_cycle_s = 2.56;
  bool edrx = false;
  double edrx_cycle_s = 0.0;
  double ptw_s = 0.0;
};

// Transport blocks of a message: segmented at the largest TBS of the UE category (TS 36.306
// §4.1C). Coverage changes the rate of each block (link_adaptation.hpp), not how many there are:
// an approximation that keeps the count of grants and acknowledgements independent of the link.
double TransportBlocks(int bits, int max_tbs_bits);

// Boot, synchronisation and MIB-NB (cell_acquisition.hpp).
void WakeFromPsm(const RadioContext& ctx, ModemTally& tally);
// SIB1-NB and the SI messages, when the stored system information is no longer valid.
void ReadSystemInformation(const RadioContext& ctx, ModemTally& tally);
// A device already camped in idle DRX/eDRX only re-synchronises before access.
void WakeFromIdle(const RadioContext& ctx, ModemTally& tally);
// The wake-up before an access: from PSM when the device sleeps in PSM, else from idle.
void Wake(const RadioContext& ctx, bool from_psm, ModemTally& tally);
void RandomAccess(const RadioContext& ctx, ModemTally& tally);
// Carries the messages in order, waiting the server round trip before each downlink message
// that follows an uplink one.
void TransferMessages(const RadioContext& ctx, const models::protocols::MessageSequence& messages, ModemTally& tally);
void UplinkMessage(const RadioContext& ctx, int size_B, ModemTally& tally);
void DownlinkMessage(const RadioContext& ctx, int size_B, ModemTally& tally);
void WaitForServer(const RadioContext& ctx, ModemTally& tally);
// RRCConnectionRelease received at once (release assistance honoured, or after a TAU).
void ImmediateRelease(const RadioContext& ctx, ModemTally& tally);
// The network's inactivity timer in connected-mode DRX, then the release.
void InactivityTail(const RadioContext& ctx, ModemTally& tally);
// Paging monitoring in RRC idle for duration_s.
void IdleMonitoring(const RadioContext& ctx, const IdlePaging& paging, double duration_s,
                    ModemTally& tally);
// Time awake for one paging occasion at the link's CE level.
double PagingOccasionTime_s(const RadioContext& ctx);

}  // namespace pb::models::radio::nbiot
