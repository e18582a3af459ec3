// A fleet of primary-cell devices in the field, simulated from the device profile's own
// budget, with the ground truth: telemetry for tests and demos of the fleet estimator.
//
// Truth model (per device, fixed seed, independent of how devices interleave):
//   coverage    mean coupling loss ~ N(plan + offset, sd), drifting 1 dB/sqrt(year); each report
//               sees mean + N(0, fast sd); RSRP reported = P_NRS - L + N(0, 1.5 dB), integer dBm
//   drain       per report: m (floor(L) dt + q_report(L) (1 + N(0, 3 %)) + FOTA) from the same
//               drain table the estimator uses (engine::ComputeBudget), m ~ N(1, 5 %)
//               drifting 3 %/sqrt(year),
//               + self-discharge + a fault's extra current
//   cell        effective capacity C ~ N(rated, 3 %), E0 offset ~ N(0, 10 mV), resistance
//               multiplier ~ N(1, 10 %), primary_cell.hpp voltages; end of life at the first
//               transmit pulse whose loaded voltage falls below the device's brown-out voltage
//   climate     5 degC mean (Nordic), +-10 degC over the year (coldest mid-January), +-4 degC
//               over the day, a per-device offset ~ N(0, 3 degC)
//   telemetry   level (integer %, from a coulomb-counting gauge with a gain error ~ N(0, 1 %) and
//               0.3 % noise), rest voltage (integer mV, 5 mV noise), signal strength, temperature
//               (0.1 degC), reports and FOTA counters; transmit-pulse drop (integer mV) on half
//               of the devices
//   faults      a few devices: a leak (200-800 uA), the modem no longer entering PSM (the
//               budget with PSM off), a reporting storm (6x), a FOTA loop (one a day), a coverage
//               drop (+15 dB); onset between 20 % and 60 % of the telemetry window
//   bad data    missing reports, duplicates, late (out-of-order) records, a garbage field now
//               and then, a device reporting "charging", a device whose clock jumps, a few
//               battery replacements
// After the telemetry window each device is simulated on to its end of life, so the truth has an
// end of life for every device: in steps of up to 32 days (one draw of each drift per step, the
// step's self-discharge by Simpson's rule) while the cell is provably short of its brown-out
// charge, then in daily steps (the day's coldest hour, a bad-coverage pulse) to the brown-out.
//
// Threads: the devices are split into contiguous ranges, one per worker thread; the window is cut
// into time slices; each worker simulates its devices' reports of a slice device by device and
// sorts them by (report time, device index); the calling thread merges the workers' slices in that
// order (a device's duplicate and late records right after its record) and hands them on. A device's records
// depend on its own random stream only, so the output is the same whatever the number of threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/device_profile.hpp"
#include "engine/estimation/fleet/telemetry.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"
#include "engine/option_range.hpp"
#include "models/units.hpp"

namespace pb::engine::fleet_sim {

enum class FaultKind : std::uint8_t { kNone, kLeak, kPsmLost, kReportStorm, kFotaLoop, kCoverageDrop };
std::string_view FaultName(FaultKind fault);

// The options' allowed ranges (Validate() and the CLI's --devices and --days; the shares of
// devices and records are fractions, 0 to 1). A window of at least a day: devices report up to
// once a day, so a shorter one may hold no report at all.
inline constexpr NumericRange kFleetDevicesRange{1.0, 10'000'000.0, false, false, true, ""};
inline constexpr NumericRange kFleetDaysRange{1.0, 36500.0, false, false, false, "days"};
inline constexpr NumericRange kFractionRange{0.0, 1.0, false, false, false, ""};

struct FleetSimOptions {
  int devices = 1000;
  double days = units::kDaysPerYear;
  std::uint64_t seed = 1;
  double start_time_s = 1704067200.0;  // 2024-01-01T00:00:00Z
  double nrs_power_dBm = 32.0;         // must match the estimator's EstimatorOptions
  double coverage_offset_dB = -4.0;    // fleet mean relative to the profile's coupling loss
  double coverage_sd_dB = 5.0;
  double coverage_fast_sd_dB = 2.0;
  double faulty_fraction = 0.03;
  double missing_fraction = 0.02;
  double duplicate_fraction = 0.01;
  double late_fraction = 0.005;
  double garbage_fraction = 0.002;
  double battery_swap_fraction = 0.005;
  double pulse_reporting_fraction = 0.5;
  bool bad_data = true;                // false: clean telemetry (no bad-data devices or records)
  int threads = 0;                     // worker threads (0: the machine's cores, one per 256 devices at most); the output does not depend on it
  // Throws ProfileError naming the option and its allowed range; the simulator calls it.
  void Validate() const;
};

struct DeviceTruth {
  std::string device_id;
  double install_time_s = 0.0;
  double end_of_life_s = 0.0;        // absolute time of the brown-out (of the cell in use at the end)
  double capacity_C = 0.0;           // effective capacity of that cell
  double drain_multiplier = 1.0;
  double coupling_loss_dB = 0.0;     // mean at installation
  FaultKind fault = FaultKind::kNone;
  double fault_time_s = 0.0;         // 0: none
  double battery_swap_time_s = 0.0;  // 0: none
  bool bad_data_device = false;      // a device made to send charging/clock-jump records
  double soc_at_window_end_frac = 0.0;  // true 1 - q/C when the telemetry window closed
};

// Per record: the truth behind it (for accuracy tests).
struct RecordTruth {
  std::size_t device = 0;           // index into truth()
  double charge_used_C = 0.0;
  double soc_frac = 0.0;            // 1 - q/C
  double report_time_s = 0.0;       // the exact (unrounded) report time: records come in (report_time_s, device) order
};

class FleetSimulator {
 public:
  // Throws engine::ProfileError for a Li-ion profile (fleet-sim simulates primary cells).
  FleetSimulator(const engine::DeviceProfile& profile, FleetSimOptions options);
  ~FleetSimulator();
  FleetSimulator(const FleetSimulator&) = delete;
  FleetSimulator& operator=(const FleetSimulator&) = delete;

  // Emits every record in time order across the fleet, then finishes the truth. progress is
  // called with the fraction of the window done (may be empty).
  // The sink runs on the calling thread; the records are simulated on worker threads.
  void Run(const std::function<void(const engine::estimation::TelemetryRecord&, const RecordTruth&)>& sink,
           const std::function<void(double)>& progress = {});
  // The same records as text: `format` appends a record's text to `out` and runs on the worker
  // threads (concurrently: it must be thread-safe); `write` gets the text on the calling thread,
  // in Run's order, a slice of the window at a time. Returns the number of records.
  using Formatter = std::function<void(const engine::estimation::TelemetryRecord&, const RecordTruth&, std::string& out)>;
  std::size_t RunFormatted(const Formatter& format, const std::function<void(std::string_view)>& write,
                           const std::function<void(double)>& progress = {});
  const std::vector<DeviceTruth>& truth() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pb::engine::fleet_sim
