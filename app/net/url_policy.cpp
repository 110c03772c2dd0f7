// URL checks before any connection (see url_policy.h).
#include "net/url_policy.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

namespace lw::net {
namespace {

struct UrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

std::optional<std::string> url_part(CURLU* u, CURLUPart what, unsigned flags) {
    char* text = nullptr;
    if (curl_url_get(u, what, &text, flags) != CURLUE_OK || !text) return std::nullopt;
    std::string out(text);
    curl_free(text);
    return out;
}

std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

const char* to_string(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::None: return "none";
        case ErrorKind::InvalidUrl: return "invalid_url";
        case ErrorKind::SchemeRefused: return "scheme_refused";
        case ErrorKind::Dns: return "dns";
        case ErrorKind::Refused: return "refused";
        case ErrorKind::Timeout: return "timeout";
        case ErrorKind::Tls: return "tls";
        case ErrorKind::TooLarge: return "too_large";
        case ErrorKind::Incomplete: return "incomplete";
        case ErrorKind::RedirectRefused: return "redirect_refused";
        case ErrorKind::Protocol: return "protocol";
        case ErrorKind::Network: return "network";
        case ErrorKind::HttpStatus: return "http_status";
        case ErrorKind::Cancelled: return "cancelled";
        case ErrorKind::Proxy: return "proxy";
        case ErrorKind::Internal: return "internal";
    }
    return "unknown";
}

std::optional<UrlParts> parse_url(std::string_view url) {
    // Control characters and spaces are never part of a URL we were given on
    // purpose; refusing them here keeps header injection out of redirects too.
    if (url.empty() || url.size() > 8192) return std::nullopt;
    for (unsigned char c : url)
        if (c <= 0x20 || c == 0x7f) return std::nullopt;

    std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
    if (!u) return std::nullopt;
    const std::string text(url);
    if (curl_url_set(u.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return std::nullopt;

    UrlParts parts;
    auto scheme = url_part(u.get(), CURLUPART_SCHEME, 0);
    auto host = url_part(u.get(), CURLUPART_HOST, 0);
    if (!scheme || !host || host->empty()) return std::nullopt;
    parts.scheme = lowercase(*scheme);
    parts.host = lowercase(*host);
    if (parts.host.size() >= 2 && parts.host.front() == '[' && parts.host.back() == ']')
        parts.host = parts.host.substr(1, parts.host.size() - 2);
    if (auto port = url_part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT))
        parts.port = std::atoi(port->c_str());
    return parts;
}

bool is_loopback_host(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    const std::string text(host);
    unsigned char v4[4];
    if (inet_pton(AF_INET, text.c_str(), v4) == 1) return v4[0] == 127;
    unsigned char v6[16];
    if (inet_pton(AF_INET6, text.c_str(), v6) != 1) return false;
    static constexpr unsigned char loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static constexpr unsigned char mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(v6, loopback, 16) == 0) return true;
    return std::memcmp(v6, mapped_prefix, 12) == 0 && v6[12] == 127;
}

UrlVerdict check_url(std::string_view url, bool allow_plain_http) {
    UrlVerdict verdict;
    auto parts = parse_url(url);
    if (!parts) {
        verdict.kind = ErrorKind::InvalidUrl;
        verdict.error = fmt::format("\"{}\" is not a URL lobbywall can fetch",
                                    url.substr(0, std::min<std::size_t>(url.size(), 200)));
        return verdict;
    }
    if (parts->scheme == "https" ||
        (parts->scheme == "http" && (allow_plain_http || is_loopback_host(parts->host)))) {
        verdict.parts = std::move(parts);
        return verdict;
    }
    verdict.kind = ErrorKind::SchemeRefused;
    if (parts->scheme == "http")
        verdict.error = fmt::format(
            "plain http to {} is refused; use https, or allow plain http for this source", parts->host);
    else
        verdict.error = fmt::format("the {} scheme is refused for {}; only https is fetched",
                                    parts->scheme, parts->host);
    return verdict;
}

std::string host_key(std::string_view url) {
    if (auto parts = parse_url(url)) return parts->host;
    return std::string(url);
}

}  // namespace lw::net
