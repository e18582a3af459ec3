#include "bindings/python/python_fleet.hpp"

#include <cmath>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <set>
#include <span>
#include <string_view>

#include "bindings/python/estimate_to_dict.hpp"
#include "bindings/python/profile_loading.hpp"
#include "bindings/python/record_from_dict.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"

namespace pb::python {
namespace py = pybind11;
namespace est = pb::engine::estimation;

namespace {

// Line errors handed back per call: enough to find the problem, bounded for a stream of garbage
// (the count of malformed lines is always complete).
constexpr std::size_t kMaxErrors = 100;

// The options' ranges are the engine's (EstimatorOptions::Validate() in MakeFleetModel checks them
// again): a ProfileError naming the option, a ValueError in Python, as in the CLI and the C ABI.
// A brown-out voltage given as NaN is refused here: to the engine NaN means "not given".
est::FleetModel LoadModel(const std::string& profile, const FleetOptions& options) {
  engine::RequireInRange("nrs_power_dBm", options.nrs_power_dBm, est::kNrsPowerRange_dBm);
  if (options.brown_out_V) engine::RequireInRange("brown_out_V", *options.brown_out_V, est::kBrownOutRange_V);
  py::gil_scoped_release unlocked;  // file reads and the drain table: no Python objects
  const engine::DeviceProfile device = LoadDevice(profile, options.overrides, options.profiles_dir);
  est::EstimatorOptions estimator;
  estimator.nrs_power_dBm = options.nrs_power_dBm;
  if (options.brown_out_V) estimator.brown_out_V = *options.brown_out_V;
  return est::MakeFleetModel(device, estimator);
}

// The text of a str (as UTF-8) or of a bytes object; it lives as long as the object.
std::string_view TextOf(py::handle text) {
  if (PyUnicode_Check(text.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
    if (!data) throw py::error_already_set();
    return {data, static_cast<std::size_t>(size)};
  }
  if (PyBytes_Check(text.ptr())) return {PyBytes_AS_STRING(text.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(text.ptr()))};
  throw py::type_error(std::string("ingest_text: text must be str or bytes, got ") + Py_TYPE(text.ptr())->tp_name);
}

py::list ToList(const std::vector<std::string>& items) {
  py::list out;
  for (const std::string& s : items) out.append(py::str(s));
  return out;
}

// A bytes-like object's contiguous memory, released with the object's buffer.
class ByteView {
 public:
  explicit ByteView(py::handle object) {
    if (PyObject_GetBuffer(object.ptr(), &view_, PyBUF_SIMPLE) != 0) {
      PyErr_Clear();
      throw py::type_error(std::string("restore: expected bytes (or another bytes-like object), got ") +
                           Py_TYPE(object.ptr())->tp_name);
    }
  }
  ~ByteView() { PyBuffer_Release(&view_); }
  ByteView(const ByteView&) = delete;
  ByteView& operator=(const ByteView&) = delete;
  std::span<const std::uint8_t> bytes() const {
    return {static_cast<const std::uint8_t*>(view_.buf), static_cast<std::size_t>(view_.len)};
  }

 private:
  Py_buffer view_{};
};

}  // namespace

PythonFleet::PythonFleet(const std::string& profile, const FleetOptions& options) : fleet_(LoadModel(profile, options)) {}

py::dict PythonFleet::IngestText(const std::string& format, py::handle text) {
  const est::telemetry_io::InputFormat input_format = est::telemetry_io::ParseInputFormat(format);
  const std::string_view all = TextOf(text);
  std::size_t accepted = 0, rejected = 0, malformed = 0;
  std::vector<std::string> errors, ignored_columns;
  {
    py::gil_scoped_release unlocked;
    std::lock_guard lock(mutex_);
    // The same loop as `powerbudget estimate` and pb_est_ingest_text: a fresh reader per call, so
    // CSV text starts with its header.
    est::telemetry_io::TelemetryReader reader(input_format);
    std::vector<est::TelemetryRecord> records;
    std::string error;
    est::ReasonCounts reader_counts{};
    std::size_t line_number = 0;
    for (std::size_t start = 0; start < all.size();) {
      const std::size_t end = all.find('\n', start);
      const std::string_view line = all.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      start = end == std::string_view::npos ? all.size() : end + 1;
      ++line_number;
      if (!reader.ReadLine(line, records, error, reader_counts)) {
        ++malformed;
        fleet_.Count(est::Reason::kMalformed);
        if (errors.size() < kMaxErrors) errors.push_back("line " + std::to_string(line_number) + ": " + error);
        continue;
      }
      for (const est::TelemetryRecord& r : records) (fleet_.Ingest(r) ? rejected : accepted) += 1;
    }
    for (std::size_t i = 0; i < reader_counts.size(); ++i) fleet_.Count(static_cast<est::Reason>(i), reader_counts[i]);
    ignored_columns = reader.ignored_columns();
  }
  py::dict result;
  result["accepted"] = accepted;
  result["rejected"] = rejected;
  result["malformed"] = malformed;
  result["errors"] = ToList(errors);
  result["ignored_columns"] = ToList(ignored_columns);
  return result;
}

py::dict PythonFleet::Ingest(py::handle records) {
  if (PyUnicode_Check(records.ptr()) || PyBytes_Check(records.ptr()))
    throw py::type_error("ingest: expected a list of records (dicts); for telemetry text use ingest_text(format, text)");
  if (PyDict_Check(records.ptr())) throw py::type_error("ingest: expected a list of records (dicts); for one record use [record]");
  if (!PyObject_HasAttrString(records.ptr(), "__iter__"))
    throw py::type_error(std::string("ingest: expected a list of records (dicts), got ") + Py_TYPE(records.ptr())->tp_name);

  // Convert everything first (with the GIL), then run the estimator on the batch without it.
  std::deque<std::string> ids;
  std::set<std::string> ignored_keys;
  std::vector<est::TelemetryRecord> batch;
  std::vector<std::string> errors;
  std::size_t malformed = 0, index = 0;
  for (py::handle item : py::reinterpret_borrow<py::iterable>(records)) {
    est::TelemetryRecord record;
    std::string error;
    if (RecordFromDict(item, ids, ignored_keys, record, error)) {
      batch.push_back(record);
    } else {
      ++malformed;
      if (errors.size() < kMaxErrors) errors.push_back("record " + std::to_string(index) + ": " + error);
    }
    ++index;
  }
  std::size_t accepted = 0, rejected = 0;
  {
    py::gil_scoped_release unlocked;
    std::lock_guard lock(mutex_);
    fleet_.Count(est::Reason::kMalformed, malformed);
    for (const est::TelemetryRecord& r : batch) (fleet_.Ingest(r) ? rejected : accepted) += 1;
  }
  py::dict result;
  result["accepted"] = accepted;
  result["rejected"] = rejected;
  result["malformed"] = malformed;
  result["errors"] = ToList(errors);
  result["ignored_keys"] = ToList(std::vector<std::string>(ignored_keys.begin(), ignored_keys.end()));
  return result;
}

py::object PythonFleet::Query(const std::string& device) const {
  const std::optional<est::DeviceEstimate> estimate = Locked([&] { return fleet_.Query(device); });
  if (!estimate) return py::none();
  return EstimateToDict(*estimate);
}

py::list PythonFleet::QueryAll() const {
  const std::vector<est::DeviceEstimate> all = Locked([&] { return fleet_.QueryAll(); });
  py::list out;
  for (const est::DeviceEstimate& e : all) out.append(EstimateToDict(e));
  return out;
}

py::bytes PythonFleet::Snapshot() const {
  const std::vector<std::uint8_t> blob = Locked([&] { return fleet_.Snapshot(); });
  return py::bytes(reinterpret_cast<const char*>(blob.data()), blob.size());
}

void PythonFleet::Restore(py::handle blob) {
  const ByteView view(blob);  // the buffer stays exported (and unchanged) until view goes, after the GIL is back
  Locked([&] { fleet_.Restore(view.bytes()); });
}

py::dict PythonFleet::Counts() const {
  const est::ReasonCounts counts = Locked([&] { return fleet_.counts(); });
  py::dict out;
  for (std::size_t i = 0; i < counts.size(); ++i) out[py::str(std::string(est::kReasonNames[i]))] = counts[i];
  return out;
}

std::size_t PythonFleet::DeviceCount() const {
  return Locked([&] { return fleet_.device_count(); });
}

std::string PythonFleet::ProfileName() const {
  return Locked([&] { return fleet_.model().profile_name; });
}

}  // namespace pb::python
