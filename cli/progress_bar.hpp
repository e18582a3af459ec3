// A progress bar on stderr for long runs (Monte Carlo, proof, campaigns), drawn only when stderr
// is a terminal (isatty): pipes, files and the golden tests never see it. Update() may be
// called from any thread; it redraws only when the whole percent changes.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>

namespace pb::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, std::size_t total);
  ~ProgressBar();  // clears the line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Update(std::size_t done);

 private:
  std::string label_;
  std::size_t total_;
  bool terminal_;
  std::atomic<int> last_percent_{-1};
  std::mutex draw_;
  bool drawn_ = false;
};

}  // namespace pb::cli
