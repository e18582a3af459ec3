#include "models/device/parts.hpp"

#include <cmath>

namespace pb::models::device {

double SectorsFor(const FlashParams& flash, double size_B) {
  return std::ceil(size_B / flash.sector_size_B);
}

double FlashEraseAndWriteTime_s(const FlashParams& flash, double size_B) {
  return SectorsFor(flash, size_B) * flash.erase_time_per_sector_s + size_B / flash.write_rate_Bps;
}

double ImageVerifyTime_s(const SecureBootParams& boot, double size_B) {
  return size_B / boot.verify_rate_Bps + boot.signature_verify_time_s;
}

double SwapTime_s(const SecureBootParams& boot, const FlashParams& flash, double size_B) {
  return SectorsFor(flash, size_B) * boot.swap_time_per_sector_s;
}

}  // namespace pb::models::device
