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

TEST_CASE("digits of every script are numbers, and spans cover the original characters", "[privacy]") {
    struct Case { const char* text; PrivacyKind kind; const char* matched; };
    const Case cases[] = {
        // Arabic-Indic (U+0660), Extended Arabic-Indic (U+06F0), Devanagari, Bengali, Thai, full-width
        {"ring me on \xD9\xA0\xD9\xA7\xD9\xA7\xD9\xA0\xD9\xA0 \xD9\xA9\xD9\xA0\xD9\xA0\xD9\xA1\xD9\xA2\xD9\xA3 please",
         PrivacyKind::Phone, "\xD9\xA0\xD9\xA7\xD9\xA7\xD9\xA0\xD9\xA0 \xD9\xA9\xD9\xA0\xD9\xA0\xD9\xA1\xD9\xA2\xD9\xA3"},
        {"mobile \xDB\xB0\xDB\xB7\xDB\xB7\xDB\xB0\xDB\xB0\xDB\xB9\xDB\xB0\xDB\xB0\xDB\xB1\xDB\xB2\xDB\xB3",
         PrivacyKind::Phone, "\xDB\xB0\xDB\xB7\xDB\xB7\xDB\xB0\xDB\xB0\xDB\xB9\xDB\xB0\xDB\xB0\xDB\xB1\xDB\xB2\xDB\xB3"},
        {"DOB \xE0\xA5\xA7\xE0\xA5\xA8/\xE0\xA5\xA6\xE0\xA5\xA9/\xE0\xA5\xA7\xE0\xA5\xAF\xE0\xA5\xAE\xE0\xA5\xAB",
         PrivacyKind::DateOfBirth,
         "DOB \xE0\xA5\xA7\xE0\xA5\xA8/\xE0\xA5\xA6\xE0\xA5\xA9/\xE0\xA5\xA7\xE0\xA5\xAF\xE0\xA5\xAE\xE0\xA5\xAB"},
        {"MRN \xE0\xA7\xAA\xE0\xA7\xAA\xE0\xA7\xAD\xE0\xA7\xA7\xE0\xA7\xA8\xE0\xA7\xA6\xE0\xA7\xAF", PrivacyKind::IdNumber,
         "MRN \xE0\xA7\xAA\xE0\xA7\xAA\xE0\xA7\xAD\xE0\xA7\xA7\xE0\xA7\xA8\xE0\xA7\xA6\xE0\xA7\xAF"},
        {"she is in room \xE0\xB9\x94\xE0\xB9\x91\xE0\xB9\x92 now", PrivacyKind::Room,
         "room \xE0\xB9\x94\xE0\xB9\x91\xE0\xB9\x92"},
        {"NHS number \xEF\xBC\x99\xEF\xBC\x94\xEF\xBC\x93 \xEF\xBC\x94\xEF\xBC\x97\xEF\xBC\x96 "
         "\xEF\xBC\x95\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x99", PrivacyKind::IdNumber,
         "NHS number \xEF\xBC\x99\xEF\xBC\x94\xEF\xBC\x93 \xEF\xBC\x94\xEF\xBC\x97\xEF\xBC\x96 "
         "\xEF\xBC\x95\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x99"},
        // 出生日期：１９８８年３月２日 (full-width digits and colon, Han date)
        {"\xE5\x87\xBA\xE7\x94\x9F\xE6\x97\xA5\xE6\x9C\x9F\xEF\xBC\x9A\xEF\xBC\x91\xEF\xBC\x99\xEF\xBC\x98\xEF\xBC\x98"
         "\xE5\xB9\xB4\xEF\xBC\x93\xE6\x9C\x88\xEF\xBC\x92\xE6\x97\xA5", PrivacyKind::DateOfBirth,
         "\xE5\x87\xBA\xE7\x94\x9F\xE6\x97\xA5\xE6\x9C\x9F\xEF\xBC\x9A\xEF\xBC\x91\xEF\xBC\x99\xEF\xBC\x98\xEF\xBC\x98"
         "\xE5\xB9\xB4\xEF\xBC\x93\xE6\x9C\x88\xEF\xBC\x92\xE6\x97\xA5"},
        // e-mail next to non-ASCII punctuation; a phone spelled out in words
        {"e-mail:jo.smith@example.com\xEF\xBC\x8C\xE8\xB0\xA2\xE8\xB0\xA2", PrivacyKind::Email, "jo.smith@example.com"},
        {"call me on oh seven seven double oh nine hundred four five six", PrivacyKind::Phone,
         "oh seven seven double oh nine hundred four five six"},
        {"Babam 304 numaral\xC4\xB1 odada", PrivacyKind::Room, "304 numaral\xC4\xB1 odada"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const std::string text = c.text;
        const auto found = PrivacyGuard::scan(text);
        REQUIRE(found.size() == 1);
        CHECK(found[0].kind == c.kind);
        CHECK(span(text, found[0]) == c.matched);
    }
}

TEST_CASE("names with conditions or places of care, in many languages and phrasings", "[privacy]") {
    struct Case { const char* text; const char* matched; const char* detail; };
    const Case cases[] = {
        {"Baby Lily Chen went home from the special care unit today",
         "Lily Chen went home from the special care unit", "looks like a child's name with a ward or unit of care"},
        {"prayers for grandpa joe walsh in the cardiac unit", "joe walsh in the cardiac unit",
         "looks like a person's name with a ward or unit of care"},
        {"Little Noah (aged 4) had his tonsils out", "Noah (aged 4) had his tonsils",
         "looks like a child's name with a condition or treatment"},
        {"Get well soon Mr Baxter!", "Get well soon Mr Baxter", "looks like a person's name with a condition or treatment"},
        {"Mi hermano Javier est\xC3\xA1 en la UCI", "Javier est\xC3\xA1 en la UCI",
         "looks like a person's name with a condition or treatment"},
        {"Oma Gertrud hatte einen Schlaganfall", "Gertrud hatte einen Schlaganfall",
         "looks like a person's name with a condition or treatment"},
        // أخي أحمد في العناية المركزة
        {"\xD8\xA3\xD8\xAE\xD9\x8A \xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF \xD9\x81\xD9\x8A \xD8\xA7\xD9\x84\xD8\xB9\xD9\x86"
         "\xD8\xA7\xD9\x8A\xD8\xA9 \xD8\xA7\xD9\x84\xD9\x85\xD8\xB1\xD9\x83\xD8\xB2\xD8\xA9",
         "\xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF \xD9\x81\xD9\x8A \xD8\xA7\xD9\x84\xD8\xB9\xD9\x86\xD8\xA7\xD9\x8A\xD8\xA9 "
         "\xD8\xA7\xD9\x84\xD9\x85\xD8\xB1\xD9\x83\xD8\xB2\xD8\xA9",
         "looks like a person's name with a condition or treatment"},
        // 我弟弟张伟在重症监护室
        {"\xE6\x88\x91\xE5\xBC\x9F\xE5\xBC\x9F\xE5\xBC\xA0\xE4\xBC\x9F\xE5\x9C\xA8\xE9\x87\x8D\xE7\x97\x87\xE7\x9B\x91"
         "\xE6\x8A\xA4\xE5\xAE\xA4",
         "\xE5\xBC\xA0\xE4\xBC\x9F\xE5\x9C\xA8\xE9\x87\x8D\xE7\x97\x87\xE7\x9B\x91\xE6\x8A\xA4\xE5\xAE\xA4",
         "looks like a person's name with a ward or unit of care"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const std::string text = c.text;
        const auto found = PrivacyGuard::scan(text);
        REQUIRE(found.size() == 1);
        CHECK(found[0].kind == PrivacyKind::NameCondition);
        CHECK(span(text, found[0]) == c.matched);
        CHECK(found[0].detail == c.detail);
        CHECK(found[0].reason == privacy_reason(PrivacyKind::NameCondition));
    }
}

TEST_CASE("public numbers, staff and causes stay unheld", "[privacy]") {
    const char* texts[] = {
        "Samaritans are there day or night, call 0330 094 5717",
        "The maternity triage line is open 24/7 on 0300 123 4588",
        "Contact PALS at pals@example.org",
        "Thank you Dr Mbeki and Sister Walsh for your kindness during my chemo",
        "Congratulations to Nurse Ben Ortiz on his award for dialysis care",
        "Little Toby raised \xC2\xA3" "200 for the NICU with his lemonade stand",
        "Blood tests are in room 2 of the day unit",
        "I've been in bed 3 days with the flu",
        "The hospital was founded in 1889 by local mill workers",
    };
    for (const char* text : texts) {
        INFO(text);
        CHECK(PrivacyGuard::scan(text).empty());
    }
    // the same number is a person's when the words say so
    CHECK(PrivacyGuard::scan("Call my mum on 0330 094 5717").size() == 1);
}

TEST_CASE("hostile text: every finding stays inside the text and on code points", "[privacy]") {
    std::string capitalised, digits, invalid, huge;
    for (int i = 0; i < 5000; ++i) capitalised += (i % 2 ? "Maria " : "Lopez ");
    capitalised += "has cancer";
    for (char32_t zero : {U'\u0660', U'\u06F0', U'\u0966', U'\u09E6', U'\u0E50', U'\uFF10', U'\U0001D7CE'}) {
        for (int rep = 0; rep < 50; ++rep) {
            for (char32_t d = zero; d < zero + 10; ++d) {
                char buf[5] = {};
                if (d < 0x800) { buf[0] = char(0xC0 | (d >> 6)); buf[1] = char(0x80 | (d & 0x3F)); }
                else if (d < 0x10000) { buf[0] = char(0xE0 | (d >> 12)); buf[1] = char(0x80 | ((d >> 6) & 0x3F)); buf[2] = char(0x80 | (d & 0x3F)); }
                else { buf[0] = char(0xF0 | (d >> 18)); buf[1] = char(0x80 | ((d >> 12) & 0x3F)); buf[2] = char(0x80 | ((d >> 6) & 0x3F)); buf[3] = char(0x80 | (d & 0x3F)); }
                digits += buf;
                if (d % 4 == 0) digits += ' ';
            }
        }
    }
    for (int i = 0; i < 20000; ++i) invalid += static_cast<char>((i * 7919 + 13) % 256);
    while (huge.size() < 100000) huge += "Get well soon Zo\xC3\xAB, \xD9\xA0\xD9\xA7\xD9\xA7 room \xEF\xBC\x94 ";
    for (const std::string* text : {&capitalised, &digits, &invalid, &huge}) {
        const auto found = PrivacyGuard::scan(*text);
        for (const Finding& f : found) {
            REQUIRE(f.byte_begin < f.byte_end);
            REQUIRE(f.byte_end <= text->size());
            if (text == &invalid) continue;  // bad bytes are their own characters
            CHECK((static_cast<unsigned char>((*text)[f.byte_begin]) & 0xC0) != 0x80);
            if (f.byte_end < text->size()) CHECK((static_cast<unsigned char>((*text)[f.byte_end]) & 0xC0) != 0x80);
        }
    }
    CHECK(PrivacyGuard::scan(capitalised).size() == 1);
    CHECK_FALSE(PrivacyGuard::scan(digits).empty());
}
