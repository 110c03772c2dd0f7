// The pairing page: see pairing_view.h.
#include "wall/pairing_view.h"

#include "wall/wall_text.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string_view>

namespace lw::wall {
namespace {

ImU32 color(Rgba c) { return IM_COL32((c >> 24) & 0xFF, (c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF); }

// The code is drawn at a size of its own: through the text engine (which
// rasterises glyphs at any size) when there is one, else ImGui's title font scaled.
float code_width(const FontSet& fonts, float px, std::string_view s) {
    if (fonts.text) return fonts.text->engine().width(s, text::Style{fonts.text->em_for(px), true, {}});
    return fonts.title->CalcTextSizeA(px, FLT_MAX, 0.0f, s.data(), s.data() + s.size()).x;
}

void draw_code(ImDrawList* dl, const FontSet& fonts, float px, float x, float y, ImU32 col, std::string_view s) {
    if (!fonts.text) {
        dl->AddText(fonts.title, px, ImVec2(x, y), col, s.data(), s.data() + s.size());
        return;
    }
    auto layout = fonts.text->engine().cached(s, text::Style{fonts.text->em_for(px), true, {}}, 0, 0);
    if (!layout->lines.empty()) fonts.text->draw(dl, *layout, layout->lines.front(), x, y, col);
}

// One line of `font` centred on `centre_x`, shortened to `max_w` with "…" when too long.
void centred(ImDrawList* dl, const FontSet& fonts, ImFont* font, float centre_x, float y, float max_w, ImU32 col,
             std::string_view s) {
    WrappedText w = wrap_text(fonts, font, s, max_w, 1);
    if (w.lines.empty()) return;
    const float width = std::min(max_w, text_width(fonts, font, w.lines.front()));
    draw_wrapped_line(dl, fonts, font, w, 0, centre_x - width / 2, y, width, col, Align::Left);
}

}  // namespace

float pairing_code_px(const FontSet& fonts, const GridLayout& g, const std::string& code) {
    float px = std::round(g.safe.h / 6);
    if (code.empty() || !fonts.title) return px;
    const float width = code_width(fonts, px, code);
    const float room = g.safe.w * 0.85f;
    if (width > room) px = std::floor(px * room / width);
    return px;
}

void draw_pairing_page(ImDrawList* dl, const PairingPage& page, const FontSet& fonts, const GridLayout& g,
                       const ThemeConfig& theme) {
    if (!fonts.title || !fonts.body || !fonts.author) return;
    const float centre_x = g.safe.x + g.safe.w / 2;
    const float max_w = g.safe.w * 0.85f;
    const float code_px = page.code.empty() ? 0.0f : pairing_code_px(fonts, g, page.code);
    const float gap = std::round(48 * g.scale);
    const std::string hub = "Hub: " + page.hub;
    // heading, code, hub, instructions; the block centred vertically.
    const float h = fonts.title->FontSize + (page.code.empty() ? 0.0f : gap + code_px * 1.1f) + gap +
                    fonts.author->FontSize * 1.4f + fonts.body->FontSize;
    float y = std::round(g.safe.y + (g.safe.h - h) / 2);
    centred(dl, fonts, fonts.title, centre_x, y, max_w, color(theme.text), page.heading);
    y += fonts.title->FontSize + gap;
    if (!page.code.empty()) {
        const float w = code_width(fonts, code_px, page.code);
        draw_code(dl, fonts, code_px, std::round(centre_x - w / 2), y, color(theme.accent), page.code);
        y += code_px * 1.1f + gap;
        // A rule under the code, in the accent colour, as the header has.
        dl->AddRectFilled(ImVec2(centre_x - w / 2, y - gap / 2 - 2 * g.scale),
                          ImVec2(centre_x + w / 2, y - gap / 2 + 2 * g.scale), color(theme.accent));
    }
    centred(dl, fonts, fonts.author, centre_x, y, max_w, color(theme.text), hub);
    y += fonts.author->FontSize * 1.4f;
    centred(dl, fonts, fonts.body, centre_x, y, max_w, color(theme.muted_text), page.instructions);
}

}  // namespace lw::wall
