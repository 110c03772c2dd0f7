// Privacy detector for dates of birth: a date next to "DOB", "date of birth",
// "born" or "birthday". Dates on their own (events, opening days) are fine;
// a birthday without a year is fine too.
#include "moderation/privacy_lexicon.h"
#include "moderation/privacy_text.h"

#include <algorithm>
#include <optional>

namespace lw::moderation::privacy {
namespace {

struct DateMatch {
    std::size_t last = 0;  // index of the date's last token
    bool has_day = false;
    bool has_year = false;
};

int number_value(const Token& t) {
    int v = 0;
    for (char c : t.text) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
        if (v > 100000) return -1;
    }
    return v;
}

bool is_month(const Token& t) {
    if (!is_word(t)) return false;
    std::string_view w = t.lower;
    if (w == "may") return t.capitalized;  // the month, not "may" the verb
    return one_of(w, {"january", "february", "march", "april", "june", "july", "august", "september",
                      "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
                      "aug", "sep", "sept", "oct", "nov", "dec"});
}

// "3", "21", "3rd", "21st", "2nd", "4th"
bool is_day(const Token& t) {
    if (t.type == TokenType::Number) {
        int v = number_value(t);
        return t.text.size() <= 2 && v >= 1 && v <= 31;
    }
    if (t.type != TokenType::Alnum || t.lower.size() < 3 || t.lower.size() > 4) return false;
    std::string_view suffix = std::string_view(t.lower).substr(t.lower.size() - 2);
    std::string_view digits = std::string_view(t.text).substr(0, t.text.size() - 2);
    if (!one_of(suffix, {"st", "nd", "rd", "th"})) return false;
    int v = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    return v >= 1 && v <= 31;
}

bool is_year(const Token& t) {
    int v = number_value(t);
    return t.type == TokenType::Number && t.text.size() == 4 && v >= 1900 && v <= 2100;
}

// A date starting at token i, in any of the forms people write.
std::optional<DateMatch> date_at(const std::vector<Token>& k, std::size_t i) {
    auto at = [&](std::size_t n) -> const Token* { return n < k.size() ? &k[n] : nullptr; };
    const Token* a = at(i);
    if (!a || a->skip) return std::nullopt;
    // 12/03/1985, 12.03.85, 12-03-1985, 1985-03-12
    if (a->type == TokenType::Number) {
        const Token *s1 = at(i + 1), *b = at(i + 2), *s2 = at(i + 3), *c = at(i + 4);
        if (s1 && b && s2 && c && s1->type == TokenType::Punct && s1->text == s2->text &&
            (s1->text == "/" || s1->text == "." || s1->text == "-") && b->type == TokenType::Number &&
            c->type == TokenType::Number && !s1->space_before && !b->space_before && !s2->space_before &&
            !c->space_before) {
            int x = number_value(*a), y = number_value(*b), z = number_value(*c);
            bool dmy = a->text.size() <= 2 && b->text.size() <= 2 && (c->text.size() == 2 || c->text.size() == 4) &&
                       x >= 1 && y >= 1 && ((x <= 31 && y <= 12) || (x <= 12 && y <= 31));
            bool ymd = a->text.size() == 4 && b->text.size() <= 2 && c->text.size() <= 2 && y >= 1 && y <= 12 &&
                       z >= 1 && z <= 31;
            if (dmy || ymd) return DateMatch{i + 4, true, true};
        }
        // 12/03 (no year)
        if (s1 && b && s1->type == TokenType::Punct && s1->text == "/" && b->type == TokenType::Number &&
            !s1->space_before && !b->space_before && a->text.size() <= 2 && b->text.size() <= 2) {
            int x = number_value(*a), y = number_value(*b);
            if (x >= 1 && y >= 1 && x <= 31 && y <= 12) return DateMatch{i + 2, true, false};
        }
    }
    // 1988年3月2日 (normalised from full-width digits too)
    if (is_year(*a) && at(i + 1) && at(i + 1)->text == "\xE5\xB9\xB4" && at(i + 2) &&
        at(i + 2)->type == TokenType::Number && at(i + 3) && at(i + 3)->text == "\xE6\x9C\x88") {
        if (at(i + 4) && at(i + 4)->type == TokenType::Number && at(i + 5) && at(i + 5)->text == "\xE6\x97\xA5") {
            return DateMatch{i + 5, true, true};
        }
        return DateMatch{i + 3, false, true};
    }
    // 3 March 1985, 3rd of March, 3 Mar, 1985
    if (is_day(*a)) {
        std::size_t n = i + 1;
        if (at(n) && at(n)->lower == "of") ++n;
        if (at(n) && is_month(*at(n))) {
            DateMatch m{n, true, false};
            std::size_t y = n + 1;
            if (at(y) && is_punct(*at(y), ',')) ++y;
            if (at(y) && is_year(*at(y))) m = DateMatch{y, true, true};
            return m;
        }
    }
    // March 3, 1985; March 3rd; March 1985
    if (is_month(*a)) {
        std::size_t n = i + 1;
        if (at(n) && is_day(*at(n)) && !(at(n + 1) && is_punct(*at(n + 1), ':'))) {
            DateMatch m{n, true, false};
            std::size_t y = n + 1;
            if (at(y) && is_punct(*at(y), ',')) ++y;
            if (at(y) && is_year(*at(y))) m = DateMatch{y, true, true};
            return m;
        }
        if (at(n) && is_year(*at(n))) return DateMatch{n, false, true};
    }
    return std::nullopt;
}

bool sentence_break(const Token& t) {
    return t.sentence_start;
}

// The first date within `window` tokens after `from` in the same sentence.
std::optional<DateMatch> date_after(const std::vector<Token>& k, std::size_t from, std::size_t window) {
    while (from < k.size() && (is_punct(k[from], '.') || is_punct(k[from], ':') || is_punct(k[from], '-'))) ++from;
    for (std::size_t j = from; j < k.size() && j < from + window; ++j) {
        if (j > from && sentence_break(k[j])) break;
        if (auto m = date_at(k, j)) return m;
    }
    return std::nullopt;
}

// A label at i: "DOB", "D.O.B.", "date of birth", "birth date", "birthdate".
// Returns the index of the label's last token.
std::optional<std::size_t> dob_label(const std::vector<Token>& k, std::size_t i) {
    const std::string& w = k[i].lower;
    if (std::size_t n = dob_label_at(k, i)) return i + n - 1;  // fecha de nacimiento, 出生日期…
    if (w == "dob" || w == "birthdate") return i;
    if (w == "d" && i + 4 < k.size() && is_punct(k[i + 1], '.') && k[i + 2].lower == "o" &&
        is_punct(k[i + 3], '.') && k[i + 4].lower == "b") {
        return i + 4;
    }
    if (w == "date" && i + 2 < k.size() && k[i + 1].lower == "of" && k[i + 2].lower == "birth") return i + 2;
    if (w == "birth" && i + 1 < k.size() && k[i + 1].lower == "date") return i + 1;
    return std::nullopt;
}

}  // namespace

void find_dates_of_birth(const TokenText& t, std::vector<Finding>& out) {
    const auto& k = t.tokens;
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i].skip) continue;
        if (auto label_end = dob_label(k, i)) {
            if (auto m = date_after(k, *label_end + 1, 4)) {
                add_finding(out, PrivacyKind::DateOfBirth, k[i].begin, k[m->last].end);
                i = m->last;
                continue;
            }
            // "DOB 120385": a label with digits after it is enough
            std::size_t j = *label_end + 1;
            while (j < k.size() && (is_punct(k[j], ':') || is_punct(k[j], '-'))) ++j;
            if (j < k.size() && (k[j].type == TokenType::Number || k[j].type == TokenType::Alnum)) {
                add_finding(out, PrivacyKind::DateOfBirth, k[i].begin, k[j].end);
                i = j;
            }
            continue;
        }
        if (is_born_word(k[i].lower)) {
            auto m = date_after(k, i + 1, 7);
            if (m && (m->has_day || m->has_year)) {
                add_finding(out, PrivacyKind::DateOfBirth, k[i].begin, k[m->last].end);
                i = m->last;
            }
            continue;
        }
        if (one_of(k[i].lower, {"birthday", "bday", "birthdays"})) {
            // a date with a year on either side within the sentence
            std::size_t from = i;
            while (from > 0 && i - from < 8 && !k[from].sentence_start) --from;
            for (std::size_t j = from; j < k.size() && j < i + 9; ++j) {
                if (j > i && k[j].sentence_start) break;
                auto m = date_at(k, j);
                if (m && m->has_year) {
                    std::size_t b = std::min(k[i].begin, k[j].begin);
                    std::size_t e = std::max(k[i].end, k[m->last].end);
                    add_finding(out, PrivacyKind::DateOfBirth, b, e);
                    break;
                }
            }
        }
    }
}

}  // namespace lw::moderation::privacy
