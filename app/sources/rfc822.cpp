// RFC 822 dates for RSS: see rfc822.h.
#include "sources/rfc822.h"

#include "core/time.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace lw::sources {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

int month_number(std::string_view token) {
    static const std::array<const char*, 12> months = {"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};
    if (token.size() < 3) return 0;
    std::string l = lower(token.substr(0, 3));
    for (std::size_t i = 0; i < months.size(); ++i)
        if (l == months[i]) return static_cast<int>(i) + 1;
    return 0;
}

bool is_day_name(std::string_view token) {
    static const std::array<const char*, 7> days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    if (token.size() < 3) return false;
    std::string l = lower(token.substr(0, 3));
    for (const char* d : days)
        if (l == d) return true;
    return false;
}

// Minutes east of UTC for a zone token; nullopt when it is no zone at all.
std::optional<int> zone_offset(std::string_view token) {
    if ((token[0] == '+' || token[0] == '-') && token.size() >= 3) {
        std::string digits;
        for (char c : token.substr(1))
            if (c != ':') digits += c;
        if (!all_digits(digits) || (digits.size() != 4 && digits.size() != 2)) return std::nullopt;
        int h = to_int(digits.substr(0, 2));
        int m = digits.size() == 4 ? to_int(digits.substr(2, 2)) : 0;
        if (h > 23 || m > 59) return std::nullopt;
        return (token[0] == '-' ? -1 : 1) * (h * 60 + m);
    }
    struct Named { const char* name; int hours; };
    static const Named named[] = {
        {"ut", 0},   {"utc", 0},  {"gmt", 0},  {"z", 0},    {"est", -5}, {"edt", -4},
        {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
        {"wet", 0},  {"west", 1}, {"bst", 1},  {"cet", 1},  {"cest", 2}, {"eet", 2},
        {"eest", 3}, {"jst", 9},  {"aest", 10}, {"aedt", 11},
    };
    std::string l = lower(token);
    for (const auto& z : named)
        if (l == z.name) return z.hours * 60;
    for (char c : l)
        if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
    return 0;  // military letters and unknown names: RFC 1123 says treat as UTC
}

}  // namespace

std::optional<TimePoint> parse_rfc822(std::string_view text) {
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\t' ||
                                   text[i] == '\n' || text[i] == '\r'))
            ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != '\t' &&
               text[i] != '\n' && text[i] != '\r')
            ++i;
        if (i > start) tokens.push_back(text.substr(start, i - start));
    }
    std::size_t t = 0;
    if (t < tokens.size() && is_day_name(tokens[t]) && !all_digits(tokens[t])) ++t;
    if (tokens.size() < t + 4) return std::nullopt;

    std::string_view day_token = tokens[t], month_token = tokens[t + 1];
    if (month_number(day_token) && all_digits(month_token)) std::swap(day_token, month_token);
    std::string_view year_token = tokens[t + 2], time_token = tokens[t + 3];
    if (!all_digits(day_token) || day_token.size() > 2 || !month_number(month_token) ||
        !all_digits(year_token) || (year_token.size() != 2 && year_token.size() != 4))
        return std::nullopt;
    int day = to_int(day_token);
    int month = month_number(month_token);
    int year = to_int(year_token);
    if (year_token.size() == 2) year += year < 50 ? 2000 : 1900;

    // hh:mm[:ss]
    int parts[3] = {0, 0, 0};
    int count = 0;
    std::size_t p = 0;
    while (p <= time_token.size() && count < 3) {
        std::size_t colon = time_token.find(':', p);
        std::string_view part = time_token.substr(p, colon == std::string_view::npos ? std::string_view::npos
                                                                                   : colon - p);
        if (!all_digits(part) || part.size() > 2) return std::nullopt;
        parts[count++] = to_int(part);
        if (colon == std::string_view::npos) break;
        p = colon + 1;
    }
    if (count < 2 || parts[0] > 23 || parts[1] > 59 || parts[2] > 60) return std::nullopt;

    int offset = 0;
    if (tokens.size() > t + 4 && tokens[t + 4][0] != '(') {
        auto z = zone_offset(tokens[t + 4]);
        if (!z) return std::nullopt;
        offset = *z;
    }
    using namespace std::chrono;
    year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                       std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    auto tp = sys_days{ymd} + hours{parts[0]} + minutes{parts[1]} +
              seconds{parts[2] > 59 ? 59 : parts[2]} - minutes{offset};
    return time_point_cast<seconds>(tp);
}

std::optional<TimePoint> parse_feed_date(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    if (text.empty() || text.size() > 100) return std::nullopt;
    if (auto t = parse_rfc822(text)) return t;
    return parse_rfc3339(text);
}

}  // namespace lw::sources
