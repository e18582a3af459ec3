// The device around the modem: MCU, sensor, flash and the firmware-update path.
//
// MCU: active current while the application, the protocol stack and cryptography run; sleep
//   current otherwise (RTC on, RAM retained).
// Sensor: a read takes read_time at active_current (e.g. an RS232 transceiver such as a
//   MAX3232 plus the sensor's own electronics).
// Flash (NOR, internal or external): erase per sector, then program at a byte rate; current
//   while erasing/programming adds to the MCU's active current.
// Secure boot (MCUboot): hash the image at verify_rate and check one signature.
// Swap (MCUboot swap-scratch / swap-move): every sector of the image is erased and rewritten
//   in both slots; swap_time_per_sector covers one sector's full move. A rollback is a second
//   swap of the same size.
#pragma once

namespace pb::models::device {

// Every figure starts at zero, so that a part a profile leaves out (flash and secure boot when
// FOTA is off) is a defined value: two loads of the same profile compare equal.
struct McuParams {
  double supply_voltage_V = 0.0;
  double active_current_A = 0.0;
  double sleep_current_A = 0.0;
  double active_time_per_report_s = 0.0;        // sample, encode, run the stack
  double full_handshake_crypto_time_s = 0.0;    // ECDHE/ECDSA (0 for PSK apart from hashing)
  double resumed_handshake_crypto_time_s = 0.0;
  bool operator==(const McuParams&) const = default;
};

struct SensorParams {
  double supply_voltage_V = 0.0;
  double active_current_A = 0.0;
  double read_time_s = 0.0;
  int readings_per_report = 0;  // 0: no sensor
  bool operator==(const SensorParams&) const = default;
};

struct FlashParams {
  double sector_size_B = 0.0;
  double erase_time_per_sector_s = 0.0;
  double write_rate_Bps = 0.0;
  double current_A = 0.0;  // extra current while erasing/programming, at the MCU's rail
  bool operator==(const FlashParams&) const = default;
};

struct SecureBootParams {
  double verify_rate_Bps = 0.0;            // SHA-256 over the image
  double signature_verify_time_s = 0.0;    // one ECDSA-P256 / Ed25519 verification
  double swap_time_per_sector_s = 0.0;
  double reboot_time_s = 0.0;              // reset to application start, MCU active
  bool operator==(const SecureBootParams&) const = default;
};

// Sectors an image of size_B occupies (rounded up: a partial sector is erased whole).
double SectorsFor(const FlashParams& flash, double size_B);
double FlashEraseAndWriteTime_s(const FlashParams& flash, double size_B);
double ImageVerifyTime_s(const SecureBootParams& boot, double size_B);
double SwapTime_s(const SecureBootParams& boot, const FlashParams& flash, double size_B);

}  // namespace pb::models::device
