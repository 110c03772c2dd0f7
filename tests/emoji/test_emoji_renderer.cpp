// Tests for emoji/emoji_renderer: real Noto Color Emoji bitmaps (package
// fonts-noto-color-emoji) drawn with FreeType and shaped with HarfBuzz.
#include "emoji/emoji_renderer.h"
#include "emoji/emoji_text.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <sstream>
#include <iostream>
#include <string>

using namespace lw::emoji;

namespace {

EmojiRenderer& shared_renderer() {
    static std::unique_ptr<EmojiRenderer> renderer = [] {
        std::string error;
        auto r = EmojiRenderer::open(kDefaultEmojiFont, error);
        INFO(error);
        REQUIRE(r);  // fonts-noto-color-emoji is in packaging/setup.sh
        return r;
    }();
    return *renderer;
}

struct PixelStats {
    int opaque = 0;       // alpha > 200
    int red = 0;          // opaque and clearly red
    int visible = 0;      // alpha > 0
};

PixelStats stats(const EmojiBitmap& b) {
    PixelStats s;
    for (std::size_t i = 0; i + 3 < b.rgba.size(); i += 4) {
        const int r = b.rgba[i], g = b.rgba[i + 1], bl = b.rgba[i + 2], a = b.rgba[i + 3];
        if (a > 0) ++s.visible;
        if (a > 200) {
            ++s.opaque;
            if (r > 150 && g < 90 && bl < 90) ++s.red;
        }
    }
    return s;
}

// Width of one emoji glyph (advance 136 on a 128-row strike) at `height`.
int single_width(int height) { return static_cast<int>(std::lround(136.0 * height / 128.0)); }

}  // namespace

TEST_CASE("the red heart renders as mostly red opaque pixels", "[emoji_renderer]") {
    auto bitmap = shared_renderer().render("❤️", 40);
    REQUIRE(bitmap);
    CHECK(bitmap->height == 40);
    CHECK(bitmap->rgba.size() == static_cast<std::size_t>(bitmap->width) * bitmap->height * 4);
    const PixelStats s = stats(*bitmap);
    INFO("opaque " << s.opaque << ", red " << s.red << ", visible " << s.visible);
    CHECK(s.opaque > 40 * 40 / 4);    // the heart fills a good part of its box
    CHECK(s.red * 10 > s.opaque * 8);  // and more than 80% of it is red
}

TEST_CASE("each sequence is one cluster and one single-glyph bitmap, all different", "[emoji_renderer]") {
    struct Case { const char* name; std::string cluster; };
    const Case cases[] = {
        {"red heart", "❤️"},
        {"thumbs up, medium skin tone", "👍🏽"},
        {"thumbs up, no skin tone", "👍"},
        {"family: man, woman, girl", "👨‍👩‍👧"},
        {"man alone", "👨"},
        {"flag US", "🇺🇸"},
        {"flag JP", "🇯🇵"},
        {"keycap 1", "1️⃣"},
        {"health worker, skin tone", "👩🏽‍⚕️"},
    };
    std::vector<std::vector<std::uint8_t>> seen;
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(split_graphemes(c.cluster).size() == 1);
        EmojiRegistry registry;
        const EmojiText mapped = map_emoji(c.cluster, registry);
        CHECK(mapped.assigned.size() == 1);
        auto bitmap = shared_renderer().render(c.cluster, 40);
        REQUIRE(bitmap);
        // One glyph wide: a sequence drawn as its parts would be two or more.
        CHECK(bitmap->width == single_width(40));
        CHECK(bitmap->height == 40);
        CHECK(stats(*bitmap).visible > 200);
        for (const auto& other : seen) CHECK(other != bitmap->rgba);
        seen.push_back(bitmap->rgba);
    }
}

TEST_CASE("scaling keeps the aspect and the baseline at every size", "[emoji_renderer]") {
    struct Case { const char* cluster; int height; };
    const Case cases[] = {{"😀", 28}, {"😀", 40}, {"😀", 64}, {"🇯🇵", 28}, {"🇯🇵", 64}, {"👨‍👩‍👧", 28}, {"👨‍👩‍👧", 64}};
    const double native_aspect = 136.0 / shared_renderer().native_height();
    for (const auto& c : cases) {
        INFO(c.cluster << " at " << c.height << " px");
        auto bitmap = shared_renderer().render(c.cluster, c.height);
        REQUIRE(bitmap);
        CHECK(bitmap->height == c.height);
        CHECK(std::abs(bitmap->width - native_aspect * c.height) <= 0.5);
        const double baseline = static_cast<double>(shared_renderer().native_ascent()) / shared_renderer().native_height();
        CHECK(std::abs(bitmap->baseline - baseline * c.height) <= 0.5);
        const PixelStats s = stats(*bitmap);
        CHECK(s.opaque > c.height * c.height / 4);
    }
}

TEST_CASE("clusters the font lacks or that are not emoji give nothing", "[emoji_renderer]") {
    struct Case { const char* name; std::string cluster; int height; };
    const Case cases[] = {
        {"Latin letter", "A", 40},
        {"unassigned codepoint U+1FC00", "\xF0\x9F\xB0\x80", 40},
        {"pictograph the font lacks: mahjong tile U+1F000", "\xF0\x9F\x80\x80", 40},
        {"two emoji are two clusters", "😀😀", 40},
        {"letters", "ab", 40},
        {"empty", "", 40},
        {"height zero", "😀", 0},
        {"height too large", "😀", 100000},
        {"invalid UTF-8", "\xFF\xFE", 40},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK_FALSE(shared_renderer().render(c.cluster, c.height));
    }
    // A pictograph above U+FFFF is mapped even when the font lacks it (ImGui
    // could not show it as text either); no bitmap comes, so the wall shows
    // its fallback box. Unassigned codepoints are not pictographs: text.
    EmojiRegistry registry;
    CHECK(map_emoji("\xF0\x9F\x80\x80", registry).emoji_count == 1);
    CHECK(map_emoji("\xF0\x9F\xB0\x80", registry).emoji_count == 0);
}

TEST_CASE("a ZWJ sequence the font does not know is drawn as its parts", "[emoji_renderer]") {
    // Tooth + ZWJ + pizza: one cluster by UAX #29, no font has a ligature.
    const std::string cluster = "🦷\u200D🍕";
    REQUIRE(is_emoji_cluster(cluster));
    auto bitmap = shared_renderer().render(cluster, 40);
    REQUIRE(bitmap);
    CHECK(std::abs(bitmap->width - 2 * 136.0 * 40 / 128) <= 0.5);
}

TEST_CASE("open refuses files that are not colour emoji fonts", "[emoji_renderer]") {
    struct Case { const char* name; std::string path; const char* says; };
    const Case cases[] = {
        {"missing file", "/nonexistent/NotoColorEmoji.ttf", "cannot read"},
        {"text file", std::string(LOBBYWALL_TEST_DATA) + "/emoji/not_a_font.ttf", "not a font"},
        {"outline font without colour", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "no colour"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        std::string error;
        CHECK_FALSE(EmojiRenderer::open(c.path, error));
        CHECK_THAT(error, Catch::Matchers::Contains(c.says));
    }
}

TEST_CASE("packaging installs what the emoji library needs", "[emoji_renderer]") {
    std::ifstream in(std::string(LOBBYWALL_SOURCE_DIR) + "/packaging/setup.sh");
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const char* packages[] = {"fonts-noto-color-emoji", "libharfbuzz-dev", "libfreetype-dev", "libutf8proc-dev"};
    for (const char* package : packages) {
        INFO(package);
        CHECK_THAT(text.str(), Catch::Matchers::Contains(package));
    }
}

// Not part of the suite (hidden tag): `test_emoji "[.bench]"` prints the
// numbers quoted in docs/emoji.md.
TEST_CASE("benchmark: render one emoji at 40 px", "[.bench]") {
    const std::string clusters[] = {"😀", "❤️", "👍🏽", "👨‍👩‍👧", "🇺🇸", "🇯🇵", "1️⃣", "👩🏽‍⚕️"};
    constexpr int kRounds = 50;
    std::size_t bytes = 0;
    EmojiRenderer& renderer = shared_renderer();  // opened outside the timed part
    REQUIRE(renderer.render("🙂", 40));          // and warmed up
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();  // this thread's work, whatever else shares the machine
    for (int round = 0; round < kRounds; ++round)
        for (const auto& c : clusters) {
            auto bitmap = renderer.render(c, 40);
            REQUIRE(bitmap);
            bytes = bitmap->bytes();
        }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const double renders = kRounds * static_cast<double>(std::size(clusters));
    const double wall_us = std::chrono::duration<double, std::micro>(elapsed).count() / renders;
    const double cpu_us = (std::clock() - cpu_start) * 1e6 / CLOCKS_PER_SEC / renders;
    std::cout << "render at 40 px: " << cpu_us << " us CPU, " << wall_us << " us wall per emoji; bitmap " << bytes
              << " bytes\n";
    for (int h : {28, 40, 64}) std::cout << h << " px: " << shared_renderer().render("😀", h)->bytes() << " bytes\n";
}
