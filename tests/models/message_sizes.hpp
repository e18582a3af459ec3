// Helpers the protocol-size tests share: a message sequence's sizes, less a header, and total.
#pragma once

#include <vector>

#include "models/protocols/message.hpp"

namespace pb::models::protocols::test {

inline std::vector<int> Sizes(const MessageSequence& messages) {
  std::vector<int> sizes;
  for (const Message& m : messages) sizes.push_back(m.size_B);
  return sizes;
}

inline std::vector<int> SizesMinus(const MessageSequence& messages, int header_B) {
  std::vector<int> sizes;
  for (const Message& m : messages) sizes.push_back(m.size_B - header_B);
  return sizes;
}

inline int SumOf(const MessageSequence& messages) {
  int total_B = 0;
  for (const Message& m : messages) total_B += m.size_B;
  return total_B;
}

}  // namespace pb::models::protocols::test
