// [net] in the config turned into the HTTP client's options: the proxy, the
// hosts that bypass it, the extra CA bundle, and the proxy credentials read
// from their own file. One place, so the source poller, the media fetcher
// and a screen's sync client all reach the network the same way.
#pragma once

#include "core/config.h"
#include "net/curl_client.h"

#include <optional>
#include <string>

namespace lw::net {

// Reads "user:password" (the first line) from `path`. Refused, with one
// sentence, when the file is missing, unreadable, empty, not of that shape,
// or when users other than the service's own (and its group's) may read or
// write it: the password must not be readable by everyone on the box.
struct ProxyCredentials {
    std::optional<std::string> user_password;
    std::string error;
};
ProxyCredentials read_proxy_credentials(const std::string& path);

// The client options for `net`. A credentials problem lands in
// ClientOptions::setup_error (every fetch then fails with it, so source
// health shows it) and is logged once here.
ClientOptions client_options(const NetConfig& net);

}  // namespace lw::net
