// Tests of IP/UDP/TCP header overheads and of the TCP connection set-up and tear-down
// against published figures (shared/reference/published-figures.md §4) and hand counts of RFC
// structures.
#include "models/protocols/ip.hpp"
#include "models/message_sizes.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pb::models::protocols {
namespace {

using test::Sizes;

constexpr int kTcpIpv6_B = 60;  // 40 + 20

TEST(TransportOverhead, HeaderSizes) {
  // IPv4 20 + UDP 8; IPv6 40 + UDP 8; TCP 20 without options (published-figures §4).
  EXPECT_EQ(UdpIpOverhead_B(IpVersion::kIPv4), 28);
  EXPECT_EQ(UdpIpOverhead_B(IpVersion::kIPv6), 48);
  EXPECT_EQ(TcpIpOverhead_B(IpVersion::kIPv4), 40);
  EXPECT_EQ(TcpIpOverhead_B(IpVersion::kIPv6), 60);
}

TEST(Tcp, ConnectAndClose) {
  // SYN and SYN-ACK carry the 4 B MSS option; the closing FIN-ACK combines the broker's ACK
  // and FIN.
  EXPECT_EQ(Sizes(TcpConnect(IpVersion::kIPv4)), (std::vector<int>{44, 44, 40}));
  EXPECT_EQ(Sizes(TcpConnect(IpVersion::kIPv6)),
            (std::vector<int>{kTcpIpv6_B + 4, kTcpIpv6_B + 4, kTcpIpv6_B}));
  EXPECT_EQ(Sizes(TcpClose(IpVersion::kIPv4)), (std::vector<int>{40, 40, 40}));
  EXPECT_EQ(TcpConnect(IpVersion::kIPv4)[1].direction, Direction::kDownlink);
}

}  // namespace
}  // namespace pb::models::protocols
