// Tests for net/url_policy: which URLs may be fetched, decided without any
// network access.
#include "net/url_policy.h"

#include <catch2/catch.hpp>

using namespace lw::net;

TEST_CASE("parse_url splits what curl would connect to", "[url]") {
    struct Case { const char* url; const char* scheme; const char* host; int port; };
    const Case cases[] = {
        {"https://mastodon.social/api/v1/timelines/tag/hospital", "https", "mastodon.social", 443},
        {"HTTPS://Mastodon.Social:8443/x", "https", "mastodon.social", 8443},
        {"http://127.0.0.1:8080/feed.xml", "http", "127.0.0.1", 8080},
        {"http://[::1]/feed", "http", "::1", 80},
        {"ftp://files.example.org/a", "ftp", "files.example.org", 21},
        {"https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=a.bsky.social",
         "https", "public.api.bsky.app", 443},
    };
    for (const auto& c : cases) {
        INFO(c.url);
        auto parts = parse_url(c.url);
        REQUIRE(parts);
        CHECK(parts->scheme == c.scheme);
        CHECK(parts->host == c.host);
        CHECK(parts->port == c.port);
    }
    const char* bad[] = {"", "not a url", "/relative/path", "https://", "https://exa mple.org/",
                         "https://example.org/\r\nX-Injected: 1", "javascript:alert(1)"};
    for (const char* url : bad) {
        INFO(url);
        CHECK_FALSE(parse_url(url));
    }
}

TEST_CASE("is_loopback_host trusts literal loopback addresses only", "[url]") {
    struct Case { const char* host; bool loopback; };
    const Case cases[] = {
        {"127.0.0.1", true},      {"127.255.3.4", true},   {"::1", true},
        {"[::1]", true},          {"::ffff:127.0.0.1", true},
        {"localhost", false},     {"10.0.0.1", false},     {"128.0.0.1", false},
        {"::2", false},           {"127.0.0.1.example.org", false},
        {"example.invalid", false}, {"", false},
    };
    for (const auto& c : cases) {
        INFO(c.host);
        CHECK(is_loopback_host(c.host) == c.loopback);
    }
}

TEST_CASE("check_url allows https anywhere and http only to loopback or by opt-in", "[url]") {
    struct Case { const char* url; bool opt_in; ErrorKind kind; };
    const Case cases[] = {
        {"https://mastodon.social/api/v1/timelines/tag/x", false, ErrorKind::None},
        {"http://127.0.0.1:9/feed", false, ErrorKind::None},
        {"http://[::1]:9/feed", false, ErrorKind::None},
        {"http://example.invalid/", false, ErrorKind::SchemeRefused},
        {"http://localhost/feed", false, ErrorKind::SchemeRefused},
        {"http://example.invalid/", true, ErrorKind::None},
        {"ftp://127.0.0.1/feed", false, ErrorKind::SchemeRefused},
        {"ftp://example.invalid/feed", true, ErrorKind::SchemeRefused},
        {"file:///etc/passwd", true, ErrorKind::InvalidUrl},  // no host at all
        {"gopher://example.invalid/", true, ErrorKind::SchemeRefused},
        {"nonsense", false, ErrorKind::InvalidUrl},
    };
    for (const auto& c : cases) {
        INFO(c.url << " opt-in " << c.opt_in);
        const UrlVerdict v = check_url(c.url, c.opt_in);
        CHECK(v.kind == c.kind);
        CHECK(v.parts.has_value() == (c.kind == ErrorKind::None));
        CHECK(v.error.empty() == (c.kind == ErrorKind::None));
    }
    CHECK(check_url("http://example.invalid/", false).error ==
          "plain http to example.invalid is refused; use https, or allow plain http for this source");
}

TEST_CASE("host_key groups requests by lowercase host", "[url]") {
    CHECK(host_key("https://Mastodon.Social/api/v1/a") == "mastodon.social");
    CHECK(host_key("https://mastodon.social:443/b") == "mastodon.social");
    CHECK(host_key("garbage") == "garbage");
}

TEST_CASE("to_string names every error kind", "[url]") {
    CHECK(std::string(to_string(ErrorKind::Timeout)) == "timeout");
    CHECK(std::string(to_string(ErrorKind::TooLarge)) == "too_large");
    CHECK(std::string(to_string(ErrorKind::RedirectRefused)) == "redirect_refused");
    CHECK(std::string(to_string(ErrorKind::SchemeRefused)) == "scheme_refused");
    CHECK(std::string(to_string(ErrorKind::HttpStatus)) == "http_status");
    CHECK(std::string(to_string(ErrorKind::Proxy)) == "proxy");
}
