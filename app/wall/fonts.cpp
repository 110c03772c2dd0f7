// Font loading: see fonts.h.
#include "wall/fonts.h"

#include <imgui.h>
#include <imgui_freetype.h>

#include <cmath>

namespace lw::wall {
namespace {

// The box for missing characters: reserved as a custom glyph in every font,
// painted into the atlas after it is built.
struct BoxGlyph {
    int rect_id;
    int width, height;
};

// Adds a font that reads straight from the caller's bytes. ImGui 1.86 copies
// the whole file for every font whose data it does not own (the 20 MB CJK
// collection, merged into four sizes, became 80 MB of heap while building),
// so the font is added as owned, which skips the copy, and then marked as
// not owned, so that ClearInputData() and Clear() never free the caller's
// (memory-mapped) bytes. The FreeType builder only reads them.
ImFont* add_borrowed_font(ImFontAtlas& atlas, const FontBytes& bytes, float px, ImFontConfig config,
                          const ImWchar* ranges) {
    config.FontDataOwnedByAtlas = true;
    ImFont* font = atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(bytes.data), static_cast<int>(bytes.size),
                                              px, &config, ranges);
    if (!atlas.ConfigData.empty() && atlas.ConfigData.back().FontData == bytes.data)
        atlas.ConfigData.back().FontDataOwnedByAtlas = false;
    return font;
}

}  // namespace

bool build_fonts(ImFontAtlas& atlas_ref, FontSet& out, const FontSources& sources, const GlyphSet& glyphs, float scale, std::string& error,
                 const ColorGlyphFn& color_glyphs) {
    if (sources.regular.empty() || sources.bold.empty()) {
        error = "no regular and bold font to draw text with";
        return false;
    }
    ImFontAtlas* atlas = &atlas_ref;
    atlas->Clear();
    atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    atlas->Flags |= ImFontAtlasFlags_NoMouseCursors;

    GlyphSet wanted;
    wanted.add(glyphs);
    wanted.remove(kMissingGlyph);  // the missing-glyph box is ours, never a font's
    wanted.remove(kBoxGlyph);
    std::vector<char32_t> emoji;
    for (unsigned cp = kEmojiFirst; cp <= kEmojiLast; ++cp)
        if (wanted.contains(cp)) {
            emoji.push_back(cp);
            wanted.remove(cp);
        }
    out.ranges = wanted.ranges();
    struct ColorRect {
        int rect_id;
        ImFont* font;
        ColorGlyph glyph;
    };
    std::vector<ColorRect> color_rects;
    std::vector<BoxGlyph> boxes;
    // The CJK font (a 20 MB CFF collection) is merged only when the screen
    // has such characters: loading its faces costs tens of MB while building.
    bool needs_cjk = false;
    for (auto [first, last] : {std::pair{0x2E80u, 0x9FFFu}, std::pair{0xAC00u, 0xD7AFu}, std::pair{0xF900u, 0xFAFFu},
                               std::pair{0xFF00u, 0xFFEFu}, std::pair{0x1100u, 0x11FFu}})
        for (unsigned cp = first; cp <= last && !needs_cjk; ++cp) needs_cjk = wanted.contains(cp);

    auto load = [&](const FontBytes& primary, const FontBytes& cjk, float px, bool with_emoji = true) -> ImFont* {
        px = std::round(px);
        ImFontConfig config;
        config.OversampleH = 1;
        config.OversampleV = 1;
        config.PixelSnapH = true;
        ImFont* font = add_borrowed_font(*atlas, primary, px, config, out.ranges.data());
        if (!font) return nullptr;
        if (needs_cjk && !cjk.empty()) {
            ImFontConfig merge = config;
            merge.MergeMode = true;
            merge.FontNo = 0;  // Noto Sans CJK JP; the Han forms differ little at wall sizes
            add_borrowed_font(*atlas, cjk, px, merge, out.ranges.data());
        }
        const int bw = std::max(4, static_cast<int>(std::round(px * 0.5f)));
        const int bh = std::max(6, static_cast<int>(std::round(px * 0.68f)));
        font->FallbackChar = static_cast<ImWchar>(kBoxGlyph);  // kept by the build when the glyph exists
        const int id = atlas->AddCustomRectFontGlyph(font, static_cast<ImWchar>(kBoxGlyph), bw, bh,
                                                     std::round(px * 0.62f), ImVec2(std::round(px * 0.06f), std::round(px * 0.24f)));
        boxes.push_back({id, bw, bh});
        if (with_emoji && color_glyphs && !emoji.empty()) {
            for (ColorGlyph& g : color_glyphs(emoji, static_cast<int>(px))) {
                const int rect = atlas->AddCustomRectFontGlyph(font, static_cast<ImWchar>(g.codepoint), g.width,
                                                               g.height, static_cast<float>(g.width), ImVec2(0, 0));
                color_rects.push_back({rect, font, std::move(g)});
            }
        }
        return font;
    };
    out.body_px = std::round(30.0f * scale);
    out.body = load(sources.regular, sources.cjk_regular, out.body_px);
    out.author = load(sources.bold, sources.cjk_bold, 30.0f * scale);
    out.small = load(sources.regular, sources.cjk_regular, 24.0f * scale);
    out.title = load(sources.bold, sources.cjk_bold, 46.0f * scale);
    out.clock = load(sources.regular, {}, 46.0f * scale, false);
    if (!out.body || !out.author || !out.small || !out.title || !out.clock || !atlas->Build()) {
        error = "cannot build the font atlas (is the font file damaged?)";
        return false;
    }
    // Paint the boxes: a one-pixel-and-more outline in white, tinted by the text colour.
    unsigned char* pixels = nullptr;
    int tex_w = 0, tex_h = 0;
    atlas->GetTexDataAsRGBA32(&pixels, &tex_w, &tex_h);
    for (const BoxGlyph& box : boxes) {
        const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(box.rect_id);
        const int stroke = std::max(1, box.width / 10);
        for (int y = 0; y < r->Height; ++y)
            for (int x = 0; x < r->Width; ++x) {
                const bool edge = x < stroke || y < stroke || x >= r->Width - stroke || y >= r->Height - stroke;
                unsigned char* p = pixels + (static_cast<size_t>(r->Y + y) * tex_w + (r->X + x)) * 4;
                p[0] = p[1] = p[2] = 255;
                p[3] = edge ? 255 : 0;
            }
    }
    // Emoji pixels, drawn untinted (Colored) but with the text's alpha, so they fade too.
    for (const ColorRect& c : color_rects) {
        const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(c.rect_id);
        for (int y = 0; y < c.glyph.height && r->Y + y < tex_h; ++y)
            for (int x = 0; x < c.glyph.width && r->X + x < tex_w; ++x) {
                const std::uint8_t* src = c.glyph.rgba + (static_cast<size_t>(y) * c.glyph.width + x) * 4;
                unsigned char* dst = pixels + (static_cast<size_t>(r->Y + y) * tex_w + (r->X + x)) * 4;
                dst[0] = src[0];
                dst[1] = src[1];
                dst[2] = src[2];
                dst[3] = src[3];
            }
        if (auto* glyph = const_cast<ImFontGlyph*>(c.font->FindGlyphNoFallback(static_cast<ImWchar>(c.glyph.codepoint))))
            glyph->Colored = 1;
    }
    // The glyphs are in the atlas now: let ImGui's per-font build state go
    // (the font bytes themselves are the caller's, see add_borrowed_font).
    // The fonts keep working; only a rebuild (which starts from Clear())
    // needs the inputs.
    atlas->ClearInputData();
    return true;
}

}  // namespace lw::wall
