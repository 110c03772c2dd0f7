// Header list and the HTTP date forms (see headers.h).
#include "net/headers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <limits>

namespace lw::net {
namespace {

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                          s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// Reads exactly `width` digits (width 1..4) at s[pos].
bool digits(std::string_view s, std::size_t pos, std::size_t width, int& out) {
    if (pos + width > s.size()) return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
        value = value * 10 + (s[i] - '0');
    }
    out = value;
    return true;
}

// "Jan" .. "Dec" -> 1 .. 12, 0 for anything else (case-sensitive, as the RFC).
int month_number(std::string_view s) {
    static constexpr std::array<std::string_view, 12> names = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < names.size(); ++i)
        if (s == names[i]) return static_cast<int>(i) + 1;
    return 0;
}

// "08:49:37" at s[pos].
bool clock_time(std::string_view s, std::size_t pos, int& h, int& m, int& sec) {
    return digits(s, pos, 2, h) && pos + 8 <= s.size() && s[pos + 2] == ':' &&
           digits(s, pos + 3, 2, m) && s[pos + 5] == ':' && digits(s, pos + 6, 2, sec);
}

std::optional<TimePoint> make_time(int y, int mo, int d, int h, int mi, int sec) {
    using namespace std::chrono;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                              day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    return sys_days{date} + hours{h} + minutes{mi} + seconds{sec};
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" (the day name is not checked).
std::optional<TimePoint> imf_fixdate(std::string_view s) {
    if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
        s[16] != ' ' || s.substr(25) != " GMT")
        return std::nullopt;
    int d, y, h, mi, sec;
    const int mo = month_number(s.substr(8, 3));
    if (!mo || !digits(s, 5, 2, d) || !digits(s, 12, 4, y) || !clock_time(s, 17, h, mi, sec))
        return std::nullopt;
    return make_time(y, mo, d, h, mi, sec);
}

// RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT".
std::optional<TimePoint> rfc850_date(std::string_view s) {
    const auto comma = s.find(", ");
    if (comma == std::string_view::npos || comma < 6 || comma > 9) return std::nullopt;
    std::string_view rest = s.substr(comma + 2);
    if (rest.size() != 22 || rest[2] != '-' || rest[6] != '-' || rest[9] != ' ' ||
        rest.substr(18) != " GMT")
        return std::nullopt;
    int d, yy, h, mi, sec;
    const int mo = month_number(rest.substr(3, 3));
    if (!mo || !digits(rest, 0, 2, d) || !digits(rest, 7, 2, yy) ||
        !clock_time(rest, 10, h, mi, sec))
        return std::nullopt;
    // Two-digit years: the RFC says to read them as the most recent past
    // year with those digits; nothing we talk to predates 1970.
    return make_time(yy < 70 ? 2000 + yy : 1900 + yy, mo, d, h, mi, sec);
}

// asctime: "Sun Nov  6 08:49:37 1994".
std::optional<TimePoint> asctime_date(std::string_view s) {
    if (s.size() != 24 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[19] != ' ')
        return std::nullopt;
    int d, y, h, mi, sec;
    const int mo = month_number(s.substr(4, 3));
    if (!mo || !clock_time(s, 11, h, mi, sec) || !digits(s, 20, 4, y)) return std::nullopt;
    if (s[8] == ' ') {
        if (!digits(s, 9, 1, d)) return std::nullopt;
    } else if (!digits(s, 8, 2, d)) {
        return std::nullopt;
    }
    return make_time(y, mo, d, h, mi, sec);
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

void Headers::add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Headers::get(std::string_view name) const {
    for (const auto& [key, value] : items_)
        if (iequals(key, name)) return value;
    return std::nullopt;
}

std::optional<std::pair<std::string, std::string>> split_header_line(std::string_view line) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    const std::string_view name = line.substr(0, colon);
    for (char c : name)
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return std::nullopt;
    return std::make_pair(std::string(name), std::string(trim(line.substr(colon + 1))));
}

std::optional<TimePoint> parse_http_date(std::string_view text) {
    text = trim(text);
    if (auto t = imf_fixdate(text)) return t;
    if (auto t = rfc850_date(text)) return t;
    return asctime_date(text);
}

std::optional<long long> parse_decimal(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    long long value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<TimePoint> parse_retry_after(std::string_view value, TimePoint now) {
    value = trim(value);
    if (auto secs = parse_decimal(value)) {
        // A delay beyond a year is nonsense; clamp so the sum cannot overflow.
        const long long bounded = std::min<long long>(*secs, 366LL * 24 * 3600);
        return now + std::chrono::seconds{bounded};
    }
    return parse_http_date(value);
}

}  // namespace lw::net
