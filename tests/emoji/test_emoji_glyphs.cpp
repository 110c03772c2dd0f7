// Tests for emoji/emoji_glyphs: the bitmap cache the atlas is filled from,
// and copying bitmaps into an RGBA atlas.
#include "emoji/emoji_glyphs.h"
#include "emoji/emoji_text.h"

#include <catch2/catch.hpp>

#include <string>

using namespace lw::emoji;

namespace {

EmojiRenderer& renderer() {
    static std::unique_ptr<EmojiRenderer> r = [] {
        std::string error;
        auto opened = EmojiRenderer::open(kDefaultEmojiFont, error);
        INFO(error);
        REQUIRE(opened);
        return opened;
    }();
    return *r;
}

}  // namespace

TEST_CASE("glyphs_for gives a bitmap per emoji on screen and lists the missing", "[emoji_glyphs]") {
    EmojiRegistry registry;
    EmojiGlyphCache cache(renderer());
    const EmojiText mapped = map_emoji("Thank you ❤️ nurses 👩🏽‍⚕️! \xF0\x9F\x80\x80", registry);
    REQUIRE(mapped.emoji_count == 3);  // the last, mahjong tile U+1F000, is not in the font
    std::vector<char32_t> wanted = emoji_codepoints_in(mapped.text);
    wanted.push_back(0xE0FF);  // a codepoint the registry never gave out

    struct Case { int height; };
    const Case cases[] = {{28}, {40}, {64}};
    for (const auto& c : cases) {
        INFO(c.height << " px");
        const EmojiGlyphSet set = cache.glyphs_for(wanted, c.height, registry);
        REQUIRE(set.glyphs.size() == 2);
        CHECK(set.glyphs[0].codepoint == wanted[0]);
        CHECK(set.glyphs[1].codepoint == wanted[1]);
        for (const EmojiGlyph& g : set.glyphs) CHECK(g.bitmap->height == c.height);
        CHECK(set.missing == std::vector<char32_t>{wanted[2], 0xE0FF});
    }
    // Asking again renders nothing new; misses of the font are remembered too.
    const auto misses = cache.misses();
    cache.glyphs_for(wanted, 40, registry);
    CHECK(cache.misses() == misses);
    CHECK(cache.hits() >= 3);
}

TEST_CASE("a recycled codepoint gets the new emoji's bitmap", "[emoji_glyphs]") {
    EmojiRegistry registry(1);
    EmojiGlyphCache cache(renderer());
    const EmojiText a = map_emoji("😀", registry);
    const char32_t cp = a.assigned.at(0).codepoint;
    const auto before = cache.glyphs_for(std::vector<char32_t>{cp}, 40, registry);
    const EmojiText b = map_emoji("🇯🇵", registry);
    REQUIRE(b.assigned.at(0).recycled);
    REQUIRE(b.assigned.at(0).codepoint == cp);
    const auto after = cache.glyphs_for(std::vector<char32_t>{cp}, 40, registry);
    REQUIRE(before.glyphs.size() == 1);
    REQUIRE(after.glyphs.size() == 1);
    CHECK(before.glyphs[0].bitmap->rgba != after.glyphs[0].bitmap->rgba);
}

TEST_CASE("the cache stays within its byte budget", "[emoji_glyphs]") {
    struct Case { std::size_t budget; std::size_t max_entries; };
    const Case cases[] = {{1, 1}, {20000, 2}, {1u << 20, 8}};
    const std::string clusters[] = {"😀", "🙂", "😂", "🇯🇵", "🇺🇸", "👍", "❤️", "⭐"};
    for (const auto& c : cases) {
        INFO("budget " << c.budget);
        EmojiGlyphCache cache(renderer(), EmojiCacheOptions{c.budget});
        for (const auto& cluster : clusters) REQUIRE(cache.get(cluster, 40));
        CHECK(cache.entries() <= c.max_entries);
        CHECK(cache.entries() >= 1);
        if (cache.entries() > 1) CHECK(cache.bytes() <= c.budget);
        cache.clear();
        CHECK(cache.entries() == 0);
        CHECK(cache.bytes() == 0);
    }
}

TEST_CASE("blit_into_rgba_atlas copies pixels and clips at the atlas edge", "[emoji_glyphs]") {
    EmojiBitmap bitmap;
    bitmap.width = 3;
    bitmap.height = 2;
    for (int i = 0; i < 6; ++i) bitmap.rgba.insert(bitmap.rgba.end(), {std::uint8_t(10 * i), 1, 2, 255});
    struct Case { int x, y; int copied; };
    const Case cases[] = {{1, 1, 6}, {6, 7, 2}, {-2, 0, 2}, {8, 8, 0}, {-3, -2, 0}};
    for (const auto& c : cases) {
        INFO("at " << c.x << "," << c.y);
        std::vector<std::uint8_t> atlas(8 * 8 * 4, 0);
        blit_into_rgba_atlas(bitmap, atlas.data(), 8, 8, c.x, c.y);
        int copied = 0;
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x) {
                const std::uint8_t* p = atlas.data() + (y * 8 + x) * 4;
                if (p[3] == 0) continue;
                ++copied;
                const int bx = x - c.x, by = y - c.y;
                REQUIRE(bx >= 0);
                REQUIRE(by >= 0);
                CHECK(p[0] == 10 * (by * 3 + bx));
            }
        CHECK(copied == c.copied);
    }
}
