// Tests for moderation/privacy_guard: each detector finds its kind with the
// exact span, leaves look-alikes alone, and never splits a UTF-8 sequence.
#include "moderation/privacy_guard.h"

#include <catch2/catch.hpp>

#include <string>

using namespace lw::moderation;

namespace {

std::string span(const std::string& text, const Finding& f) {
    return text.substr(f.byte_begin, f.byte_end - f.byte_begin);
}

}  // namespace

TEST_CASE("the guard finds each kind of private data with its span", "[privacy]") {
    struct Case { const char* text; PrivacyKind kind; const char* matched; };
    const Case cases[] = {
        // phone numbers: international, national, brackets, dots, dashes
        {"Ring me on +44 20 7946 0958 tonight", PrivacyKind::Phone, "+44 20 7946 0958"},
        {"call +44 (0)20 7946 0958", PrivacyKind::Phone, "+44 (0)20 7946 0958"},
        {"call (0113) 496 0123 please", PrivacyKind::Phone, "(0113) 496 0123"},
        {"mobile 07700 900123.", PrivacyKind::Phone, "07700 900123"},
        {"mobile 07700900123", PrivacyKind::Phone, "07700900123"},
        {"ring 0117.496.0555", PrivacyKind::Phone, "0117.496.0555"},
        {"US: 555-123-4567", PrivacyKind::Phone, "555-123-4567"},
        {"US: (555) 123-4567", PrivacyKind::Phone, "(555) 123-4567"},
        {"local 555-0142 only", PrivacyKind::Phone, "555-0142"},
        {"+1 202 555 0143", PrivacyKind::Phone, "+1 202 555 0143"},
        // e-mail addresses
        {"mail jane.doe@example.com.", PrivacyKind::Email, "jane.doe@example.com"},
        {"p.okafor+ward@example.co.uk is me", PrivacyKind::Email, "p.okafor+ward@example.co.uk"},
        // dates of birth
        {"DOB 12/03/1985", PrivacyKind::DateOfBirth, "DOB 12/03/1985"},
        {"d.o.b. 17/08/79", PrivacyKind::DateOfBirth, "d.o.b. 17/08/79"},
        {"date of birth: 4th July 1952", PrivacyKind::DateOfBirth, "date of birth: 4th July 1952"},
        {"she was born on 3 May 2024 at 4am", PrivacyKind::DateOfBirth, "born on 3 May 2024"},
        {"born March 3, 1950", PrivacyKind::DateOfBirth, "born March 3, 1950"},
        {"his birthday is 1990-07-21", PrivacyKind::DateOfBirth, "birthday is 1990-07-21"},
        // record and ID-like numbers
        {"MRN 1234567 on the label", PrivacyKind::IdNumber, "MRN 1234567"},
        {"MRN: 1234567", PrivacyKind::IdNumber, "MRN: 1234567"},
        {"update record #44719 now", PrivacyKind::IdNumber, "record #44719"},
        {"NHS number 943 476 5919", PrivacyKind::IdNumber, "NHS number 943 476 5919"},
        {"it is 943 476 5919", PrivacyKind::IdNumber, "943 476 5919"},
        {"SSN 123-45-6789", PrivacyKind::IdNumber, "123-45-6789"},
        {"band says 48812937", PrivacyKind::IdNumber, "48812937"},
        {"hospital no. H4471902", PrivacyKind::IdNumber, "hospital no. H4471902"},
        // street addresses
        {"lives at 14 Elm Grove now", PrivacyKind::Address, "14 Elm Grove"},
        {"221B Baker Street", PrivacyKind::Address, "221B Baker Street"},
        {"go to 48 High St. tomorrow", PrivacyKind::Address, "48 High St."},
        {"3 Harbour View Close", PrivacyKind::Address, "3 Harbour View Close"},
        {"postcode LS1 4DY", PrivacyKind::Address, "LS1 4DY"},
        // rooms and beds
        {"Dad's in room 412", PrivacyKind::Room, "room 412"},
        {"she is in bed 3", PrivacyKind::Room, "bed 3"},
        {"rm 12 please", PrivacyKind::Room, "rm 12"},
        {"I'm in bay 2", PrivacyKind::Room, "bay 2"},
        {"Mum is on ward 7B", PrivacyKind::Room, "ward 7B"},
        {"He was moved to Ward 12", PrivacyKind::Room, "Ward 12"},
        // a name next to a condition
        {"Pray for John Smith, diagnosed with cancer", PrivacyKind::NameCondition, "John Smith, diagnosed with cancer"},
        {"Margaret's chemo went well", PrivacyKind::NameCondition, "Margaret's chemo"},
        {"Mrs Patel had her knee replacement", PrivacyKind::NameCondition, "Mrs Patel had her knee replacement"},
        {"Tom is in ICU", PrivacyKind::NameCondition, "Tom is in ICU"},
        {"Zo\xC3\xAB has dementia", PrivacyKind::NameCondition, "Zo\xC3\xAB has dementia"},
        // "my patient"
        {"My patient told me a joke", PrivacyKind::MyPatient, "My patient"},
        {"one of my patients", PrivacyKind::MyPatient, "my patients"},
        {"our patient went home", PrivacyKind::MyPatient, "our patient"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const std::string text = c.text;
        const auto found = PrivacyGuard::scan(text);
        REQUIRE(found.size() == 1);
        CHECK(privacy_kind_name(found[0].kind) == std::string(privacy_kind_name(c.kind)));
        CHECK(span(text, found[0]) == c.matched);
        CHECK(found[0].reason == privacy_reason(c.kind));
    }
}

TEST_CASE("the guard leaves look-alikes alone", "[privacy]") {
    const char* texts[] = {
        "Ward 7 team ran 5 km",
        "Open since 2019",
        "\xC2\xA3" "5 parking all day",
        "3 days to go",
        "open 9-5",
        "#1 hospital in the region",
        "In 2023-2024 we grew",
        "raised \xC2\xA3" "1,500,000",
        "1,234,567 steps",
        "Event on 2026-11-24 at 10.30",
        "Meet on 24.11.2026",
        "call 111 or 999",
        "Follow @news@mastodon.social",
        "see https://example.org/posts/123456789 for more",
        "#Ward7B are the best",
        "Thank you Nurse Amy for holding my hand through my biopsy",
        "Thanks to Sarah and Tom for looking after Dad after his stroke",
        "The Stroke Unit won an award",
        "Macmillan Cancer Support drop-in on Tuesday",
        "Dementia Awareness Week starts soon",
        "Dr Patel did my surgery",
        "our patients and visitors",
        "meeting room 2 at 3pm",
        "a new 24-bed ward",
        "version 1.2.3 of the app",
        "Happy birthday to Doris",
        "born at our hospital",
        "Visiting hours on Ward 7 are changing",
        "",
    };
    for (const char* text : texts) {
        INFO(text);
        CHECK(PrivacyGuard::scan(text).empty());
    }
}

TEST_CASE("spans are UTF-8 safe", "[privacy]") {
    const std::string text = "\xF0\x9F\x92\x99 Zo\xC3\xAB: ring 07700\xC2\xA0" "900123 \xE2\x80\x94 Zo\xC3\xAB has dementia \xF0\x9F\x98\xA2";
    const auto found = PrivacyGuard::scan(text);
    REQUIRE(found.size() == 2);
    for (const Finding& f : found) {
        REQUIRE(f.byte_end <= text.size());
        REQUIRE(f.byte_begin < f.byte_end);
        // neither end falls inside a multi-byte sequence
        CHECK((static_cast<unsigned char>(text[f.byte_begin]) & 0xC0) != 0x80);
        if (f.byte_end < text.size()) CHECK((static_cast<unsigned char>(text[f.byte_end]) & 0xC0) != 0x80);
    }
    CHECK(found[1].kind == PrivacyKind::NameCondition);
    CHECK(span(text, found[1]) == "Zo\xC3\xAB has dementia");
}

TEST_CASE("hostile input is scanned without failing", "[privacy]") {
    std::string junk;
    for (int i = 0; i < 5000; ++i) junk += static_cast<char>((i * 131) % 256);
    CHECK_NOTHROW(PrivacyGuard::scan(junk));
    const std::string digits(20000, '7');
    const auto found = PrivacyGuard::scan(digits);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == PrivacyKind::IdNumber);
    std::string separators;
    for (int i = 0; i < 3000; ++i) separators += "1-";
    CHECK_NOTHROW(PrivacyGuard::scan(separators));
    CHECK_NOTHROW(PrivacyGuard::scan(std::string(10000, '@')));
}

TEST_CASE("kind names round-trip", "[privacy]") {
    for (const char* name : {"phone", "email", "dob", "id", "address", "room", "name_condition", "my_patient"}) {
        auto kind = parse_privacy_kind(name);
        REQUIRE(kind);
        CHECK(std::string(privacy_kind_name(*kind)) == name);
    }
    CHECK_FALSE(parse_privacy_kind("ssn"));
}

TEST_CASE("long texts scan in linear time", "[privacy]") {
    // A feed item can be long; the guard must not slow down with many findings.
    std::string text;
    for (int i = 0; i < 2000; ++i) {
        text += "Call 07700 900123 or see https://example.org/a/" + std::to_string(i) +
                " and #Tag, Zoe has dementia, MRN 1234567 in bed 3. ";
    }
    const auto found = PrivacyGuard::scan(text);
    CHECK(found.size() == 2000 * 4);
}
