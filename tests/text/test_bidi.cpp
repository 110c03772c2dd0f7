// Bidirectional text: logical to visual order of mixed right-to-left and
// left-to-right words, numbers and URLs, the paragraph's direction, and
// which side the ellipsis goes when lines run out.
#include "font_fixture.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace lw::text;
using lw::text::testing::shared_engine;

namespace {

// The words of `text` (split at spaces) in the order a line shows them, left to right.
std::vector<int> visual_words(const std::string& text, const Line& line) {
    std::vector<int> word_at(text.size(), -1);
    int word = -1;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ' ') continue;
        if (i == 0 || text[i - 1] == ' ') ++word;
        word_at[i] = word;
    }
    std::vector<int> out;
    for (const PositionedGlyph& g : line.glyphs) {
        if (g.cluster >= text.size()) continue;  // the ellipsis
        const int w = word_at[g.cluster];
        if (w >= 0 && (out.empty() || out.back() != w)) out.push_back(w);
    }
    return out;
}

}  // namespace

TEST_CASE("words of mixed directions are shown in the order the Unicode Bidirectional Algorithm gives") {
    struct Case {
        const char* name;
        std::string text;
        bool rtl;
        std::vector<int> visual;
    };
    const Case cases[] = {
        {"Hebrew with a number and an English word", "שלום עולם 123 abc", true, {3, 2, 1, 0}},
        {"Arabic with a URL", "زوروا example.org/clinic اليوم", true, {2, 1, 0}},
        {"Arabic with a hashtag and digits", "مرحبا #العيادة 2024 شكرا", true, {3, 2, 1, 0}},
        {"English with an Arabic phrase", "Hello مرحبا بكم world", false, {0, 2, 1, 3}},
        {"English with a Hebrew phrase and a number", "Room שלום עולם 12 today", false, {0, 3, 2, 1, 4}},
        {"Arabic with an English phrase of two words", "شكرا New York اليوم", true, {3, 1, 2, 0}},
        {"Urdu", "ہسپتال میں خوش آمدید", true, {3, 2, 1, 0}},
        {"Latin only", "plain text here", false, {0, 1, 2}},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const Layout l = shared_engine().layout(c.text, {30, false});
        REQUIRE(l.lines.size() == 1);
        CHECK(l.rtl == c.rtl);
        CHECK(l.lines[0].rtl == c.rtl);
        CHECK(visual_words(c.text, l.lines[0]) == c.visual);
    }
}

TEST_CASE("numbers and URLs inside right-to-left text keep their left-to-right order") {
    const std::string text = "العدد 2024 من example.org اليوم";
    const Layout l = shared_engine().layout(text, {30, false});
    REQUIRE(l.lines.size() == 1);
    // Within "2024" and "example.org" the characters go left to right: their clusters rise.
    for (const std::string word : {"2024", "example.org"}) {
        const auto at = static_cast<std::uint32_t>(text.find(word));
        std::vector<std::uint32_t> clusters;
        for (const PositionedGlyph& g : l.lines[0].glyphs)
            if (g.cluster >= at && g.cluster < at + word.size()) clusters.push_back(g.cluster);
        INFO(word);
        REQUIRE(clusters.size() == word.size());
        CHECK(std::is_sorted(clusters.begin(), clusters.end()));
    }
    // And the Arabic words go right to left: the first word is rightmost.
    const PositionedGlyph& rightmost = l.lines[0].glyphs.back();
    CHECK(rightmost.cluster < text.find(' '));
}

TEST_CASE("a paragraph's direction comes from its first strong character") {
    struct Case {
        const char* text;
        bool rtl;
    };
    const Case cases[] = {
        {"123 שלום abc", true},       // digits are weak: the Hebrew decides
        {"#hashtag مرحبا", false},    // the Latin letters come first
        {"... !!! مرحبا", true},
        {"2024", false},              // nothing strong: left to right
        {"", false},
        {"Hello\nمرحبا", false},      // the first paragraph decides for the card
    };
    for (const Case& c : cases) {
        INFO(c.text);
        CHECK(shared_engine().layout(c.text, {30, false}).rtl == c.rtl);
    }
    // Each paragraph has its own direction.
    const Layout two = shared_engine().layout("Hello\nمرحبا", {30, false});
    REQUIRE(two.lines.size() == 2);
    CHECK_FALSE(two.lines[0].rtl);
    CHECK(two.lines[1].rtl);
}

TEST_CASE("the ellipsis ends the last line in reading order") {
    struct Case {
        const char* name;
        std::string text;
        bool ellipsis_on_left;
    };
    const std::string arabic = "هذا نص طويل جدا عن المستشفى والمرضى والزوار الذين يأتون كل يوم إلى العيادة";
    const std::string hebrew = "זהו טקסט ארוך מאוד על בית החולים והמבקרים שמגיעים לכאן בכל יום";
    const std::string english = "This is a long text about the hospital and the visitors who come every day";
    const Case cases[] = {
        {"Arabic", arabic, true},
        {"Hebrew", hebrew, true},
        {"English", english, false},
        {"Arabic ending in English words", "مرحبا بكم في " + english, true},
        {"English ending in Arabic words", "Welcome " + arabic, false},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const Layout l = shared_engine().layout(c.text, {30, false}, 400, 1);
        REQUIRE(l.lines.size() == 1);
        CHECK(l.truncated);
        const Line& line = l.lines[0];
        CHECK(line.ellipsis);
        CHECK(line.width <= 400.0f);
        REQUIRE(!line.glyphs.empty());
        const PositionedGlyph& edge = c.ellipsis_on_left ? line.glyphs.front() : line.glyphs.back();
        CHECK(edge.cluster == c.text.size());  // the ellipsis stands after the text
    }
}

TEST_CASE("an RTL line is as wide as its glyphs and starts at zero") {
    const Layout l = shared_engine().layout("مرحبا بكم", {30, false});
    REQUIRE(l.lines.size() == 1);
    const Line& line = l.lines[0];
    float sum = 0;
    for (const PositionedGlyph& g : line.glyphs) sum += g.advance;
    CHECK(line.width == sum);
    CHECK(line.width > 60);
    CHECK(line.glyphs.front().x >= -1.0f);
}
