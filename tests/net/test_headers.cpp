// Tests for net/headers: case-insensitive lookup, header lines, HTTP dates
// and Retry-After.
#include "net/headers.h"

#include <catch2/catch.hpp>

using namespace lw;
using namespace lw::net;
using namespace std::chrono;

TEST_CASE("Headers look names up without regard to case", "[headers]") {
    Headers h;
    h.add("ETag", "\"abc\"");
    h.add("content-type", "application/json");
    h.add("X-RateLimit-Remaining", "12");
    h.add("x-ratelimit-remaining", "99");  // the first one wins
    struct Case { const char* name; const char* expected; };
    const Case cases[] = {
        {"etag", "\"abc\""}, {"ETAG", "\"abc\""}, {"Content-Type", "application/json"},
        {"x-RATELIMIT-remaining", "12"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        REQUIRE(h.get(c.name));
        CHECK(*h.get(c.name) == c.expected);
    }
    CHECK_FALSE(h.get("Last-Modified"));
    CHECK_FALSE(h.has("ETa"));
    CHECK(h.size() == 4);
}

TEST_CASE("split_header_line trims and refuses non-headers", "[headers]") {
    auto h = split_header_line("Retry-After:   120 \r\n");
    REQUIRE(h);
    CHECK(h->first == "Retry-After");
    CHECK(h->second == "120");
    auto empty_value = split_header_line("X-Empty:\r\n");
    REQUIRE(empty_value);
    CHECK(empty_value->second.empty());
    const char* not_headers[] = {"HTTP/1.1 200 OK\r\n", "\r\n", "", ": value\r\n", "Bad Name: x\r\n"};
    for (const char* line : not_headers) {
        INFO(line);
        CHECK_FALSE(split_header_line(line));
    }
}

TEST_CASE("parse_http_date reads the three HTTP-date forms", "[headers]") {
    const TimePoint expected = sys_days{1994y / 11 / 6} + 8h + 49min + 37s;
    const char* forms[] = {
        "Sun, 06 Nov 1994 08:49:37 GMT",   // IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850
        "Sun Nov  6 08:49:37 1994",        // asctime
        "  Sun, 06 Nov 1994 08:49:37 GMT ",
    };
    for (const char* text : forms) {
        INFO(text);
        auto t = parse_http_date(text);
        REQUIRE(t);
        CHECK(*t == expected);
    }
    CHECK(parse_http_date("Wed, 25 Nov 2026 00:00:00 GMT") == sys_days{2026y / 11 / 25});
    CHECK(parse_http_date("Monday, 01-Jan-24 00:00:00 GMT") == sys_days{2024y / 1 / 1});
}

TEST_CASE("parse_http_date refuses malformed dates", "[headers]") {
    const char* bad[] = {
        "", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37",
        "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT",
        "2026-11-24T09:15:00Z", "Sun Nov 6 08:49:37 1994",
    };
    for (const char* text : bad) {
        INFO(text);
        CHECK_FALSE(parse_http_date(text));
    }
}

TEST_CASE("parse_retry_after takes seconds or an HTTP-date", "[headers]") {
    const TimePoint now = sys_days{2026y / 11 / 25} + 1h;
    struct Case { const char* value; std::optional<TimePoint> expected; };
    const Case cases[] = {
        {"0", now},
        {"120", now + 120s},
        {" 30 ", now + 30s},
        {"Wed, 25 Nov 2026 01:05:00 GMT", now + 5min},
        {"Wed, 25 Nov 2026 00:00:00 GMT", now - 1h},  // in the past: returned as is
        {"99999999999", now + days{366}},              // clamped, no overflow
        {"-5", std::nullopt},
        {"1.5", std::nullopt},
        {"soon", std::nullopt},
        {"", std::nullopt},
    };
    for (const auto& c : cases) {
        INFO(c.value);
        CHECK(parse_retry_after(c.value, now) == c.expected);
    }
}

TEST_CASE("parse_decimal accepts plain non-negative integers only", "[headers]") {
    struct Case { const char* text; std::optional<long long> expected; };
    const Case cases[] = {
        {"0", 0}, {"42", 42}, {"8388608", 8388608}, {"", std::nullopt}, {"-1", std::nullopt},
        {"+1", std::nullopt}, {"1 ", std::nullopt}, {"0x10", std::nullopt},
        {"1234567890123456789012", std::nullopt},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(parse_decimal(c.text) == c.expected);
    }
}
