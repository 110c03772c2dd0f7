// The fonts the wall draws with, loaded into ImGui's atlas at the exact
// pixel sizes used on screen (scaled with the screen) and only for the
// characters the screen needs (see glyph_set.h), so text is crisp and the
// atlas stays small. Chinese, Japanese and Korean come from a fallback font
// merged in; a character no font has is drawn as a visible box.
#pragma once

#include "text/font_table.h"
#include "wall/glyph_set.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <cstdint>
#include <string>
#include <vector>

struct ImFont;
struct ImFontAtlas;

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
    // Called after every atlas build: the glyphs are in the atlas and the
    // bytes above are not read again until the next build, so the owner can
    // let their pages go (a 20 MB CJK file is otherwise all resident).
    std::function<void()> after_build;
    // The fonts of other scripts (Arabic, Hebrew, Indic, Thai, ...): bytes
    // of a path from text::noto_script_table(), mapped before the wall starts
    // (platform/font_files.h). Empty: those scripts show as boxes.
    text::FontLoader script_fonts;
};

// A colour bitmap for a private-use codepoint standing for an emoji
// (emoji/emoji_text.h maps text that way), at a font's pixel height.
struct ColorGlyph {
    unsigned codepoint = 0;
    int width = 0;
    int height = 0;
    const std::uint8_t* rgba = nullptr;  // width * 4 bytes a row; valid during build_fonts
    std::shared_ptr<const void> keep_alive;
};
using ColorGlyphFn = std::function<std::vector<ColorGlyph>(std::span<const char32_t> codepoints, int pixel_height)>;

// Private-use codepoints are emoji, never font glyphs.
constexpr unsigned kEmojiFirst = 0xE000;
constexpr unsigned kEmojiLast = 0xF8FF;

class WallText;

struct FontSet {
    ImFont* body = nullptr;     // post text
    ImFont* author = nullptr;   // author names (bold)
    ImFont* small = nullptr;    // handles, times, captions
    ImFont* title = nullptr;    // header hospital name, prompt hashtag (bold)
    ImFont* clock = nullptr;    // header clock
    float body_px = 0;
    WallText* text = nullptr;   // draws every text (wall_text.h); null: ImGui's own text
    std::vector<unsigned short> ranges;  // must outlive the atlas build
};

// The replacement character: never asked of a font (the box stands for it).
constexpr unsigned kMissingGlyph = 0xFFFD;
// Where the hollow box for characters no font has lives in each font: a low
// codepoint text never shows (DEL), made every font's fallback glyph. ImGui
// sizes a font's lookup tables by its highest glyph, so a box at U+FFFD cost
// 6 bytes x 65,536 per font (about 2 MB for the five) on a Latin-only wall.
constexpr unsigned kBoxGlyph = 0x7F;

// Clears `atlas` and builds the set for `scale` (1.0 at 1080 pixels on the
// short side) and `glyphs`. Afterwards the atlas's RGBA pixels are ready for
// upload. Needs no ImGui context and no GL, so it may run on a worker while
// nothing else touches ImGui. False with `error` set when a
// font cannot be used.
// Private-use codepoints in `glyphs` become colour glyphs from `color_glyphs`
// (when given) in every font but the clock's.
bool build_fonts(ImFontAtlas& atlas, FontSet& out, const FontSources& sources, const GlyphSet& glyphs, float scale, std::string& error,
                 const ColorGlyphFn& color_glyphs = {});

}  // namespace lw::wall
