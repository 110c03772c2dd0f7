// Tests for moderation/fold: Unicode folding and whole-word matching.
#include "moderation/fold.h"

#include <catch2/catch.hpp>

using namespace lw::moderation;

namespace {
bool matches(const char* text, const char* word) {
    return find_words(fold_words(text), fold_words(word)) >= 0;
}
}  // namespace

TEST_CASE("fold removes case, accents and compatibility forms", "[fold]") {
    struct Case { const char* text; const char* folded; };
    const Case cases[] = {
        {"Idiot", "idiot"},
        {"\xC3\x8D" "DIOT", "idiot"},                  // ÍDIOT
        {"Cr\xC3\xA8me Br\xC3\xBBl\xC3\xA9" "e", "creme brulee"},
        {"Stra\xC3\x9F" "e", "strasse"},                // Straße
        {"\xEF\xBC\xA9\xEF\xBC\xA4\xEF\xBC\xA9\xEF\xBC\xAF\xEF\xBC\xB4", "idiot"},  // full-width ＩＤＩＯＴ
        {"id\xC2\xAD" "iot", "idiot"},                  // soft hyphen inside
        {"\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1", "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1"},  // Αθήνα -> αθηνα
        {"", ""},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(fold(c.text) == c.folded);
    }
}

TEST_CASE("block words match whole words only", "[fold]") {
    struct Case { const char* text; const char* word; bool expected; };
    const Case cases[] = {
        {"What an IDIOT", "Idiot", true},
        {"\xC3\x8D" "DIOT!", "Idiot", true},           // ÍDIOT!
        {"idiot!", "Idiot", true},
        {"(idiot)", "idiot", true},
        {"that is idiotic", "Idiot", false},
        {"myidiot", "idiot", false},
        {"the id iot", "idiot", false},
        {"caf\xC3\xA9 society", "cafe", true},           // café matches cafe
        {"cafe society", "caf\xC3\xA9", true},           // and the other way round
        {"go away now", "go away", true},                // phrase
        {"go\n   away", "go away", true},                // across line breaks and spaces
        {"go, away", "go away", true},                   // across punctuation
        {"go far away", "go away", false},
        {"away go", "go away", false},
        {"ergo away", "go away", false},
        {"\xE9\xA6\xAC\xE9\xB9\xBF\xE3\x81\xA0\xE3\x81\xAD", "\xE9\xA6\xAC\xE9\xB9\xBF", true},  // 馬鹿だね: no spaces in Japanese
        {"some text", "", false},
        {"some text", "!!!", false},
        {"", "word", false},
    };
    for (const auto& c : cases) {
        INFO(c.text << " / " << c.word);
        CHECK(matches(c.text, c.word) == c.expected);
    }
}

TEST_CASE("folded words keep their byte spans in the original text", "[fold]") {
    const std::string text = "Hi \xC3\x8D" "DIOT, bye";
    const auto words = fold_words(text);
    REQUIRE(words.size() == 3);
    CHECK(words[1].text == "idiot");
    CHECK(text.substr(words[1].byte_begin, words[1].byte_end - words[1].byte_begin) == "\xC3\x8D" "DIOT");
}

TEST_CASE("invalid UTF-8 folds without failing", "[fold]") {
    const std::string bad = std::string("ab\xFF\xFE") + "cd \xC3";
    CHECK_FALSE(fold(bad).empty());
    CHECK(count_code_points(bad) == 8);
    CHECK(count_code_points("h\xC3\xA9llo") == 5);
    CHECK(fold_words(bad).size() == 2);  // "ab", "cd": U+FFFD is not a letter
}
