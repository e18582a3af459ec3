// serve's pieces without a network: the MQTT codec, topic routing and partitions, the state
// store's log (torn entries, stale generations), the redelivery filter, the configuration.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <filesystem>
#include <fstream>
#include <thread>

#include "serve/http_endpoint.hpp"
#include "serve/influx_writer.hpp"
#include "serve/loopback_host.hpp"
#include "serve/message_ingest.hpp"
#include "serve/mqtt_codec.hpp"
#include "serve/recent_messages.hpp"
#include "serve/serve_config.hpp"
#include "serve/state_store.hpp"
#include "serve/topic_routing.hpp"
#include "support/test_device.hpp"

namespace pb::serve {
namespace {

using namespace std::string_literals;

TEST(MqttCodec, ConnectIsTheSpecsByteSequence) {
  mqtt::ConnectOptions o;
  o.client_id = "ab";
  o.keep_alive_s = 30;
  // MQTT 3.1.1 §3.1: fixed header, "MQTT", level 4, flags 0 (persistent session), keep-alive, id.
  EXPECT_EQ(mqtt::EncodeConnect(o), "\x10\x0E\x00\x04MQTT\x04\x00\x00\x1E\x00\x02" "ab"s);
  o.username = "u";
  o.password = "p";
  o.clean_session = true;
  EXPECT_EQ(mqtt::EncodeConnect(o), "\x10\x14\x00\x04MQTT\x04\xC2\x00\x1E\x00\x02" "ab\x00\x01u\x00\x01p"s);
}

TEST(MqttCodec, RemainingLengthUsesFourBytesAtMost) {
  std::string s;
  mqtt::AppendRemainingLength(s, 321);
  EXPECT_EQ(s, "\xC1\x02"s);
  s.clear();
  mqtt::AppendRemainingLength(s, 268'435'455);
  EXPECT_EQ(s, "\xFF\xFF\xFF\x7F"s);
  EXPECT_THROW(mqtt::AppendRemainingLength(s, 268'435'456), std::length_error);
}

TEST(MqttCodec, SubscribeAndPublishAndPuback) {
  EXPECT_EQ(mqtt::EncodeSubscribe(7, {{"$share/g/t/#", 1}}), "\x82\x11\x00\x07\x00\x0C$share/g/t/#\x01"s);
  EXPECT_EQ(mqtt::EncodePublish("a/b", "xy", 1, true, true, 0x0102), "\x3B\x09\x00\x03" "a/b\x01\x02xy"s);
  EXPECT_EQ(mqtt::EncodePuback(0xABCD), "\x40\x02\xAB\xCD"s);
}

TEST(MqttCodec, DecodesAPublishFedOneByteAtATime) {
  const std::string wire = mqtt::EncodePublish("telemetry/dev-1", "[1,2,3]", 1, false, true, 42) + "\xD0\x00"s;
  mqtt::Decoder d(1024);
  mqtt::Packet p;
  mqtt::Oversized big;
  std::vector<mqtt::Packet> got;
  for (char c : wire) {
    d.Feed(std::string(1, c));
    while (true) {
      const mqtt::DecodeStatus s = d.Next(p, big);
      ASSERT_NE(s, mqtt::DecodeStatus::kError) << d.error();
      if (s == mqtt::DecodeStatus::kNeedMore) break;
      got.push_back(p);
    }
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].type, mqtt::PacketType::kPublish);
  EXPECT_EQ(got[0].publish.topic, "telemetry/dev-1");
  EXPECT_EQ(got[0].publish.payload, "[1,2,3]");
  EXPECT_EQ(got[0].publish.qos, 1);
  EXPECT_TRUE(got[0].publish.dup);
  EXPECT_EQ(got[0].publish.packet_id, 42);
  EXPECT_EQ(got[1].type, mqtt::PacketType::kPingresp);
}

TEST(MqttCodec, OversizedPublishIsSkippedButItsPacketIdIsKept) {
  const std::string big_payload(5000, 'x');
  const std::string wire = mqtt::EncodePublish("t", big_payload, 1, false, false, 9) + mqtt::EncodePublish("t", "ok", 0, false, false, 0);
  mqtt::Decoder d(100);
  mqtt::Packet p;
  mqtt::Oversized big;
  // In chunks smaller than the oversized packet, so that the skip spans several feeds.
  std::vector<mqtt::DecodeStatus> seen;
  for (std::size_t at = 0; at < wire.size(); at += 700) {
    d.Feed(wire.substr(at, 700));
    for (mqtt::DecodeStatus s; (s = d.Next(p, big)) != mqtt::DecodeStatus::kNeedMore;) {
      ASSERT_NE(s, mqtt::DecodeStatus::kError) << d.error();
      seen.push_back(s);
      if (s == mqtt::DecodeStatus::kOversized) {
        EXPECT_EQ(big.packet_id, 9);
        EXPECT_EQ(big.qos, 1);
        EXPECT_EQ(big.size, 2 + 1 + 2 + 5000u);
      }
    }
  }
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], mqtt::DecodeStatus::kOversized);
  EXPECT_EQ(seen[1], mqtt::DecodeStatus::kPacket);
  EXPECT_EQ(p.publish.payload, "ok");
}

mqtt::DecodeStatus DecodeOnce(const std::string& wire, std::string& error) {
  mqtt::Decoder d(1 << 20);
  d.Feed(wire);
  mqtt::Packet p;
  mqtt::Oversized big;
  const mqtt::DecodeStatus s = d.Next(p, big);
  error = d.error();
  return s;
}

TEST(MqttCodec, MalformedPacketsAreErrorsNamingTheProblem) {
  std::string error;
  EXPECT_EQ(DecodeOnce("\x30\xFF\xFF\xFF\xFF\x01"s, error), mqtt::DecodeStatus::kError);
  EXPECT_NE(error.find("remaining length"), std::string::npos);
  EXPECT_EQ(DecodeOnce("\x34\x05\x00\x01t\x00\x01"s, error), mqtt::DecodeStatus::kError);  // QoS 2
  EXPECT_NE(error.find("QoS 2"), std::string::npos);
  EXPECT_EQ(DecodeOnce("\x32\x03\x00\x05t"s, error), mqtt::DecodeStatus::kError);  // topic longer than the packet
  EXPECT_EQ(DecodeOnce("\x32\x05\x00\x01t\x00\x00"s, error), mqtt::DecodeStatus::kError);  // packet id 0
  EXPECT_EQ(DecodeOnce("\x30\x04\x00\x02+x"s, error), mqtt::DecodeStatus::kError);  // wildcard in a topic
  EXPECT_EQ(DecodeOnce("\x20\x03\x00\x00\x00"s, error), mqtt::DecodeStatus::kError);  // CONNACK of 3 bytes
  EXPECT_EQ(DecodeOnce("\x10\x00"s, error), mqtt::DecodeStatus::kError);  // CONNECT from a broker
  EXPECT_EQ(DecodeOnce("\x90\x03\x00\x01\x05"s, error), mqtt::DecodeStatus::kError);  // SUBACK code 5
  EXPECT_EQ(DecodeOnce("\x20\x02\x00\x00"s, error), mqtt::DecodeStatus::kPacket);
}

TEST(MqttCodec, AnOversizedQos1PublishWithPacketIdZeroIsAnError) {
  // It could not be acknowledged (PUBACK 0 is itself a protocol violation).
  mqtt::Decoder d(16);
  d.Feed(mqtt::EncodePublish("t", std::string(100, 'x'), 1, false, false, 0));
  mqtt::Packet p;
  mqtt::Oversized big;
  EXPECT_EQ(d.Next(p, big), mqtt::DecodeStatus::kError);
  EXPECT_NE(d.error().find("packet id 0"), std::string::npos);
}

TEST(MqttCodec, TopicNameErrorRefusesWhatABrokerWouldDisconnectUsFor) {
  // Device ids come from payloads; an estimate topic built from one must be checked before it is
  // published, or the broker disconnects us (and again after every reconnect, for the resend).
  EXPECT_EQ(mqtt::TopicNameError("powerbudget/estimate/dev-1"), "");
  EXPECT_EQ(mqtt::TopicNameError("powerbudget/estimate/Zähler-ü€😀"), "");
  EXPECT_EQ(mqtt::TopicNameError("a//b/"), "");
  EXPECT_NE(mqtt::TopicNameError(""), "");
  EXPECT_NE(mqtt::TopicNameError("powerbudget/estimate/a+b"), "");
  EXPECT_NE(mqtt::TopicNameError("powerbudget/estimate/#"), "");
  EXPECT_NE(mqtt::TopicNameError("p/a\x01b"), "");     // control character
  EXPECT_NE(mqtt::TopicNameError("p/a\x7F"), "");      // DEL
  EXPECT_NE(mqtt::TopicNameError("p/\xC2\x85"), "");  // U+0085, a C1 control
  EXPECT_NE(mqtt::TopicNameError("p/a\0b"s), "");
  EXPECT_NE(mqtt::TopicNameError("p/\xFF"), "");       // not UTF-8
  EXPECT_NE(mqtt::TopicNameError("p/\xC3"), "");       // cut short
  EXPECT_NE(mqtt::TopicNameError("p/\xC0\xAF"), "");  // overlong '/'
  EXPECT_NE(mqtt::TopicNameError("p/\xED\xA0\x80"), "");  // surrogate
  EXPECT_NE(mqtt::TopicNameError("p/\xEF\xBF\xBF"), "");  // U+FFFF
  EXPECT_NE(mqtt::TopicNameError(std::string(65536, 'a')), "");
  EXPECT_EQ(mqtt::TopicNameError(std::string(65535, 'a')), "");
}

TEST(MqttCodec, RandomBytesNeverCrashTheDecoder) {
  // Whatever a broker (or something pretending to be one) sends: a packet, "need more", or an
  // error, and never a read outside the buffer (the asan preset runs this).
  std::uint32_t seed = 12345;
  const auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return static_cast<char>(seed >> 24);
  };
  int errors = 0;
  for (int round = 0; round < 2000; ++round) {
    mqtt::Decoder d(64 + static_cast<std::size_t>(round % 200));
    std::string bytes(static_cast<std::size_t>(1 + round % 300), '\0');
    for (char& c : bytes) c = next();
    if (round % 3 == 0) bytes[0] = static_cast<char>(0x30 | (bytes[0] & 0x0F));  // mostly PUBLISH headers
    d.Feed(bytes);
    mqtt::Packet p;
    mqtt::Oversized big;
    for (int i = 0; i < 1000; ++i) {
      const mqtt::DecodeStatus s = d.Next(p, big);
      if (s == mqtt::DecodeStatus::kError) {
        EXPECT_FALSE(d.error().empty());
        ++errors;
        break;
      }
      if (s == mqtt::DecodeStatus::kNeedMore) break;
    }
  }
  EXPECT_GT(errors, 100);  // garbage is mostly recognised as such, not waited on for ever
}

TEST(TopicRouting, FiltersMatchAsMqttSays) {
  EXPECT_TRUE(TopicMatches("telemetry/#", "telemetry/3/dev-1"));
  EXPECT_TRUE(TopicMatches("telemetry/#", "telemetry"));
  EXPECT_TRUE(TopicMatches("telemetry/+/dev-1", "telemetry/3/dev-1"));
  EXPECT_FALSE(TopicMatches("telemetry/+", "telemetry/3/dev-1"));
  EXPECT_FALSE(TopicMatches("telemetry/2/#", "telemetry/3/dev-1"));
  EXPECT_TRUE(TopicMatches("$share/powerbudget/telemetry/3/#", "telemetry/3/dev-1"));
  EXPECT_FALSE(TopicMatches("#", "$SYS/broker/uptime"));
  EXPECT_EQ(FormatForTopic({{"a/#", PayloadFormat::kInflux}, {"#", PayloadFormat::kSenml}}, "a/b"), PayloadFormat::kInflux);
  EXPECT_EQ(FormatForTopic({{"a/#", PayloadFormat::kInflux}}, "b"), PayloadFormat::kAuto);
  EXPECT_THROW(ParsePayloadFormat("json"), std::invalid_argument);
}

TEST(TopicRouting, PartitionIsFnv1aModuloTheCount) {
  // FNV-1a 32 of "a" is 0xE40C292C (the published test vector).
  EXPECT_EQ(DevicePartition("a", 0xFFFFFFFFu), 0xE40C292Cu % 0xFFFFFFFFu);
  EXPECT_EQ(DevicePartition("a", 7), 0xE40C292Cu % 7);
  EXPECT_EQ(DevicePartition("anything", 1), 0u);
  EXPECT_THROW(DevicePartition("a", 0), std::invalid_argument);
  EXPECT_EQ(PartitionFilters("telemetry", "pb", {0, 3}),
            (std::vector<std::string>{"$share/pb/telemetry/0/#", "$share/pb/telemetry/3/#"}));
}

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("pb-serve-state-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::vector<WalMessage> Replay(StateStore& store, std::size_t& torn) {
    std::vector<WalMessage> got;
    store.ReplayLog([&](const WalMessage& m) { got.push_back(m); }, torn);
    return got;
  }
  std::filesystem::path dir_;
};

TEST_F(StateStoreTest, SnapshotAndLogRoundTrip) {
  {
    StateStore store(dir_.string());
    EXPECT_FALSE(store.LoadSnapshot());
    store.WriteSnapshot({1, 2, 3}, {11, 12});
    store.Append({{"t/1", "a"}, {"t/2", std::string("b\0c", 3)}});
    store.Append({{"t/3", ""}});
  }
  StateStore store(dir_.string());
  const auto snapshot = store.LoadSnapshot();
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->fleet, (std::vector<std::uint8_t>{1, 2, 3}));
  EXPECT_EQ(snapshot->recent, (std::vector<std::uint64_t>{11, 12}));
  std::size_t torn = 99;
  const auto got = Replay(store, torn);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[1].topic, "t/2");
  EXPECT_EQ(got[1].payload, std::string("b\0c", 3));
  EXPECT_EQ(got[2].payload, "");
  EXPECT_EQ(torn, 0u);
}

TEST_F(StateStoreTest, ATornOrDamagedLastEntryIsDropped) {
  {
    StateStore store(dir_.string());
    store.WriteSnapshot({}, {});
    store.Append({{"t", "first"}, {"t", "second"}, {"t", "third, torn"}});
  }
  const auto wal = dir_ / "wal.log";
  std::filesystem::resize_file(wal, std::filesystem::file_size(wal) - 3);  // a crash mid-write
  {
    StateStore store(dir_.string());
    store.LoadSnapshot();
    std::size_t torn = 0;
    const auto got = Replay(store, torn);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[1].payload, "second");
    EXPECT_GT(torn, 0u);
    // The dropped bytes are kept, byte for byte, beside the state.
    ASSERT_FALSE(store.dropped_path().empty());
    EXPECT_EQ(std::filesystem::file_size(store.dropped_path()), torn);
  }
  {  // a flipped byte in the second entry's payload: its CRC fails, it and what follows are dropped
    std::fstream f(wal, std::ios::in | std::ios::out | std::ios::binary);
    // 8 bytes of generation, entry 1 (8 + 2 + "t" + "first" = 16), entry 2's header, length, "t"
    f.seekp(8 + 16 + 8 + 2 + 1 + 2);
    f.put('X');
  }
  StateStore store(dir_.string());
  store.LoadSnapshot();
  std::size_t torn = 0;
  EXPECT_EQ(Replay(store, torn).size(), 1u);
}

TEST_F(StateStoreTest, ALogOfAnOlderGenerationIsIgnored) {
  {
    StateStore store(dir_.string());
    store.WriteSnapshot({}, {});
    store.Append({{"t", "in the log of generation 1"}});
  }
  // A crash after the new snapshot was renamed into place, before the log was restarted: put
  // the old log back over the new one.
  std::filesystem::copy_file(dir_ / "wal.log", dir_ / "wal.old");
  {
    StateStore store(dir_.string());
    store.LoadSnapshot();
    store.WriteSnapshot({9}, {});
  }
  std::filesystem::rename(dir_ / "wal.old", dir_ / "wal.log");
  StateStore store(dir_.string());
  ASSERT_TRUE(store.LoadSnapshot());
  EXPECT_EQ(store.generation(), 2u);
  std::size_t torn = 0;
  EXPECT_TRUE(Replay(store, torn).empty());
}

TEST_F(StateStoreTest, AMessageOfMoreThan64MiBIsReplayed) {
  // mqtt.max_message_bytes goes up to the MQTT maximum (256 MiB); the log must give back any
  // message it acknowledged, and the ones after it.
  const std::string big((64u << 20) + 1000, 'x');
  {
    StateStore store(dir_.string());
    store.WriteSnapshot({}, {});
    store.Append({{"t/big", big}, {"t/after", "small"}});
  }
  StateStore store(dir_.string());
  store.LoadSnapshot();
  std::size_t torn = 0;
  const auto got = Replay(store, torn);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].payload.size(), big.size());
  EXPECT_EQ(got[1].payload, "small");
  EXPECT_EQ(torn, 0u);
}

TEST_F(StateStoreTest, AnUnreadableLogIsAnErrorNotAnEmptyLog) {
  // Taken for an empty log, it would be replaced by one at start: acknowledged messages lost.
  {
    StateStore store(dir_.string());
    store.WriteSnapshot({}, {});
  }
  std::filesystem::remove(dir_ / "wal.log");
  std::filesystem::create_directory(dir_ / "wal.log");  // open works, read fails (EISDIR)
  StateStore store(dir_.string());
  store.LoadSnapshot();
  std::size_t torn = 0;
  try {
    Replay(store, torn);
    ADD_FAILURE() << "an unreadable log was replayed as empty";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("wal.log"), std::string::npos) << e.what();
  }
}

TEST_F(StateStoreTest, TheLogsCrcIsTheStandardCrc32SoOlderLogsStillRead) {
  // zlib's crc32 replaced serve's own table-driven CRC-32; both are CRC-32/ISO-HDLC (reflected
  // 0xEDB88320, initial value and final XOR 0xFFFFFFFF), so the on-disk format is unchanged.
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the published check value
  EXPECT_EQ(Crc32(""), 0u);
  // An entry byte for byte as the hand-written CRC wrote it: length 6, CRC, topic length, "t/1", "a".
  const std::string entry = "\x06\x00\x00\x00" "\x19\xBB\xC6\xDD" "\x00\x03" "t/1" "a"s;
  std::string encoded;
  StateStore::EncodeEntry(encoded, "t/1", "a");
  EXPECT_EQ(encoded, entry);
  // A log of generation 1 written by the earlier build replays.
  {
    StateStore store(dir_.string());
    store.WriteSnapshot({}, {});  // generation 1
  }
  std::ofstream(dir_ / "wal.log", std::ios::binary | std::ios::trunc) << "\x01\0\0\0\0\0\0\0"s << entry;
  StateStore store(dir_.string());
  ASSERT_TRUE(store.LoadSnapshot());
  std::size_t torn = 99;
  const auto got = Replay(store, torn);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].topic, "t/1");
  EXPECT_EQ(got[0].payload, "a");
  EXPECT_EQ(torn, 0u);
}

TEST(RecentMessages, RemembersTheLastNAndForgetsOlder) {
  RecentMessages recent(2);
  recent.Add(MessageHash("t", "1"));
  recent.Add(MessageHash("t", "2"));
  recent.Add(MessageHash("t", "2"));
  EXPECT_TRUE(recent.Contains(MessageHash("t", "1")));
  recent.Add(MessageHash("t", "3"));
  EXPECT_FALSE(recent.Contains(MessageHash("t", "1")));
  EXPECT_TRUE(recent.Contains(MessageHash("t", "2")));
  EXPECT_NE(MessageHash("t1", "x"), MessageHash("t", "1x"));  // the topic/payload boundary counts
  RecentMessages loaded(10);
  loaded.Load(recent.List());
  EXPECT_EQ(loaded.List(), recent.List());
}

TEST(ServeConfig, ErrorsNameTheField) {
  const auto path = std::filesystem::temp_directory_path() / ("pb-serve-config-" + std::to_string(::getpid()) + ".json");
  const auto load = [&](const std::string& text) {
    std::ofstream(path) << text;
    ServeConfig c;
    try {
      LoadConfigFile(path.string(), c);
    } catch (const std::invalid_argument& e) {
      std::filesystem::remove(path);
      return std::string(e.what());
    }
    std::filesystem::remove(path);
    return std::string();
  };
  EXPECT_NE(load(R"({"mqtt": {"port": 70000}})").find("mqtt.port"), std::string::npos);
  EXPECT_NE(load(R"({"mqtt": {"prot": 1883}})").find("mqtt.prot: unknown key"), std::string::npos);
  EXPECT_NE(load(R"({"mqtt": {"subscribe": [{"filter": "a/#", "format": "xml"}]}})").find("mqtt.subscribe[0].format"),
            std::string::npos);
  EXPECT_NE(load(R"({"partitions": {"owned": [1, -1]}})").find("partitions.owned[1]"), std::string::npos);
  EXPECT_NE(load("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(load(R"({"mqtt": {"host": "broker", "subscribe": [{"filter": "a/#"}]}, "state_dir": "/x"})"), "");

  // The documented example loads as it is.
  ServeConfig example;
  EXPECT_NO_THROW(LoadConfigFile(PB_SOURCE_DIR "/docs/examples/serve-config.json", example));
  EXPECT_EQ(example.owned_partitions, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(example.subscriptions.at(1).format, PayloadFormat::kInflux);

  ServeConfig c;
  c.ca_file = "ca.pem";
  c.state_dir = "/tmp/x";
  EXPECT_THROW(FinishConfig(c), std::invalid_argument);  // nothing to subscribe to
  c.partitions = 4;
  c.owned_partitions = ParsePartitionList("0,2-3", 4);
  EXPECT_EQ(c.owned_partitions, (std::vector<std::uint32_t>{0, 2, 3}));
  EXPECT_NO_THROW(FinishConfig(c));
  EXPECT_EQ(EffectiveRoutes(c).size(), 3u);
  EXPECT_THROW(ParsePartitionList("4", 4), std::invalid_argument);
  EXPECT_THROW(ParseSubscribeArgument("a/#=xml"), std::invalid_argument);
  EXPECT_EQ(ParseSubscribeArgument("a/#=influx").format, PayloadFormat::kInflux);
}

TEST(ServeConfig, InvalidTopicFiltersAreRefusedNamingTheField) {
  // A broker disconnects a client that subscribes to one: serve would retry for ever.
  EXPECT_EQ(mqtt::TopicFilterError("lwm2m/+/senml"), "");
  EXPECT_EQ(mqtt::TopicFilterError("#"), "");
  EXPECT_EQ(mqtt::TopicFilterError("a/+/#"), "");
  EXPECT_EQ(mqtt::TopicFilterError("$share/powerbudget/telemetry/3/#"), "");
  EXPECT_NE(mqtt::TopicFilterError("a/#/b"), "");
  EXPECT_NE(mqtt::TopicFilterError("a/b#"), "");
  EXPECT_NE(mqtt::TopicFilterError("a/b+/c"), "");
  EXPECT_NE(mqtt::TopicFilterError("$share//a/#"), "");
  EXPECT_NE(mqtt::TopicFilterError("$share/g+/a"), "");
  EXPECT_NE(mqtt::TopicFilterError("$share/g"), "");
  EXPECT_NE(mqtt::TopicFilterError("a/\x01"), "");
  ServeConfig c;
  c.ca_file = "ca.pem";
  c.state_dir = "/tmp/x";
  c.subscriptions.push_back({"telemetry/#/x", PayloadFormat::kAuto});
  try {
    FinishConfig(c);
    ADD_FAILURE() << "accepted an invalid filter";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("mqtt.subscribe"), std::string::npos) << e.what();
  }
  c.subscriptions = {{"telemetry/#", PayloadFormat::kAuto}};
  c.out_prefix = "estimates/\x01";
  EXPECT_THROW(FinishConfig(c), std::invalid_argument);
}

TEST(ServeConfig, FlagsFileAndFinishCheckTheSameRanges) {
  // One table of ranges (serve_config.cpp): a flag, a key in the file and a value set by code are
  // refused alike, each message naming what the user typed.
  const auto flag_error = [](const std::string& flag, const std::string& text) {
    ServeConfig c;
    try {
      SetNumericFlag(c, flag, text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(flag_error("--port", "0").find("--port: must be 1..65535"), std::string::npos);
  EXPECT_NE(flag_error("--port", "70000").find("(config mqtt.port)"), std::string::npos);
  EXPECT_NE(flag_error("--port", "88x").find("an integer"), std::string::npos);
  EXPECT_NE(flag_error("--port", "").find("--port"), std::string::npos);
  EXPECT_NE(flag_error("--max-message-bytes", "0").find("--max-message-bytes: must be 64..268435455"), std::string::npos);
  EXPECT_NE(flag_error("--max-message-bytes", "-1").find("--max-message-bytes"), std::string::npos);
  EXPECT_NE(flag_error("--snapshot-interval-s", "0").find("--snapshot-interval-s: must be 1..86400"), std::string::npos);
  EXPECT_NE(flag_error("--snapshot-interval-s", "nan").find("--snapshot-interval-s"), std::string::npos);
  EXPECT_NE(flag_error("--metrics-port", "-1").find("metrics.port"), std::string::npos);
  EXPECT_NE(flag_error("--partitions", "0").find("--partitions: must be 1..65536"), std::string::npos);
  EXPECT_THROW(flag_error("--no-such-flag", "1"), std::logic_error);

  ServeConfig c;
  SetNumericFlag(c, "--port", "1883");
  SetNumericFlag(c, "--metrics-port", "0");
  SetNumericFlag(c, "--snapshot-interval-s", "2.5");
  SetNumericFlag(c, "--max-message-bytes", "268435455");
  SetNumericFlag(c, "--partitions", "4");
  EXPECT_EQ(c.port, 1883);
  EXPECT_EQ(c.metrics_port, 0);
  EXPECT_EQ(c.snapshot_interval_s, 2.5);
  EXPECT_EQ(c.max_message_bytes, 268'435'455u);
  EXPECT_EQ(c.partitions, 4u);

  // Set by code and never checked: FinishConfig names the key.
  c.owned_partitions = {1};
  c.ca_file = "ca.pem";
  c.state_dir = "/tmp/x";
  c.subscriptions.push_back({"a/#", PayloadFormat::kAuto});
  EXPECT_NO_THROW(FinishConfig(c));
  for (const auto& [change, key] : std::vector<std::pair<std::function<void(ServeConfig&)>, std::string>>{
           {[](ServeConfig& x) { x.port = 0; }, "mqtt.port: 0 is outside 1..65535"},
           {[](ServeConfig& x) { x.metrics_port = 65536; }, "metrics.port: 65536 is outside 0..65535"},
           {[](ServeConfig& x) { x.influx.batch_points = 0; }, "influx.batch_points"},
           {[](ServeConfig& x) { x.snapshot_interval_s = 0.5; }, "snapshot_interval_s: 0.5 is outside 1..86400"}}) {
    ServeConfig bad = c;
    change(bad);
    try {
      FinishConfig(bad);
      ADD_FAILURE() << "accepted " << key;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  }
}

TEST(ServeConfig, InfluxUrlsAreReadByLibcurl) {
  const HttpTarget t = ParseHttpUrl("http://[::1]:8087/influx/");
  EXPECT_EQ(t.host, "[::1]");
  EXPECT_EQ(t.port, 8087);
  EXPECT_EQ(t.base_path, "/influx");
  EXPECT_EQ(ParseHttpUrl("http://db").port, 80);
  EXPECT_EQ(ParseHttpUrl("http://db").base_path, "");
  for (const std::string bad : {"http://db:0", "http://db:70000", "http://db:x", "http://:8086", "http://db/x?y=1",
                                "http://db#f", "https://db:8086", "db:8086"}) {
    try {
      ParseHttpUrl(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("influx.url"), std::string::npos) << e.what();
    }
  }
}

TEST(ServeConfig, AnInfluxUrlWithAPasswordIsRefusedWithoutRepeatingIt) {
  for (const std::string url : {"http://user:s3cret@127.0.0.1:8086", "https://user:s3cret@db:8086"}) {
    ServeConfig c;
    c.ca_file = "ca.pem";
    c.state_dir = "/tmp/x";
    c.subscriptions.push_back({"a/#", PayloadFormat::kAuto});
    c.influx.url = url;
    try {
      FinishConfig(c);
      ADD_FAILURE() << "accepted " << url;
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("influx.url"), std::string::npos) << what;
      EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
    }
  }
}

TEST(ServeConfig, InfluxCredentialsTravelOnlyOverLoopbackWhenPlainHttp) {
  // Issue #20: basic auth over plain HTTP to another host is the password in clear text.
  ServeConfig c;
  c.ca_file = "ca.pem";
  c.state_dir = "/tmp/x";
  c.subscriptions.push_back({"a/#", PayloadFormat::kAuto});
  const auto error = [&c](const std::string& url) {
    ServeConfig with = c;
    with.influx.url = url;
    try {
      FinishConfig(with);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const auto clear_env = [] {
    ::unsetenv("POWERBUDGET_INFLUX_USER");
    ::unsetenv("POWERBUDGET_INFLUX_PASSWORD");
  };
  clear_env();
  EXPECT_EQ(error("http://influx.example.net:8086"), "");  // no credentials: nothing to leak
  for (const char* variable : {"POWERBUDGET_INFLUX_USER", "POWERBUDGET_INFLUX_PASSWORD"}) {
    ::setenv(variable, "s3cret", 1);
    for (const std::string remote : {"http://influx.example.net:8086", "http://10.0.0.7:8086", "http://0.0.0.0:8086",
                                     "http://[2001:db8::1]:8086"}) {
      const std::string what = error(remote);
      EXPECT_NE(what.find("config influx.url"), std::string::npos) << variable << " " << remote << ": " << what;
      EXPECT_NE(what.find("POWERBUDGET_INFLUX_USER"), std::string::npos) << what;
      EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
    }
    for (const std::string local : {"http://127.0.0.1:8086", "http://127.3.2.1:8087/influx", "http://localhost:8086",
                                    "http://[::1]:8086"})
      EXPECT_EQ(error(local), "") << variable << " " << local;
    clear_env();
  }
}

TEST(ServeConfig, LoopbackHostsAreTheLoopbackNetAndLocalhost) {
  for (const std::string host : {"127.0.0.1", "127.255.0.9", "::1", "[::1]", "localhost", "LocalHost", "::ffff:127.0.0.1"})
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  for (const std::string host : {"0.0.0.0", "::", "[::]", "10.0.0.1", "128.0.0.1", "localhost.example.net", "", "::ffff:10.0.0.1",
                                 "db"})
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
}

TEST(MessageIngest, CommentsEmptyPacksAndTextValuesAreCountedNotSilent) {
  // Issue #20: what the readers drop reaches the estimator's counts, which /metrics exposes
  // (estimator_events_total{reason}).
  namespace est = engine::estimation;
  est::FleetEstimator fleet(est::MakeFleetModel(test::TestProfile()));
  MessageIngest ingest(fleet);
  IngestTally tally;
  const TopicRoute influx{"gateways/#", PayloadFormat::kInflux}, senml{"telemetry/#", PayloadFormat::kSenml};
  EXPECT_TRUE(ingest.Ingest("gateways/1", "# gateway 1\ntelemetry,device=d1 level_pct=90i 1704067200000000000\n", influx, tally));
  EXPECT_TRUE(ingest.Ingest("telemetry/0/d2", "[]", senml, tally));
  EXPECT_TRUE(ingest.Ingest("telemetry/0/d2", R"([{"bn":"d2/","bt":1704067200,"n":"3/0/7","vs":"3600"},{"n":"3/0/1","vs":"m"}])",
                            senml, tally));
  EXPECT_EQ(tally.malformed_lines, 0u);
  EXPECT_EQ(tally.accepted + tally.rejected, 1u);  // d1's record
  const auto count = [&fleet](est::Reason r) { return fleet.counts()[static_cast<std::size_t>(r)]; };
  EXPECT_EQ(count(est::Reason::kComment), 1u);
  EXPECT_EQ(count(est::Reason::kEmptyPack), 1u);
  EXPECT_EQ(count(est::Reason::kNonNumeric), 1u);
  EXPECT_EQ(count(est::Reason::kUnknownResource), 1u);
}

TEST(MessageIngest, OnAPartitionTopicARecordOfAnotherDeviceIsRefused) {
  // The broker's ACL lets dev-a write telemetry/<p>/dev-a only; the payload must not speak for
  // dev-b there. Partition routes name the device; a gateway's explicit route does not.
  namespace est = engine::estimation;
  ServeConfig c;
  c.partitions = 2;
  c.owned_partitions = {0, 1};
  c.subscriptions.push_back({"gateways/#", PayloadFormat::kInflux});
  const std::vector<TopicRoute> routes = EffectiveRoutes(c);
  EXPECT_FALSE(RouteForTopic(routes, "gateways/gw-1").topic_names_device);
  EXPECT_TRUE(RouteForTopic(routes, "telemetry/1/dev-a").topic_names_device);
  EXPECT_FALSE(RouteForTopic(routes, "elsewhere/dev-a").topic_names_device);
  // The device of a partition topic is all after the partition: a certificate whose name holds a
  // '/' (a pattern ACL substitutes it) does not pass for the device of the last level.
  EXPECT_EQ(TopicDevice(RouteForTopic(routes, "telemetry/1/site/7"), "telemetry/1/site/7"), "site/7");
  EXPECT_EQ(TopicDevice(RouteForTopic(routes, "gateways/x/gw-1"), "gateways/x/gw-1"), "gw-1");

  est::FleetEstimator fleet(est::MakeFleetModel(test::TestProfile()));
  MessageIngest ingest(fleet);
  IngestTally tally;
  const std::string line = "telemetry,device=DEV level_pct=90i 1704067200000000000";
  const auto as = [&](const std::string& device) { return line.substr(0, 17) + device + line.substr(20); };
  ingest.Ingest("telemetry/1/dev-a", as("dev-b"), RouteForTopic(routes, "telemetry/1/dev-a"), tally);
  EXPECT_EQ(tally.accepted, 0u);
  EXPECT_EQ(tally.rejected, 1u);
  EXPECT_EQ(tally.device_mismatches, 1u);
  EXPECT_EQ(fleet.counts()[static_cast<std::size_t>(est::Reason::kDeviceMismatch)], 1u);
  EXPECT_EQ(fleet.device_count(), 0u);
  ingest.Ingest("telemetry/1/x/dev-b", as("dev-b"), RouteForTopic(routes, "telemetry/1/x/dev-b"), tally);
  EXPECT_EQ(tally.device_mismatches, 2u);
  ingest.Ingest("telemetry/1/dev-a", as("dev-a"), RouteForTopic(routes, "telemetry/1/dev-a"), tally);
  ingest.Ingest("gateways/gw-1", as("dev-b"), RouteForTopic(routes, "gateways/gw-1"), tally);
  EXPECT_EQ(tally.accepted, 2u);
  EXPECT_EQ(tally.device_mismatches, 2u);
}

// A loopback TCP listener for the tests of serve's HTTP pieces.
int ListenOnLoopback(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) return -1;
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

// Sends `request` to the endpoint and drives its poll loop until the response is complete.
std::string AskEndpoint(HttpEndpoint& endpoint, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(endpoint.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "connect failed";
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string response;
  for (int round = 0; round < 200; ++round) {
    std::vector<pollfd> fds;
    endpoint.AddPollFds(fds);
    ::poll(fds.data(), fds.size(), 10);
    endpoint.Handle(fds.data(), fds.size());
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) response.append(buf, static_cast<std::size_t>(n));
    if (n == 0) break;
  }
  ::close(fd);
  return response;
}

TEST(ServeHttpEndpoint, ParsesTheRequestLineOnly) {
  std::vector<std::string> paths;
  HttpEndpoint endpoint("127.0.0.1", 0, [&](const std::string& method, const std::string& path) {
    paths.push_back(method + " " + path);
    return HttpResponse{200, "text/plain; charset=utf-8", "fine\n"};
  });
  // A query string is not part of the path; a space in a header does not end the target.
  EXPECT_EQ(AskEndpoint(endpoint, "GET /metrics?name[]=x HTTP/1.1\r\nUser-Agent: a b c\r\n\r\n").substr(0, 15),
            "HTTP/1.1 200 OK");
  EXPECT_EQ(AskEndpoint(endpoint, "GET /healthz\r\nUser-Agent: a b c\r\n\r\n").substr(0, 12), "HTTP/1.1 400");
  EXPECT_EQ(AskEndpoint(endpoint, "GET  HTTP/1.1\r\n\r\n").substr(0, 12), "HTTP/1.1 400");
  EXPECT_EQ(paths, (std::vector<std::string>{"GET /metrics"}));
}

TEST(ServeHttpEndpoint, AnswersWithTheHandlersStatusTypeAndBody) {
  HttpEndpoint endpoint("127.0.0.1", 0, [](const std::string& method, const std::string& path) {
    if (method != "GET") return HttpResponse{405, "text/plain; charset=utf-8", "GET only\n"};
    if (path == "/metrics") return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8", "m_total 1\n"};
    if (path == "/healthz") return HttpResponse{503, "text/plain; charset=utf-8", "not connected\n"};
    return HttpResponse{404, "text/plain; charset=utf-8", "try /metrics or /healthz\n"};
  });
  const auto has = [](const std::string& response, const std::string& part) {
    return response.find(part) != std::string::npos;
  };
  std::string r = AskEndpoint(endpoint, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.substr(0, 17), "HTTP/1.1 200 OK\r\n") << r;
  EXPECT_TRUE(has(r, "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n")) << r;
  EXPECT_TRUE(has(r, "Content-Length: 10\r\n")) << r;
  EXPECT_TRUE(has(r, "Connection: close\r\n")) << r;
  EXPECT_EQ(r.substr(r.size() - 14), "\r\n\r\nm_total 1\n") << r;
  r = AskEndpoint(endpoint, "GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_EQ(r.substr(0, 33), "HTTP/1.1 503 Service Unavailable\r") << r;
  EXPECT_EQ(r.substr(r.size() - 14), "not connected\n") << r;
  EXPECT_EQ(AskEndpoint(endpoint, "GET /nothing HTTP/1.1\r\n\r\n").substr(0, 22), "HTTP/1.1 404 Not Found");
  r = AskEndpoint(endpoint, "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(r.substr(0, 31), "HTTP/1.1 405 Method Not Allowed") << r;
  EXPECT_TRUE(has(r, "GET only\n")) << r;
  r = AskEndpoint(endpoint, "GET /healthz\r\n\r\n");
  EXPECT_EQ(r.substr(r.size() - 12), "bad request\n") << r;
}

TEST(ServeHttpEndpoint, ASecondEndpointOnTheSamePortIsRefused) {
  // httplib sets SO_REUSEPORT by default; serve does not, so two instances cannot share a port.
  HttpEndpoint first("127.0.0.1", 0, [](const std::string&, const std::string&) { return HttpResponse{}; });
  try {
    HttpEndpoint second("127.0.0.1", first.port(), [](const std::string&, const std::string&) { return HttpResponse{}; });
    ADD_FAILURE() << "a second endpoint bound port " << first.port();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("metrics.port: cannot listen on 127.0.0.1:" + std::to_string(first.port())),
              std::string::npos) << e.what();
  }
  EXPECT_THROW(HttpEndpoint("localhost", 0, [](const std::string&, const std::string&) { return HttpResponse{}; }),
               std::runtime_error);  // metrics.bind: an IPv4 address
}

// A fake InfluxDB: answers each request with the next status of `statuses` (then 204) and keeps
// what it was sent.
class FakeInflux {
 public:
  explicit FakeInflux(std::vector<int> statuses) : statuses_(std::move(statuses)) {
    listener_ = ListenOnLoopback(port_);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeInflux() {
    done_ = true;
    thread_.join();
    ::close(listener_);
  }
  int port() const { return port_; }
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void Serve() {
    std::size_t next = 0;
    while (!done_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      while (true) {  // requests on this connection (libcurl keeps it open)
        std::string in;
        char buf[65536];
        std::size_t want = std::string::npos;
        while (want == std::string::npos || in.size() < want) {
          pollfd q{fd, POLLIN, 0};
          if (::poll(&q, 1, 2000) <= 0) break;
          const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
          if (n <= 0) break;
          in.append(buf, static_cast<std::size_t>(n));
          const std::size_t end = in.find("\r\n\r\n");
          const std::size_t cl = in.find("Content-Length: ");
          if (end != std::string::npos && cl != std::string::npos && cl < end)
            want = end + 4 + std::stoul(in.substr(cl + 16));
        }
        if (want == std::string::npos || in.size() < want) break;
        {
          std::lock_guard lock(mutex_);
          requests_.push_back(in);
        }
        const int status = next < statuses_.size() ? statuses_[next++] : 204;
        const std::string body = status == 400 ? "{\"error\":\"unable to parse\"}" : "";
        const std::string answer = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " +
                                   std::to_string(body.size()) + "\r\n\r\n" + body;
        ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
      }
      ::close(fd);
    }
  }
  std::vector<int> statuses_;
  int listener_ = -1, port_ = 0;
  std::atomic<bool> done_{false};
  std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

TEST(ServeInfluxWriter, BatchesRetriesAndCountsWithBasicAuth) {
  // Statuses: 500 (retried with backoff), 400 (refused: counted, dropped, not retried), then 204s.
  FakeInflux influx({500, 400});
  ::setenv("POWERBUDGET_INFLUX_USER", "writer", 1);
  ::setenv("POWERBUDGET_INFLUX_PASSWORD", "s3cret", 1);
  ServeMetrics metrics;
  {
    InfluxOptions o;
    o.url = "http://127.0.0.1:" + std::to_string(influx.port()) + "/base/";
    o.db = "fleet db";
    o.batch_points = 3;
    InfluxWriter writer(o, metrics);
    ::unsetenv("POWERBUDGET_INFLUX_USER");
    ::unsetenv("POWERBUDGET_INFLUX_PASSWORD");
    for (int i = 0; i < 7; ++i) writer.Enqueue("m,device=d v=1 " + std::to_string(i) + "\n");
    writer.Drain(std::chrono::seconds(5));
  }
  const std::vector<std::string> requests = influx.requests();
  // The points of each request body, in order. How the 7 points fall into batches depends on when
  // the writer wakes; what is fixed: at most 3 per batch, the batch refused with 500 sent again,
  // the one refused with 400 dropped, every other point written once, in order.
  std::vector<std::vector<std::string>> batches;
  for (const std::string& r : requests) {
    EXPECT_EQ(r.rfind("POST /base/write?db=fleet%20db&precision=ns HTTP/1.1\r\n", 0), 0u) << r;
    EXPECT_NE(r.find("Authorization: Basic d3JpdGVyOnMzY3JldA==\r\n"), std::string::npos) << r;  // writer:s3cret
    EXPECT_NE(r.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos) << r;
    EXPECT_EQ(r.find("Expect:"), std::string::npos) << r;
    std::vector<std::string> points;
    std::string body = r.substr(r.find("\r\n\r\n") + 4);
    for (std::size_t at = 0; at < body.size();) {
      const std::size_t nl = body.find('\n', at);
      points.push_back(body.substr(at, nl - at));
      at = nl + 1;
    }
    EXPECT_GE(points.size(), 1u);
    EXPECT_LE(points.size(), 3u);
    batches.push_back(points);
  }
  ASSERT_GE(batches.size(), 3u);
  EXPECT_EQ(batches[0], batches[1]);  // the same batch again after the 500
  std::vector<std::string> sent;      // each point once: the retried batch counted once
  for (std::size_t i = 1; i < batches.size(); ++i) sent.insert(sent.end(), batches[i].begin(), batches[i].end());
  ASSERT_EQ(sent.size(), 7u);
  for (std::size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(sent[i], "m,device=d v=1 " + std::to_string(i));
  EXPECT_EQ(metrics.influx_write_errors, 2u);
  EXPECT_EQ(metrics.influx_points_dropped, batches[1].size());
  EXPECT_EQ(metrics.influx_points_written, 7u - batches[1].size());
  EXPECT_EQ(metrics.influx_queue_points, 0);
}

TEST(ServeInfluxWriter, AnUnreachableInfluxIsCountedAndRetried) {
  int port = 0;
  const int listener = ListenOnLoopback(port);
  ::close(listener);  // nothing listens there now
  ServeMetrics metrics;
  {
    InfluxOptions o;
    o.url = "http://127.0.0.1:" + std::to_string(port);
    InfluxWriter writer(o, metrics);
    writer.Enqueue("m v=1 1\n");
    for (int i = 0; i < 200 && metrics.influx_write_errors < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(metrics.influx_write_errors, 2u);  // retried after the first failure
  EXPECT_EQ(metrics.influx_points_written, 0u);
  EXPECT_EQ(metrics.influx_points_dropped, 1u);  // given up at the stop
}

TEST(ServeInfluxWriter, StoppingDoesNotWorkThroughTheWholeQueue) {
  // An InfluxDB that answers, slowly: once stopped (after Drain had its time), the writer must not
  // go on sending the rest of a full queue, one slow request after another, holding up the exit.
  int port = 0;
  const int listener = ListenOnLoopback(port);
  ASSERT_GE(listener, 0);
  std::atomic<int> requests{0};
  std::atomic<bool> done{false};
  std::thread server([&] {
    while (!done) {
      pollfd p{listener, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int fd = ::accept(listener, nullptr, nullptr);
      if (fd < 0) continue;
      std::string in;
      char buf[4096];
      while (in.find("\r\n\r\n") == std::string::npos) {  // headers; the one-point body comes with them
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        in.append(buf, static_cast<std::size_t>(n));
      }
      ++requests;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::string ok = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n";
      ::send(fd, ok.data(), ok.size(), MSG_NOSIGNAL);
      ::shutdown(fd, SHUT_WR);
      while (::recv(fd, buf, sizeof buf, 0) > 0) {
      }
      ::close(fd);
    }
  });
  ServeMetrics metrics;
  {
    InfluxOptions o;
    o.url = "http://127.0.0.1:" + std::to_string(port);
    o.batch_points = 1;
    InfluxWriter writer(o, metrics);
    for (int i = 0; i < 40; ++i) writer.Enqueue("m,device=d v=1 " + std::to_string(i) + "\n");
    while (requests == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }  // the destructor stops the writer
  done = true;
  server.join();
  ::close(listener);
  EXPECT_LE(requests.load(), 3);
  EXPECT_EQ(metrics.influx_points_written + metrics.influx_points_dropped, 40u);
  EXPECT_GE(metrics.influx_points_dropped, 37u);
}

}  // namespace
}  // namespace pb::serve
