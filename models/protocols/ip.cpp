// IP/UDP/TCP header sizes and the TCP connection set-up and tear-down; see ip.hpp for the
// sources. Every size below is a named constant with the structure it comes from.
#include "models/protocols/ip.hpp"

namespace pb::models::protocols {
namespace {

// ---------------------------------------------------------------------------------------------
// IP and transport headers
// ---------------------------------------------------------------------------------------------
constexpr int kIpv4Header_B = 20;  // RFC 791 §3.1, no options
constexpr int kIpv6Header_B = 40;  // RFC 8200 §3, no extension headers
constexpr int kUdpHeader_B = 8;    // RFC 768
constexpr int kTcpHeader_B = 20;   // RFC 9293 §3.1, no options
// SYN segments carry the MSS option (RFC 9293 §3.7.1: kind 2, length 4). Embedded stacks
// (lwIP, modem-internal stacks) send only MSS; a desktop Linux SYN also carries SACK-permitted,
// window scale and timestamps (20 B of options), which we do not assume for an IoT device.
constexpr int kTcpMssOption_B = 4;

}  // namespace

int UdpIpOverhead_B(IpVersion ip) {
  return (ip == IpVersion::kIPv4 ? kIpv4Header_B : kIpv6Header_B) + kUdpHeader_B;
}

int TcpIpOverhead_B(IpVersion ip) {
  return (ip == IpVersion::kIPv4 ? kIpv4Header_B : kIpv6Header_B) + kTcpHeader_B;
}

MessageSequence TcpConnect(IpVersion ip) {
  const int header_B = TcpIpOverhead_B(ip);
  return {{Direction::kUplink, header_B + kTcpMssOption_B, "TCP SYN"},
          {Direction::kDownlink, header_B + kTcpMssOption_B, "TCP SYN-ACK"},
          {Direction::kUplink, header_B, "TCP ACK"}};
}

MessageSequence TcpClose(IpVersion ip) {
  // The device closes after its DISCONNECT; the broker has nothing left to send, so it closes
  // at once and its ACK rides on its FIN (3 segments instead of 4). That FIN+ACK also
  // acknowledges the DISCONNECT segment.
  const int header_B = TcpIpOverhead_B(ip);
  return {{Direction::kUplink, header_B, "TCP FIN"},
          {Direction::kDownlink, header_B, "TCP FIN-ACK"},
          {Direction::kUplink, header_B, "TCP ACK"}};
}

}  // namespace pb::models::protocols
