#include "bindings/python/record_from_dict.hpp"

#include <charconv>
#include <limits>
#include <optional>
#include <string_view>

#include "engine/estimation/telemetry_io/field_names.hpp"
#include "engine/estimation/telemetry_io/time_text.hpp"

namespace pb::python {
namespace py = pybind11;
namespace telemetry_io = pb::engine::estimation::telemetry_io;

namespace {

// A number as JSON has them: int or float (numpy scalars too), not bool (JSON's true is not a
// number). nullopt when the value is not a number; an int beyond a double's range is infinite,
// which the estimator drops as non_finite like any infinity.
std::optional<double> Number(py::handle value) {
  PyObject* obj = value.ptr();
  if (PyBool_Check(obj) || PyUnicode_Check(obj) || PyBytes_Check(obj)) return std::nullopt;
  if (PyFloat_Check(obj)) return PyFloat_AS_DOUBLE(obj);
  if (PyLong_Check(obj)) {
    const double v = PyLong_AsDouble(obj);
    if (v == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      const bool negative = PyObject_RichCompareBool(obj, py::int_(0).ptr(), Py_LT) == 1;
      return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    }
    return v;
  }
  if (PyNumber_Check(obj)) {
    PyObject* as_float = PyNumber_Float(obj);
    if (!as_float) {
      PyErr_Clear();
      return std::nullopt;
    }
    const double v = PyFloat_AS_DOUBLE(as_float);
    Py_DECREF(as_float);
    return v;
  }
  return std::nullopt;
}

// "1704067200" or "1704067200000" as text, for time_s and time_ms (the JSON reader accepts both).
std::optional<double> NumberText(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool SetTime(engine::estimation::TelemetryRecord& r, telemetry_io::FieldKind kind, const std::string& key, py::handle value,
             std::string& error) {
  const double scale = kind == telemetry_io::FieldKind::kTimeMilliseconds ? 1e-3 : 1.0;
  if (const auto number = Number(value)) {
    r.time_s = *number * scale;
    return true;
  }
  if (!PyUnicode_Check(value.ptr())) {
    error = "\"" + key + "\" must be a number or ISO 8601 text";
    return false;
  }
  const auto text = value.cast<std::string>();
  const auto parsed = kind == telemetry_io::FieldKind::kTime ? telemetry_io::ParseTime_s(text) : NumberText(text);
  if (!parsed) {
    error = kind == telemetry_io::FieldKind::kTime ? "time '" + text + "' is neither Unix seconds nor ISO 8601"
                                         : "time '" + text + "' is not a number";
    return false;
  }
  r.time_s = *parsed * scale;
  return true;
}

}  // namespace

bool RecordFromDict(py::handle item, std::deque<std::string>& ids, std::set<std::string>& ignored_keys,
                    engine::estimation::TelemetryRecord& record, std::string& error) {
  if (!PyDict_Check(item.ptr())) {
    error = std::string("expected a dict, got ") + Py_TYPE(item.ptr())->tp_name;
    return false;
  }
  record = engine::estimation::TelemetryRecord{};
  record.time_s = std::numeric_limits<double>::quiet_NaN();  // no time: rejected as bad_timestamp
  for (const auto& [key_handle, value] : py::reinterpret_borrow<py::dict>(item)) {
    if (!PyUnicode_Check(key_handle.ptr())) {
      error = "keys must be text, got " + std::string(Py_TYPE(key_handle.ptr())->tp_name);
      return false;
    }
    const auto key = key_handle.cast<std::string>();
    const telemetry_io::FieldSpec spec = telemetry_io::LookupField(key);
    if (value.is_none() && spec.kind == telemetry_io::FieldKind::kValue) continue;  // JSON null: an absent value
    switch (spec.kind) {
      case telemetry_io::FieldKind::kUnknown:
        ignored_keys.insert(key);
        break;
      case telemetry_io::FieldKind::kDevice:
        if (!PyUnicode_Check(value.ptr())) {
          error = "\"" + key + "\" must be a string";
          return false;
        }
        ids.push_back(value.cast<std::string>());
        record.device_id = ids.back();
        break;
      case telemetry_io::FieldKind::kValue: {
        const auto number = Number(value);
        if (!number) {
          error = "\"" + key + "\" must be a number";
          return false;
        }
        telemetry_io::SetField(record, spec, *number);
        break;
      }
      default:
        if (!SetTime(record, spec.kind, key, value, error)) return false;
        break;
    }
  }
  return true;
}

}  // namespace pb::python
