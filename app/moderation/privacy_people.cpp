// Privacy detectors for where a person is and what they have: street
// addresses and postcodes, room and bed numbers, a person's name next to a
// diagnosis or procedure, and "my patient …". Staff shout-outs ("thanks to
// Nurse Amy on the stroke unit") and service names ("Dementia Awareness
// Week", "Ward 7 team") are left alone on purpose.
#include "moderation/privacy_text.h"
#include "moderation/privacy_words.h"

#include <algorithm>

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

}  // namespace

void find_addresses(const TokenText& t, std::vector<Finding>& out) {
    const auto& k = t.tokens;
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i].skip) continue;
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
    for (std::size_t i = 0; i + 1 < k.size(); ++i) {
        if (k[i].skip || !is_word(k[i])) continue;
        const std::string& w = k[i].lower;
        if (!one_of(w, {"room", "rm", "bed", "bay", "cubicle", "ward"})) continue;
        std::size_t j = i + 1;
        while (j < k.size() && j <= i + 2 && (is_punct(k[j], '.') || is_punct(k[j], '#') || k[j].lower == "no")) ++j;
        if (j >= k.size() || !is_number_like(k[j], 4) || k[j].newline_before) continue;
        if (w == "room") {
            bool event_room = false;
            for (std::size_t b = i; b > 0 && b + 2 >= i; --b) {
                if (is_event_room_word(k[b - 1].lower)) event_room = true;
            }
            if (event_room) continue;
        }
        if (w == "ward") {
            // A ward on its own is a team or a place ("Ward 7 team ran 5 km");
            // it is private when someone is said to be on it.
            bool staff_after = j + 1 < k.size() && is_ward_team_word(k[j + 1].lower);
            bool placed = false;
            for (std::size_t b = i; b > 0 && b + 6 >= i; --b) {
                const Token& p = k[b - 1];
                if (sentence[b - 1] != sentence[i]) break;
                if (is_ward_person_word(p.lower)) placed = true;
            }
            bool bed_after = false;
            for (std::size_t a = j + 1; a < k.size() && a <= j + 3; ++a) {
                if (one_of(k[a].lower, {"bed", "bay", "room", "cubicle"})) bed_after = true;
            }
            if (staff_after || !(placed || bed_after)) continue;
        }
        add_finding(out, PrivacyKind::Room, k[i].begin, k[j].end);
        i = j;
    }
}

void find_my_patient(const TokenText& t, std::vector<Finding>& out) {
    const auto& k = t.tokens;
    for (std::size_t i = 0; i + 1 < k.size(); ++i) {
        if (k[i].skip || k[i + 1].skip) continue;
        const std::string& a = k[i].lower;
        const std::string& b = k[i + 1].lower;
        bool mine = (a == "my" && (b == "patient" || b == "patients" || b == "patient's")) ||
                    ((a == "our" || a == "this") && (b == "patient" || b == "patient's"));
        if (mine) {
            add_finding(out, PrivacyKind::MyPatient, k[i].begin, k[i + 1].end);
            ++i;
        }
    }
}

}  // namespace lw::moderation::privacy
