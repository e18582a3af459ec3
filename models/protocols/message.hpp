// A message as the radio sees it: a direction and its size at the IP layer (bytes handed to
// PDCP, i.e. IP header included, before any header compression). Protocol models produce
// sequences of messages; the report procedure turns them into airtime and waiting time.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace pb::models::protocols {

enum class Direction { kUplink, kDownlink };

struct Message {
  Direction direction = Direction::kUplink;
  int size_B = 0;
  std::string what;  // e.g. "DTLS ClientHello", for traces and tests
  bool operator==(const Message&) const = default;
};

using MessageSequence = std::vector<Message>;

inline int TotalBytes(const MessageSequence& messages, Direction direction) {
  int total_B = 0;
  for (const Message& m : messages)
    if (m.direction == direction) total_B += m.size_B;
  return total_B;
}

// Every protocol model refuses a negative size or count the same way (std::invalid_argument).
inline void RequireNonNegative(int value, const char* what) {
  if (value < 0) throw std::invalid_argument(std::string(what) + " must be >= 0");
}

}  // namespace pb::models::protocols
