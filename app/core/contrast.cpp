// Text contrast: see contrast.h.
#include "core/contrast.h"

#include <algorithm>
#include <cmath>

namespace lw {
namespace {

double channel(Rgba c, int shift) {
    const double s = static_cast<double>((c >> shift) & 0xFF) / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
}

}  // namespace

double relative_luminance(Rgba c) {
    return 0.2126 * channel(c, 24) + 0.7152 * channel(c, 16) + 0.0722 * channel(c, 8);
}

Rgba blend_over(Rgba fg, Rgba bg) {
    const unsigned a = fg & 0xFF;
    Rgba out = 0xFF;
    for (int shift : {24, 16, 8}) {
        const unsigned f = (fg >> shift) & 0xFF, b = (bg >> shift) & 0xFF;
        const unsigned v = (f * a + b * (255 - a) + 127) / 255;
        out |= static_cast<Rgba>(v) << shift;
    }
    return out;
}

double contrast_ratio(Rgba fg, Rgba bg) {
    const double a = relative_luminance(blend_over(fg, bg));
    const double b = relative_luminance(bg);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

Rgba text_color_on(Rgba bg) {
    constexpr Rgba white = 0xFFFFFFFF, black = 0x000000FF;
    return contrast_ratio(white, bg) >= contrast_ratio(black, bg) ? white : black;
}

Rgba readable_or(Rgba preferred, Rgba bg) {
    return contrast_ratio(preferred, bg) >= kMinTextContrast ? preferred : text_color_on(bg);
}

ThemeConfig dark_theme() { return ThemeConfig{}; }

ThemeConfig light_theme() {
    ThemeConfig t;
    t.dark = false;
    t.background = 0xEEF2F6FF;
    t.header = 0xFFFFFFFF;
    t.card = 0xFFFFFFFF;
    t.text = 0x14213DFF;
    t.muted_text = 0x4A5A70FF;
    t.accent = 0x0B6E99FF;
    t.prompt_card = 0x0B5F5CFF;
    return t;
}

std::vector<TextPair> theme_text_pairs(const ThemeConfig& t) {
    return {
        {"text on card", "text", "card", t.text, t.card},
        {"muted text on card", "muted_text", "card", t.muted_text, t.card},
        {"accent text on card (announcement label)", "accent", "card", t.accent, t.card},
        {"avatar initials on accent", "accent", "accent", readable_or(t.background, t.accent), t.accent},
        {"text on header", "text", "header", t.text, t.header},
        {"muted text on header", "muted_text", "header", t.muted_text, t.header},
        {"accent text on header (ticker authors)", "accent", "header", t.accent, t.header},
        {"text on background", "text", "background", t.text, t.background},
        {"text on prompt card", "prompt_card", "prompt_card", readable_or(0xFFFFFFFF, t.prompt_card), t.prompt_card},
    };
}

}  // namespace lw
