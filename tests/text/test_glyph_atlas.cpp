// The glyph atlas: glyphs rasterised once per size, packed without
// overlapping, grown when full, colour pictures kept untinted.
#include "font_fixture.h"
#include "text/glyph_atlas.h"

#include <catch2/catch.hpp>

#include <set>
#include <vector>

using namespace lw::text;
using lw::text::testing::shared_engine;
using lw::text::testing::shared_fonts;

TEST_CASE("the atlas holds each glyph once per size, without overlaps, and grows") {
    std::vector<std::uint8_t> red(20 * 18 * 4);
    for (size_t i = 0; i < red.size(); i += 4) { red[i] = 255; red[i + 3] = 255; }
    GlyphAtlas atlas(shared_fonts(), [&](char32_t cp, int) -> std::optional<ColorBitmap> {
        if (cp != 0xE001) return std::nullopt;
        return ColorBitmap{20, 18, red.data()};
    }, 256, 1024);
    const int start_height = atlas.height();
    const Layout l = shared_engine().layout("مرحبا بكم Hello नमस्ते สวัสดี 病院へようこそ ሰላም", {30, false});
    REQUIRE(l.lines.size() == 1);
    struct Box { int x, y, w, h; };
    std::vector<Box> boxes;
    std::set<const AtlasGlyph*> seen;
    for (const PositionedGlyph& g : l.lines[0].glyphs)
        if (const AtlasGlyph* a = atlas.get(g.face, g.glyph, 30, l.ascent); a && seen.insert(a).second)
            boxes.push_back({a->x, a->y, a->w, a->h});
    CHECK(boxes.size() > 20);
    const std::size_t count = atlas.glyph_count();
    const auto version = atlas.version();
    for (const PositionedGlyph& g : l.lines[0].glyphs) atlas.get(g.face, g.glyph, 30, l.ascent);
    CHECK(atlas.glyph_count() == count);   // cached
    CHECK(atlas.version() == version);     // nothing new to upload
    for (const PositionedGlyph& g : l.lines[0].glyphs) atlas.get(g.face, g.glyph, 60, l.ascent);
    CHECK(atlas.glyph_count() > count);    // another size
    CHECK(atlas.height() > start_height);  // grew
    for (size_t i = 0; i < boxes.size(); ++i)
        for (size_t j = i + 1; j < boxes.size(); ++j) {
            const Box& a = boxes[i];
            const Box& b = boxes[j];
            const bool overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
            CHECK_FALSE(overlap);
        }
    // A glyph's pixels are white with coverage as alpha.
    const AtlasGlyph* o = atlas.get(shared_fonts().primary(false), 82 /* some glyph */, 30, l.ascent);
    REQUIRE(o);
    int covered = 0;
    for (int y = 0; y < o->h; ++y)
        for (int x = 0; x < o->w; ++x) {
            const std::uint8_t* p = atlas.pixels().data() + (static_cast<size_t>(o->y + y) * atlas.width() + o->x + x) * 4;
            CHECK(p[0] == 255);
            covered += p[3] > 128;
        }
    CHECK(covered > 0);
    // A colour picture keeps its colours; a box is drawn for the missing.
    const AtlasGlyph* pic = atlas.get(kColorFace, 0xE001, 30, l.ascent);
    REQUIRE(pic);
    CHECK(pic->color);
    const std::uint8_t* p = atlas.pixels().data() + (static_cast<size_t>(pic->y) * atlas.width() + pic->x) * 4;
    CHECK((p[0] == 255 && p[1] == 0 && p[3] == 255));
    CHECK(atlas.get(kColorFace, 0xE002, 30, l.ascent) == nullptr);
    const AtlasGlyph* box = atlas.get(kBoxFace, 0, 30, l.ascent);
    REQUIRE(box);
    CHECK(box->w >= 10);
}

TEST_CASE("a full atlas starts over and says so through its generation") {
    GlyphAtlas atlas(shared_fonts(), {}, 128, 128);
    const auto generation = atlas.generation();
    const Layout l = shared_engine().layout("The quick brown fox jumps over the lazy dog 0123456789", {60, false});
    for (const PositionedGlyph& g : l.lines[0].glyphs) atlas.get(g.face, g.glyph, 60, l.ascent);
    CHECK(atlas.generation() > generation);
    CHECK(atlas.height() <= 128);
}
