#include "engine/stack_timers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <variant>

#include "engine/budget.hpp"
#include "engine/traffic.hpp"
#include "models/radio/nbiot/procedures.hpp"

namespace pb::engine {
namespace {
namespace nb = models::radio::nbiot;
using models::protocols::Direction;
using models::protocols::Message;
using models::protocols::MessageSequence;
using models::radio::ModemState;
using models::radio::ModemTally;

// P(T0 < x) for T0 uniform on [lo, hi]; with hi == lo (no randomisation) a step at lo.
double ProbabilityBelow(double x, double lo, double hi) {
  if (x <= lo) return 0.0;
  if (x >= hi) return 1.0;
  return (x - lo) / (hi - lo);
}

// The smallest whole number of seconds above the latency: a first expiry there never comes
// before the answer.
double WholeSecondsAbove(double latency_s) { return std::floor(latency_s) + 1.0; }

void Carry(const nb::RadioContext& ctx, const Message& m, ModemTally& tally) {
  if (m.direction == Direction::kUplink)
    nb::UplinkMessage(ctx, m.size_B, tally);
  else
    nb::DownlinkMessage(ctx, m.size_B, tally);
}

class Analyser {
 public:
  Analyser(const DeviceProfile& profile, const ModelledDevice& device, const StackTimerSettings& settings,
           StackTimerAnalysis& out)
      : profile_(profile),
        settings_(settings),
        link_(DeviceLink(device, device.coverage.coupling_loss_dB)),
        ctx_{device.modem, device.network, link_},
        out_(out) {
    out_.coupling_loss_dB = link_.coupling_loss_dB;
    out_.ce_level = link_.ce_level;
  }

  // Each uplink request answered by the downlink message after it: a confirmable CoAP exchange.
  void Coap(const char* exchange, const MessageSequence& messages) {
    for (std::size_t i = 0; i + 1 < messages.size(); ++i) {
      const Message& request = messages[i];
      const Message& response = messages[i + 1];
      if (request.direction != Direction::kUplink || response.direction != Direction::kDownlink) continue;
      TimedExchange e = Timed(StackTimer::kCoapAckTimeout, exchange, request, 0.0, response);
      e.timer_s = settings_.coap_ack_timeout_s;
      e.expected_retransmissions = CoapExpectedRetransmissions(e.latency_s, settings_);
      e.give_up_probability_frac = CoapGiveUpProbability(e.latency_s, settings_);
      // Each duplicate goes up again and is answered again (RFC 7252 §4.5).
      e.extra_energy_J = e.expected_retransmissions * Energy_J(request, &response);
      Add(std::move(e));
    }
  }

  // The flights of a handshake: each flight answered by a flight of the other peer runs its
  // sender's timer, except a stateless cookie request. The client computes its key exchange
  // (client_crypto_s) before its last flight, inside the server's wait for it.
  void Handshake(const char* exchange, const MessageSequence& flights, bool cookie_exchange, double client_crypto_s) {
    std::size_t last_client_flight = 0;
    for (std::size_t i = 0; i < flights.size(); ++i)
      if (flights[i].direction == Direction::kUplink) last_client_flight = i;
    for (std::size_t i = 0; i + 1 < flights.size(); ++i) {
      const Message& flight = flights[i];
      const Message& answer = flights[i + 1];
      if (flight.direction == answer.direction) continue;
      // HelloVerifyRequest (DTLS 1.2) / HelloRetryRequest (1.3) with a cookie: the server keeps
      // no state and never retransmits it (RFC 6347 §4.2.1, RFC 9147 §5.1).
      if (cookie_exchange && i == 1) continue;
      const bool client = flight.direction == Direction::kUplink;
      const double processing_s = i + 1 == last_client_flight ? client_crypto_s : 0.0;
      TimedExchange e = Timed(client ? StackTimer::kDtlsClientRetransmission : StackTimer::kDtlsServerRetransmission,
                              exchange, flight, processing_s, answer);
      e.timer_s = client ? settings_.dtls_client_initial_timer_s : settings_.dtls_server_initial_timer_s;
      e.expected_retransmissions = DtlsRetransmissions(e.latency_s, e.timer_s, settings_.dtls_max_timer_s);
      // A client's duplicate flight makes the server send its last flight again (RFC 6347
      // §4.2.4); a server's duplicate flight is received by the device.
      e.extra_energy_J = e.expected_retransmissions * Energy_J(flight, client ? &answer : nullptr);
      Add(std::move(e));
    }
  }

 private:
  TimedExchange Timed(StackTimer timer, const char* exchange, const Message& sent, double processing_s,
                      const Message& answer) const {
    TimedExchange e;
    e.timer = timer;
    e.exchange = exchange;
    e.sent = sent.what;
    e.answer = answer.what;
    // From sending to the answer's arrival: the message on the link, the peer's processing, the
    // server round trip, the answer on the link (time the tally resolves on this link).
    ModemTally t;
    Carry(ctx_, sent, t);
    if (processing_s > 0.0) t.Add(ModemState::kConnectedIdle, processing_s, "peer processing");
    nb::WaitForServer(ctx_, t);
    Carry(ctx_, answer, t);
    e.latency_s = t.Resolved(link_.times).Duration_s();
    return e;
  }

  // Battery energy of one retransmission: the message again, and the answer again when the
  // peer repeats it.
  double Energy_J(const Message& sent, const Message* repeated_answer) const {
    ModemTally t;
    Carry(ctx_, sent, t);
    if (repeated_answer) Carry(ctx_, *repeated_answer, t);
    return TallyBatteryEnergy_J(profile_, link_, t);
  }

  void Add(TimedExchange e) {
    if (e.expected_retransmissions > 0.0) out_.findings.push_back(Finding(e));
    out_.exchanges.push_back(std::move(e));
  }

  StackTimerFinding Finding(const TimedExchange& e) const {
    StackTimerFinding f;
    f.exchange = e;
    f.advised_timer_s = WholeSecondsAbove(e.latency_s);
    const char* name = e.timer == StackTimer::kCoapAckTimeout ? "CoAP ACK_TIMEOUT"
                       : e.timer == StackTimer::kDtlsClientRetransmission
                           ? "DTLS retransmission timer (device)"
                           : "DTLS retransmission timer (server)";
    f.what = fmt::format("{} {:g} s expires before '{}' answers '{}' ({}: latency {:.2f} s at {:g} dB, CE level {})", name,
                         e.timer_s, e.answer, e.sent, e.exchange, e.latency_s, out_.coupling_loss_dB, out_.ce_level);
    switch (e.timer) {
      case StackTimer::kCoapAckTimeout:
        f.advice = e.exchange == "report"
                       ? fmt::format("ACK_TIMEOUT >= {:g} s, or send reports non-confirmable (reporting.confirmable = false)",
                                     f.advised_timer_s)
                       : fmt::format("ACK_TIMEOUT >= {:g} s", f.advised_timer_s);
        break;
      case StackTimer::kDtlsClientRetransmission:
        f.advice = fmt::format("initial DTLS retransmission timer >= {:g} s on the device", f.advised_timer_s);
        break;
      case StackTimer::kDtlsServerRetransmission:
        f.advice = fmt::format("initial DTLS retransmission timer >= {:g} s on the server", f.advised_timer_s);
        break;
    }
    return f;
  }

  const DeviceProfile& profile_;
  const StackTimerSettings& settings_;
  nb::Link link_;
  nb::RadioContext ctx_;
  StackTimerAnalysis& out_;
};

}  // namespace

void StackTimerSettings::Validate() const {
  auto require = [](bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("stack timers: ") + what);
  };
  require(coap_ack_timeout_s > 0.0, "ACK_TIMEOUT must be > 0 s");
  require(coap_ack_random_factor >= 1.0, "ACK_RANDOM_FACTOR must be >= 1 (RFC 7252 §4.8)");
  require(coap_max_retransmit >= 0 && coap_max_retransmit <= 20, "MAX_RETRANSMIT must be 0..20");
  require(dtls_client_initial_timer_s > 0.0, "the device's initial DTLS timer must be > 0 s");
  require(dtls_server_initial_timer_s > 0.0, "the server's initial DTLS timer must be > 0 s");
  require(dtls_max_timer_s >= std::max(dtls_client_initial_timer_s, dtls_server_initial_timer_s),
          "the DTLS timer's maximum must be >= its initial values");
}

const char* StackTimerId(StackTimer timer) {
  switch (timer) {
    case StackTimer::kCoapAckTimeout: return "coap_ack_timeout";
    case StackTimer::kDtlsClientRetransmission: return "dtls_client_retransmission";
    case StackTimer::kDtlsServerRetransmission: return "dtls_server_retransmission";
  }
  throw std::logic_error("unknown stack timer");
}

double CoapExpectedRetransmissions(double latency_s, const StackTimerSettings& s) {
  s.Validate();
  const double lo_s = s.coap_ack_timeout_s;
  const double hi_s = lo_s * s.coap_ack_random_factor;
  // Retransmission k leaves at T0·(2^k − 1) (RFC 7252 §4.2: the timeout doubles each time).
  double expected = 0.0;
  for (int k = 1; k <= s.coap_max_retransmit; ++k)
    expected += ProbabilityBelow(latency_s / (std::ldexp(1.0, k) - 1.0), lo_s, hi_s);
  return expected;
}

double CoapGiveUpProbability(double latency_s, const StackTimerSettings& s) {
  s.Validate();
  // After MAX_RETRANSMIT retransmissions the client waits one more doubled timeout, then gives
  // up: T0·(2^(MAX_RETRANSMIT+1) − 1) after the first transmission.
  return ProbabilityBelow(latency_s / (std::ldexp(1.0, s.coap_max_retransmit + 1) - 1.0), s.coap_ack_timeout_s,
                          s.coap_ack_timeout_s * s.coap_ack_random_factor);
}

int DtlsRetransmissions(double latency_s, double initial_timer_s, double max_timer_s) {
  if (!(initial_timer_s > 0.0) || !(max_timer_s >= initial_timer_s))
    throw std::invalid_argument("DTLS timer: initial > 0 s and maximum >= initial");
  int retransmissions = 0;
  double timer_s = initial_timer_s;
  for (double expiry_s = timer_s; expiry_s < latency_s; expiry_s += timer_s) {
    ++retransmissions;
    timer_s = std::min(2.0 * timer_s, max_timer_s);  // RFC 6347 §4.2.4.1: double, up to the maximum
  }
  return retransmissions;
}

StackTimerAnalysis AnalyseStackTimers(const DeviceProfile& profile, const StackTimerSettings& settings) {
  settings.Validate();
  StackTimerAnalysis out;
  out.settings = settings;
  const ModelledDevice* device = std::get_if<ModelledDevice>(&profile.device);
  if (!device || device->stack != Stack::kLwm2mDtls) return out;
  out.analysed = true;
  const DeviceTraffic traffic = BuildTraffic(*device);
  Analyser a(profile, *device, out.settings, out);
  a.Coap("report", traffic.report);  // a non-confirmable report has no answer, so no timer
  a.Coap("registration_update", traffic.registration_update);
  a.Coap("registration", traffic.registration);
  if (device->fota.enabled) a.Coap("fota_block", traffic.fota_block);
  const bool cookie = device->dtls.dtls.cookie_exchange;
  a.Handshake("full_handshake", traffic.full_handshake, cookie, device->mcu.full_handshake_crypto_time_s);
  if (device->dtls.resumption)
    a.Handshake("resumed_handshake", traffic.resumed_handshake, false, device->mcu.resumed_handshake_crypto_time_s);
  return out;
}

StackTimerSettings AdvisedSettings(const StackTimerAnalysis& analysis) {
  StackTimerSettings s = analysis.settings;
  for (const StackTimerFinding& f : analysis.findings) {
    switch (f.exchange.timer) {
      case StackTimer::kCoapAckTimeout: s.coap_ack_timeout_s = std::max(s.coap_ack_timeout_s, f.advised_timer_s); break;
      case StackTimer::kDtlsClientRetransmission:
        s.dtls_client_initial_timer_s = std::max(s.dtls_client_initial_timer_s, f.advised_timer_s);
        break;
      case StackTimer::kDtlsServerRetransmission:
        s.dtls_server_initial_timer_s = std::max(s.dtls_server_initial_timer_s, f.advised_timer_s);
        break;
    }
  }
  s.dtls_max_timer_s = std::max({s.dtls_max_timer_s, s.dtls_client_initial_timer_s, s.dtls_server_initial_timer_s});
  return s;
}

}  // namespace pb::engine
