// Text contrast (WCAG 2): relative luminance, contrast ratio, and the
// text/background colour pairs the wall draws with a theme. Pure functions;
// the config check and the tests use them, and the wall draws only these
// pairs (docs/wall.md, "Theme and contrast").
#pragma once

#include "core/config.h"

#include <string>
#include <vector>

namespace lw {

// WCAG 2.x AA for normal-size text.
inline constexpr double kMinTextContrast = 4.5;

// Relative luminance of an sRGB colour, 0 (black) .. 1 (white); alpha ignored.
double relative_luminance(Rgba color);

// `fg` over `bg`: (L1 + 0.05) / (L2 + 0.05), 1..21, symmetric. A translucent
// `fg` is first blended over `bg` (bg's own alpha is ignored: backgrounds are
// drawn opaque).
double contrast_ratio(Rgba fg, Rgba bg);

// `fg` blended over `bg` by fg's alpha; opaque result.
Rgba blend_over(Rgba fg, Rgba bg);

// White or black, whichever contrasts more with `bg` (always >= 4.58:1).
// The prompt card's text colour.
Rgba text_color_on(Rgba bg);

// `preferred` if it reaches 4.5:1 on `bg`, else text_color_on(bg). The
// prompt card's text (preferring white) and the avatar initials (preferring
// the background colour) use it, so no theme can make them unreadable.
Rgba readable_or(Rgba preferred, Rgba bg);

// The built-in themes: `[theme] mode = "dark"` (the defaults) and "light".
ThemeConfig dark_theme();
ThemeConfig light_theme();

// One kind of text the wall draws, and the colour it sits on.
struct TextPair {
    std::string what;     // "text on card"
    std::string fg_key;   // the [theme] keys the two colours come from
    std::string bg_key;
    Rgba fg = 0, bg = 0;
};

// Every text/background pair that WallView draws with `theme`.
std::vector<TextPair> theme_text_pairs(const ThemeConfig& theme);

}  // namespace lw
