// A whole telemetry stream (a file, stdin) through the fleet estimator: what `powerbudget
// estimate` runs, and what bench_estimation times as the command.
//
// kBatched (the default) reads the stream in blocks (128 KiB, grown for a longer line),
// parses each line in place with TelemetryReader::AppendLine (line-protocol and unquoted CSV
// device ids are views into the block: no allocation per line), and hands every kBatchLines
// lines' records to FleetEstimator::Ingest(span), whose pipeline hashes each id once and
// prefetches the device's table entry, id and state before applying the records in order.
// kPerRecord is the loop `estimate` ran before (std::getline, ReadLine, Ingest of one record):
// kept as the reference the tests compare the batched path with.
//
// Both give the same estimates, counts and messages for any input (tests/estimation/
// test_telemetry_stream.cpp): lines are split on '\n' as std::getline splits them (a last line
// without '\n' is a line; a final '\n' does not start one), a '\r' before it is the reader's to
// trim, malformed lines are reported with their 1-based number in order, and the units the
// readers could not convert are counted into the estimator when the stream ends. Every input
// format takes the batched path (JSON ids live in the reader until the batch is ingested).
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string_view>

#include "engine/estimation/fleet/estimate.hpp"
#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"

namespace pb::engine::estimation::telemetry_io {

enum class IngestMode { kBatched, kPerRecord };

struct StreamHooks {
  // A line that did not parse: its number (from 1) and the reader's message.
  std::function<void(std::size_t line_number, std::string_view error)> malformed;
  // When set, called after every accepted record with the device's estimate at that point
  // (estimate --emit record).
  std::function<void(const DeviceEstimate&)> accepted;
  // Bytes of the stream consumed so far, now and then (a progress bar).
  std::function<void(std::size_t bytes)> progress;
};

struct StreamTally {
  std::size_t lines = 0;
  std::size_t malformed = 0;
  std::size_t accepted = 0;
  std::size_t rejected = 0;
};

struct StreamOptions {
  IngestMode mode = IngestMode::kBatched;
  std::size_t block_bytes = std::size_t{1} << 17;  // the read size; a longer line grows the block
  std::size_t batch_lines = 512;                    // lines parsed before their records are ingested
};

StreamTally IngestStream(std::istream& in, TelemetryReader& reader, FleetEstimator& fleet, const StreamHooks& hooks = {},
                         const StreamOptions& options = {});

}  // namespace pb::engine::estimation::telemetry_io
