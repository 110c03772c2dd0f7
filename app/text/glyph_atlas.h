// The glyphs the wall has drawn, rasterised by glyph index with FreeType
// into one RGBA image of our own (white with the coverage as alpha, so the
// vertex colour tints and fades it; colour pictures as they are), packed on
// shelves. It grows (doubling its height) as scripts arrive and starts over
// when it is full at its largest. No GL here: the wall uploads pixels().
#pragma once

#include "text/layout.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

namespace lw::text {

struct AtlasGlyph {
    int x = 0, y = 0, w = 0, h = 0;  // where in the atlas, pixels
    int left = 0;                    // from the pen position to the bitmap's left edge
    int top = 0;                     // from the baseline up to the bitmap's top edge
    bool color = false;              // drawn untinted (emoji)
};

// A colour picture's pixels at a text size (RGBA, straight alpha).
struct ColorBitmap {
    int width = 0, height = 0;
    const std::uint8_t* rgba = nullptr;  // width * 4 bytes a row, valid during the call
};
using ColorPixelsFn = std::function<std::optional<ColorBitmap>(char32_t codepoint, int px)>;

class GlyphAtlas {
public:
    GlyphAtlas(FontTable& fonts, ColorPixelsFn color = {}, int width = 1024, int max_height = 2048);

    // The glyph at a size, rasterised on first use; nullptr for one that
    // draws nothing (a space) or did not fit even in an empty atlas.
    const AtlasGlyph* get(int face, std::uint32_t glyph, float px, float ascent);

    const std::vector<std::uint8_t>& pixels() const { return pixels_; }
    int width() const { return width_; }
    int height() const { return height_; }
    // Bumped when pixels change (new glyphs, growth, a fresh start): upload again.
    std::uint64_t version() const { return version_; }
    // Bumped when glyphs already handed out moved (the atlas started over).
    std::uint64_t generation() const { return generation_; }
    std::size_t glyph_count() const { return entries_.size(); }
    // Forgets every colour picture (custom emoji arrived or changed).
    void drop_color();

private:
    struct Key {
        int face;
        std::uint32_t glyph;
        int px;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            return std::hash<std::uint64_t>{}((static_cast<std::uint64_t>(k.glyph) << 24) ^
                                              (static_cast<std::uint64_t>(static_cast<unsigned>(k.face)) << 12) ^
                                              static_cast<std::uint64_t>(k.px));
        }
    };
    bool place(int w, int h, int& x, int& y);
    void reset();
    void blit_alpha(int x, int y, int w, int h, const unsigned char* src, int pitch);

    FontTable& fonts_;
    ColorPixelsFn color_;
    int width_, height_, max_height_;
    std::vector<std::uint8_t> pixels_;
    int shelf_x_ = 0, shelf_y_ = 0, shelf_h_ = 0;
    std::unordered_map<Key, std::optional<AtlasGlyph>, KeyHash> entries_;
    std::uint64_t version_ = 1, generation_ = 1;
};

}  // namespace lw::text
