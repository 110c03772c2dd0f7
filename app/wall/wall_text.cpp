// Text on the wall through the text engine: see wall_text.h.
#include "wall/wall_text.h"

#include "core/log.h"
#include "wall/gl_backend.h"

#include <backends/imgui_impl_opengl3_loader.h>

#include <cfloat>
#include <cmath>

namespace lw::wall {
namespace {

text::FontData data_of(const FontBytes& b) { return b.empty() ? text::FontData() : text::FontData(b.data, b.size); }

// The script table with the theme's CJK files in place of the default ones.
std::vector<text::FontFileSpec> cjk_from_sources_table() {
    std::vector<text::FontFileSpec> table = text::noto_script_table();
    for (text::FontFileSpec& spec : table)
        if (spec.name == "Noto Sans CJK") {
            spec.regular = {"cjk:regular"};
            spec.bold = {"cjk:bold"};
        }
    return table;
}

}  // namespace

WallText::WallText(const FontSources& sources, ColorGlyphFn color) : color_(std::move(color)) {
    const FontBytes cjk_regular = sources.cjk_regular, cjk_bold = sources.cjk_bold;
    text::FontLoader scripts = sources.script_fonts;
    fonts_ = std::make_unique<text::FontTable>(
        data_of(sources.regular), data_of(sources.bold), cjk_from_sources_table(),
        [cjk_regular, cjk_bold, scripts](const std::string& path) -> text::FontData {
            if (path == "cjk:regular") return data_of(cjk_regular);
            if (path == "cjk:bold") return data_of(cjk_bold.empty() ? cjk_regular : cjk_bold);
            return scripts ? scripts(path) : text::FontData();
        });
    // Emoji fill the line box, as they did as ImGui glyphs: their size is the em's line box.
    engine_ = std::make_unique<text::TextEngine>(*fonts_, [this](char32_t cp, int px) -> std::optional<text::ColorMetrics> {
        const ColorGlyph* g = color_glyph(cp, static_cast<int>(std::lround(static_cast<float>(px) * line_box_em_)));
        if (!g) return std::nullopt;
        return text::ColorMetrics{g->width, g->height};
    });
    atlas_ = std::make_unique<text::GlyphAtlas>(*fonts_, [this](char32_t cp, int px) -> std::optional<text::ColorBitmap> {
        const ColorGlyph* g = color_glyph(cp, static_cast<int>(std::lround(static_cast<float>(px) * line_box_em_)));
        if (!g || !g->rgba) return std::nullopt;
        return text::ColorBitmap{g->width, g->height, g->rgba};
    });
}

WallText::~WallText() {
    // The GL context may be gone already at exit; the renderer frees the
    // texture with the context (release happens in ~Renderer before it).
}

float WallText::em_for(float font_size) {
    if (line_box_em_ <= 0) {
        const int primary = fonts_->primary(false);
        fonts_->has_glyph(primary, 'a');  // opens it
        const text::Face& f = fonts_->face(primary);
        line_box_em_ = f.ascender - f.descender > 0.5f ? f.ascender - f.descender : 1.0f;
    }
    return font_size / line_box_em_;
}

const ColorGlyph* WallText::color_glyph(char32_t cp, int px) {
    const auto key = std::make_pair(cp, px);
    if (auto it = colors_.find(key); it != colors_.end()) return it->second.width > 0 ? &it->second : nullptr;
    ColorGlyph found;
    if (color_) {
        const char32_t one[1] = {cp};
        for (ColorGlyph& g : color_(std::span<const char32_t>(one, 1), px))
            if (g.codepoint == cp) found = std::move(g);
    }
    return colors_.emplace(key, std::move(found)).first->second.width > 0 ? &colors_[key] : nullptr;
}

void WallText::colors_changed() {
    colors_.clear();
    atlas_->drop_color();
    engine_->clear_cache();
}

void WallText::draw(ImDrawList* dl, const text::Layout& layout, const text::Line& line, float x, float top, ImU32 col) {
    if (line.glyphs.empty()) return;
    if (texture_ == 0) {
        // Drawing happens on the render thread with the context current.
        glGenTextures(1, &texture_);
        glBindTexture(GL_TEXTURE_2D, texture_);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    }
    const float baseline = std::round(top + layout.ascent);
    const ImU32 untinted = (col & IM_COL32_A_MASK) | IM_COL32(255, 255, 255, 0);
    const ImTextureID tex = reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture_));
    dl->PushTextureID(tex);
    const int first = dl->VtxBuffer.Size;
    for (const text::PositionedGlyph& g : line.glyphs) {
        const text::AtlasGlyph* a = atlas_->get(g.face, g.glyph, layout.px, layout.ascent);
        if (!a) continue;
        const float w = static_cast<float>(atlas_->width()), h = static_cast<float>(atlas_->height());
        const float x0 = std::round(x + g.x) + static_cast<float>(a->left);
        const float y0 = a->color ? std::round(top) : baseline + std::round(g.y) - static_cast<float>(a->top);
        dl->PrimReserve(6, 4);
        dl->PrimRectUV(ImVec2(x0, y0), ImVec2(x0 + static_cast<float>(a->w), y0 + static_cast<float>(a->h)),
                       ImVec2(static_cast<float>(a->x) / w, static_cast<float>(a->y) / h),
                       ImVec2(static_cast<float>(a->x + a->w) / w, static_cast<float>(a->y + a->h) / h),
                       a->color ? untinted : col);
    }
    quads_.push_back({dl, first, dl->VtxBuffer.Size, atlas_->height()});
    dl->PopTextureID();
}

bool WallText::upload() {
    bool redraw = pending_redraw_ || (frame_generation_ != 0 && frame_generation_ != atlas_->generation());
    pending_redraw_ = false;
    // The atlas grew while this frame was drawn: earlier quads' v coordinates are for the old height.
    for (const Quads& q : quads_) {
        if (q.height == atlas_->height()) continue;
        const float ratio = static_cast<float>(q.height) / static_cast<float>(atlas_->height());
        for (int i = q.first; i < q.last && i < q.dl->VtxBuffer.Size; ++i) q.dl->VtxBuffer[i].uv.y *= ratio;
    }
    quads_.clear();
    if (texture_ != 0 && uploaded_version_ != atlas_->version()) {
        glBindTexture(GL_TEXTURE_2D, texture_);
        if (gl_backend::info().unpack_row_length) glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, atlas_->width(), atlas_->height(), 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     atlas_->pixels().data());
        if (uploaded_height_ != atlas_->height())
            log::debug("text: glyph atlas {}x{}, {} glyphs", atlas_->width(), atlas_->height(), atlas_->glyph_count());
        uploaded_version_ = atlas_->version();
        uploaded_height_ = atlas_->height();
    }
    frame_generation_ = atlas_->generation();
    return redraw;
}

void WallText::release_gl() {
    if (texture_) glDeleteTextures(1, &texture_);
    texture_ = 0;
    uploaded_version_ = 0;
}

text::Style style_of(const FontSet& fonts, const ImFont* font) {
    const float px = fonts.text ? fonts.text->em_for(font->FontSize) : font->FontSize;
    return {px, font == fonts.author || font == fonts.title, {}};
}

float text_width(const FontSet& fonts, ImFont* font, std::string_view s) {
    if (!fonts.text) return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, s.data(), s.data() + s.size()).x;
    return fonts.text->engine().width(s, style_of(fonts, font));
}

void draw_text(ImDrawList* dl, const FontSet& fonts, ImFont* font, float x, float y, ImU32 col, std::string_view s) {
    if (!fonts.text) {
        dl->AddText(font, font->FontSize, ImVec2(x, y), col, s.data(), s.data() + s.size());
        return;
    }
    auto layout = fonts.text->engine().cached(s, style_of(fonts, font), 0, 0);
    float top = y;
    for (const text::Line& line : layout->lines) {
        fonts.text->draw(dl, *layout, line, x, top, col);
        top += font->FontSize * 1.25f;
    }
}

WrappedText wrap_text(const FontSet& fonts, ImFont* font, std::string_view s, float max_width, int max_lines,
                      std::string_view language) {
    if (!fonts.text)
        return wrap_text(s, max_width, max_lines, [font](std::string_view t) {
            return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, t.data(), t.data() + t.size()).x;
        });
    const std::string shown = shorten_urls(s);
    WrappedText out;
    text::Style style = style_of(fonts, font);
    style.language = language;
    out.layout = fonts.text->engine().cached(shown, style, max_width, max_lines);
    out.truncated = out.layout->truncated;
    for (const text::Line& line : out.layout->lines) out.lines.push_back(shown.substr(line.begin, line.end - line.begin));
    return out;
}

void draw_wrapped_line(ImDrawList* dl, const FontSet& fonts, ImFont* font, const WrappedText& w, std::size_t i, float x,
                       float y, float box_w, ImU32 col, Align align) {
    if (!w.layout || !fonts.text) {  // laid out by ImGui
        if (i >= w.lines.size()) return;
        const float width = align == Align::Right ? text_width(fonts, font, w.lines[i]) : 0.0f;
        draw_text(dl, fonts, font, align == Align::Right ? x + box_w - width : x, y, col, w.lines[i]);
        return;
    }
    if (i >= w.layout->lines.size()) return;
    const text::Line& line = w.layout->lines[i];
    const bool right = align == Align::Right || (align == Align::ByDirection && line.rtl);
    fonts.text->draw(dl, *w.layout, line, right ? x + box_w - line.width : x, y, col);
}

bool reads_right_to_left(const FontSet& fonts, std::string_view s) {
    if (!fonts.text || s.empty()) return false;
    return fonts.text->engine().cached(s, style_of(fonts, fonts.body), 0, 1)->rtl;
}

}  // namespace lw::wall
