// Whether a host stays on this machine: what serve's deployment checks ask before they let a
// credential travel in clear text (InfluxDB over plain HTTP) or accept an unauthenticated
// endpoint (metrics) without a warning.
#pragma once

#include <string_view>

namespace pb::serve {

// 127.0.0.0/8, ::1 (with or without brackets, as in a URL), ::ffff:127.x.y.z and the name
// localhost (RFC 6761 reserves it for loopback). Anything else, 0.0.0.0 and :: included, is not.
bool IsLoopbackHost(std::string_view host);

}  // namespace pb::serve
