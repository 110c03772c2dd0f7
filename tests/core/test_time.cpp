// Tests for core/time: timestamp parsing and age wording.
#include "core/time.h"

#include <catch2/catch.hpp>

using namespace lw;
using namespace std::chrono;

TEST_CASE("parse_rfc3339 accepts the forms feeds use", "[time]") {
    const TimePoint base = sys_days{2026y / 11 / 24} + 9h + 15min;
    struct Case { const char* text; TimePoint expected; };
    const Case cases[] = {
        {"2026-11-24T09:15:00Z", base},
        {"2026-11-24T09:15:00.123Z", base},
        {"2026-11-24T09:15:00.000000Z", base},
        {"2026-11-24T10:15:00+01:00", base},
        {"2026-11-24T04:15:00-0500", base},
        {"2026-11-24t09:15:00z", base},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto parsed = parse_rfc3339(c.text);
        REQUIRE(parsed);
        CHECK(*parsed == c.expected);
    }
}

TEST_CASE("parse_rfc3339 refuses malformed timestamps", "[time]") {
    const char* bad[] = {"", "2026-11-24", "2026-11-24T09:15:00", "2026-13-01T00:00:00Z",
                         "2026-02-30T00:00:00Z", "2026-11-24T25:00:00Z", "yesterday",
                         "2026-11-24T09:15:00Zjunk", "2026-11-24T09:15:00."};
    for (const char* text : bad) {
        INFO(text);
        CHECK_FALSE(parse_rfc3339(text));
    }
}

TEST_CASE("format_rfc3339 round-trips", "[time]") {
    const TimePoint t = sys_days{2024y / 2 / 29} + 23h + 59min + 58s;
    CHECK(format_rfc3339(t) == "2024-02-29T23:59:58Z");
    CHECK(parse_rfc3339(format_rfc3339(t)) == t);
}

TEST_CASE("format_age words ages for a lobby screen", "[time]") {
    const TimePoint now = sys_days{2026y / 11 / 24} + 12h;
    struct Case { seconds age; const char* expected; };
    const Case cases[] = {
        {0s, "just now"},        {59s, "just now"},      {60s, "1 min ago"},
        {59min, "59 min ago"},   {1h, "1 h ago"},        {23h, "23 h ago"},
        {24h, "yesterday"},      {days{3}, "3 days ago"}, {days{13}, "11 Nov"},
    };
    for (const auto& c : cases) {
        INFO(c.expected);
        CHECK(format_age(now - c.age, now) == c.expected);
    }
}
