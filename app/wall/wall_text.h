// Every text on the wall goes through here: the text engine (app/text) lays
// it out (any script, shaped, bidirectional, wrapped), and its glyphs are
// drawn from our own atlas texture on the same ImGui draw list, tinted and
// faded by the vertex colour (colour emoji and custom emoji untinted).
// The ImFont pointers of a FontSet only name the style (size, weight) and
// give the line metrics; without a WallText (FontSet::text null) the old
// ImGui text path is used, so a FontSet built alone still draws Latin text.
#pragma once

#include "text/glyph_atlas.h"
#include "text/layout.h"
#include "wall/fonts.h"
#include "wall/text_layout.h"

#include <imgui.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace lw::wall {

class WallText {
public:
    // `sources` give the primary (theme) and CJK fonts and the script fonts'
    // loader; `color` the emoji pictures (as for build_fonts).
    WallText(const FontSources& sources, ColorGlyphFn color);
    ~WallText();
    WallText(const WallText&) = delete;
    WallText& operator=(const WallText&) = delete;

    text::TextEngine& engine() { return *engine_; }
    // ImGui sizes a font by its line box (ascender to descender), the engine
    // by its em: the em for an ImGui font size, so every text keeps its size.
    float em_for(float font_size);
    const text::GlyphAtlas& atlas() const { return *atlas_; }

    // Draws one laid-out line with its left edge at `x` and its top at `top`.
    void draw(ImDrawList* dl, const text::Layout& layout, const text::Line& line, float x, float top, ImU32 col);

    // Render thread, GL context current, after drawing and before the draw
    // data is rendered: uploads the atlas when it changed. True when glyphs
    // drawn this frame moved (the atlas started over): draw the frame again.
    bool upload();
    // The same, in the middle of a frame, before a draw list is rendered
    // into a texture at once (a page texture): its glyphs must be on the GPU
    // now. A redraw it finds is kept for the frame's own upload() to report.
    void upload_now() { pending_redraw_ = upload(); }
    // Frees the texture; the GL context must be current.
    void release_gl();
    // Emoji pictures changed (a custom emoji arrived): measure and draw them again.
    void colors_changed();
    std::uint64_t generation() const { return atlas_->generation(); }
    // Changes whenever glyphs were rasterised (the font files were read).
    std::uint64_t atlas_version() const { return atlas_->version(); }
    long long atlas_bytes() const { return static_cast<long long>(atlas_->width()) * atlas_->height() * 4; }

private:
    const ColorGlyph* color_glyph(char32_t cp, int px);

    std::unique_ptr<text::FontTable> fonts_;
    std::unique_ptr<text::TextEngine> engine_;
    std::unique_ptr<text::GlyphAtlas> atlas_;
    ColorGlyphFn color_;
    std::map<std::pair<char32_t, int>, ColorGlyph> colors_;  // keeps each picture's pixels alive
    float line_box_em_ = 0;  // the primary font's ascender - descender, in em
    unsigned texture_ = 0;
    std::uint64_t uploaded_version_ = 0;
    int uploaded_height_ = 0;
    std::uint64_t frame_generation_ = 0;
    bool pending_redraw_ = false;  // found by upload_now(), reported by upload()
    // Quads emitted since the last upload, with the atlas height their v
    // coordinates were computed for: fixed when the atlas grows mid-frame.
    struct Quads {
        ImDrawList* dl;
        int first, last;  // vertex indexes
        int height;
    };
    std::vector<Quads> quads_;
};

// The engine's style for one of the FontSet's fonts.
text::Style style_of(const FontSet& fonts, const ImFont* font);
// One line of text (no wrapping): its width, and drawing it with its left edge at x, top at y.
float text_width(const FontSet& fonts, ImFont* font, std::string_view s);
void draw_text(ImDrawList* dl, const FontSet& fonts, ImFont* font, float x, float y, ImU32 col, std::string_view s);
// Wrapped into lines of `max_width` (URLs shortened, "…" when lines run out);
// `language`: the post's (BCP 47), for language-specific forms.
WrappedText wrap_text(const FontSet& fonts, ImFont* font, std::string_view s, float max_width, int max_lines,
                      std::string_view language = {});
// Line `i` of `w` in a box from `x` of width `box_w`: by default right-aligned
// when its paragraph reads right to left.
enum class Align { ByDirection, Left, Right };
void draw_wrapped_line(ImDrawList* dl, const FontSet& fonts, ImFont* font, const WrappedText& w, std::size_t i, float x,
                       float y, float box_w, ImU32 col, Align align = Align::ByDirection);
// The text's first paragraph reads right to left (its first strong character is).
bool reads_right_to_left(const FontSet& fonts, std::string_view s);

}  // namespace lw::wall
