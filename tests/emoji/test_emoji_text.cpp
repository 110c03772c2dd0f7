// Tests for emoji/emoji_text: grapheme clusters, which clusters are emoji,
// and mapping text to private-use codepoints and back.
#include "emoji/emoji_text.h"

#include <catch2/catch.hpp>

#include <string>

using namespace lw::emoji;

namespace {

std::string utf8(char32_t cp) {
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
}

int count_private_use(std::string_view text) { return static_cast<int>(emoji_codepoints_in(text).size()); }

}  // namespace

TEST_CASE("emoji sequences are one grapheme cluster each", "[emoji_text]") {
    struct Case { const char* name; std::string text; std::size_t clusters; };
    const Case cases[] = {
        {"red heart", "❤️", 1},
        {"thumbs up, medium skin", "👍🏽", 1},
        {"family man woman girl", "👨‍👩‍👧", 1},
        {"flag US", "🇺🇸", 1},
        {"flag JP", "🇯🇵", 1},
        {"two flags", "🇺🇸🇯🇵", 2},
        {"keycap one", "1️⃣", 1},
        {"health worker, skin tone", "👩🏽‍⚕️", 1},
        {"Scotland tag flag", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", 1},
        {"letters", "abc", 3},
        {"e + combining acute", "e\xCC\x81", 1},
        {"CRLF", "\r\n", 1},
        {"Hangul syllable by jamo", "\xE1\x84\x80\xE1\x85\xA1", 1},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(split_graphemes(c.text).size() == c.clusters);
    }
}

TEST_CASE("is_emoji_cluster tells emoji from text-style characters", "[emoji_text]") {
    struct Case { const char* name; std::string cluster; bool emoji; };
    const Case cases[] = {
        {"red heart with FE0F", "❤️", true},
        {"bare heavy heart (text by default)", "❤", false},
        {"heart with FE0E", "❤︎", false},
        {"grinning face", "😀", true},
        {"watch (BMP, emoji presentation)", "⌚", true},
        {"white heavy check mark", "✅", true},
        {"star", "⭐", true},
        {"smiling face (text by default)", "☺", false},
        {"smiling face with FE0F", "☺️", true},
        {"thermometer above U+FFFF (text by default)", "🌡", true},
        {"thumbs up + skin tone", "👍🏽", true},
        {"skin tone alone", "🏽", true},
        {"ZWJ family", "👨‍👩‍👧", true},
        {"flag US", "🇺🇸", true},
        {"lone regional indicator", "🇦", true},
        {"keycap 1 with FE0F", "1️⃣", true},
        {"keycap # without FE0F", "#⃣", true},
        {"digit", "1", false},
        {"hash", "#", false},
        {"asterisk", "*", false},
        {"copyright", "©", false},
        {"registered", "®", false},
        {"trade mark", "™", false},
        {"double exclamation", "‼", false},
        {"copyright with FE0F", "©️", true},
        {"letter", "A", false},
        {"CJK ideograph (wide but not emoji)", "中", false},
        {"wavy dash (wide pictograph, text by default)", "〰", false},
        {"letter + ZWJ", "a\u200D", false},
        {"two clusters", "😀😀", false},
        {"empty", "", false},
        {"invalid byte", "\xFF", false},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(is_emoji_cluster(c.cluster) == c.emoji);
    }
}

TEST_CASE("a lone BMP character is emoji exactly when it has Emoji_Presentation", "[emoji_text]") {
    // Emoji_Presentation=Yes below U+10000, from Unicode 15.0 emoji-data.txt.
    struct Range { char32_t first, last; };
    const Range presentation[] = {
        {0x231A, 0x231B}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE},
        {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
        {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE}, {0x26D4, 0x26D4},
        {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA}, {0x26FD, 0x26FD},
        {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E},
        {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
        {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
    };
    auto expected = [&](char32_t c) {
        for (const Range& r : presentation)
            if (c >= r.first && c <= r.last) return true;
        return false;
    };
    int mismatches = 0;
    for (char32_t c = 1; c < 0x10000; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;  // surrogates are not characters
        if (is_emoji_cluster(utf8(c)) != expected(c)) {
            UNSCOPED_INFO("U+" << std::hex << static_cast<unsigned>(c));
            ++mismatches;
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("map_emoji replaces each emoji cluster with one private-use codepoint", "[emoji_text]") {
    struct Case { const char* name; std::string text; int emoji; };
    const Case cases[] = {
        {"heart", "❤️", 1},
        {"skin tone", "👍🏽", 1},
        {"ZWJ family", "👨‍👩‍👧", 1},
        {"flag US", "🇺🇸", 1},
        {"flag JP", "🇯🇵", 1},
        {"keycap", "1️⃣", 1},
        {"two flags side by side", "🇺🇸🇯🇵", 2},
        {"letter", "A", 0},
        {"text-style hash", "#", 0},
        {"hashtag", "#StVKnee", 0},
        {"text-style copyright", "© 2026", 0},
        {"plain digits", "2026", 0},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        EmojiRegistry registry;
        const EmojiText mapped = map_emoji(c.text, registry);
        CHECK(mapped.emoji_count == c.emoji);
        CHECK(count_private_use(mapped.text) == c.emoji);
        CHECK(static_cast<int>(mapped.assigned.size()) == c.emoji);
        CHECK_FALSE(mapped.repaired);
        if (c.emoji == 0) CHECK(mapped.text == c.text);
        if (c.emoji == 1) {
            // The whole sequence became one codepoint, nothing else is left.
            CHECK(mapped.text == utf8(mapped.assigned[0].codepoint));
            CHECK(mapped.assigned[0].cluster == c.text);
        }
        CHECK(unmap_emoji(mapped.text, registry) == c.text);
    }
}

TEST_CASE("mixed text keeps everything but the emoji byte for byte", "[emoji_text]") {
    EmojiRegistry registry;
    const std::string input = "Thank you ❤️ nurses 👩🏽‍⚕️!";
    const EmojiText mapped = map_emoji(input, registry);
    REQUIRE(mapped.assigned.size() == 2);
    CHECK(mapped.emoji_count == 2);
    const std::string expected =
        "Thank you " + utf8(mapped.assigned[0].codepoint) + " nurses " + utf8(mapped.assigned[1].codepoint) + "!";
    CHECK(mapped.text == expected);
    CHECK(mapped.assigned[0].cluster == "❤️");
    CHECK(mapped.assigned[1].cluster == "👩🏽‍⚕️");
    CHECK(mapped.assigned[0].codepoint != mapped.assigned[1].codepoint);
    CHECK(emoji_codepoints_in(mapped.text) ==
          std::vector<char32_t>{mapped.assigned[0].codepoint, mapped.assigned[1].codepoint});
    CHECK(unmap_emoji(mapped.text, registry) == input);

    // Other scripts pass through untouched next to emoji.
    const std::string world = "Ευχαριστώ спасибо 谢谢 ありがとう 감사합니다 شكرا 🙏";
    const EmojiText w = map_emoji(world, registry);
    CHECK(w.emoji_count == 1);
    CHECK(w.text.substr(0, world.size() - std::string("🙏").size()) ==
          world.substr(0, world.size() - std::string("🙏").size()));
}

TEST_CASE("repeated emoji share one codepoint and are assigned once", "[emoji_text]") {
    EmojiRegistry registry;
    const EmojiText first = map_emoji("❤️❤️ and ❤️", registry);
    CHECK(first.emoji_count == 3);
    REQUIRE(first.assigned.size() == 1);
    const EmojiText second = map_emoji("more ❤️", registry);
    CHECK(second.assigned.empty());
    CHECK(second.text == "more " + utf8(first.assigned[0].codepoint));
}

TEST_CASE("invalid UTF-8 and private-use input are repaired without crashing", "[emoji_text]") {
    const std::string fffd = "\xEF\xBF\xBD";
    struct Case { const char* name; std::string input; std::string expected_tail; bool repaired; };
    const Case cases[] = {
        {"lone continuation byte", "ok\x80", "ok" + fffd, true},
        {"truncated 4-byte sequence", "ok\xF0\x9F\x98", "ok" + fffd + fffd + fffd, true},
        {"overlong slash", "ok\xC0\xAF", "ok" + fffd + fffd, true},
        {"encoded surrogate", "ok\xED\xA0\x80", "ok" + fffd + fffd + fffd, true},
        {"0xFF byte", "\xFF" "ok", fffd + "ok", true},
        {"private-use char in a post", "ok\xEE\x80\x80", "ok" + fffd, true},
        {"Apple logo U+F8FF", "ok\xEF\xA3\xBF", "ok" + fffd, true},
        {"bad byte after an accent base", "e\xCC\x81\x80", "e\xCC\x81" + fffd, true},
        {"clean", "ok", "ok", false},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        EmojiRegistry registry;
        const EmojiText mapped = map_emoji(c.input, registry);
        CHECK(mapped.text == c.expected_tail);
        CHECK(mapped.repaired == c.repaired);
        CHECK(mapped.emoji_count == 0);
        CHECK(registry.size() == 0);
    }
    // An emoji next to garbage is still found.
    EmojiRegistry registry;
    const EmojiText mapped = map_emoji("\x80😀\xFE", registry);
    CHECK(mapped.emoji_count == 1);
    CHECK(mapped.text == fffd + utf8(0xE000) + fffd);
}

TEST_CASE("an emoji buried under many combining marks stays text", "[emoji_text]") {
    std::string zalgo = "😀";
    for (int i = 0; i < 40; ++i) zalgo += "\xCC\x81";
    EmojiRegistry registry;
    const EmojiText mapped = map_emoji(zalgo, registry);
    CHECK(mapped.emoji_count == 0);
    CHECK(mapped.text == zalgo);
}

TEST_CASE("empty text maps to empty text", "[emoji_text]") {
    EmojiRegistry registry;
    const EmojiText mapped = map_emoji("", registry);
    CHECK(mapped.text.empty());
    CHECK(mapped.assigned.empty());
    CHECK(split_graphemes("").empty());
}
