// Screen on/off hours: see schedule.h.
#include "core/schedule.h"

#include <algorithm>
#include <cstdio>

namespace lw {
namespace {

using std::chrono::seconds;

// "HH:MM" as minutes since midnight; 24:00 allowed (as 1440).
std::optional<int> parse_clock(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) return std::nullopt;
    int h = 0, m = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (i == colon) continue;
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        (i < colon ? h : m) = (i < colon ? h : m) * 10 + (text[i] - '0');
    }
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

// The first second with a new UTC offset in (lo, hi]; local(lo) and
// local(hi) have different offsets.
TimePoint offset_change_between(TimePoint lo, TimePoint hi, const LocalTimeFn& local) {
    const int old_offset = local(lo).utc_offset_s;
    while (hi - lo > seconds(1)) {
        const TimePoint mid = lo + (hi - lo) / 2;
        if (local(mid).utc_offset_s == old_offset) lo = mid;
        else hi = mid;
    }
    return hi;
}

// Minutes of each weekday at which screen_on_at may change.
std::array<std::vector<int>, 7> edges_of(const ScreenSchedule& s) {
    std::array<std::vector<int>, 7> edges;
    for (int day = 0; day < 7; ++day) {
        const int next = (day + 1) % 7;
        for (const ScreenRange& r : s.days[day]) {
            edges[day].push_back(r.start);
            if (r.end == 1440) edges[next].push_back(0);
            else if (r.end < r.start) edges[next].push_back(r.end);
            else edges[day].push_back(r.end);
        }
        // Midnight starts and ends a day's list of ranges.
        edges[day].push_back(0);
    }
    for (auto& e : edges) {
        std::sort(e.begin(), e.end());
        e.erase(std::unique(e.begin(), e.end()), e.end());
    }
    return edges;
}

// Local-clock seconds from `now` to the next edge after it.
long seconds_to_next_edge(const std::array<std::vector<int>, 7>& edges, const LocalTime& now) {
    for (int day = 0; day <= 7; ++day) {
        for (int minute : edges[(now.weekday + day) % 7]) {
            const long at = day * 86400L + minute * 60L;
            if (at > now.seconds) return at - now.seconds;
        }
    }
    return 86400;  // unreachable: every day has the midnight edge
}

}  // namespace

const std::array<const char*, 7> kWeekdayNames = {"monday", "tuesday", "wednesday", "thursday",
                                                  "friday", "saturday", "sunday"};

std::optional<ScreenRange> parse_screen_range(std::string_view text) {
    const auto dash = text.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto start = parse_clock(text.substr(0, dash));
    auto end = parse_clock(text.substr(dash + 1));
    if (!start || !end || *start == 1440) return std::nullopt;
    if (*end == 0) end = 1440;  // "22:00-00:00" ends at midnight
    if (*start == *end) return std::nullopt;
    return ScreenRange{*start, *end};
}

std::string format_screen_range(const ScreenRange& r) {
    char out[48];
    std::snprintf(out, sizeof out, "%02d:%02d-%02d:%02d", r.start / 60, r.start % 60, r.end / 60, r.end % 60);
    return out;
}

bool screen_on_at(const ScreenSchedule& s, int weekday, int secs) {
    if (!s.configured) return true;
    const int yesterday = (weekday + 6) % 7;
    for (const ScreenRange& r : s.days[weekday]) {
        if (r.start < r.end ? secs >= r.start * 60 && secs < r.end * 60 : secs >= r.start * 60) return true;
    }
    for (const ScreenRange& r : s.days[yesterday]) {
        if (r.end < r.start && secs < r.end * 60) return true;
    }
    return false;
}

bool screen_on(const ScreenSchedule& s, TimePoint t, const LocalTimeFn& local) {
    if (!s.configured) return true;
    const LocalTime now = local(t);
    // In the second pass of a repeated hour? (The clock went back by d within
    // the last three hours, and t - d still had the old offset.)
    const LocalTime before = local(t - std::chrono::hours(3));
    if (before.utc_offset_s > now.utc_offset_s) {
        const seconds d(before.utc_offset_s - now.utc_offset_s);
        if (local(t - d).utc_offset_s == before.utc_offset_s) {
            const TimePoint went_back = offset_change_between(t - d, t, local);
            const LocalTime last = local(went_back - seconds(1));
            return screen_on_at(s, last.weekday, last.seconds);
        }
    }
    return screen_on_at(s, now.weekday, now.seconds);
}

std::optional<TimePoint> next_screen_change(const ScreenSchedule& s, TimePoint t, const LocalTimeFn& local,
                                            int horizon_days) {
    if (!s.configured) return std::nullopt;
    const auto edges = edges_of(s);
    const bool state = screen_on(s, t, local);
    const TimePoint horizon = t + std::chrono::days(horizon_days);
    TimePoint cursor = t;
    // Each step goes to the next edge on the local clock, or to a change of
    // UTC offset on the way there, whichever comes first.
    for (int step = 0; step < 10000 && cursor < horizon; ++step) {
        const LocalTime here = local(cursor);
        TimePoint next = cursor + seconds(seconds_to_next_edge(edges, here));
        if (local(next).utc_offset_s != here.utc_offset_s) next = offset_change_between(cursor, next, local);
        if (next > horizon) break;
        if (screen_on(s, next, local) != state) return next;
        cursor = next;
    }
    return std::nullopt;
}

}  // namespace lw
