// Privacy detectors for where a person is and what they have: street
// addresses and postcodes, room and bed numbers, a person's name next to a
// diagnosis or procedure, and "my patient …". Staff shout-outs ("thanks to
// Nurse Amy on the stroke unit") and service names ("Dementia Awareness
// Week", "Ward 7 team") are left alone on purpose.
#include "moderation/privacy_lexicon.h"
#include "moderation/privacy_text.h"
#include "moderation/privacy_words.h"

#include <algorithm>
#include <unordered_set>

namespace lw::moderation::privacy {
namespace {

bool is_number_like(const Token& t, std::size_t max_len) {
    if (t.text.size() > max_len) return false;
    if (t.type == TokenType::Number) return true;
    if (t.type != TokenType::Alnum) return false;
    int letters = 0;
    for (char c : t.text) letters += (c >= '0' && c <= '9') ? 0 : 1;
    return letters <= 1;  // 7B, 12a, B3
}

bool is_currency(const Token& t) {
    return t.text == "\xC2\xA3" || t.text == "$" || t.text == "\xE2\x82\xAC";  // £ $ €
}

bool is_postcode_outward(const Token& t) {
    // A, AA followed by a digit, then an optional digit or letter: M1, SW1A, EC2V, B33
    std::string_view s = t.text;
    std::size_t i = 0;
    while (i < s.size() && i < 2 && s[i] >= 'A' && s[i] <= 'Z') ++i;
    if (i == 0 || i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    ++i;
    if (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z'))) ++i;
    return i == s.size();
}

bool is_postcode_inward(const Token& t) {
    std::string_view s = t.text;
    return s.size() == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z';
}

bool is_time_unit(const Token& t) {
    static const std::unordered_set<std::string_view> words = {"days", "day", "weeks", "week", "hours", "hour", "hrs", "nights", "night", "minutes",
                            "mins", "years", "months", "times", "people", "beds", "patients"};
    return words.count(t.lower) != 0;
}

// Words in a sentence that make a room a service's ("clinic room 12", "talk in room 4").
bool is_room_service_word(std::string_view w) {
    static const std::unordered_set<std::string_view> words = {"clinic", "clinics", "centre", "center", "education", "talk", "session", "class", "classes",
                      "tests", "test", "meeting", "booked", "screening", "lecture", "closed", "opens",
                      "garden", "park", "car", "parking", "service", "department", "training", "seminar",
                      "ambulance", "loading", "flower", "charging", "breastfeeding", "biscuits", "outpatient",
                      "outpatients", "phlebotomy", "x-ray", "pharmacy", "refurbishment", "rooms", "floor"};
    return words.count(w) != 0;
}

bool is_room_person_word(const std::vector<Token>& k, std::size_t j) {
    const std::string& w = k[j].lower;
    return one_of(w, {"my", "mum", "mum's", "mom", "dad", "dad's", "i'm", "im", "he's", "she's", "we're", "i",
                      "he", "she", "me", "patient", "visit", "visitors", "find", "come", "bring"}) ||
           kinship_words().match(k, j) > 0 || personal_word_at(k, j) > 0;
}

}  // namespace

// Street addresses written the continental way: "Calle del Olmo 8",
// "3 rue Victor Hugo", "Lindenstraße 22", "ulicy Lipowej 9". The end token, or 0.
static std::size_t foreign_address_end(const std::vector<Token>& k, std::size_t i) {
    const Token& t = k[i];
    if (!is_word(t)) {
        // "3 rue Victor Hugo"
        if (is_number_like(t, 4) && i + 2 < k.size() && is_foreign_street_word(k[i + 1].lower) &&
            k[i + 2].capitalized) {
            std::size_t e = i + 2;
            while (e + 1 < k.size() && e < i + 4 && k[e + 1].capitalized && !k[e + 1].sentence_start) ++e;
            return e;
        }
        return 0;
    }
    const std::string& w = t.lower;
    const bool compound = w.size() > 7 && (w.ends_with("strasse") || w.ends_with("allee") || w.ends_with("platz") ||
                                           w.ends_with("gasse") || (w.ends_with("weg") && t.capitalized));
    if (compound) {
        if (i + 1 < k.size() && is_number_like(k[i + 1], 4)) return i + 1;
        return 0;
    }
    if (!is_foreign_street_word(w)) return 0;
    for (std::size_t j = i + 1; j < k.size() && j <= i + 4; ++j) {
        const Token& n = k[j];
        if (is_number_like(n, 4) && j > i + 1) return j;
        bool part = is_word(n) && (n.capitalized || one_of(n.lower, {"de", "del", "la", "las", "los", "des", "du",
                                                                      "do", "da", "dos", "das", "di", "von"}));
        if (!part || n.newline_before) break;
    }
    return 0;
}

void find_addresses(const TokenText& t, std::vector<Finding>& out) {
    const auto& k = t.tokens;
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i].skip) continue;
        if (std::size_t e = foreign_address_end(k, i)) {
            add_finding(out, PrivacyKind::Address, k[i].begin, k[e].end);
            i = e;
            continue;
        }
        // SW1A 1AA
        if (is_postcode_outward(k[i]) && i + 1 < k.size() && is_postcode_inward(k[i + 1]) && k[i + 1].space_before) {
            add_finding(out, PrivacyKind::Address, k[i].begin, k[i + 1].end);
            ++i;
            continue;
        }
        // 12 Elm Street, 4a Mill Rd, 221B Baker Street
        if (!is_number_like(k[i], 5) || (i > 0 && is_currency(k[i - 1]))) continue;
        for (std::size_t j = i + 1; j < k.size() && j <= i + 4; ++j) {
            const Token& w = k[j];
            if (!is_word(w) || w.newline_before || w.skip) break;
            bool suffix = is_street_suffix(w.lower) && j > i + 1;
            if (suffix) {
                bool title_next = (w.lower == "st" || w.lower == "dr") && j + 1 < k.size() && k[j + 1].capitalized;
                if (!title_next) {
                    std::size_t end = w.end;
                    if (j + 1 < k.size() && is_punct(k[j + 1], '.') && w.text.size() <= 4) end = k[j + 1].end;
                    add_finding(out, PrivacyKind::Address, k[i].begin, end);
                    i = j;
                    break;
                }
            }
            if (!w.capitalized) break;  // street names are capitalised
        }
    }
}

void find_rooms(const TokenText& t, std::vector<Finding>& out) {
    const auto& k = t.tokens;
    const auto sentence = sentence_ids(k);
    // per sentence, in one pass: does someone live there, does a service?
    std::vector<bool> personal_sentence(sentence.empty() ? 0 : sentence.back() + 1, false);
    std::vector<bool> service_sentence(personal_sentence.size(), false);
    for (std::size_t j = 0; j < k.size(); ++j) {
        if (!is_word(k[j])) continue;
        if (is_room_person_word(k, j)) personal_sentence[sentence[j]] = true;
        if (is_room_service_word(k[j].lower)) service_sentence[sentence[j]] = true;
    }
    for (std::size_t i = 0; i + 1 < k.size(); ++i) {
        if (k[i].skip) continue;
        // "304 numaralı odada", "５０３ 号病房": the number first
        if (is_number_like(k[i], 4) && !is_currency(i > 0 ? k[i - 1] : k[i])) {
            std::size_t j = i + 1;
            if (j < k.size() && one_of(k[j].lower, {"numarali", "nolu", "no'lu", "号"})) ++j;
            const bool han_pair = j + 1 < k.size() && k[j].text == "\xE7\x97\x85" && k[j + 1].text == "\xE6\x88\xBF";  // 病房
            if (j < k.size() && j > i + 1 && (is_room_word(k[j].lower) || han_pair)) {
                std::size_t e = han_pair ? j + 1 : j;
                add_finding(out, PrivacyKind::Room, k[i].begin, k[e].end);
                i = e;
                continue;
            }
        }
        if (!is_word(k[i])) continue;
        const std::string& w = k[i].lower;
        if (!is_room_word(w)) continue;
        std::size_t j = i + 1;
        while (j < k.size() && j <= i + 2 &&
               (is_punct(k[j], '.') || is_punct(k[j], '#') || one_of(k[j].lower, {"no", "nr", "numer", "number"}) ||
                one_of(k[j].text, {"\xD9\x86\xD9\x85\xD8\xA8\xD8\xB1", "\xE0\xA4\xA8\xE0\xA4\x82\xE0\xA4\xAC\xE0\xA4\xB0"}))) {  // نمبر नंबर
            ++j;
        }
        if (j >= k.size() || !is_number_like(k[j], 4) || k[j].newline_before) continue;
        if (j + 1 < k.size() && is_time_unit(k[j + 1])) continue;  // "in bed 3 days"
        bool event_room = false;
        for (std::size_t b = i; b > 0 && b + 2 >= i; --b) {
            if (is_event_room_word(k[b - 1].lower) || is_room_service_word(k[b - 1].lower)) event_room = true;
        }
        if (event_room) continue;
        const bool personal = personal_sentence[sentence[i]];
        const bool service = service_sentence[sentence[i]];
        if (service && !personal) continue;
        if (w == "ward") {
            // A ward on its own is a team or a place ("Ward 7 team ran 5 km");
            // it is private when someone is said to be on it.
            bool staff_after = j + 1 < k.size() && is_ward_team_word(k[j + 1].lower);
            bool placed = false;
            for (std::size_t b = i; b > 0 && b + 6 >= i; --b) {
                const Token& p = k[b - 1];
                if (sentence[b - 1] != sentence[i]) break;
                if (is_ward_person_word(p.lower) || one_of(p.lower, {"having", "visit"})) placed = true;
            }
            bool thanked = i > 0 && (one_of(k[i - 1].lower, {"thanks", "thank"}) ||
                                     (k[i - 1].lower == "to" && i > 1 && one_of(k[i - 2].lower, {"you", "thanks", "thank"})));
            bool bed_after = false;
            for (std::size_t a = j + 1; a < k.size() && a <= j + 3; ++a) {
                if (one_of(k[a].lower, {"bed", "bay", "room", "cubicle"})) bed_after = true;
            }
            if (staff_after || thanked || !(placed || bed_after)) continue;
        }
        add_finding(out, PrivacyKind::Room, k[i].begin, k[j].end);
        i = j;
    }
}

void find_my_patient(const TokenText& t, std::vector<Finding>& out) {
    const auto& k = t.tokens;
    for (std::size_t i = 0; i + 1 < k.size(); ++i) {
        if (k[i].skip || k[i + 1].skip) continue;
        if (std::size_t n = my_patient_at(k, i)) {
            add_finding(out, PrivacyKind::MyPatient, k[i].begin, k[i + n - 1].end);
            i += n - 1;
        }
    }
}

}  // namespace lw::moderation::privacy
