#include "serve/recent_messages.hpp"

namespace pb::serve {

std::uint64_t MessageHash(std::string_view topic, std::string_view payload) {
  std::uint64_t h = 14695981039346656037ull;
  const auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<std::uint8_t>(c);
      h *= 1099511628211ull;
    }
  };
  mix(topic);
  h ^= 0;
  h *= 1099511628211ull;
  mix(payload);
  return h;
}

void RecentMessages::Add(std::uint64_t hash) {
  if (capacity_ == 0 || !set_.insert(hash).second) return;
  order_.push_back(hash);
  if (order_.size() > capacity_) {
    set_.erase(order_.front());
    order_.pop_front();
  }
}

void RecentMessages::Load(const std::vector<std::uint64_t>& hashes) {
  set_.clear();
  order_.clear();
  for (std::uint64_t h : hashes) Add(h);
}

}  // namespace pb::serve
