// IP and transport-layer overheads: the IP + UDP/TCP headers every datagram or segment carries,
// and the TCP connection set-up and tear-down, in bytes at the IP layer.
//
// Sources (shared/reference/published-figures.md §4):
// - IPv4 + UDP headers 28 B; IPv6 + UDP 48 B; IPv4 + TCP 40 B (no options); IPv6 + TCP 60 B.
// - TCP (RFC 9293) under MQTT over TLS: 3-way handshake, FIN exchange.
//
// Direction: the device is always the TCP client (it opens and closes the connection), so
// client→server is kUplink.
#pragma once

#include "models/protocols/message.hpp"

namespace pb::models::protocols {

enum class IpVersion { kIPv4, kIPv6 };

int UdpIpOverhead_B(IpVersion ip);
int TcpIpOverhead_B(IpVersion ip);

MessageSequence TcpConnect(IpVersion ip);
MessageSequence TcpClose(IpVersion ip);

}  // namespace pb::models::protocols
