// Privacy detector for a private person's name with a condition, procedure,
// state or place of care: "Pray for John Smith, he has cancer", "prayers for
// grandpa joe walsh in the cardiac unit", "Mi hermano Javier está en la UCI",
// "我弟弟张伟在重症监护室".
//
// A name is found three ways: a capitalised word that is not a known
// non-name; any word after a kinship or address word ("my brother", "baby",
// "get well soon", "abuela", "أخي", "奶奶") or before an age ("(he's 9)",
// "aged 6"), in any script; and a frequent given name written in lower case.
// Evidence of care is a condition or a place of care from privacy_lexicon.cpp.
// Staff named in thanks, staff with a title or job ("Dr Patel", "Nurse Amy",
// "Dra. Ruiz"), services ("the Stroke Unit", "Cancer Research UK") and
// historical figures (a sentence with a past year or "century") do not count.
#include "moderation/privacy_lexicon.h"
#include "moderation/privacy_names_list.h"
#include "moderation/privacy_text.h"
#include "moderation/privacy_words.h"

#include <algorithm>
#include <unordered_set>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>

namespace lw::moderation::privacy {
namespace {

constexpr std::size_t kMaxWordsBetween = 8;        // a name and its condition in one sentence
constexpr std::size_t kMaxWordsBetweenMarked = 20;  // a name marked by kinship or address words

struct Span {
    std::size_t first;
    std::size_t last;
};

struct Name {
    Span span;
    bool marked = false;  // by a kinship, address or age word
    bool child = false;   // "baby", "little", "my son", an age under 18
    bool thanked = false; // congratulated or welcomed: only a condition, not a place, links it
};

struct Evidence {
    Span span;
    bool place = false;   // a ward or unit rather than a condition
};

bool is_title_word(const Token& t) { return is_word(t) && (t.capitalized || t.all_caps); }

bool non_latin(const Token& t) { return !t.text.empty() && static_cast<unsigned char>(t.text[0]) >= 0xCA; }

// The run of capitalised words around token i: "St Vincent's Hospital".
// At most kRunReach words either side, so thousands of capitalised words in a
// row cost linear time.
constexpr std::size_t kRunReach = 6;

Span capitalised_run(const std::vector<Token>& k, std::size_t i) {
    Span run{i, i};
    while (run.first > 0 && i - run.first < kRunReach && is_title_word(k[run.first - 1]) &&
           !k[run.first].sentence_start) {
        --run.first;
    }
    while (run.last + 1 < k.size() && run.last - i < kRunReach && is_title_word(k[run.last + 1]) &&
           !k[run.last + 1].sentence_start) {
        ++run.last;
    }
    return run;
}

// The word before token i, skipping a full stop or comma ("Dr. Patel", "our dietitian, Sophie").
const Token* word_before(const std::vector<Token>& k, std::size_t i) {
    if (i == 0) return nullptr;
    std::size_t j = i - 1;
    if ((is_punct(k[j], '.') || is_punct(k[j], ',')) && j > 0) --j;
    return is_word(k[j]) ? &k[j] : nullptr;
}

bool is_any_thanks(std::string_view lower) { return is_thanks_word(lower) || thanks_world().has(lower); }

bool is_congratulation(std::string_view lower) {
    return one_of(lower, {"congratulations", "congrats", "done", "welcome", "bravo", "felicidades", "felicitations",
                          "parabens", "gluckwunsch", "gratulacje"});
}

// Names being thanked or introduced are staff: "Thank you Sarah, Tom and Priya".
// Returns the thanks word's index + 1, or 0.
std::size_t thanked_by(const std::vector<Token>& k, std::size_t first, std::size_t last) {
    for (std::size_t j = first, steps = 0; j > 0 && steps < 12; --j, ++steps) {
        const Token& p = k[j - 1];
        if (is_word(p) && is_any_thanks(p.lower)) return j;
        bool link = is_punct(p, ',') || is_punct(p, '&') || is_punct(p, '!') ||
                    (is_word(p) && (p.capitalized || is_staff_title(p.lower) ||
                                    one_of(p.lower, {"and", "to", "you", "u", "the", "so", "much", "a", "big", "huge",
                                                     "massive", "special", "all", "at", "of", "especially",
                                                     "particularly", "well", "our", "lovely", "amazing", "a", "out"})));
        if (!link) break;
    }
    // "Chris from the ICU, you are a legend"
    for (std::size_t j = last + 1, steps = 0; j < k.size() && steps < 10 && !k[j].sentence_start; ++j, ++steps) {
        if (one_of(k[j].lower, {"legend", "legends", "hero", "heroes", "superstar", "star", "angel", "angels"})) {
            return j + 1;
        }
    }
    // "Sarah, thank you for …"
    for (std::size_t j = last + 1, steps = 0; j < k.size() && steps < 8; ++j, ++steps) {
        const Token& n = k[j];
        if (is_word(n) && (n.lower == "thank" || n.lower == "thanks" || thanks_world().has(n.lower))) return j + 1;
        bool link = is_punct(n, ',') || is_punct(n, '!') || is_punct(n, '&') ||
                    (is_word(n) && (n.capitalized || n.lower == "and"));
        if (!link) break;
    }
    return 0;
}

bool is_staff_word(const Token& t) {
    std::string_view lw = without_possessive(t.lower);
    return is_staff_title(lw) || staff_titles_world().has(lw);
}

// "Sister Agnes" is a title; "my sister Orla" is family.
bool is_titled(const std::vector<Token>& k, std::size_t first) {
    // walk back over the rest of the name and a private title: "Dr Mohammed Al-Sayed", "surgeon Mr Nair"
    for (std::size_t steps = 0; first > 0 && steps < 4; ++steps) {
        const Token& p = k[first - 1];
        const bool part = (is_punct(p, '-') && first >= 2 && is_title_word(k[first - 2])) ||
                          (is_title_word(p) && !is_staff_word(p) && !p.sentence_start && p.capitalized &&
                           !kinship_words().has(p.lower)) ||
                          private_titles().has(p.lower);
        if (!part) break;
        --first;
    }
    const Token* before = word_before(k, first);
    if (!before || !is_staff_word(*before)) return false;
    if (one_of(before->lower, {"sister", "schwester"})) {
        const Token* owner = word_before(k, static_cast<std::size_t>(before - k.data()));
        if (owner && one_of(owner->lower, {"my", "our", "his", "her", "their", "your", "meine", "unsere"})) return false;
        if (!before->capitalized && !before->all_caps) return false;
    }
    return true;
}

// "Jo and the team", "Emma and her team": staff; "Daisy, our therapy dog": not a person.
bool is_staff_or_animal_after(const std::vector<Token>& k, std::size_t last) {
    for (std::size_t j = last + 1, n = 0; j < k.size() && n < 5; ++j) {
        if (k[j].type == TokenType::Punct) continue;
        ++n;
        if (one_of(k[j].lower, {"dog", "cat", "pony", "puppy"})) return true;
        // "Tom, our volunteer", "Bola, our housekeeper"
        if (n <= 2 && is_punct(k[last + 1], ',') && is_staff_word(k[j])) return true;
        if (n <= 3 && one_of(k[j].lower, {"team", "staff", "crew", "colleagues", "nurses", "midwives"})) {
            for (std::size_t b = last + 1; b < j; ++b) {
                if (k[b].lower == "and") return true;
            }
        }
    }
    return false;
}

bool is_function_word_non_latin(std::string_view w) {
    static const std::unordered_set<std::string_view> words = {"في", "على", "من", "عن", "إلى", "الى", "مع", "هو", "هي", "كان", "كانت", "عمره", "عمرها",
                      "کو", "کا", "کی", "کے", "ہے", "ہیں", "میں", "نے", "سے", "اور", "جان", "को", "का", "की",
                      "के", "है", "हैं", "में", "ने", "से", "और", "जी", "ji"};
    return words.count(w) != 0;
}

bool plain_name_word(const Token& t) {
    if (!is_word(t) || t.skip || t.text.size() < 2) return false;
    std::string_view lw = without_possessive(t.lower);
    return !is_non_name(lw) && !is_organisation_word(lw) && !is_street_suffix(lw) && !is_staff_word(t) &&
           !kinship_words().has(lw);
}

bool is_name_candidate(const std::vector<Token>& k, std::size_t i) {
    const Token& t = k[i];
    if (!is_word(t) || t.skip || t.text.size() < 2 || t.unspaced) return false;
    std::string_view lw = without_possessive(t.lower);
    const bool capital = t.capitalized;
    // a frequent given name in lower case, with a surname or on its own when unambiguous
    const bool lower_name = !capital && !t.all_caps && is_plain_given_name(lw) &&
                            ((i + 1 < k.size() && is_surname(without_possessive(k[i + 1].lower))) ||
                             (i > 0 && is_plain_given_name(without_possessive(k[i - 1].lower))));
    if (!capital && !lower_name) return false;
    if (is_non_name(lw) || is_staff_title(lw) || is_organisation_word(lw) || is_street_suffix(lw) ||
        condition_at(k, i) > 0 || conditions().match(k, i) > 0 || staff_titles_world().has(lw) ||
        kinship_words().has(lw) || private_titles().has(lw) || thanks_world().has(lw)) {
        return false;
    }
    if (t.sentence_start && lw.size() == t.lower.size() && !is_plain_given_name(lw)) {
        // A capitalised first word is a name only when it acts like one:
        // "John has…", "John Smith…", "John, …".
        if (i + 1 >= k.size()) return false;
        const Token& n = k[i + 1];
        bool acts = is_punct(n, ',') || is_punct(n, '(') || (is_word(n) && n.capitalized && !n.sentence_start) ||
                    one_of(n.lower, {"is", "was", "has", "had", "will", "went", "underwent", "starts", "started",
                                     "begins", "finished", "completed", "needs", "got", "and", "just", "now",
                                     "still", "passed", "came", "goes", "left", "won't", "can't", "isn't", "broke",
                                     "gave", "fell", "from", "who", "(", "'s", "needs", "loves", "starts", "turned",
                                     "tiene", "est", "esta", "ist", "liegt", "hat", "jest", "ma", "miał", "ya"});
        if (!acts) return false;
    }
    // "the Rowan ward", "Willow Unit": the name of a place
    if (i + 1 < k.size() && one_of(k[i + 1].lower, {"ward", "unit", "wing", "suite", "house", "centre", "center",
                                                    "clinic", "building", "lodge", "room"})) {
        return false;
    }
    Span run = capitalised_run(k, i);
    for (std::size_t j = run.first; j <= run.last; ++j) {
        if (is_organisation_word(without_possessive(k[j].lower))) return false;
    }
    for (std::size_t j = run.first; j < i; ++j) {
        if (is_staff_word(k[j])) return false;
    }
    return true;
}

// An age after a name: "(he's 9)", "aged 6", ", 34,", "(5)", "is 8", "(tiene 6 años)".
// The age, or -1.
int age_after(const std::vector<Token>& k, std::size_t last) {
    std::size_t j = last + 1;
    if (j < k.size() && (is_punct(k[j], '(') || is_punct(k[j], ','))) ++j;
    for (std::size_t n = 0; n < 2 && j < k.size() && is_word(k[j]); ++n) {
        if (!one_of(k[j].lower, {"he's", "she's", "aged", "age", "is", "tiene", "tem", "a", "ist", "lat"})) break;
        ++j;
    }
    if (j >= k.size() || k[j].type != TokenType::Number || k[j].text.size() > 3) return -1;
    int v = std::atoi(std::string(k[j].text).c_str());
    if (v <= 0 || v > 110) return -1;
    // "(5)" or ", 34," need the closing mark; "he's 9" and "aged 6" do not
    bool worded = j > last + 1 && is_word(k[j - 1]);
    bool closed = j + 1 < k.size() && (is_punct(k[j + 1], ')') || is_punct(k[j + 1], ','));
    bool years = j + 1 < k.size() && one_of(k[j + 1].lower, {"years", "year", "yo", "anos", "ans", "jahre", "lat"});
    return worded || closed || years ? v : -1;
}

bool is_child_word(std::string_view w) {
    static const std::unordered_set<std::string_view> words = {"baby", "little", "lil", "son", "daughter", "niece", "nephew", "grandson", "granddaughter",
                      "bebe", "hijo", "hija", "fils", "fille", "filho", "filha", "sohn", "tochter", "syn", "synek",
                      "corka", "oglum", "kizim", "oglumuz", "kizimiz", "ابني", "ابنتي", "بیٹا", "بیٹی", "बेटा",
                      "बेटी", "儿子", "女儿"};
    return words.count(w) != 0;
}

// A lower-case word after a kinship word that may be a name ("nanna rita"):
// Latin letters, not a frequent word, not shaped like a verb or a plural.
bool lower_case_name(const Token& t, bool strong) {
    std::string_view w = without_possessive(t.lower);
    if (w.size() < 3 || t.all_caps || is_common_word(w) || is_non_name(w) || is_staff_word(t)) return false;
    for (char c : w) {
        if (!std::isalpha(static_cast<unsigned char>(c))) return false;
    }
    return strong || !(w.ends_with("ed") || w.ends_with("ing") || w.ends_with("s") || w.ends_with("ly"));
}

// Han characters that end a name written right after a kinship word.
bool is_han_function(std::string_view c) {
    static const std::unordered_set<std::string_view> words = {"在", "得", "做", "因", "今", "是", "的", "了", "已", "正", "住", "刚", "和", "被", "患", "说",
                      "很", "也", "都", "早", "现", "从", "于"};
    return words.count(c) != 0;
}

// The name after a kinship or address word ending at token `after`: the next
// word of any case when it is not an everyday word, and the capitalised words
// or surnames after it; Han characters up to a function character.
// kin_noun: a family noun, title or address words came before, so an unknown
// lower-case word may be a name; strong: a title, so even "jenkins" is one.
std::optional<Span> name_after_marker(const std::vector<Token>& k, std::size_t after, bool kin_noun, bool strong) {
    std::size_t j = after;
    while (j < k.size() && kinship_words().match(k, j) > 0 && j < after + 4) j += kinship_words().match(k, j);
    bool comma = false;
    if (j < k.size() && is_punct(k[j], ',')) {
        ++j;
        comma = true;
    }
    if (j >= k.size() || !is_word(k[j]) || k[j].skip || k[j].newline_before) return std::nullopt;
    const Token& t = k[j];
    if (t.unspaced) {
        Span s{j, j};
        if (is_han_function(t.text)) return std::nullopt;
        while (s.last + 1 < k.size() && s.last < j + 2 && k[s.last + 1].unspaced && !is_han_function(k[s.last + 1].text) &&
               conditions().match(k, s.last + 1) == 0 && care_places().match(k, s.last + 1) == 0) {
            ++s.last;
        }
        return s;
    }
    std::string_view lw = without_possessive(t.lower);
    bool ok = false;
    if (non_latin(t)) ok = !is_function_word_non_latin(lw) && conditions().match(k, j) == 0 &&
                           care_places().match(k, j) == 0 && !honorifics_after().has(lw);
    else if (t.capitalized) ok = (plain_name_word(t) || is_given_name(lw)) && conditions().match(k, j) == 0;
    else ok = is_given_name(lw) || (kin_noun && !comma && lower_case_name(t, strong));
    if (!ok) return std::nullopt;
    Span s{j, j};
    while (s.last + 1 < k.size() && s.last < j + 2) {
        const Token& n = k[s.last + 1];
        if (!is_word(n) || n.sentence_start || !plain_name_word(n)) break;
        std::string_view nl = without_possessive(n.lower);
        if (!(n.capitalized || is_surname(nl))) break;
        if (conditions().match(k, s.last + 1) > 0 || care_places().match(k, s.last + 1) > 0) break;
        ++s.last;
    }
    return s;
}

bool is_history_word(std::string_view w) {
    static const std::unordered_set<std::string_view> words = {
        "historians", "historiadores", "historiens", "century", "centuries", "composer", "president", "famous",
        "legendary", "princess", "prince", "queen", "king", "emperor", "awareness",
    };
    return words.count(w) != 0;
}

// Words of a public figure's story: a name that no kinship, address or age
// word marks, in a sentence with one of these, is not taken for a patient's.
bool is_public_figure_word(std::string_view w) {
    static const std::unordered_set<std::string_view> words = {
        "died", "dying", "death", "survived", "openly", "advocate", "campaigner", "campaigning", "campaign",
        "announced", "spoken", "talks", "talked", "wrote", "olympian", "sir", "dame", "singer", "actor", "actress",
        "footballer", "champion", "murio", "mort", "morreu", "starb", "zmarl", "oldu", "documentary", "interview",
    };
    return words.count(w) != 0;
}

// Per sentence: does it read as history (a past year, "century", "president")?
std::vector<bool> public_figure_sentences(const std::vector<Token>& k, const std::vector<std::size_t>& sentence) {
    std::vector<bool> out(sentence.empty() ? 0 : sentence.back() + 1, false);
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (is_word(k[i]) && !k[i].skip && is_public_figure_word(k[i].lower)) out[sentence[i]] = true;
    }
    return out;
}

std::vector<bool> historical_sentences(const std::vector<Token>& k, const std::vector<std::size_t>& sentence) {
    std::vector<bool> out(sentence.empty() ? 0 : sentence.back() + 1, false);
    for (std::size_t i = 0; i < k.size(); ++i) {
        const Token& t = k[i];
        if (t.skip) continue;
        if (t.type == TokenType::Number && t.text.size() == 4) {
            int y = std::atoi(std::string(t.text).c_str());
            if (y >= 1000 && y <= 2019) out[sentence[i]] = true;
        }
        if (is_word(t) && is_history_word(t.lower)) out[sentence[i]] = true;
    }
    return out;
}

bool is_fundraising_word(std::string_view w) {
    static const std::unordered_set<std::string_view> words = {"raise", "raised", "raising", "raises", "run", "running", "runs", "ran", "walk", "walking",
                      "marathon", "fundraising", "fundraiser", "donate", "donated", "donation", "donations",
                      "collect", "collected", "sponsor", "sponsored", "bake", "charity", "money", "appeal",
                      "\xC2\xA3", "$", "\xE2\x82\xAC", "shaving", "challenge", "quiz", "raffle", "fund"};
    return words.count(w) != 0;
}

bool is_cause_context(const std::vector<Token>& k, const std::vector<std::size_t>& sentence,
                      const std::vector<bool>& fundraising, Span c) {
    std::size_t before = c.first;
    while (before > 0 && before + 2 > c.first && one_of(k[before - 1].lower, {"the", "our", "a", "its"})) --before;
    if (before > 0 && is_word(k[before - 1])) {
        const std::string& w = k[before - 1].lower;
        if (one_of(w, {"against", "about", "world", "national", "contra", "sobre", "talk", "awareness"})) return true;
        if (w == "for" || w == "towards" || w == "to") {
            // "running for cancer", "raised £200 for the NICU"; not "under the lights for jaundice"
            if (fundraising[sentence[c.first]]) return true;
        }
    }
    // "after my knee op": the writer's own
    for (std::size_t j = c.first, n = 0; j > 0 && n < 2; --j, ++n) {
        if (one_of(k[j - 1].lower, {"my", "mi", "mon", "mein", "meine", "meu", "minha", "moj", "moja"})) return true;
        if (!is_word(k[j - 1])) break;
    }
    // Inside a title-case name: "Macmillan Cancer Support", "Dementia Friends".
    const Token& first = k[c.first];
    if (first.capitalized && !first.sentence_start && c.first > 0 && is_title_word(k[c.first - 1]) &&
        !kinship_words().has(k[c.first - 1].lower)) {
        return true;
    }
    if (k[c.last].capitalized && c.last + 1 < k.size() && is_title_word(k[c.last + 1]) &&
        !k[c.last + 1].sentence_start) {
        return true;
    }
    return false;
}

// "born at 28 weeks", "28 weeks early"
std::size_t early_birth_at(const std::vector<Token>& k, std::size_t i) {
    if (i + 2 < k.size() && one_of(k[i].lower, {"at", "born"}) && k[i + 1].type == TokenType::Number &&
        one_of(k[i + 2].lower, {"weeks", "wks", "semanas", "semaines", "wochen"})) {
        return 3;
    }
    if (i + 2 < k.size() && k[i].type == TokenType::Number && one_of(k[i + 1].lower, {"weeks", "wks"}) &&
        one_of(k[i + 2].lower, {"early", "premature", "prem"})) {
        return 3;
    }
    return 0;
}

std::vector<Evidence> find_evidence(const std::vector<Token>& k, const std::vector<std::size_t>& sentence) {
    std::vector<Evidence> found;
    std::vector<bool> fundraising(sentence.empty() ? 0 : sentence.back() + 1, false);
    for (std::size_t j = 0; j < k.size(); ++j) {
        if (is_fundraising_word(k[j].lower)) fundraising[sentence[j]] = true;
    }
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i].skip) continue;
        if (std::size_t n = early_birth_at(k, i)) {
            found.push_back(Evidence{Span{i, i + n - 1}, false});
            i += n - 1;
            continue;
        }
        if (!is_word(k[i])) continue;
        // "in bed 9", "bay 4": a bed or bay is a place of care
        if (one_of(k[i].lower, {"bed", "bay", "cubicle"}) && i + 1 < k.size() && k[i + 1].type == TokenType::Number) {
            found.push_back(Evidence{Span{i, i + 1}, true});
            ++i;
            continue;
        }
        std::size_t n = std::max({condition_at(k, i), conditions().match(k, i), illness_wishes().match(k, i)});
        bool place = false;
        if (std::size_t p = care_places().match(k, i); p > n) {
            n = p;
            place = true;
        }
        if (n == 0) continue;
        Span c{i, i + n - 1};
        // "neonatal unit", "cardiac ward": one place
        while (place && c.last + 1 < k.size() && care_places().match(k, c.last + 1) > 0) {
            c.last += care_places().match(k, c.last + 1);
        }
        // "stroke unit", "cancer research": a service; a place when it is a unit or ward
        std::size_t next = c.last + 1;
        if (next + 1 < k.size() && is_punct(k[next], '-') && !k[next].space_before) ++next;  // "Autism-friendly"
        if (!place && next < k.size() && is_word(k[next]) && is_condition_service_word(k[next].lower)) {
            if (care_places().match(k, next) > 0) {
                c.last = next;
                place = true;
            } else {
                i = c.last + 1;
                continue;
            }
        }
        if (!is_cause_context(k, sentence, fundraising, c)) found.push_back(Evidence{c, place});
        i = c.last;
    }
    return found;
}

std::vector<Name> find_names(const std::vector<Token>& k) {
    std::vector<Name> names;
    std::vector<bool> taken(k.size(), false);
    auto add = [&](Span s, bool marked, bool child) {
        for (std::size_t j = s.first; j <= s.last; ++j) {
            if (taken[j]) return;
        }
        if (is_titled(k, s.first) || is_staff_or_animal_after(k, s.last)) return;
        for (std::size_t j = s.first; j <= s.last; ++j) taken[j] = true;
        Name n{s, marked, child, false};
        if (std::size_t by = thanked_by(k, s.first, s.last)) {
            if (!is_congratulation(k[by - 1].lower)) return;
            n.thanked = true;
        }
        int age = age_after(k, s.last);
        if (age >= 0) {
            n.marked = true;
            n.child = n.child || age < 18;
        }
        names.push_back(n);
    };
    // names after kinship and address words, and before honorifics
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i].skip) continue;
        std::size_t n = kinship_words().match(k, i);
        bool child = n > 0 && is_child_word(k[i + n - 1].lower);
        if (n > 0 && one_of(k[i].lower, {"sister", "schwester"}) && k[i].capitalized && !k[i].sentence_start) n = 0;
        if (n == 0) n = address_phrases().match(k, i);
        bool title = false;
        if (n == 0) {
            n = private_titles().match(k, i);
            title = n > 0;
        }
        if (n == 0) continue;
        std::size_t after = i + n;
        if (after < k.size() && is_punct(k[after], '.')) ++after;  // "Mr. Patel"
        // only a family noun makes an unknown lower-case word a name ("nanna rita", not "our blood")
        // a family noun, a title or address words make an unknown lower-case word a name
        // ("nanna rita", "mrs jenkins", "get well soon jaxon"), not "our" or "little" ("our blood")
        const bool kin_noun = title || !one_of(k[i].lower, {"our", "little", "lil", "baby", "my", "friend", "mate",
                                                            "hey", "hi", "yo", "hiya", "dear"});
        if (auto s = name_after_marker(k, after, kin_noun, title)) {
            if (title) s->first = i;  // "Mrs Patel": the title is part of the name
            add(*s, true, child);
        }
    }
    for (std::size_t i = 1; i < k.size(); ++i) {
        if (honorifics_after().match(k, i) == 0 || taken[i - 1]) continue;
        std::size_t first = i - 1;
        if (k[first].unspaced) {
            if (first > 0 && k[first - 1].unspaced && !is_han_function(k[first - 1].text) && !taken[first - 1]) --first;
        } else if (!is_word(k[first]) || is_function_word_non_latin(k[first].lower)) {
            continue;
        }
        add(Span{first, i - 1}, true, false);
    }
    // capitalised names and lower-case given names
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (taken[i] || !is_name_candidate(k, i)) continue;
        Span s{i, i};
        while (s.last + 1 < k.size() && !taken[s.last + 1] && is_name_candidate(k, s.last + 1) &&
               !k[s.last + 1].sentence_start) {
            ++s.last;
        }
        add(s, false, false);
        i = s.last;
    }
    return names;
}

std::string detail_for(const Name& name, const Evidence& e) {
    std::string who = name.child ? "a child's name" : "a person's name";
    return "looks like " + who + (e.place ? " with a ward or unit of care" : " with a condition or treatment");
}

}  // namespace

void find_names_with_conditions(const TokenText& t, std::vector<Finding>& out) {
    const auto& k = t.tokens;
    const auto sentence = sentence_ids(k);
    const std::vector<Evidence> evidence = find_evidence(k, sentence);
    if (evidence.empty()) return;
    std::vector<Name> names = find_names(k);
    if (names.empty()) return;
    std::sort(names.begin(), names.end(), [](const Name& a, const Name& b) { return a.span.first < b.span.first; });
    const std::vector<bool> historical = historical_sentences(k, sentence);
    const std::vector<bool> public_figure = public_figure_sentences(k, sentence);
    // words (not punctuation) before each token, so a gap costs O(1)
    std::vector<std::size_t> words_before(k.size() + 1, 0);
    for (std::size_t i = 0; i < k.size(); ++i) words_before[i + 1] = words_before[i] + (k[i].type != TokenType::Punct);
    auto words_between = [&](std::size_t a, std::size_t b) { return b > a + 1 ? words_before[b] - words_before[a + 1] : 0; };

    for (const Evidence& e : evidence) {
        if (historical[sentence[e.span.first]]) continue;
        const Name* nearest = nullptr;
        std::size_t best = SIZE_MAX;
        auto consider = [&](const Name& name) {
            if (name.thanked && e.place) return;
            if (!name.marked && public_figure[sentence[name.span.first]]) return;
            const bool same = sentence[name.span.first] == sentence[e.span.first] ||
                              sentence[name.span.last] == sentence[e.span.last];
            if (!same && !name.marked) return;
            const std::size_t limit = name.marked ? kMaxWordsBetweenMarked : kMaxWordsBetween;
            std::size_t gap = name.span.last < e.span.first ? words_between(name.span.last, e.span.first)
                                                            : words_between(e.span.last, name.span.first);
            if (name.span.first <= e.span.last && e.span.first <= name.span.last) gap = 0;
            if (gap > limit || gap >= best) return;
            best = gap;
            nearest = &name;
        };
        // names sorted by start: look only as far as the widest limit each way
        auto at = std::lower_bound(names.begin(), names.end(), e.span.first,
                                   [](const Name& n, std::size_t pos) { return n.span.first < pos; });
        for (auto it = at; it != names.end(); ++it) {
            if (words_between(e.span.last, it->span.first) > kMaxWordsBetweenMarked) break;
            consider(*it);
        }
        for (auto it = at; it != names.begin();) {
            --it;
            if (it->span.last < e.span.first && words_between(it->span.last, e.span.first) > kMaxWordsBetweenMarked) {
                // spans are short, so an earlier start this far away cannot come closer
                if (e.span.first - it->span.first > 8 * kMaxWordsBetweenMarked) break;
                continue;
            }
            consider(*it);
        }
        if (!nearest) continue;
        std::size_t b = std::min(k[nearest->span.first].begin, k[e.span.first].begin);
        std::size_t end = std::max(k[nearest->span.last].end, k[e.span.last].end);
        add_finding(out, PrivacyKind::NameCondition, b, end, detail_for(*nearest, e));
    }
}

}  // namespace lw::moderation::privacy
