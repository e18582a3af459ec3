// The name of a budget activity, without an allocation for the budget's own ids.
//
// A budget names a dozen activities per evaluation, and Monte Carlo and sweeps evaluate millions
// of budgets: a std::string per activity was a fifth of an evaluation (bench/bench_budget.cpp),
// because several ids ("security_handshake", "lwm2m_registration") are longer than the
// small-string buffer. The budget's ids (engine::activity) are compile-time constants and are
// only referred to; any other name (a measured profile's event) is owned, shared between copies,
// so that a name never outlives its characters.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace pb::engine {

class ActivityName {
 public:
  ActivityName() = default;
  // A compile-time constant id: a literal or one of engine::activity (consteval, so a pointer into
  // a temporary string can never end up here).
  consteval ActivityName(const char* constant_id) : view_(constant_id) {}
  // One of the constant ids, chosen at run time: the characters must have static storage (a
  // literal, engine::activity). For the budget, which picks among its own ids.
  static ActivityName OfStatic(const char* static_id) {
    ActivityName n;
    n.view_ = static_id;
    return n;
  }
  // Any other name: the characters are owned.
  static ActivityName Owned(std::string name) {
    ActivityName n;
    n.owned_ = std::make_shared<const std::string>(std::move(name));
    n.view_ = *n.owned_;
    return n;
  }

  std::string_view view() const { return view_; }
  operator std::string_view() const { return view_; }
  std::string str() const { return std::string(view_); }
  bool empty() const { return view_.empty(); }

  friend bool operator==(const ActivityName& a, std::string_view b) { return a.view_ == b; }
  friend std::string operator+(const std::string& a, const ActivityName& b) { return a + std::string(b.view_); }
  friend std::string operator+(const char* a, const ActivityName& b) { return a + std::string(b.view_); }
  friend std::ostream& operator<<(std::ostream& os, const ActivityName& n) { return os << n.view_; }

 private:
  std::string_view view_;
  std::shared_ptr<const std::string> owned_;  // null for a constant id
};

}  // namespace pb::engine
