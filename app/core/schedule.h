// Screen on/off hours: which hours of which weekdays the wall is lit, in the
// box's local time. Pure: the caller supplies how a moment reads on the local
// clock (platform/local_time.h for the real one, any time zone in tests).
//
// Rules, for times that are odd on the local clock:
// - A range may wrap past midnight ("22:00-06:00" on Friday ends Saturday 06:00).
// - "HH:MM-00:00" and "HH:MM-24:00" both end at midnight.
// - A time that does not exist on a spring-forward day (02:30 when the clock
//   jumps from 02:00 to 03:00) takes effect when the clock jumps past it.
// - On a fall-back day the repeated hour's edges happen once, the first time:
//   during the second pass the screen keeps the state it had just before the
//   clock went back, so "off at 01:30" does not turn the screen on again.
#pragma once

#include "core/post.h"

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw {

// A moment as the local clock shows it.
struct LocalTime {
    int weekday = 0;       // 0 = Monday .. 6 = Sunday
    int seconds = 0;       // since local midnight, 0..86399
    int utc_offset_s = 0;  // local time minus UTC, in seconds (includes DST)
};
using LocalTimeFn = std::function<LocalTime(TimePoint)>;

// On from `start` to `end`, minutes since midnight. end == 1440 is midnight at
// the end of the day; end < start wraps into the next day.
struct ScreenRange {
    int start = 0;
    int end = 1440;
    bool operator==(const ScreenRange&) const = default;
};

struct ScreenSchedule {
    bool configured = false;                        // false: always on
    std::array<std::vector<ScreenRange>, 7> days;   // Monday first; empty = off all day
};

// "07:00-21:30", "22:00-06:00", "00:00-24:00". Nullopt for anything else
// (including an empty range such as "07:00-07:00").
std::optional<ScreenRange> parse_screen_range(std::string_view text);
// "07:00-21:30"
std::string format_screen_range(const ScreenRange& range);

// The weekday names the config uses, Monday first.
extern const std::array<const char*, 7> kWeekdayNames;

// Whether the screen is on at this reading of the local clock (no DST rule).
bool screen_on_at(const ScreenSchedule& schedule, int weekday, int seconds);

// Whether the screen is on at `t`, with the repeated-hour rule above.
bool screen_on(const ScreenSchedule& schedule, TimePoint t, const LocalTimeFn& local);

// The first moment after `t` at which screen_on changes, looking at most
// `horizon_days` ahead; nullopt when it does not change in that time.
std::optional<TimePoint> next_screen_change(const ScreenSchedule& schedule, TimePoint t, const LocalTimeFn& local,
                                            int horizon_days = 8);

}  // namespace lw
