// Stack timers against the link's latency (engine/stack_timers.hpp): the timer arithmetic against
// closed forms, and the bundled mast monitor from good to the deepest coverage.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "cell/cell_test_support.hpp"
#include "engine/budget.hpp"
#include "engine/stack_timers.hpp"
#include "support/test_device.hpp"

namespace pb::engine {
namespace {

DeviceProfile MastMonitorAt(double coupling_loss_dB, std::vector<std::string> overrides = {}) {
  overrides.push_back("coverage.coupling_loss_dB=" + std::to_string(coupling_loss_dB));
  return test::BundledDevice("devices/mast-monitor.json", overrides);
}

const TimedExchange* Find(const StackTimerAnalysis& a, StackTimer timer, const std::string& exchange) {
  for (const TimedExchange& e : a.exchanges)
    if (e.timer == timer && e.exchange == exchange) return &e;
  return nullptr;
}

TEST(CoapTimer, ExpectedRetransmissionsFollowTheRandomisedDoublingTimeout) {
  const StackTimerSettings s;  // T0 uniform in [2 s, 3 s]; retransmissions at T0, 3·T0, 7·T0, 15·T0
  EXPECT_EQ(CoapExpectedRetransmissions(1.9, s), 0.0);
  EXPECT_EQ(CoapExpectedRetransmissions(2.0, s), 0.0);
  EXPECT_NEAR(CoapExpectedRetransmissions(2.5, s), 0.5, 1e-12);   // P(T0 < 2.5 s)
  EXPECT_NEAR(CoapExpectedRetransmissions(3.0, s), 1.0, 1e-12);
  EXPECT_NEAR(CoapExpectedRetransmissions(6.0, s), 1.0, 1e-12);   // 3·T0 >= 6 s
  EXPECT_NEAR(CoapExpectedRetransmissions(7.5, s), 1.5, 1e-12);   // + P(3·T0 < 7.5 s)
  EXPECT_NEAR(CoapExpectedRetransmissions(100.0, s), 4.0, 1e-12);  // MAX_RETRANSMIT
  // The client gives up after 31·T0: MAX_TRANSMIT_WAIT is 62..93 s (RFC 7252 §4.8.2: 93 s).
  EXPECT_EQ(CoapGiveUpProbability(62.0, s), 0.0);
  EXPECT_NEAR(CoapGiveUpProbability(77.5, s), 0.5, 1e-12);
  EXPECT_EQ(CoapGiveUpProbability(93.0, s), 1.0);
}

TEST(DtlsTimer, RetransmissionsAtTheDoublingTimersSums) {
  EXPECT_EQ(DtlsRetransmissions(0.5, 1.0, 60.0), 0);
  EXPECT_EQ(DtlsRetransmissions(1.0, 1.0, 60.0), 0);  // the answer arrives as the timer expires
  EXPECT_EQ(DtlsRetransmissions(1.5, 1.0, 60.0), 1);  // expiries at 1, 3, 7, 15, 31, 63 s
  EXPECT_EQ(DtlsRetransmissions(7.5, 1.0, 60.0), 3);
  EXPECT_EQ(DtlsRetransmissions(62.0, 1.0, 60.0), 5);
  EXPECT_EQ(DtlsRetransmissions(124.0, 1.0, 60.0), 7);  // 63 s, then steps of 60 s: 123 s
  EXPECT_EQ(DtlsRetransmissions(7.5, 1.0, 2.0), 4);     // capped at 2 s: 1, 3, 5, 7 s
  EXPECT_EQ(DtlsRetransmissions(20.0, 9.0, 60.0), 1);   // RFC 7925: 9 s, then 27 s
  EXPECT_THROW(DtlsRetransmissions(1.0, 0.0, 60.0), std::invalid_argument);
}

TEST(StackTimers, GoodCoverageMastMonitorHasNoFinding) {
  const StackTimerAnalysis a = AnalyseStackTimers(MastMonitorAt(120.0));
  ASSERT_TRUE(a.analysed);
  EXPECT_EQ(a.ce_level, 0);
  EXPECT_TRUE(a.findings.empty());
  // Every timed message of the LwM2M/DTLS stack is there: report, Update, Register, FOTA block,
  // 4 timed flights of the full handshake (not the HelloVerifyRequest: it is stateless), 2 of the
  // resumed one.
  EXPECT_EQ(a.exchanges.size(), 10u);
  for (const TimedExchange& e : a.exchanges) {
    EXPECT_LT(e.latency_s, e.timer_s) << e.exchange << ": " << e.sent;
    EXPECT_GT(e.latency_s, 0.15) << "at least the server round trip";
    EXPECT_EQ(e.expected_retransmissions, 0.0);
    EXPECT_EQ(e.extra_energy_J, 0.0);
  }
}

TEST(StackTimers, DeepCoverageFlagsCoapAndDtlsAndTheAdviceClearsThem) {
  const DeviceProfile profile = MastMonitorAt(164.0);
  const StackTimerAnalysis a = AnalyseStackTimers(profile);
  ASSERT_TRUE(a.analysed);
  EXPECT_EQ(a.ce_level, 2);
  std::map<StackTimer, int> flagged;
  for (const StackTimerFinding& f : a.findings) {
    ++flagged[f.exchange.timer];
    EXPECT_GT(f.exchange.latency_s, f.exchange.timer_s);
    EXPECT_GT(f.exchange.expected_retransmissions, 0.0);
    EXPECT_GT(f.exchange.extra_energy_J, 0.0);
    EXPECT_GT(f.advised_timer_s, f.exchange.latency_s);
    std::ostringstream advised;
    advised << ">= " << f.advised_timer_s << " s";
    EXPECT_NE(f.advice.find(advised.str()), std::string::npos) << f.advice;
    EXPECT_NE(f.what.find("164 dB"), std::string::npos) << f.what;
  }
  EXPECT_GT(flagged[StackTimer::kCoapAckTimeout], 0);
  EXPECT_GT(flagged[StackTimer::kDtlsClientRetransmission], 0);
  EXPECT_GT(flagged[StackTimer::kDtlsServerRetransmission], 0);
  // The report itself: a confirmable Notify whose empty ACK comes after ACK_TIMEOUT.
  const TimedExchange* report = Find(a, StackTimer::kCoapAckTimeout, "report");
  ASSERT_NE(report, nullptr);
  EXPECT_GT(report->latency_s, 2.0);
  EXPECT_GT(report->expected_retransmissions, 0.5);

  // The advised timers, applied: nothing left to flag.
  const StackTimerSettings advised = AdvisedSettings(a);
  EXPECT_GT(advised.coap_ack_timeout_s, report->latency_s);
  const StackTimerAnalysis fixed = AnalyseStackTimers(profile, advised);
  EXPECT_TRUE(fixed.findings.empty());
  for (const TimedExchange& e : fixed.exchanges) EXPECT_EQ(e.expected_retransmissions, 0.0) << e.exchange << ": " << e.sent;
  // A second too little, and it comes back.
  StackTimerSettings short_by_a_second = advised;
  short_by_a_second.coap_ack_timeout_s -= 1.0;
  EXPECT_FALSE(AnalyseStackTimers(profile, short_by_a_second).findings.empty());
}

TEST(StackTimers, ARetransmissionCostsLessThanTheReportConnection) {
  // A duplicate Notify and its ACK on the link, without the wake-up, random access and release
  // of the report's connection.
  const DeviceProfile profile = MastMonitorAt(164.0);
  const StackTimerAnalysis a = AnalyseStackTimers(profile);
  const TimedExchange* report = Find(a, StackTimer::kCoapAckTimeout, "report");
  ASSERT_NE(report, nullptr);
  const double per_retransmission_J = report->extra_energy_J / report->expected_retransmissions;
  const BudgetResult budget = ComputeBudget(profile);
  const ActivityBudget* report_budget = budget.Find(activity::kReport);
  ASSERT_NE(report_budget, nullptr);
  EXPECT_GT(per_retransmission_J, 0.0);
  EXPECT_LT(per_retransmission_J, report_budget->energy_J_per_event);
}

TEST(StackTimers, LatencyAndRetransmissionsNeverFallAsCoverageWorsens) {
  StackTimerAnalysis previous = AnalyseStackTimers(MastMonitorAt(120.0));
  for (double cl = 120.5; cl <= 164.0; cl += 0.5) {
    const StackTimerAnalysis a = AnalyseStackTimers(MastMonitorAt(cl));
    ASSERT_EQ(a.exchanges.size(), previous.exchanges.size());
    for (std::size_t i = 0; i < a.exchanges.size(); ++i) {
      const TimedExchange& now = a.exchanges[i];
      const TimedExchange& before = previous.exchanges[i];
      EXPECT_GE(now.latency_s, before.latency_s) << cl << " dB, " << now.exchange << ": " << now.sent;
      EXPECT_GE(now.expected_retransmissions, before.expected_retransmissions) << cl << " dB, " << now.sent;
    }
    EXPECT_GE(a.findings.size(), previous.findings.size()) << cl << " dB";
    previous = a;
  }
  EXPECT_FALSE(previous.findings.empty());
}

TEST(StackTimers, WithTheGeneralInternetDtlsTimerTheServerRetransmitsEvenInGoodCoverage) {
  // RFC 6347 §4.2.4.1's 1 s: the server's wait for the key-exchange flight includes the device's
  // 0.3 s of ECC and the certificate flight on the link.
  StackTimerSettings rfc6347;
  rfc6347.dtls_client_initial_timer_s = 1.0;
  rfc6347.dtls_server_initial_timer_s = 1.0;
  const StackTimerAnalysis a = AnalyseStackTimers(MastMonitorAt(120.0), rfc6347);
  const TimedExchange* with = Find(a, StackTimer::kDtlsServerRetransmission, "full_handshake");
  ASSERT_NE(with, nullptr);
  EXPECT_GT(with->latency_s, 1.5);
  EXPECT_GT(with->expected_retransmissions, 0.0);
  bool server_flagged = false;
  for (const StackTimerFinding& f : a.findings) {
    EXPECT_NE(f.exchange.timer, StackTimer::kCoapAckTimeout) << "CoAP's 2 s is not the problem at 120 dB";
    EXPECT_EQ(f.exchange.exchange, "full_handshake") << "the certificate handshake is";
    if (f.exchange.timer == StackTimer::kDtlsServerRetransmission) {
      server_flagged = true;
      EXPECT_NE(f.advice.find("on the server"), std::string::npos);
    }
  }
  EXPECT_TRUE(server_flagged);
  // Without the device's crypto time the server's wait is shorter by exactly that.
  const StackTimerAnalysis no_crypto =
      AnalyseStackTimers(MastMonitorAt(120.0, {"mcu.full_handshake_crypto_time_ms=0"}), rfc6347);
  const TimedExchange* without = Find(no_crypto, StackTimer::kDtlsServerRetransmission, "full_handshake");
  ASSERT_NE(without, nullptr);
  EXPECT_NEAR(with->latency_s - without->latency_s, 0.3, 1e-9);
}

TEST(StackTimers, OnlyConfirmableLwm2mOverDtlsIsAnalysed) {
  const StackTimerAnalysis non_confirmable = AnalyseStackTimers(MastMonitorAt(164.0, {"reporting.confirmable=false"}));
  ASSERT_TRUE(non_confirmable.analysed);
  EXPECT_EQ(Find(non_confirmable, StackTimer::kCoapAckTimeout, "report"), nullptr);
  EXPECT_NE(Find(non_confirmable, StackTimer::kCoapAckTimeout, "registration"), nullptr);

  EXPECT_FALSE(AnalyseStackTimers(test::BundledDevice("devices/smart-meter-gateway.json")).analysed);  // MQTT/TLS
  EXPECT_FALSE(AnalyseStackTimers(test::BundledDevice("devices/nordic-power-example-measured.json")).analysed);

  StackTimerSettings bad;
  bad.coap_ack_random_factor = 0.5;
  EXPECT_THROW(AnalyseStackTimers(MastMonitorAt(144.0), bad), std::invalid_argument);
}

}  // namespace
}  // namespace pb::engine
