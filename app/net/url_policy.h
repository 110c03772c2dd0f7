// Which URLs lobbywall may fetch, decided before any connection is made:
// https anywhere; plain http only to this machine (127.0.0.0/8, ::1) or with
// an explicit per-source opt-in; no other scheme at all. The same rule is
// applied again to every redirect hop.
#pragma once

#include "net/http_client.h"

#include <optional>
#include <string>
#include <string_view>

namespace lw::net {

struct UrlParts {
    std::string scheme;  // lowercase: "https", "http", "ftp", ...
    std::string host;    // lowercase, IPv6 without brackets: "::1"
    int port = 0;        // explicit or the scheme's default
};

// Parses an absolute URL (libcurl's parser, so we judge exactly what curl
// would connect to). Returns nullopt for anything that is not one.
std::optional<UrlParts> parse_url(std::string_view url);

// A literal loopback address: 127.0.0.0/8, ::1 or ::ffff:127.x.y.z. Host
// names (even "localhost") are not trusted, because checking them would need
// a DNS lookup whose answer can change before curl connects.
bool is_loopback_host(std::string_view host);

struct UrlVerdict {
    std::optional<UrlParts> parts;  // set when the URL may be fetched
    ErrorKind kind = ErrorKind::None;
    std::string error;  // one sentence when refused
};

UrlVerdict check_url(std::string_view url, bool allow_plain_http);

// The key HostPacer counts requests under: the lowercase host, or the URL
// itself when it does not parse (so a bad URL never shares a real host's budget).
std::string host_key(std::string_view url);

}  // namespace lw::net
