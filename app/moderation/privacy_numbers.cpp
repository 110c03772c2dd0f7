// Privacy detectors for things written with digits: e-mail addresses, phone
// numbers and ID-like numbers (labelled or by shape). Years, prices, times,
// counts and ordinary dates are deliberately left alone, and so are the
// hospital's own numbers and domains (PrivacySettings) and numbers whose
// words say they are a service's: "PALS: 0300 555 0144", "helpline 0808 …".
// The text is normalised first, so digits of every script arrive as ASCII.
#include "moderation/privacy_text.h"
#include "moderation/privacy_lexicon.h"
#include "moderation/privacy_names_list.h"

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

// The words before a number in its sentence: what they say it is.
struct NumberContext {
    bool phone_word = false;     // number, call, tel, رقم, नंबर, 电话…
    bool id_word = false;        // MRN, record, patient… (labelled IDs are found elsewhere)
    bool public_word = false;    // helpline, switchboard, appointments, PALS…
    bool personal_word = false;  // me, my, mum, I'm…
};

NumberContext number_context(const TokenText& t, std::size_t begin) {
    NumberContext c;
    const auto& k = t.tokens;
    // the token the number starts in (binary search: tokens are in text order)
    std::size_t lo = 0, hi = k.size();
    while (lo < hi) {
        std::size_t mid = (lo + hi) / 2;
        if (k[mid].end <= begin) lo = mid + 1;
        else hi = mid;
    }
    std::size_t steps = 0;
    for (std::size_t j = lo; j > 0 && steps < 12; --j, ++steps) {
        const Token& w = k[j - 1];
        if (is_word(w)) {
            if (phone_word_at(k, j - 1)) c.phone_word = true;
            if (public_service_word_at(k, j - 1)) c.public_word = true;
            if (personal_word_at(k, j - 1)) c.personal_word = true;
            if (w.capitalized && !w.sentence_start && is_plain_given_name(w.lower)) c.personal_word = true;  // "Call Priya on"
            if (one_of(w.lower, {"mrn", "record", "patient", "id", "nhs", "case"})) c.id_word = true;
        }
        if (w.sentence_start) break;
    }
    // "0300 555 0100 (switchboard)", "… and ask for me": after the number too
    std::size_t after = lo;
    while (after < k.size() && k[after].begin < begin + 1) ++after;
    for (std::size_t j = after, n = 0; j < k.size() && n < 8; ++j, ++n) {
        if (k[j].sentence_start) break;
        if (!is_word(k[j])) continue;
        if (public_service_word_at(k, j)) c.public_word = true;
        if (personal_word_at(k, j)) c.personal_word = true;
    }
    return c;
}

std::string digits_of(std::string_view s) {
    std::string d;
    for (char c : s) {
        if (is_ascii_digit(c)) d.push_back(c);
    }
    return d;
}

// One of the hospital's own numbers: the same digits, or the same national
// number after a country code ("+44 300 555 0100" for "0300 555 0100").
bool is_public_number(const TokenText& t, const NumberRun& run) {
    if (!t.settings || t.settings->public_numbers.empty()) return false;
    std::string found;
    for (std::string_view g : run.groups) found += g;
    for (const std::string& listed : t.settings->public_numbers) {
        std::string digits = digits_of(listed);
        if (digits.empty()) continue;
        if (found == digits) return true;
        std::string_view national = std::string_view(digits).substr(digits[0] == '0' ? 1 : 0);
        if (national.size() >= 6 && found.size() > national.size() &&
            std::string_view(found).substr(found.size() - national.size()) == national) {
            return true;
        }
    }
    return false;
}

bool domain_is_public(const TokenText& t, std::string_view domain) {
    if (!t.settings || t.settings->public_domains.empty()) return false;
    std::string lower;
    for (char c : domain) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    for (const std::string& listed : t.settings->public_domains) {
        std::string l;
        for (char c : listed) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (l.empty()) continue;
        if (lower == l) return true;
        if (lower.size() > l.size() && lower.ends_with(l) && lower[lower.size() - l.size() - 1] == '.') return true;
    }
    return false;
}

// "pals@", "appointments@", "info@": an office's mailbox, not a person's.
bool is_role_mailbox(std::string_view local) {
    std::string part;
    auto role = [](const std::string& p) { return is_mailbox_role_word(p); };
    for (char c : local) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            part.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
            if (role(part)) return true;
            part.clear();
        }
    }
    return role(part);
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
        if (domain_is_public(t, domain) || is_role_mailbox(s.substr(b, at - b))) {
            at = e;
            continue;
        }
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
            // "Tel.07700 900 119", "me:07700900455": a label glued to the number
            const bool after_label = (p == '.' || p == ':') && i >= 2 &&
                                     std::isalpha(static_cast<unsigned char>(s[i - 2])) != 0;
            if (!after_label &&
                (is_ascii_alnum(p) || p == '.' || p == ',' || p == '/' || p == ':' || p == '#' || p == '+')) {
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
            std::optional<PrivacyKind> kind = classify(*run);
            const NumberContext context = number_context(t, run->begin);
            if (!kind && context.phone_word && run->digits >= 8 && run->digits <= 13) kind = PrivacyKind::Phone;
            if (kind == PrivacyKind::IdNumber && context.phone_word && !context.id_word && run->digits <= 13) {
                kind = PrivacyKind::Phone;  // "मेरा नंबर 9800000123", "电话 13900001234"
            }
            if (kind == PrivacyKind::Phone && is_public_number(t, *run)) kind.reset();
            if (kind && context.public_word && !context.personal_word) kind.reset();  // a service's number
            if (kind) add_finding(out, *kind, run->begin, end);
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
        } else if (std::size_t n = id_label_at(k, i)) {
            label = true;
            j = i + n;
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

namespace lw::moderation::privacy {
namespace {

// Digits a spelled-out word stands for: "seven" 1, "oh" 1, "double" (next ×2),
// "hundred" 2 zeros after a digit. -1 when the word is not part of a number.
int spelled_digits(const std::vector<Token>& k, std::size_t i, bool after_digit) {
    const std::string& w = k[i].lower;
    if (one_of(w, {"zero", "oh", "o", "nought", "one", "two", "three", "four", "five", "six", "seven", "eight",
                   "nine"})) {
        return 1;
    }
    if (w == "hundred" && after_digit) return 2;
    if (w == "thousand" && after_digit) return 3;
    return -1;
}

}  // namespace

// "call me on oh seven seven double oh nine hundred four five six": nine or
// more spoken digits in a row (commas and dashes between them allowed) read
// as a phone number.
void find_spelled_phones(const TokenText& t, std::vector<Finding>& out) {
    const auto& k = t.tokens;
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (!is_word(k[i]) || spelled_digits(k, i, false) < 0 || k[i].lower == "o") continue;
        std::size_t digits = 0, last = i, words = 0;
        bool after_digit = false;
        for (std::size_t j = i; j < k.size(); ++j) {
            const Token& w = k[j];
            if (is_punct(w, ',') || is_punct(w, '-')) continue;
            if (w.type == TokenType::Number && w.text.size() <= 4) {
                digits += w.text.size();
                after_digit = true;
                last = j;
                continue;
            }
            if (!is_word(w)) break;
            if (w.lower == "double" || w.lower == "triple") {
                if (j + 1 >= k.size() || !is_word(k[j + 1]) || spelled_digits(k, j + 1, false) != 1) break;
                digits += w.lower == "double" ? 2 : 3;
                ++j;
                last = j;
                after_digit = true;
                ++words;
                continue;
            }
            int n = spelled_digits(k, j, after_digit);
            if (n < 0) break;
            digits += static_cast<std::size_t>(n);
            after_digit = true;
            last = j;
            ++words;
        }
        if (digits >= 9 && digits <= 15 && words >= 5) {
            add_finding(out, PrivacyKind::Phone, k[i].begin, k[last].end, "looks like a phone number spelled out in words");
        }
        i = last;
    }
}

}  // namespace lw::moderation::privacy
