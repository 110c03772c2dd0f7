// Internal to the privacy guard: the word lists its detectors consult
// (conditions and procedures, street suffixes, staff titles, words that are
// capitalised without being names…). All lists are lower-case English; a
// hospital with another language extends them here.
#pragma once

#include "moderation/privacy_text.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace lw::moderation::privacy {

// A diagnosis, condition or procedure starting at token i ("cancer", "knee
// replacement", "ICU", "quimioterapia"); the number of tokens it spans, or 0.
// The words are in privacy_lexicon.cpp.
std::size_t condition_at(const std::vector<Token>& k, std::size_t i);

// After a condition, words that make it a service or a cause rather than a
// person's illness: "stroke unit", "cancer research", "dementia awareness".
bool is_condition_service_word(std::string_view lower);
// Before a condition, words that make it a cause: "for cancer", "about dementia".
bool is_condition_cause_word(std::string_view lower);

// Capitalised words that are not people's names: sentence openers, days,
// months, relations ("Mum"), places and services ("Hospital", "Ward").
bool is_non_name(std::string_view lower);
// The most frequent English words: never taken for a lower-case name.
bool is_common_word(std::string_view lower);
// Words in a run of capitalised words that make the run an organisation or a
// place: "St Vincent's Hospital", "Marie Curie", "Maggie's Centre".
bool is_organisation_word(std::string_view lower);
// Titles before a staff member's name: Dr, Nurse, Sister, Prof, Surgeon…
bool is_staff_title(std::string_view lower);
// Words that make the names after them thanked staff: thanks, kudos, well done…
bool is_thanks_word(std::string_view lower);

bool is_street_suffix(std::string_view lower);
bool is_event_room_word(std::string_view lower);   // "meeting room 3", "seminar room 2"
bool is_ward_team_word(std::string_view lower);    // "Ward 7 team", "Ward 12 nurses"
bool is_ward_person_word(std::string_view lower);  // "Mum is on ward 7B", "admitted to ward 12"

}  // namespace lw::moderation::privacy
