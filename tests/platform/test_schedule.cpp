// Screen on/off hours: parsing, time zones, midnight wrap, DST change days,
// and the [screen] config keys. Local times come from the C library's real
// time zone database (tzdata) through platform::local_time.
#include <catch2/catch.hpp>

#include "core/config.h"
#include "core/schedule.h"
#include "core/time.h"
#include "platform/local_time.h"

#include <cstdlib>
#include <ctime>
#include <string>

namespace {

using namespace lw;

TimePoint utc(const char* text) {
    auto t = parse_rfc3339(text);
    REQUIRE(t);
    return *t;
}

std::string iso(std::optional<TimePoint> t) { return t ? format_rfc3339(*t) : "never"; }

// Sets TZ for the scope of one check (tests are single-threaded).
class Zone {
public:
    explicit Zone(const char* name) {
        if (const char* old = std::getenv("TZ")) old_ = old;
        setenv("TZ", name, 1);
        tzset();
    }
    ~Zone() {
        if (old_) setenv("TZ", old_->c_str(), 1);
        else unsetenv("TZ");
        tzset();
    }

private:
    std::optional<std::string> old_;
};

const LocalTimeFn kLocal = [](TimePoint t) { return platform::local_time(t); };

// A schedule from config text, as the product reads it.
ScreenSchedule schedule(const std::string& screen_keys) {
    ConfigResult r = parse_config("[screen]\n" + screen_keys);
    INFO(screen_keys);
    for (auto& p : r.problems) INFO(p.line << ": " << p.message);
    REQUIRE(r.ok());
    return r.config.screen.hours;
}

// A zone, the day's screen keys and a moment: is the screen on then?
struct ZonedCase { const char* zone; const char* hours; const char* at; bool on; };
// A zone, the day's screen keys, a moment and the next change after it.
struct ZonedNext { const char* zone; const char* hours; const char* from; const char* change; };

void check_zoned(std::initializer_list<ZonedCase> cases, std::initializer_list<ZonedNext> nexts) {
    for (const ZonedCase& c : cases) {
        Zone zone(c.zone);
        INFO(c.zone << " " << c.hours << " at " << c.at);
        const ScreenSchedule s = schedule(std::string("every_day = []\n") + c.hours + "\n");
        CHECK(screen_on(s, utc(c.at), kLocal) == c.on);
    }
    for (const ZonedNext& n : nexts) {
        Zone zone(n.zone);
        INFO(n.zone << " " << n.hours << " from " << n.from);
        const ScreenSchedule s = schedule(std::string("every_day = []\n") + n.hours + "\n");
        CHECK(iso(next_screen_change(s, utc(n.from), kLocal)) == n.change);
    }
}

}  // namespace

TEST_CASE("screen ranges parse as HH:MM-HH:MM, wrapping past midnight", "[schedule]") {
    struct Case { const char* text; bool ok; int start, end; };
    const Case cases[] = {
        {"07:00-21:30", true, 420, 1290},  {"22:00-06:00", true, 1320, 360}, {"00:00-24:00", true, 0, 1440},
        {"22:00-00:00", true, 1320, 1440}, {"7:05-9:00", true, 425, 540},    {" 08:00 - 17:00 ", true, 480, 1020},
        {"07:00-07:00", false, 0, 0},      {"24:00-06:00", false, 0, 0},     {"07:60-08:00", false, 0, 0},
        {"25:00-26:00", false, 0, 0},      {"0700-0800", false, 0, 0},       {"07:00", false, 0, 0},
        {"", false, 0, 0},                 {"ab:cd-ef:gh", false, 0, 0},     {"07:00-24:01", false, 0, 0},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        auto r = parse_screen_range(c.text);
        REQUIRE(r.has_value() == c.ok);
        if (c.ok) {
            CHECK(r->start == c.start);
            CHECK(r->end == c.end);
        }
    }
    CHECK(format_screen_range({1320, 360}) == "22:00-06:00");
}

TEST_CASE("the same hours mean different moments in different time zones", "[schedule]") {
    const ScreenSchedule s = schedule("every_day = [\"07:00-21:00\"]\n");
    struct Case { const char* zone; const char* at; bool on; };
    const Case cases[] = {
        {"UTC", "2026-06-15T06:30:00Z", false},              {"UTC", "2026-06-15T07:00:00Z", true},
        {"Europe/London", "2026-06-15T06:30:00Z", true},     // 07:30 BST
        {"America/New_York", "2026-06-15T06:30:00Z", false}, // 02:30 EDT
        {"Asia/Tokyo", "2026-06-15T06:30:00Z", true},        // 15:30
        {"Europe/London", "2026-06-15T20:30:00Z", false},    // 21:30 BST
        {"America/New_York", "2026-06-15T20:30:00Z", true},  // 16:30 EDT
        {"Asia/Tokyo", "2026-06-15T20:30:00Z", false},       // 05:30 the next day
        {"Asia/Kolkata", "2026-06-15T01:29:00Z", false},     // 06:59 IST (+05:30)
        {"Asia/Kolkata", "2026-06-15T01:30:00Z", true},      // 07:00 IST
        {"Europe/London", "2026-12-15T06:30:00Z", false},    // 06:30 GMT in winter
        {"Europe/London", "2026-12-15T07:00:00Z", true},
    };
    for (const Case& c : cases) {
        Zone zone(c.zone);
        INFO(c.zone << " " << c.at);
        CHECK(screen_on(s, utc(c.at), kLocal) == c.on);
    }
    Zone zone("America/New_York");
    CHECK(iso(next_screen_change(s, utc("2026-06-15T06:30:00Z"), kLocal)) == "2026-06-15T11:00:00Z");
}

TEST_CASE("ranges wrap past midnight into the next day, Sunday into Monday too", "[schedule]") {
    Zone zone("UTC");
    const ScreenSchedule s = schedule("every_day = []\nfriday = [\"22:00-06:00\"]\nsunday = [\"23:30-01:00\"]\n"
                                      "monday = [\"07:00-12:00\", \"13:00-21:00\"]\n");
    struct Case { const char* at; bool on; };
    const Case cases[] = {
        {"2026-12-04T21:59:59Z", false},  // Friday
        {"2026-12-04T22:00:00Z", true},  {"2026-12-04T23:59:59Z", true},
        {"2026-12-05T00:00:00Z", true},   // Saturday, still Friday's range
        {"2026-12-05T05:59:59Z", true},  {"2026-12-05T06:00:00Z", false},
        {"2026-12-05T22:30:00Z", false},  // Saturday night is off
        {"2026-12-03T23:00:00Z", false},  // Thursday
        {"2026-12-06T23:45:00Z", true},   // Sunday
        {"2026-12-07T00:30:00Z", true},   // Monday, Sunday's range
        {"2026-12-07T01:00:00Z", false}, {"2026-12-07T06:59:00Z", false},
        {"2026-12-07T07:00:00Z", true},  {"2026-12-07T11:59:59Z", true},
        {"2026-12-07T12:30:00Z", false},  // the lunch gap
        {"2026-12-07T13:00:00Z", true},  {"2026-12-07T21:00:00Z", false},
    };
    for (const Case& c : cases) {
        INFO(c.at);
        CHECK(screen_on(s, utc(c.at), kLocal) == c.on);
    }
    struct Next { const char* from; const char* change; };
    const Next nexts[] = {
        {"2026-12-04T12:00:00Z", "2026-12-04T22:00:00Z"}, {"2026-12-04T22:00:00Z", "2026-12-05T06:00:00Z"},
        {"2026-12-05T06:00:00Z", "2026-12-06T23:30:00Z"}, {"2026-12-07T00:00:00Z", "2026-12-07T01:00:00Z"},
        {"2026-12-07T11:00:00Z", "2026-12-07T12:00:00Z"}, {"2026-12-07T12:00:00Z", "2026-12-07T13:00:00Z"},
    };
    for (const Next& n : nexts) {
        INFO(n.from);
        CHECK(iso(next_screen_change(s, utc(n.from), kLocal)) == n.change);
    }
}

TEST_CASE("a day without its own key follows every_day, or is on all day", "[schedule]") {
    Zone zone("UTC");
    const ScreenSchedule weekdays = schedule("every_day = [\"08:00-18:00\"]\nsaturday = []\nsunday = []\n");
    CHECK(screen_on(weekdays, utc("2026-12-07T09:00:00Z"), kLocal));   // Monday
    CHECK_FALSE(screen_on(weekdays, utc("2026-12-05T09:00:00Z"), kLocal));  // Saturday
    const ScreenSchedule one_day = schedule("tuesday = [\"08:00-09:00\"]\n");
    CHECK(screen_on(one_day, utc("2026-12-07T03:00:00Z"), kLocal));    // Monday: all day
    CHECK_FALSE(screen_on(one_day, utc("2026-12-08T10:00:00Z"), kLocal));
    const ScreenSchedule none = schedule("off_mode = \"black\"\n");
    CHECK_FALSE(none.configured);
    CHECK(screen_on(none, utc("2026-12-08T03:00:00Z"), kLocal));
    CHECK_FALSE(next_screen_change(none, utc("2026-12-08T03:00:00Z"), kLocal));
    const ScreenSchedule always = schedule("every_day = [\"00:00-24:00\"]\n");
    CHECK_FALSE(next_screen_change(always, utc("2026-12-08T03:00:00Z"), kLocal));
}

TEST_CASE("spring forward: an on-time that does not exist takes effect when the clock jumps past it", "[schedule][dst]") {
    // New York 2026-03-08 02:00 EST -> 03:00 EDT; London 2026-03-29 01:00 GMT -> 02:00 BST.
    check_zoned({
        {"America/New_York", "sunday = [\"02:30-05:00\"]", "2026-03-08T06:59:59Z", false},  // 01:59:59 EST
        {"America/New_York", "sunday = [\"02:30-05:00\"]", "2026-03-08T07:00:00Z", true},   // 03:00 EDT
        {"America/New_York", "sunday = [\"02:30-05:00\"]", "2026-03-08T08:59:59Z", true},   // 04:59:59 EDT
        {"America/New_York", "sunday = [\"02:30-05:00\"]", "2026-03-08T09:00:00Z", false},  // 05:00 EDT
        {"America/New_York", "saturday = [\"20:00-02:30\"]", "2026-03-08T06:59:59Z", true}, // 01:59:59 EST
        {"America/New_York", "saturday = [\"20:00-02:30\"]", "2026-03-08T07:00:00Z", false}, // off-time skipped too
        {"Europe/London", "sunday = [\"01:30-09:00\"]", "2026-03-29T00:59:59Z", false},    // 00:59:59 GMT
        {"Europe/London", "sunday = [\"01:30-09:00\"]", "2026-03-29T01:00:00Z", true},     // 02:00 BST
        {"Europe/London", "sunday = [\"01:30-09:00\"]", "2026-03-29T07:59:59Z", true},     // 08:59:59 BST
        {"Europe/London", "sunday = [\"01:30-09:00\"]", "2026-03-29T08:00:00Z", false},    // 09:00 BST
    }, {
        {"America/New_York", "sunday = [\"02:30-05:00\"]", "2026-03-08T05:00:00Z", "2026-03-08T07:00:00Z"},
        {"America/New_York", "sunday = [\"02:30-05:00\"]", "2026-03-08T07:00:00Z", "2026-03-08T09:00:00Z"},
        {"America/New_York", "saturday = [\"20:00-02:30\"]", "2026-03-08T02:00:00Z", "2026-03-08T07:00:00Z"},
        {"Europe/London", "sunday = [\"01:30-09:00\"]", "2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z"},
        {"Europe/London", "sunday = [\"01:30-09:00\"]", "2026-03-29T01:00:00Z", "2026-03-29T08:00:00Z"},
        // An ordinary time on the change day: 06:00 EDT is 10:00Z, not 11:00Z.
        {"America/New_York", "sunday = [\"06:00-07:00\"]", "2026-03-08T04:00:00Z", "2026-03-08T10:00:00Z"},
    });
}

TEST_CASE("fall back: the edges of an hour that happens twice happen once", "[schedule][dst]") {
    // New York 2026-11-01 02:00 EDT -> 01:00 EST: 01:00-02:00 twice (05:00-06:00Z, 06:00-07:00Z).
    // London 2026-10-25 02:00 BST -> 01:00 GMT: 01:00-02:00 twice (00:00-01:00Z, 01:00-02:00Z).
    check_zoned({
        {"America/New_York", "sunday = [\"00:00-01:30\"]", "2026-11-01T05:29:59Z", true},   // 01:29:59 EDT
        {"America/New_York", "sunday = [\"00:00-01:30\"]", "2026-11-01T05:30:00Z", false},  // 01:30 EDT: off
        {"America/New_York", "sunday = [\"00:00-01:30\"]", "2026-11-01T06:15:00Z", false},  // 01:15 EST: stays off
        {"America/New_York", "sunday = [\"00:00-01:30\"]", "2026-11-01T07:00:00Z", false},  // 02:00 EST
        {"America/New_York", "sunday = [\"01:15-03:00\"]", "2026-11-01T05:14:59Z", false},
        {"America/New_York", "sunday = [\"01:15-03:00\"]", "2026-11-01T05:15:00Z", true},   // 01:15 EDT: on
        {"America/New_York", "sunday = [\"01:15-03:00\"]", "2026-11-01T06:05:00Z", true},   // 01:05 EST: stays on
        {"America/New_York", "sunday = [\"01:15-03:00\"]", "2026-11-01T07:59:59Z", true},   // 02:59:59 EST
        {"America/New_York", "sunday = [\"01:15-03:00\"]", "2026-11-01T08:00:00Z", false},  // 03:00 EST
        {"Europe/London", "sunday = [\"00:00-01:30\"]", "2026-10-25T00:29:59Z", true},      // 01:29:59 BST
        {"Europe/London", "sunday = [\"00:00-01:30\"]", "2026-10-25T00:30:00Z", false},
        {"Europe/London", "sunday = [\"00:00-01:30\"]", "2026-10-25T01:10:00Z", false},     // 01:10 GMT: stays off
        {"Europe/London", "sunday = [\"00:00-01:30\"]", "2026-10-25T02:00:00Z", false},
        // Outside the repeated hour the day is ordinary.
        {"Europe/London", "sunday = [\"07:00-19:00\"]", "2026-10-25T06:59:59Z", false},
        {"Europe/London", "sunday = [\"07:00-19:00\"]", "2026-10-25T07:00:00Z", true},
    }, {
        {"America/New_York", "sunday = [\"00:00-01:30\"]", "2026-11-01T04:30:00Z", "2026-11-01T05:30:00Z"},
        // After the first 01:30 nothing changes until next Sunday's 00:00 EST.
        {"America/New_York", "sunday = [\"00:00-01:30\"]", "2026-11-01T05:30:00Z", "2026-11-08T05:00:00Z"},
        {"America/New_York", "sunday = [\"01:15-03:00\"]", "2026-11-01T05:15:00Z", "2026-11-01T08:00:00Z"},
        {"Europe/London", "sunday = [\"00:00-01:30\"]", "2026-10-25T00:30:00Z", "2026-11-01T00:00:00Z"},
    });
}

TEST_CASE("next_screen_change agrees with screen_on minute by minute across a DST week", "[schedule][dst]") {
    // An independent check of next_screen_change: walk every minute.
    for (const char* name : {"America/New_York", "Europe/London", "Australia/Lord_Howe"}) {
        Zone zone(name);
        const ScreenSchedule s = schedule("every_day = [\"01:30-02:15\", \"07:00-21:00\", \"23:00-00:30\"]\n"
                                          "saturday = [\"22:00-02:45\"]\nsunday = []\n");
        for (const char* start : {"2026-10-31T00:00:00Z", "2026-03-07T00:00:00Z", "2026-04-04T00:00:00Z"}) {
            INFO(name << " from " << start);
            TimePoint t = utc(start);
            const TimePoint end = t + std::chrono::days(3);
            bool state = screen_on(s, t, kLocal);
            auto next = next_screen_change(s, t, kLocal);
            int changes = 0;
            for (; t < end; t += std::chrono::minutes(1)) {
                const bool now = screen_on(s, t, kLocal);
                if (now != state) {
                    ++changes;
                    INFO("change at " << format_rfc3339(t));
                    REQUIRE(next);
                    CHECK(format_rfc3339(*next) == format_rfc3339(t));
                    state = now;
                    next = next_screen_change(s, t, kLocal);
                }
            }
            CHECK(changes >= 8);
        }
    }
}

TEST_CASE("[screen] config keys: problems carry their line", "[schedule][config]") {
    ConfigResult r = parse_config("[screen]\n"
                                  "time_zone = \"Mars/Olympus\"\n"
                                  "monday = [\"07:00-21:00\", \"late\"]\n"
                                  "tuesday = \"07:00-21:00\"\n"
                                  "off_mode = \"dim\"\n"
                                  "holidays = []\n");
    REQUIRE(r.problems.size() == 5);
    CHECK(r.problems[0].line == 2);
    CHECK_THAT(r.problems[0].message, Catch::Contains("'screen.time_zone' must be a time zone name"));
    CHECK(r.problems[1].line == 3);
    CHECK_THAT(r.problems[1].message, Catch::Contains("'screen.monday' has \"late\""));
    CHECK(r.problems[2].line == 4);
    CHECK_THAT(r.problems[2].message, Catch::Contains("'screen.tuesday' must be a list of strings"));
    CHECK(r.problems[3].line == 5);
    CHECK_THAT(r.problems[3].message, Catch::Contains("'screen.off_mode' must be one of \"auto\", \"black\""));
    CHECK(r.problems[4].line == 6);
    CHECK_THAT(r.problems[4].message, Catch::Contains("unknown key 'screen.holidays'"));

    ConfigResult ok = parse_config("[screen]\ntime_zone = \"Europe/London\"\nevery_day = [\"07:00-21:00\"]\n"
                                   "friday = [\"07:00-12:00\", \"13:00-23:00\"]\n");
    REQUIRE(ok.ok());
    CHECK(ok.config.screen.time_zone == "Europe/London");
    CHECK(ok.config.screen.off_mode == "auto");
    CHECK(ok.config.screen.hours.configured);
    CHECK(ok.config.screen.hours.days[0] == std::vector<ScreenRange>{{420, 1260}});
    CHECK(ok.config.screen.hours.days[4] == std::vector<ScreenRange>{{420, 720}, {780, 1380}});
}
