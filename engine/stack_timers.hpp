// The protocol stack's retransmission timers against the latency of the device's NB-IoT link.
//
// A CoAP client or a DTLS peer that sends a message and waits for its answer retransmits when a
// timer expires first. The timers are set for the Internet (seconds); in deep NB-IoT coverage
// one request/response takes longer than that, so the stack retransmits although nothing was
// lost: the retransmission costs air time and battery, and the peer answers each duplicate
// again. This analysis computes, for each exchange of a modelled LwM2M/DTLS device, the latency
// of one request/response on its link and counts the timer expiries before the answer arrives.
//
// Latency of one exchange: the first message on the link (each block with its search-space wait,
// grant, scheduling gaps and HARQ retransmissions at the target BLER), the peer's processing, the
// server round trip (network.server_rtt_s) and the answer on the link — built with the report's
// own procedures (models/radio/nbiot/procedures.hpp) on the device's link (DeviceLink), resolved
// to time. The device is in RRC connected throughout; the wake-up and random access of the first
// exchange of a connection are not counted (an application timer started before the modem has
// connected would see them too). The procedures end each message with its last scheduling delay
// and, downlink, the last block's HARQ-ACK: the latency counts those few milliseconds (tens at
// CE level 2) more than the answer's arrival.
//
// Timers (defaults: the RFC values; the device profile does not carry stack timers):
// - CoAP confirmable message (RFC 7252 §4.2, §4.8): the first timeout T0 is uniform in
//   [ACK_TIMEOUT, ACK_TIMEOUT·ACK_RANDOM_FACTOR] = [2 s, 3 s], then doubles; retransmission k
//   (1..MAX_RETRANSMIT = 4) leaves at T0·(2^k − 1). With latency L the expected number of
//   spurious retransmissions is Σ_k P(T0·(2^k − 1) < L); the client gives up when
//   T0·(2^(MAX_RETRANSMIT+1) − 1) < L (MAX_TRANSMIT_WAIT, 93 s at the defaults).
// - DTLS handshake flights: the sender of a flight that expects an answer starts a timer,
//   doubled at each expiry up to a cap of no less than 60 s (RFC 6347 §4.2.4.1, RFC 9147
//   §5.8.2); retransmission k leaves at the sum of the first k timer values. Deterministic, so
//   the count is the number of those sums below L. The initial value is 9 s, the recommendation
//   of the TLS/DTLS profile for the Internet of Things (RFC 7925 §11: "an initial timer value of
//   9 seconds with exponential back off up to no less than 60 seconds"; kept for DTLS 1.3 by
//   draft-ietf-uta-tls13-iot-profile), written for constrained devices like these. The general
//   Internet value of RFC 6347 §4.2.4.1 and RFC 9147 §5.8.2 is 1 s: with it the mast monitor's
//   full handshake is flagged from 120 dB on (the server waits 1.7 s for the device's
//   key-exchange flight, 0.3 s of it the device's ECDHE/ECDSA). Both peers run a timer: the
//   client for its ClientHello and key-exchange flights, the server for its ServerHello flight
//   (RFC 6347 §4.2.4: every flight but the last of the handshake). A HelloVerifyRequest /
//   HelloRetryRequest with a cookie is sent statelessly and never retransmitted (RFC 6347
//   §4.2.1, RFC 9147 §5.1).
//
// What a spurious retransmission costs the device (battery energy, TallyBatteryEnergy_J):
// - CoAP: the request again on the uplink, and the server's answer to the duplicate on the
//   downlink (RFC 7252 §4.5: a duplicate confirmable message is acknowledged, a piggybacked
//   response sent, again);
// - a client DTLS flight: the flight again, and the server's last flight again (RFC 6347
//   §4.2.4: a peer that receives a retransmitted flight retransmits its own last flight);
// - a server DTLS flight: the device receives it again.
// Approximations: the duplicates do not delay the original exchange (the link is shared in
// time, so in truth they do); the client's answer to a duplicate server flight it has already
// answered is not counted.
//
// Covered: the lwm2m_dtls stack (report, LwM2M Update and Register, FOTA Block2 GET, full and
// resumed DTLS handshakes). Not covered: the mqtt_tls stack (TCP estimates the round trip and
// adapts its retransmission timeout, RFC 6298) and the udp stack (no standard timer).
#pragma once

#include <string>
#include <vector>

#include "engine/device_profile.hpp"

namespace pb::engine {

// The stack's timers. Defaults are the RFCs' recommended values (the device profile has no
// field for them yet).
struct StackTimerSettings {
  double coap_ack_timeout_s = 2.0;          // ACK_TIMEOUT, RFC 7252 §4.8
  double coap_ack_random_factor = 1.5;      // ACK_RANDOM_FACTOR, RFC 7252 §4.8
  int coap_max_retransmit = 4;              // MAX_RETRANSMIT, RFC 7252 §4.8
  double dtls_client_initial_timer_s = 9.0;  // RFC 7925 §11 (IoT profile; RFC 6347 §4.2.4.1: 1 s)
  double dtls_server_initial_timer_s = 9.0;  // the server's, same recommendation
  double dtls_max_timer_s = 60.0;           // RFC 7925 §11 / RFC 6347 §4.2.4.1: no less than 60 s (RFC 6298)
  // Throws std::invalid_argument naming the setting (timers > 0, factor >= 1, 0..20 retransmits).
  void Validate() const;
  bool operator==(const StackTimerSettings&) const = default;
};

enum class StackTimer { kCoapAckTimeout, kDtlsClientRetransmission, kDtlsServerRetransmission };
// Stable ids (docs/json-output.md): coap_ack_timeout, dtls_client_retransmission,
// dtls_server_retransmission.
const char* StackTimerId(StackTimer timer);

// One message that waits for an answer, with its timer.
struct TimedExchange {
  StackTimer timer = StackTimer::kCoapAckTimeout;
  std::string exchange;  // report, registration_update, registration, fota_block, full_handshake, resumed_handshake
  std::string sent;      // the message or flight that waits, e.g. "LwM2M Notify (CON)"
  std::string answer;    // what it waits for, e.g. "CoAP empty ACK"
  double latency_s = 0.0;   // from sending to the answer's arrival
  double timer_s = 0.0;     // the earliest first expiry (CoAP: ACK_TIMEOUT; DTLS: the initial timer)
  double expected_retransmissions = 0.0;  // spurious retransmissions per exchange
  double give_up_probability_frac = 0.0;  // CoAP: the client gives up before the answer
  double extra_energy_J = 0.0;            // battery energy of the retransmissions, per exchange
};

// An exchange whose timer expires before its answer arrives, with the setting that avoids it.
struct StackTimerFinding {
  TimedExchange exchange;
  std::string what;    // e.g. "CoAP ACK_TIMEOUT 2 s expires before the ACK arrives (report: 3.4 s at 164 dB)"
  double advised_timer_s = 0.0;  // the timer value from which no retransmission is spurious
  std::string advice;  // e.g. "ACK_TIMEOUT >= 4 s, or send reports non-confirmable"
};

struct StackTimerAnalysis {
  bool analysed = false;  // false: a measured device or a stack this analysis does not cover
  double coupling_loss_dB = 0.0;
  int ce_level = 0;
  StackTimerSettings settings;
  std::vector<TimedExchange> exchanges;     // every timed message of the stack
  std::vector<StackTimerFinding> findings;  // those with spurious retransmissions
};

// Expected spurious CoAP retransmissions of a confirmable message answered after latency_s.
double CoapExpectedRetransmissions(double latency_s, const StackTimerSettings& settings);
// Probability that the CoAP client gives up (MAX_RETRANSMIT spent) before the answer.
double CoapGiveUpProbability(double latency_s, const StackTimerSettings& settings);
// Retransmissions of a DTLS flight answered after latency_s.
int DtlsRetransmissions(double latency_s, double initial_timer_s, double max_timer_s);

// The analysis at the profile's coupling loss. A measured device, or a stack other than
// lwm2m_dtls, gives analysed = false and nothing else.
StackTimerAnalysis AnalyseStackTimers(const DeviceProfile& profile, const StackTimerSettings& settings = {});

// The settings with every finding's advice applied (the largest advised value per timer).
StackTimerSettings AdvisedSettings(const StackTimerAnalysis& analysis);

}  // namespace pb::engine
