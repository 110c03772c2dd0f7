// Time helpers: see time.h.
#include "core/time.h"

#include <cctype>
#include <cstdio>

namespace lw {
namespace {

bool read_digits(std::string_view s, size_t pos, size_t count, int& out) {
    if (pos + count > s.size()) return false;
    int v = 0;
    for (size_t i = 0; i < count; ++i) {
        char c = s[pos + i];
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::optional<TimePoint> parse_rfc3339(std::string_view s) {
    int y, mo, d, h, mi, sec;
    if (!read_digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' ||
        !read_digits(s, 5, 2, mo) || s[7] != '-' || !read_digits(s, 8, 2, d) ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !read_digits(s, 11, 2, h) ||
        s[13] != ':' || !read_digits(s, 14, 2, mi) || s[16] != ':' ||
        !read_digits(s, 17, 2, sec))
        return std::nullopt;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        size_t start = pos;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
        if (pos == start) return std::nullopt;
    }
    int offset_minutes = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        int sign = s[pos] == '-' ? -1 : 1;
        if (!read_digits(s, pos + 1, 2, oh)) return std::nullopt;
        size_t mpos = pos + 3;
        if (mpos < s.size() && s[mpos] == ':') ++mpos;
        if (!read_digits(s, mpos, 2, om)) return std::nullopt;
        offset_minutes = sign * (oh * 60 + om);
        pos = mpos + 2;
    } else {
        return std::nullopt;  // a timestamp without a zone is ambiguous
    }
    if (pos != s.size()) return std::nullopt;
    if (mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    using namespace std::chrono;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    auto t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec > 59 ? 59 : sec};
    return time_point_cast<seconds>(t - minutes{offset_minutes});
}

std::string format_rfc3339(TimePoint t) {
    using namespace std::chrono;
    auto day_point = floor<days>(t);
    year_month_day ymd{day_point};
    hh_mm_ss<seconds> hms{t - day_point};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                  int(hms.minutes().count()), int(hms.seconds().count()));
    return buf;
}

std::string format_age(TimePoint then, TimePoint now) {
    using namespace std::chrono;
    auto age = now - then;
    if (age < minutes{1}) return "just now";
    if (age < hours{1}) return std::to_string(duration_cast<minutes>(age).count()) + " min ago";
    if (age < hours{24}) return std::to_string(duration_cast<hours>(age).count()) + " h ago";
    auto d = duration_cast<days>(age).count();
    if (d == 1) return "yesterday";
    if (d < 7) return std::to_string(d) + " days ago";
    year_month_day ymd{floor<days>(then)};
    return std::to_string(unsigned(ymd.day())) + " " + kMonths[unsigned(ymd.month()) - 1];
}

TimePoint SystemClock::now() const {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace lw
