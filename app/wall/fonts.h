// The fonts the wall draws with, loaded into ImGui's atlas at the exact
// pixel sizes used on screen (scaled with the screen) and only for the
// characters the screen needs (see glyph_set.h), so text is crisp and the
// atlas stays small. Chinese, Japanese and Korean come from a fallback font
// merged in; a character no font has is drawn as a visible box.
#pragma once

#include "wall/glyph_set.h"

#include <cstddef>
#include <string>
#include <vector>

struct ImFont;

namespace lw::wall {

// Font file contents owned by the caller (e.g. memory-mapped) for as long
// as the renderer lives.
struct FontBytes {
    const unsigned char* data = nullptr;
    std::size_t size = 0;
    bool empty() const { return data == nullptr || size == 0; }
};

struct FontSources {
    FontBytes regular;       // required
    FontBytes bold;          // required
    FontBytes cjk_regular;   // optional: Noto Sans CJK (.ttc, face 0)
    FontBytes cjk_bold;      // optional
};

struct FontSet {
    ImFont* body = nullptr;     // post text
    ImFont* author = nullptr;   // author names (bold)
    ImFont* small = nullptr;    // handles, times, captions
    ImFont* title = nullptr;    // header hospital name, prompt hashtag (bold)
    ImFont* clock = nullptr;    // header clock
    float body_px = 0;
    std::vector<unsigned short> ranges;  // must outlive the atlas build
};

// The codepoint drawn (as a hollow box) for characters no font has.
constexpr unsigned kMissingGlyph = 0xFFFD;

// Clears the current ImGui context's atlas and builds the set for `scale`
// (1.0 at 1080 pixels on the short side) and `glyphs`. Afterwards the
// atlas's RGBA pixels are ready for upload. False with `error` set when a
// font cannot be used.
bool build_fonts(FontSet& out, const FontSources& sources, const GlyphSet& glyphs, float scale, std::string& error);

}  // namespace lw::wall
