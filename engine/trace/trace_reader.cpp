#include "engine/trace/trace_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/trace/trace_error.hpp"

namespace pb::engine::trace {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;
constexpr std::size_t kBatchSamples = 4096;
constexpr std::size_t kStepsForNominal = 16;

std::string_view TrimField(std::string_view field) {
  while (!field.empty() && (field.front() == ' ' || field.front() == '\t')) field.remove_prefix(1);
  while (!field.empty() && (field.back() == ' ' || field.back() == '\t' || field.back() == '\r')) field.remove_suffix(1);
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
  return field;
}

// A whole field as a number; nothing for text, trailing garbage or an empty field.
std::optional<double> ParseNumber(std::string_view field) {
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  if (field.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (ec != std::errc() || end != field.data() + field.size()) return std::nullopt;
  return value;
}

std::string Shown(std::string_view field) {
  std::string text(field.substr(0, 40));
  return field.size() > 40 ? text + "..." : text;
}

std::string FormatSeconds(double seconds) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.9g s", seconds);
  return buffer;
}

struct Row {
  std::uint64_t line;
  double time_s;
  double current_A;
  std::uint8_t bits;
  std::string bad;  // why the current is unusable; empty when good
};

class Reader {
 public:
  Reader(const std::string& source, TraceSink& sink, const ReaderOptions& options)
      : source_(source), sink_(sink), options_(options) {
    quality_.source = source;
    options_.Validate();
    if (options_.sample_rate_Hz) {
      quality_.nominal_step_s = 1.0 / *options_.sample_rate_Hz;
      nominal_known_ = true;
    }
    time_.reserve(kBatchSamples);
    current_.reserve(kBatchSamples);
    bits_.reserve(kBatchSamples);
  }

  TraceQuality Run(std::istream& in) {
    std::vector<char> buffer(kChunkBytes);
    std::string carry;  // a line split across chunks
    std::uint64_t line = 0;
    while (in) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      const std::size_t got = static_cast<std::size_t>(in.gcount());
      if (got == 0) break;
      std::string_view chunk(buffer.data(), got);
      while (!chunk.empty()) {
        const void* newline = std::memchr(chunk.data(), '\n', chunk.size());
        if (!newline) {
          carry.append(chunk);
          if (carry.size() > kMaxLineBytes)
            throw TraceError(source_, line + 1, "line longer than 1 MiB: not a trace CSV");
          break;
        }
        const std::size_t length = static_cast<std::size_t>(static_cast<const char*>(newline) - chunk.data());
        ++line;
        if (carry.empty()) {
          Line(chunk.substr(0, length), line);
        } else {
          carry.append(chunk.substr(0, length));
          Line(carry, line);
          carry.clear();
        }
        chunk.remove_prefix(length + 1);
      }
    }
    if (!carry.empty()) Line(carry, ++line);  // last line without a newline
    quality_.lines = line;
    if (!header_seen_) throw TraceError(source_, 0, "empty file: no header line");
    if (!nominal_known_) DecideNominal();
    Flush();
    if (quality_.samples == 0)
      throw TraceError(source_, line, "no usable samples after the header (" + std::to_string(quality_.rows) + " rows)");
    return quality_;
  }

 private:
  void Line(std::string_view text, std::uint64_t line) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) return;  // blank
    if (!header_seen_) {
      columns_ = DetectColumns(text, source_);
      quality_.columns = columns_;
      header_seen_ = true;
      return;
    }
    Data(text, line);
  }

  void Data(std::string_view text, std::uint64_t line) {
    ++quality_.rows;
    // Field boundaries up to the last column we need, however many columns the capture has (an
    // Otii export with many channels puts them far to the right). The buffer is the reader's,
    // sized once: no allocation per line.
    const std::size_t needed = columns_.last_needed_column + 1;
    if (fields_.size() < needed) fields_.resize(needed);
    std::string_view* fields = fields_.data();
    std::size_t count = 0;
    std::size_t begin = 0;
    while (count < needed) {
      const std::size_t end = text.find(columns_.delimiter, begin);
      fields[count++] = TrimField(text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
      if (end == std::string_view::npos) break;
      begin = end + 1;
    }
    if (count < needed)
      throw TraceError(source_, line,
                       "expected at least " + std::to_string(needed) + " columns as the header says, found " +
                           std::to_string(count) + " (truncated line?): '" + Shown(text) + "'");

    Row row{line, 0.0, 0.0, 0, {}};
    const std::string_view time_field = fields[columns_.time_column];
    const std::optional<double> time = ParseNumber(time_field);
    if (!time || !std::isfinite(*time))
      throw TraceError(source_, line, "time '" + Shown(time_field) + "' in column '" + columns_.time_header + "' is not a number");
    row.time_s = *time * columns_.seconds_per_time_unit;
    if (any_row_ && !(row.time_s > last_row_time_s_))
      throw TraceError(source_, line,
                       "time " + FormatSeconds(row.time_s) + " does not advance past " + FormatSeconds(last_row_time_s_) +
                           " on line " + std::to_string(last_row_line_) + " (samples must be in time order)");
    if (!any_row_) quality_.first_time_s = row.time_s;
    any_row_ = true;
    last_row_time_s_ = row.time_s;
    last_row_line_ = line;

    const std::string_view current_field = fields[columns_.current_column];
    const std::optional<double> current = ParseNumber(current_field);
    if (!current) {
      row.bad = current_field.empty() ? "empty current" : "current '" + Shown(current_field) + "' is not a number";
    } else if (!std::isfinite(*current)) {
      row.bad = "current '" + Shown(current_field) + "' is not finite";
    } else {
      row.current_A = *current * columns_.amperes_per_current_unit;
      if (row.current_A < -options_.negative_limit_A)
        row.bad = "current " + Shown(current_field) + " is negative beyond the noise limit";
    }
    row.bits = Bits(fields);

    if (nominal_known_) {
      Accept(row);
    } else {
      head_.push_back(std::move(row));
      if (head_.size() > kStepsForNominal) DecideNominal();
    }
  }

  std::uint8_t Bits(const std::string_view* fields) const {
    std::uint8_t bits = 0;
    switch (columns_.digital) {
      case DigitalLayout::kPackedD0First: {
        const std::string_view f = fields[columns_.digital_column];
        for (std::size_t k = 0; k < f.size() && k < 8; ++k)
          if (f[k] == '1') bits = static_cast<std::uint8_t>(bits | (1u << k));
        break;
      }
      case DigitalLayout::kBitsMsbFirst: {
        const std::string_view f = fields[columns_.digital_column];
        for (std::size_t k = 0; k < f.size() && k < 8; ++k)
          if (f[f.size() - 1 - k] == '1') bits = static_cast<std::uint8_t>(bits | (1u << k));
        break;
      }
      case DigitalLayout::kColumns:
        for (int k = 0; k < columns_.digital_channels; ++k)
          if (fields[columns_.digital_column + static_cast<std::size_t>(k)] == "1")
            bits = static_cast<std::uint8_t>(bits | (1u << k));
        break;
      default: break;
    }
    return bits;
  }

  // The nominal step is the median of the first steps: robust to a gap among them.
  void DecideNominal() {
    std::vector<double> steps;
    for (std::size_t i = 1; i < head_.size(); ++i) steps.push_back(head_[i].time_s - head_[i - 1].time_s);
    if (!steps.empty()) {
      std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2), steps.end());
      quality_.nominal_step_s = steps[steps.size() / 2];
    }
    nominal_known_ = true;
    std::vector<Row> head;
    head.swap(head_);
    for (Row& row : head) Accept(row);
  }

  void Accept(const Row& row) {
    if (has_previous_) {
      const double step = row.time_s - previous_time_s_;
      if (quality_.nominal_step_s > 0.0 && step > options_.gap_factor * quality_.nominal_step_s) {
        ++quality_.gap_count;
        quality_.gap_time_s += step - quality_.nominal_step_s;
        const std::string what = "gap of " + FormatSeconds(step) + " before this sample (nominal step " +
                                 FormatSeconds(quality_.nominal_step_s) + ")";
        if (options_.strict) throw TraceError(source_, row.line, what);
        if (quality_.first_gaps.size() < options_.max_reported) quality_.first_gaps.push_back({row.line, what});
        Interrupt();
      }
    }
    has_previous_ = true;
    previous_time_s_ = row.time_s;
    if (!row.bad.empty()) {
      ++quality_.bad_sample_count;
      if (options_.strict) throw TraceError(source_, row.line, row.bad);
      if (quality_.first_bad_samples.size() < options_.max_reported) quality_.first_bad_samples.push_back({row.line, row.bad});
      Interrupt();
      return;
    }
    time_.push_back(row.time_s);
    current_.push_back(row.current_A);
    if (columns_.digital != DigitalLayout::kNone) bits_.push_back(row.bits);
    ++quality_.samples;
    quality_.last_time_s = row.time_s;
    interrupted_ = false;
    if (time_.size() == kBatchSamples) Flush();
  }

  // Nothing is integrated across a gap or a dropped sample; one break per run of them.
  void Interrupt() {
    if (interrupted_) return;
    Flush();
    sink_.Break();
    interrupted_ = true;
  }

  void Flush() {
    if (time_.empty()) return;
    sink_.Samples({time_, current_, bits_});
    time_.clear();
    current_.clear();
    bits_.clear();
  }

  const std::string& source_;
  TraceSink& sink_;
  const ReaderOptions& options_;
  TraceQuality quality_;
  TraceColumns columns_;
  bool header_seen_ = false;
  bool nominal_known_ = false;
  std::vector<Row> head_;
  bool any_row_ = false;
  double last_row_time_s_ = 0.0;
  std::uint64_t last_row_line_ = 0;
  std::vector<std::string_view> fields_;  // the current line's fields up to the last needed column
  bool has_previous_ = false;
  double previous_time_s_ = 0.0;
  bool interrupted_ = false;
  std::vector<double> time_;
  std::vector<double> current_;
  std::vector<std::uint8_t> bits_;
};

}  // namespace

void ReaderOptions::Validate() const {
  if (sample_rate_Hz) RequireInRange("sample_rate_Hz", *sample_rate_Hz, kSampleRateRange_Hz);
  RequireInRange("negative_limit_A", negative_limit_A, kNegativeLimitRange_A);
}

TraceQuality ReadTrace(std::istream& in, const std::string& source, TraceSink& sink, const ReaderOptions& options) {
  return Reader(source, sink, options).Run(in);
}

TraceQuality ReadTraceFile(const std::filesystem::path& file, TraceSink& sink, const ReaderOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw TraceError(file.string(), 0, "cannot open the trace file");
  return ReadTrace(in, file.string(), sink, options);
}

}  // namespace pb::engine::trace
