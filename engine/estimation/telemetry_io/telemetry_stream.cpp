#include "engine/estimation/telemetry_io/telemetry_stream.hpp"

#include <cstring>
#include <string>
#include <vector>

namespace pb::engine::estimation::telemetry_io {
namespace {

// The loop `estimate` ran before the batched path: one line, one record at a time.
StreamTally IngestPerRecord(std::istream& in, TelemetryReader& reader, FleetEstimator& fleet, const StreamHooks& hooks) {
  StreamTally tally;
  std::vector<TelemetryRecord> records;
  std::string line, error;
  std::size_t bytes = 0;
  ReasonCounts reader_counts{};
  while (std::getline(in, line)) {
    ++tally.lines;
    bytes += line.size() + 1;
    if (hooks.progress && (tally.lines & 0xFFF) == 0) hooks.progress(bytes);
    if (!reader.ReadLine(line, records, error, reader_counts)) {
      ++tally.malformed;
      fleet.Count(Reason::kMalformed);
      if (hooks.malformed) hooks.malformed(tally.lines, error);
      continue;
    }
    for (const TelemetryRecord& r : records) {
      if (fleet.Ingest(r)) {
        ++tally.rejected;
        continue;
      }
      ++tally.accepted;
      if (hooks.accepted) hooks.accepted(*fleet.Query(r.device_id));
    }
  }
  for (std::size_t i = 0; i < reader_counts.size(); ++i) fleet.Count(static_cast<Reason>(i), reader_counts[i]);
  return tally;
}

class BatchedIngest {
 public:
  BatchedIngest(TelemetryReader& reader, FleetEstimator& fleet, const StreamHooks& hooks, std::size_t batch_lines)
      : reader_(reader), fleet_(fleet), hooks_(hooks), batch_lines_(batch_lines == 0 ? 1 : batch_lines) {
    batch_.reserve(batch_lines_ + 16);
  }

  void Line(std::string_view line) {
    ++tally_.lines;
    if (!reader_.AppendLine(line, batch_, error_, reader_counts_)) {
      ++tally_.malformed;
      fleet_.Count(Reason::kMalformed);
      if (hooks_.malformed) hooks_.malformed(tally_.lines, error_);
    }
    if (++pending_lines_ >= batch_lines_) Flush();
  }

  // Ingests the records parsed so far (their ids may point into the block: before it changes).
  void Flush() {
    pending_lines_ = 0;
    if (batch_.empty()) return;
    IngestResult result;
    if (hooks_.accepted) {
      result = fleet_.Ingest(batch_, [this](std::size_t i, bool accepted) {
        if (accepted) hooks_.accepted(*fleet_.Query(batch_[i].device_id));
      });
    } else {
      result = fleet_.Ingest(batch_);
    }
    tally_.accepted += result.accepted;
    tally_.rejected += result.rejected;
    batch_.clear();
    reader_.ReleaseIds();
  }

  StreamTally Finish() {
    Flush();
    for (std::size_t i = 0; i < reader_counts_.size(); ++i) fleet_.Count(static_cast<Reason>(i), reader_counts_[i]);
    return tally_;
  }

 private:
  TelemetryReader& reader_;
  FleetEstimator& fleet_;
  const StreamHooks& hooks_;
  std::size_t batch_lines_;
  std::size_t pending_lines_ = 0;
  std::vector<TelemetryRecord> batch_;
  std::string error_;
  ReasonCounts reader_counts_{};
  StreamTally tally_;
};

StreamTally IngestBatched(std::istream& in, TelemetryReader& reader, FleetEstimator& fleet, const StreamHooks& hooks,
                          const StreamOptions& options) {
  BatchedIngest ingest(reader, fleet, hooks, options.batch_lines);
  std::vector<char> block(options.block_bytes < 64 ? 64 : options.block_bytes);
  std::size_t have = 0;      // bytes in the block: the unfinished line carried over, then what was read
  std::size_t consumed = 0;  // bytes of the stream before the block
  bool end = false;
  while (!end) {
    in.read(block.data() + have, static_cast<std::streamsize>(block.size() - have));
    const auto got = static_cast<std::size_t>(in.gcount());
    end = have + got < block.size();  // a short read: the end of the stream (or an error, where getline stops too)
    have += got;
    const char* const base = block.data();
    std::size_t start = 0;
    while (start < have) {
      const void* nl = std::memchr(base + start, '\n', have - start);
      if (!nl) break;
      const auto stop = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
      ingest.Line(std::string_view(base + start, stop - start));
      start = stop + 1;
    }
    if (end && start < have) {  // a last line without '\n'
      ingest.Line(std::string_view(base + start, have - start));
      start = have;
    }
    ingest.Flush();  // before the block's bytes move
    consumed += start;
    if (hooks.progress) hooks.progress(consumed);
    if (end) break;
    // The unfinished line to the front; a line longer than the block doubles it.
    if (start > 0) std::memmove(block.data(), block.data() + start, have - start);
    have -= start;
    if (have == block.size()) block.resize(block.size() * 2);
  }
  return ingest.Finish();
}

}  // namespace

StreamTally IngestStream(std::istream& in, TelemetryReader& reader, FleetEstimator& fleet, const StreamHooks& hooks,
                         const StreamOptions& options) {
  if (options.mode == IngestMode::kPerRecord) return IngestPerRecord(in, reader, fleet, hooks);
  return IngestBatched(in, reader, fleet, hooks, options);
}

}  // namespace pb::engine::estimation::telemetry_io
