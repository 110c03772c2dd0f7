// Tests for moderation/links: handles, hosts and blocked-domain matching.
#include "moderation/links.h"

#include <catch2/catch.hpp>

using namespace lw::moderation;

TEST_CASE("handles normalise and name their domain", "[links]") {
    struct Case { const char* handle; const char* normalized; const char* domain; };
    const Case cases[] = {
        {"@Troll@Example.Social", "troll@example.social", "example.social"},
        {"troll@example.social", "troll@example.social", "example.social"},
        {"Alice.bsky.social", "alice.bsky.social", "alice.bsky.social"},
        {"  @nurse@mastodon.nhs.uk ", "nurse@mastodon.nhs.uk", "mastodon.nhs.uk"},
        {"Hospital News", "hospital news", ""},
        {"", "", ""},
    };
    for (const auto& c : cases) {
        INFO(c.handle);
        CHECK(normalize_handle(c.handle) == c.normalized);
        CHECK(handle_domain(c.handle) == c.domain);
    }
}

TEST_CASE("url_host and link_hosts find hosts", "[links]") {
    CHECK(url_host("https://Spam.Example.com/path?q=1") == "spam.example.com");
    CHECK(url_host("https://user:pw@example.org:8443/x") == "example.org");
    CHECK(url_host("not a url") == "");
    const auto hosts = link_hosts("see https://a.example.com/x and (www.B.example.org) or http://c.test:80/ or mail.me");
    REQUIRE(hosts.size() == 3);
    CHECK(hosts[0] == "a.example.com");
    CHECK(hosts[1] == "www.b.example.org");
    CHECK(hosts[2] == "c.test");
}

TEST_CASE("domain_matches covers subdomains only", "[links]") {
    struct Case { const char* host; const char* blocked; bool expected; };
    const Case cases[] = {
        {"example.com", "example.com", true},
        {"www.example.com", "example.com", true},
        {"a.b.example.com", "Example.COM", true},
        {"badexample.com", "example.com", false},
        {"example.com.evil.net", "example.com", false},
        {"example.com", "www.example.com", true},
        {"example.com", ".example.com", true},
        {"", "example.com", false},
        {"example.com", "", false},
    };
    for (const auto& c : cases) {
        INFO(c.host << " / " << c.blocked);
        CHECK(domain_matches(c.host, c.blocked) == c.expected);
    }
}
