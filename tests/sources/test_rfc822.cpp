// Tests for sources/rfc822: the dates RSS feeds write.
#include "sources/rfc822.h"

#include "core/time.h"

#include <catch2/catch.hpp>

using namespace lw;
using namespace lw::sources;

TEST_CASE("parse_rfc822 reads the forms feeds write", "[sources][rfc822]") {
    struct Case { const char* text; const char* expected; };
    const Case cases[] = {
        {"Tue, 24 Nov 2026 09:15:00 GMT", "2026-11-24T09:15:00Z"},
        {"Tue, 24 Nov 2026 10:15:00 +0100", "2026-11-24T09:15:00Z"},
        {"Tue, 24 Nov 2026 04:15:00 EST", "2026-11-24T09:15:00Z"},
        {"Tue, 24 Nov 2026 01:15:00 PST", "2026-11-24T09:15:00Z"},
        {"Sat, 24 Oct 2026 05:15:00 EDT", "2026-10-24T09:15:00Z"},
        {"Tue, 24 Nov 2026 10:15:00 CET", "2026-11-24T09:15:00Z"},
        {"Tue, 24 Nov 2026 09:15:00 UT", "2026-11-24T09:15:00Z"},
        {"Tue, 24 Nov 2026 09:15:00 Z", "2026-11-24T09:15:00Z"},
        {"Tue, 24 Nov 2026 14:45:00 +05:30", "2026-11-24T09:15:00Z"},
        {"Tue, 24 Nov 2026 09:15 GMT", "2026-11-24T09:15:00Z"},          // no seconds
        {"24 Nov 2026 09:15:00 GMT", "2026-11-24T09:15:00Z"},            // no day name
        {"Tuesday, 24 November 2026 09:15:00 GMT", "2026-11-24T09:15:00Z"},
        {"Tue, 4 Nov 2026 09:15:00 GMT", "2026-11-04T09:15:00Z"},        // one-digit day
        {"Tue, 24 Nov 26 09:15:00 GMT", "2026-11-24T09:15:00Z"},         // two-digit year
        {"Tue, 24 Nov 99 09:15:00 GMT", "1999-11-24T09:15:00Z"},
        {"tue, 24 nov 2026 09:15:00 gmt", "2026-11-24T09:15:00Z"},
        {"Tue, 24 Nov 2026 09:15:00", "2026-11-24T09:15:00Z"},           // no zone: UTC
        {"Tue, 24 Nov 2026 09:15:00 +0000 (UTC)", "2026-11-24T09:15:00Z"},
        {"Tue,24 Nov 2026 09:15:00 GMT", "2026-11-24T09:15:00Z"},
        {"Tue, Nov 24 2026 09:15:00 GMT", "2026-11-24T09:15:00Z"},       // month first
        {"Thu, 01 Jan 2026 00:30:00 +0100", "2025-12-31T23:30:00Z"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto t = parse_rfc822(c.text);
        REQUIRE(t);
        CHECK(format_rfc3339(*t) == c.expected);
    }
}

TEST_CASE("parse_rfc822 refuses what is not a date", "[sources][rfc822]") {
    const char* bad[] = {
        "", "yesterday", "Tue, 24 Foo 2026 09:15:00 GMT", "Tue, 31 Nov 2026 09:15:00 GMT",
        "Tue, 24 Nov 2026 25:15:00 GMT", "Tue, 24 Nov 2026 09:61:00 GMT", "Tue, 24 Nov 2026",
        "Tue, 24 Nov 2026 09:15:00 +99", "Tue, 24 Nov 2026 09:15:00 +2500", "Tue, 24 Nov 202 09:15 GMT",
        "Tue, 24 Nov 2026 9h15 GMT", "Tue, 24 Nov 2026 09:15:00 12345",
        "2026-11-24T09:15:00Z",
    };
    for (const char* text : bad) {
        INFO(text);
        CHECK_FALSE(parse_rfc822(text));
    }
}

TEST_CASE("parse_feed_date takes RFC 822 or RFC 3339", "[sources][rfc822]") {
    struct Case { const char* text; const char* expected; };
    const Case cases[] = {
        {"  Tue, 24 Nov 2026 09:15:00 GMT\n", "2026-11-24T09:15:00Z"},
        {"2026-11-24T10:15:00+01:00", "2026-11-24T09:15:00Z"},
        {"2026-11-24T09:15:00.123Z", "2026-11-24T09:15:00Z"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto t = parse_feed_date(c.text);
        REQUIRE(t);
        CHECK(format_rfc3339(*t) == c.expected);
    }
    CHECK_FALSE(parse_feed_date(""));
    CHECK_FALSE(parse_feed_date(std::string(5000, '1')));
}
