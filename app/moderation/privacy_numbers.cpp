// Privacy detectors for things written with digits: e-mail addresses, phone
// numbers, ID-like numbers (labelled or by shape) and dates of birth.
// Years, prices, times, counts and ordinary dates are deliberately left alone.
#include "moderation/privacy_text.h"

#include <cctype>
#include <optional>

namespace lw::moderation::privacy {
namespace {

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Bytes that belong to links, mentions and hashtags.
std::vector<bool> skipped_bytes(const TokenText& t) {
    std::vector<bool> skip(t.text.size(), false);
    for (const Token& tok : t.tokens) {
        if (tok.skip) {
            for (std::size_t i = tok.begin; i < tok.end; ++i) skip[i] = true;
        }
    }
    return skip;
}

// £, $, €, ¥ right before `pos` (one space allowed).
bool after_currency(std::string_view s, std::size_t pos) {
    if (pos > 0 && s[pos - 1] == ' ') --pos;
    if (pos >= 1 && (s[pos - 1] == '$')) return true;
    if (pos >= 2 && s.compare(pos - 2, 2, "\xC2\xA3") == 0) return true;  // £
    if (pos >= 2 && s.compare(pos - 2, 2, "\xC2\xA5") == 0) return true;  // ¥
    if (pos >= 3 && s.compare(pos - 3, 3, "\xE2\x82\xAC") == 0) return true;  // €
    return false;
}

// A run of digit groups joined by single spaces, dots, dashes or brackets:
// "+44 (0)20 7946 0958", "555-123-4567", "943 476 5919", "07700900123".
struct NumberRun {
    std::size_t begin = 0, end = 0;
    std::vector<std::string_view> groups;
    std::string separators;  // every separator character seen between groups
    bool plus = false;
    bool parens = false;
    std::size_t digits = 0;
};

std::optional<NumberRun> read_run(std::string_view s, std::size_t start) {
    NumberRun run;
    run.begin = start;
    std::size_t pos = start;
    if (s[pos] == '+') {
        run.plus = true;
        ++pos;
    }
    bool open = false;
    while (pos < s.size()) {
        if (s[pos] == '(') {
            open = true;
            run.parens = true;
            ++pos;
        }
        std::size_t g = pos;
        while (pos < s.size() && is_ascii_digit(s[pos])) ++pos;
        if (pos == g) return std::nullopt;
        run.groups.push_back(s.substr(g, pos - g));
        run.digits += pos - g;
        if (open && pos < s.size() && s[pos] == ')') {
            open = false;
            ++pos;
        }
        run.end = pos;
        // A joiner: at most one space, dot or dash, with a bracket on either
        // side; "(0)20" needs none after its bracket.
        const bool just_closed = pos > 0 && s[pos - 1] == ')';
        std::size_t look = pos;
        int plain = 0;
        std::string seen;
        while (look < s.size() && look - pos < 4) {
            char c = s[look];
            std::size_t width = 1;
            if (s.compare(look, 2, "\xC2\xA0") == 0) {  // no-break space
                c = ' ';
                width = 2;
            }
            if (c != ' ' && c != '.' && c != '-') break;
            if (++plain > 1) break;
            seen.push_back(c);
            look += width;
        }
        bool bracket_next = look < s.size() && s[look] == '(' && !open;
        if (seen.empty() && !bracket_next && !just_closed) break;
        std::size_t digit_at = bracket_next ? look + 1 : look;
        if (digit_at >= s.size() || !is_ascii_digit(s[digit_at])) break;
        if (run.groups.size() >= 6) break;
        run.separators += seen;
        if (bracket_next) run.separators.push_back('(');
        pos = look;
    }
    return run;
}

bool all_years(const NumberRun& r) {
    for (std::string_view g : r.groups) {
        if (g.size() != 4 || (g.substr(0, 2) != "19" && g.substr(0, 2) != "20")) return false;
    }
    return true;
}

int to_int(std::string_view g) {
    int v = 0;
    for (char c : g) v = v * 10 + (c - '0');
    return v;
}

bool looks_like_date(const NumberRun& r) {
    if (r.groups.size() != 3 || r.plus || r.parens) return false;
    char sep = r.separators.empty() ? ' ' : r.separators[0];
    if (sep != '.' && sep != '-') return false;
    for (char c : r.separators) {
        if (c != sep) return false;
    }
    const auto& g = r.groups;
    if (g[0].size() == 4 && g[1].size() <= 2 && g[2].size() <= 2) {
        return to_int(g[1]) >= 1 && to_int(g[1]) <= 12 && to_int(g[2]) >= 1 && to_int(g[2]) <= 31;
    }
    if (g[0].size() <= 2 && g[1].size() <= 2 && (g[2].size() == 2 || g[2].size() == 4)) {
        int a = to_int(g[0]), b = to_int(g[1]);
        return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
    }
    return false;
}

bool shape(const NumberRun& r, std::initializer_list<std::size_t> lengths) {
    if (r.groups.size() != lengths.size()) return false;
    std::size_t i = 0;
    for (std::size_t len : lengths) {
        if (r.groups[i++].size() != len) return false;
    }
    return true;
}

bool separators_only(const NumberRun& r, std::string_view allowed) {
    for (char c : r.separators) {
        if (allowed.find(c) == std::string_view::npos) return false;
    }
    return true;
}

std::optional<PrivacyKind> classify(const NumberRun& r) {
    const std::size_t d = r.digits;
    const std::size_t g = r.groups.size();
    const bool dashes_or_dots = r.separators.find_first_of("-.") != std::string::npos;
    const char first = r.groups[0].empty() ? '0' : r.groups[0][0];
    if (g >= 2 && all_years(r)) return std::nullopt;            // 2019-2024
    if (looks_like_date(r)) return std::nullopt;                 // 2026-11-24, 24.11.2026
    if (r.plus) return d >= 8 && d <= 15 ? std::optional(PrivacyKind::Phone) : std::nullopt;
    if (r.parens && d >= 9 && d <= 13) return PrivacyKind::Phone;
    if (shape(r, {3, 2, 4}) && separators_only(r, " -")) return PrivacyKind::IdNumber;  // SSN-like
    if (shape(r, {3, 3, 4}) && separators_only(r, " ") && first != '0') return PrivacyKind::IdNumber;  // NHS-like
    if (first == '0' && d >= 10 && d <= 12 && separators_only(r, " -.")) return PrivacyKind::Phone;
    if (dashes_or_dots && g >= 3 && d >= 10 && d <= 11 && separators_only(r, "-.")) return PrivacyKind::Phone;
    if (shape(r, {3, 4}) && dashes_or_dots) return PrivacyKind::Phone;  // 555-0123
    if (g == 1 && d >= 7) return PrivacyKind::IdNumber;
    if (g >= 2 && d >= 8 && separators_only(r, " -")) {
        for (std::string_view part : r.groups) {
            if (part.size() < 3) return std::nullopt;  // "10 12 2025": not one number
        }
        return PrivacyKind::IdNumber;
    }
    return std::nullopt;
}

}  // namespace

void find_emails(const TokenText& t, std::vector<Finding>& out) {
    std::string_view s = t.text;
    auto local_char = [](char c) {
        return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    };
    for (std::size_t at = 0; at < s.size(); ++at) {
        if (s[at] != '@') continue;
        std::size_t b = at;
        while (b > 0 && local_char(s[b - 1])) --b;
        while (b < at && s[b] == '.') ++b;
        if (b == at) continue;
        if (b > 0 && s[b - 1] == '@') continue;  // @user@server.social is a mention, not an address
        if (b > 0 && s[b - 1] == '/') continue;  // inside a link
        std::size_t e = at + 1;
        while (e < s.size() && (is_ascii_alnum(s[e]) || s[e] == '.' || s[e] == '-')) ++e;
        while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) --e;
        std::string_view domain = s.substr(at + 1, e - at - 1);
        std::size_t dot = domain.rfind('.');
        if (dot == std::string_view::npos || dot == 0) continue;
        std::string_view tld = domain.substr(dot + 1);
        bool letters = tld.size() >= 2;
        for (char c : tld) letters = letters && std::isalpha(static_cast<unsigned char>(c));
        if (!letters) continue;
        add_finding(out, PrivacyKind::Email, b, e);
        at = e;
    }
}

void find_number_runs(const TokenText& t, std::vector<Finding>& out) {
    std::string_view s = t.text;
    std::vector<bool> skip = skipped_bytes(t);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (skip[i]) continue;
        char c = s[i];
        bool starts = is_ascii_digit(c) ||
                      ((c == '+' || c == '(') && i + 1 < s.size() && is_ascii_digit(s[i + 1]));
        if (!starts) continue;
        if (i > 0) {
            char p = s[i - 1];
            if (is_ascii_alnum(p) || p == '.' || p == ',' || p == '/' || p == ':' || p == '#' || p == '+') {
                while (i + 1 < s.size() && is_ascii_digit(s[i + 1])) ++i;  // not a start; move past the digits
                continue;
            }
        }
        std::optional<NumberRun> run = read_run(s, i);
        if (!run) continue;
        std::size_t end = run->end;
        bool glued = end < s.size() && (is_ascii_alnum(s[end]) || s[end] == '%' || s[end] == '/' ||
                                        static_cast<unsigned char>(s[end]) >= 0x80);
        bool thousands = end + 1 < s.size() && (s[end] == ',' || s[end] == ':') && is_ascii_digit(s[end + 1]);
        bool decimal = end + 1 < s.size() && s[end] == '.' && is_ascii_digit(s[end + 1]);
        if (!glued && !thousands && !decimal && !after_currency(s, run->begin)) {
            if (std::optional<PrivacyKind> kind = classify(*run)) add_finding(out, *kind, run->begin, end);
        }
        i = end > i ? end - 1 : i;
        while (i + 1 < s.size() && is_ascii_digit(s[i + 1])) ++i;
    }
}

void find_labelled_ids(const TokenText& t, std::vector<Finding>& out) {
    const auto& k = t.tokens;
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i].skip) continue;
        const std::string& w = k[i].lower;
        std::size_t j = i + 1;
        bool label = false;
        if (w == "mrn" || w == "mrns" || k[i].text == "ID" || w == "chi") {
            label = true;
        } else if (one_of(w, {"record", "nhs", "hospital", "patient", "case", "unit", "medical", "reference", "ref"}) &&
                   j < k.size()) {
            if (w == "medical" && k[j].lower == "record") ++j;
            if (j < k.size() && (one_of(k[j].lower, {"number", "no", "num", "id"}) || is_punct(k[j], '#'))) {
                label = true;
                ++j;
            }
        }
        if (!label) continue;
        std::size_t fillers = 0;
        while (j < k.size() && fillers < 3 &&
               (is_punct(k[j], ':') || is_punct(k[j], '#') || is_punct(k[j], '.') || is_punct(k[j], '-') ||
                one_of(k[j].lower, {"is", "number", "no", "num"}))) {
            ++j;
            ++fillers;
        }
        if (j >= k.size()) continue;
        const Token& value = k[j];
        std::size_t digits = 0;
        for (char c : value.text) digits += is_ascii_digit(c) ? 1 : 0;
        if ((value.type != TokenType::Number && value.type != TokenType::Alnum) || digits < 3) continue;
        std::size_t end = j;
        while (end + 1 < k.size() && end - j < 4) {  // "943 476 5919", "123-45-6789": the same number
            const Token& next = k[end + 1];
            if (next.type == TokenType::Number && next.space_before && !next.newline_before) {
                ++end;
            } else if (is_punct(next, '-') && !next.space_before && end + 2 < k.size() &&
                       k[end + 2].type == TokenType::Number && !k[end + 2].space_before) {
                end += 2;
            } else {
                break;
            }
        }
        add_finding(out, PrivacyKind::IdNumber, k[i].begin, k[end].end);
        i = end;
    }
}

}  // namespace lw::moderation::privacy
