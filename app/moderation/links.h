// Domains and handles as moderation sees them: the server of a handle, the
// hosts of links in a text, the host of a permalink, and whether a host falls
// under a blocked domain. Lower-cased ASCII; no network, no DNS.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lw::moderation {

// "@Troll@Example.Social" -> "troll@example.social"; "Troll.bsky.social" -> "troll.bsky.social".
std::string normalize_handle(std::string_view handle);

// The domain a handle lives on: "@user@server.social" -> "server.social";
// a Bluesky handle is itself a domain: "user.bsky.social" -> "user.bsky.social".
// Empty when the handle names no domain ("Hospital News").
std::string handle_domain(std::string_view handle);

// The host of an http(s) URL, lower-cased, without port or credentials; empty if none.
std::string url_host(std::string_view url);

// Hosts of links in plain text: "https://…", "http://…" and bare "www.…".
std::vector<std::string> link_hosts(std::string_view text);

// "example.com" covers "example.com", "www.example.com", "a.b.example.com"
// but not "badexample.com". Both lower-case; a leading "." or "www." on the
// blocked domain is ignored.
bool domain_matches(std::string_view host, std::string_view blocked);

}  // namespace lw::moderation
