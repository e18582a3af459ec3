#include "cli/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace pb::cli {
namespace {
constexpr int kWidth = 40;
}  // namespace

ProgressBar::ProgressBar(std::string label, std::size_t total)
    : label_(std::move(label)), total_(total), terminal_(isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fprintf(stderr, "\r%*s\r", static_cast<int>(label_.size()) + kWidth + 10, "");
}

void ProgressBar::Update(std::size_t done) {
  if (!terminal_ || total_ == 0) return;
  const int percent = static_cast<int>(std::min(done, total_) * 100 / total_);
  if (last_percent_.exchange(percent) == percent) return;
  const std::lock_guard<std::mutex> lock(draw_);
  const int filled = percent * kWidth / 100;
  std::fprintf(stderr, "\r%s [%s%s] %3d%%", label_.c_str(), std::string(static_cast<std::size_t>(filled), '#').c_str(),
               std::string(static_cast<std::size_t>(kWidth - filled), ' ').c_str(), percent);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace pb::cli
