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

struct McuParams {
  double supply_voltage_V;
  double active_current_A;
  double sleep_current_A;
  double active_time_per_report_s;        // sample, encode, run the stack
  double full_handshake_crypto_time_s;    // ECDHE/ECDSA (0 for PSK apart from hashing)
  double resumed_handshake_crypto_time_s;
  bool operator==(const McuParams&) const = default;
};

struct SensorParams {
  double supply_voltage_V;
  double active_current_A;
  double read_time_s;
  int readings_per_report = 0;  // 0: no sensor
  bool operator==(const SensorParams&) const = default;
};

struct FlashParams {
  double sector_size_B;
  double erase_time_per_sector_s;
  double write_rate_Bps;
  double current_A;  // extra current while erasing/programming, at the MCU's rail
  bool operator==(const FlashParams&) const = default;
};

struct SecureBootParams {
  double verify_rate_Bps;            // SHA-256 over the image
  double signature_verify_time_s;    // one ECDSA-P256 / Ed25519 verification
  double swap_time_per_sector_s;
  double reboot_time_s;              // reset to application start, MCU active
  bool operator==(const SecureBootParams&) const = default;
};

// Sectors an image of size_B occupies (rounded up: a partial sector is erased whole).
double SectorsFor(const FlashParams& flash, double size_B);
double FlashEraseAndWriteTime_s(const FlashParams& flash, double size_B);
double ImageVerifyTime_s(const SecureBootParams& boot, double size_B);
double SwapTime_s(const SecureBootParams& boot, const FlashParams& flash, double size_B);

}  // namespace pb::models::device
