// Privacy detector for a person's name next to a diagnosis or procedure:
// "Pray for John Smith, he has cancer", "Margaret's chemo went well".
// A name is a capitalised word that is not a known non-name; a condition is a
// word or phrase from the list in privacy_words.cpp. Staff named in thanks
// ("thank you Sarah and Tom"), staff with a title ("Dr Patel", "Nurse Amy")
// and services ("the Stroke Unit", "Cancer Research UK") do not count.
#include "moderation/privacy_text.h"
#include "moderation/privacy_words.h"

#include <algorithm>
#include <cstdlib>

namespace lw::moderation::privacy {
namespace {

constexpr std::size_t kMaxWordsBetween = 5;

struct Span {
    std::size_t first;
    std::size_t last;
};

bool is_title_word(const Token& t) { return is_word(t) && (t.capitalized || t.all_caps); }

// The run of capitalised words around token i: "St Vincent's Hospital".
Span capitalised_run(const std::vector<Token>& k, std::size_t i) {
    Span run{i, i};
    while (run.first > 0 && is_title_word(k[run.first - 1]) && !k[run.first].sentence_start) --run.first;
    while (run.last + 1 < k.size() && is_title_word(k[run.last + 1]) && !k[run.last + 1].sentence_start) ++run.last;
    return run;
}

// The word before token i, skipping a full stop ("Dr. Patel").
const Token* word_before(const std::vector<Token>& k, std::size_t i) {
    if (i == 0) return nullptr;
    std::size_t j = i - 1;
    if (is_punct(k[j], '.') && j > 0) --j;
    return is_word(k[j]) ? &k[j] : nullptr;
}

// Names being thanked or introduced are staff: "Thank you Sarah, Tom and Priya".
bool is_thanked(const std::vector<Token>& k, std::size_t first, std::size_t last) {
    for (std::size_t j = first, steps = 0; j > 0 && steps < 12; --j, ++steps) {
        const Token& p = k[j - 1];
        if (is_word(p) && is_thanks_word(p.lower)) return true;
        bool link = is_punct(p, ',') || is_punct(p, '&') || is_punct(p, '!') ||
                    (is_word(p) && (p.capitalized || is_staff_title(p.lower) ||
                                    one_of(p.lower, {"and", "to", "you", "the", "so", "much", "a", "big", "huge",
                                                     "massive", "special", "all", "at", "of", "especially",
                                                     "particularly", "well", "our", "lovely", "amazing"})));
        if (!link) break;
    }
    // "Sarah, thank you for …"
    for (std::size_t j = last + 1, steps = 0; j < k.size() && steps < 8; ++j, ++steps) {
        const Token& n = k[j];
        if (is_word(n) && (n.lower == "thank" || n.lower == "thanks")) return true;
        bool link = is_punct(n, ',') || is_punct(n, '!') || is_punct(n, '&') ||
                    (is_word(n) && (n.capitalized || n.lower == "and"));
        if (!link) break;
    }
    return false;
}

bool is_name_candidate(const std::vector<Token>& k, std::size_t i) {
    const Token& t = k[i];
    if (!is_word(t) || t.skip || !t.capitalized || t.text.size() < 2) return false;
    std::string_view lw = without_possessive(t.lower);
    if (is_non_name(lw) || is_staff_title(lw) || is_organisation_word(lw) || is_street_suffix(lw) ||
        condition_at(k, i) > 0) {
        return false;
    }
    if (t.sentence_start && lw.size() == t.lower.size()) {
        // A capitalised first word is a name only when it acts like one:
        // "John has…", "John Smith…", "John, …".
        if (i + 1 >= k.size()) return false;
        const Token& n = k[i + 1];
        bool acts = is_punct(n, ',') || (is_word(n) && n.capitalized && !n.sentence_start) ||
                    one_of(n.lower, {"is", "was", "has", "had", "will", "went", "underwent", "starts", "started",
                                     "begins", "finished", "completed", "needs", "got", "and", "just", "now",
                                     "still", "passed", "came", "goes", "left", "won't", "can't", "isn't"});
        if (!acts) return false;
    }
    Span run = capitalised_run(k, i);
    for (std::size_t j = run.first; j <= run.last; ++j) {
        if (is_organisation_word(without_possessive(k[j].lower))) return false;
    }
    for (std::size_t j = run.first; j < i; ++j) {
        if (is_staff_title(k[j].lower)) return false;
    }
    const Token* before = word_before(k, run.first);
    if (before && is_staff_title(before->lower)) return false;
    return !is_thanked(k, run.first, run.last);
}

bool is_personal_condition(const std::vector<Token>& k, Span c) {
    const Token& first = k[c.first];
    if (c.last + 1 < k.size() && is_word(k[c.last + 1]) && is_condition_service_word(k[c.last + 1].lower)) {
        return false;  // "stroke unit", "cancer research"
    }
    if (c.first > 0 && is_word(k[c.first - 1]) && is_condition_cause_word(k[c.first - 1].lower)) {
        return false;  // "running for cancer"
    }
    // Inside a title-case name: "Macmillan Cancer Support", "Dementia Friends".
    if (first.capitalized && !first.sentence_start && c.first > 0 && is_title_word(k[c.first - 1])) return false;
    if (k[c.last].capitalized && c.last + 1 < k.size() && is_title_word(k[c.last + 1]) &&
        !k[c.last + 1].sentence_start) {
        return false;
    }
    return true;
}

// Words (not punctuation) strictly between two token indexes.
std::size_t words_between(const std::vector<Token>& k, std::size_t a, std::size_t b) {
    std::size_t n = 0;
    for (std::size_t j = a + 1; j < b; ++j) n += k[j].type != TokenType::Punct ? 1 : 0;
    return n;
}

}  // namespace

void find_names_with_conditions(const TokenText& t, std::vector<Finding>& out) {
    const auto& k = t.tokens;
    const auto sentence = sentence_ids(k);
    std::vector<Span> conditions;
    for (std::size_t i = 0; i < k.size(); ++i) {
        std::size_t n = condition_at(k, i);
        if (n == 0) continue;
        Span c{i, i + n - 1};
        if (is_personal_condition(k, c)) conditions.push_back(c);
        i = c.last;
    }
    if (conditions.empty()) return;
    std::vector<Span> names;
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (!is_name_candidate(k, i)) continue;
        Span name{i, i};
        while (name.last + 1 < k.size() && is_name_candidate(k, name.last + 1)) ++name.last;
        names.push_back(name);
        i = name.last;
    }
    for (const Span& c : conditions) {
        const Span* nearest = nullptr;
        std::size_t best = kMaxWordsBetween + 1;
        for (const Span& name : names) {
            if (sentence[name.first] != sentence[c.first] && sentence[name.last] != sentence[c.last]) continue;
            std::size_t gap = name.last < c.first ? words_between(k, name.last, c.first)
                                                  : words_between(k, c.last, name.first);
            if (gap < best) {
                best = gap;
                nearest = &name;
            }
        }
        if (!nearest) continue;
        std::size_t b = std::min(k[nearest->first].begin, k[c.first].begin);
        std::size_t e = std::max(k[nearest->last].end, k[c.last].end);
        add_finding(out, PrivacyKind::NameCondition, b, e);
    }
}

}  // namespace lw::moderation::privacy
