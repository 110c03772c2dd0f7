// The real HttpClient, on libcurl. It enforces lobbywall's fetching rules
// (docs/net.md): https only (plain http to loopback or by opt-in), TLS
// verification always on, at most 5 redirects and each one checked like the
// first request, connect/total/low-speed timeouts, a body cap on the decoded
// bytes, compressed transfer, a User-Agent naming lobbywall, no cookies.
//
// One libcurl easy handle per client, reused so that connections to a host
// stay open between polls. Use a client from one thread at a time; only
// Request::stop may be triggered from another thread.
#pragma once

#include "net/http_client.h"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace lw::net {

struct ClientOptions {
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds total_timeout{30'000};  // for the whole fetch, redirects included
    // Abort when fewer than low_speed_bytes per second arrive for low_speed_time.
    long low_speed_bytes = 100;
    std::chrono::seconds low_speed_time{15};
    std::size_t body_cap = 8 * 1024 * 1024;  // default for requests that set none
    int max_redirects = 5;
    // Who to contact about lobbywall's requests; ends up in the User-Agent.
    std::string contact_url = "https://github.com/lobbywall/lobbywall";
    // An extra CA bundle (PEM) for hospital networks that inspect TLS, used
    // in addition to the system store (both are handed to libcurl as one
    // bundle). Verification stays on either way; empty uses the system store.
    std::string ca_file;
    // The system store's bundle; empty = the one libcurl was built with
    // (Debian: /etc/ssl/certs/ca-certificates.crt). Tests point it elsewhere.
    std::string system_ca_file;
    // "http://proxy.example:3128" or "https://...": every request goes
    // through it (CONNECT for https). Empty = no proxy at all: the
    // environment's http_proxy/https_proxy are ignored, so the service acts
    // the same under systemd as in a shell.
    std::string proxy;
    // Hosts that bypass the proxy, libcurl's NOPROXY syntax ("a.example,
    // .internal, 10.0.0.0/8"); empty = none.
    std::string no_proxy;
    // "user:password" for the proxy (Basic, or whatever it offers); empty = none.
    std::string proxy_credentials;
    // Set when the proxy settings could not be used (a credentials file
    // others can read, see net/net_options.h): every fetch then fails with
    // this sentence (ErrorKind::Proxy) instead of going out half-configured.
    // An unusable ca_file does the same with ErrorKind::Tls.
    std::string setup_error;
};

// "lobbywall/0.1.0 (+https://...)"
std::string user_agent(const std::string& contact_url);

// The program's version as CMake knows it, e.g. "0.1.0".
const char* lobbywall_version();

// Sets libcurl up for the whole process. Call once from main before any
// thread starts; clients also call it, once, in case main did not.
void global_init();

class CurlHttpClient final : public HttpClient {
public:
    explicit CurlHttpClient(ClientOptions options = {});
    ~CurlHttpClient() override;
    CurlHttpClient(const CurlHttpClient&) = delete;
    CurlHttpClient& operator=(const CurlHttpClient&) = delete;

    Response fetch(const Request& request) override;

    const ClientOptions& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lw::net
