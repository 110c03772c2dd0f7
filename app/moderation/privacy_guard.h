// The privacy guard: finds text that looks like protected health information
// (a phone number, an e-mail address, a date of birth, a record or other
// ID-like number, a street address, a room or bed number, a person's name next
// to a diagnosis or procedure, "my patient …"). Every post is scanned, trusted
// or not, and any finding holds the post for a person. Each finding carries
// the byte span it matched (UTF-8 safe: spans start and end on code point
// boundaries) so the console can highlight it, and a reason in words.
//
// It is a set of hand-written detectors, not a language model: it favours
// holding a harmless post over showing a harmful one. Digits of every script
// (Arabic-Indic, Devanagari, Thai, full-width…) count as digits, and the word
// lists cover English, Spanish, French, Portuguese, German, Polish, Turkish,
// Arabic, Urdu, Hindi and Chinese. The measured precision and recall, on a
// development set and on a held-out test set never tuned on, are in
// docs/moderation.md.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::moderation {

enum class PrivacyKind {
    Phone,          // +44 20 7946 0958, (020) 7946 0958, 555-123-4567
    Email,          // jane.doe@example.com (not fediverse mentions @user@server)
    DateOfBirth,    // DOB 12/03/1985, born on 3 May 1990, birthday … 1940
    IdNumber,       // MRN 1234567, record #4471, NHS-like 943 476 5919, SSN-like 123-45-6789, long digit runs
    Address,        // 12 Elm Street, 4a Mill Rd, UK postcodes (SW1A 1AA)
    Room,           // room 412, bed 3, bay 2, rm 12; ward 7B when a person is said to be on it
    NameCondition,  // "Pray for John, he has cancer", "Mrs Patel's knee replacement"
    MyPatient,      // "my patient …", "our patient …"
};

struct Finding {
    PrivacyKind kind;
    std::size_t byte_begin;  // into the scanned text
    std::size_t byte_end;    // one past the last byte
    std::string reason;      // "phone number", as in the decision reason "privacy: phone number"
    std::string detail;      // why, in words for the moderator: "looks like a child's name with a ward"
};

// What the hospital publishes itself ([privacy] in the config): its own phone
// numbers and e-mail domains are never a person's. Numbers compare by their
// digits, so "0300 555 0100" also matches "+44 300 555 0100"; a domain also
// matches its subdomains.
struct PrivacySettings {
    std::vector<std::string> public_numbers;
    std::vector<std::string> public_domains;
};

class PrivacyGuard {
public:
    // All findings in `text`, ordered by where they start. Never throws;
    // invalid UTF-8 is scanned byte by byte without splitting a valid sequence.
    static std::vector<Finding> scan(std::string_view text);
    static std::vector<Finding> scan(std::string_view text, const PrivacySettings& settings);
};

// Short names used in the labelled evaluation set and logs:
// phone, email, dob, id, address, room, name_condition, my_patient.
const char* privacy_kind_name(PrivacyKind kind);
std::optional<PrivacyKind> parse_privacy_kind(std::string_view name);

// The words used in reasons: "phone number", "e-mail address", "date of birth",
// "ID-like number", "street address", "room or bed number",
// "name next to a condition", "\"my patient\"".
const char* privacy_reason(PrivacyKind kind);

}  // namespace lw::moderation
