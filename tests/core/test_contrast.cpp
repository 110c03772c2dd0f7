// Tests for core/contrast: WCAG 2 contrast ratios, the built-in themes'
// text/background pairs, and check-config's contrast problems.
#include "core/config.h"
#include "core/contrast.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace lw;
using Catch::Detail::Approx;

TEST_CASE("contrast_ratio follows WCAG 2", "[contrast]") {
    CHECK(relative_luminance(0x000000FF) == Approx(0.0));
    CHECK(relative_luminance(0xFFFFFFFF) == Approx(1.0));
    CHECK(relative_luminance(0xFF0000FF) == Approx(0.2126));
    CHECK(relative_luminance(0x00FF00FF) == Approx(0.7152));
    CHECK(relative_luminance(0x0000FFFF) == Approx(0.0722));
    CHECK(contrast_ratio(0x000000FF, 0xFFFFFFFF) == Approx(21.0));
    CHECK(contrast_ratio(0xFFFFFFFF, 0x000000FF) == Approx(21.0));  // symmetric
    CHECK(contrast_ratio(0x336699FF, 0x336699FF) == Approx(1.0));
    // Published reference values (WebAIM's checker): #777777 on white is
    // 4.48:1 (just fails AA), #767676 on white 4.54:1 (just passes).
    CHECK(contrast_ratio(0x777777FF, 0xFFFFFFFF) == Approx(4.48).epsilon(0.002));
    CHECK(contrast_ratio(0x767676FF, 0xFFFFFFFF) == Approx(4.54).epsilon(0.002));
    CHECK(contrast_ratio(0x777777FF, 0xFFFFFFFF) < kMinTextContrast);
    CHECK(contrast_ratio(0x767676FF, 0xFFFFFFFF) >= kMinTextContrast);
    // Translucent text is blended first: half-transparent black on white is mid grey.
    CHECK(blend_over(0x00000080, 0xFFFFFFFF) == 0x7F7F7FFF);
    CHECK(contrast_ratio(0x00000080, 0xFFFFFFFF) == Approx(contrast_ratio(0x7F7F7FFF, 0xFFFFFFFF)));
    CHECK(contrast_ratio(0x00000000, 0xFFFFFFFF) == Approx(1.0));
}

TEST_CASE("text_color_on picks white or black, always readable", "[contrast]") {
    CHECK(text_color_on(0x000000FF) == 0xFFFFFFFF);
    CHECK(text_color_on(0xFFFFFFFF) == 0x000000FF);
    CHECK(text_color_on(0x0E6E6AFF) == 0xFFFFFFFF);
    CHECK(text_color_on(0xF2C94CFF) == 0x000000FF);
    CHECK(readable_or(0xFFFFFFFF, 0x0E6E6AFF) == 0xFFFFFFFF);
    CHECK(readable_or(0xFFFFFFFF, 0xF2C94CFF) == 0x000000FF);
    for (Rgba i = 0; i < 4096; ++i) {  // a 16-level grid over every channel
        const Rgba bg = ((i >> 8) * 0x11u) << 24 | (((i >> 4) & 0xF) * 0x11u) << 16 | ((i & 0xF) * 0x11u) << 8 | 0xFF;
        INFO(std::hex << bg);
        CHECK(contrast_ratio(text_color_on(bg), bg) >= kMinTextContrast);
    }
}

TEST_CASE("the built-in dark and light themes meet 4.5:1 for every text the wall draws", "[contrast]") {
    for (const ThemeConfig& theme : {dark_theme(), light_theme()}) {
        const auto pairs = theme_text_pairs(theme);
        CHECK(pairs.size() >= 9);
        for (const TextPair& p : pairs) {
            INFO((theme.dark ? "dark: " : "light: ") << p.what << " = " << contrast_ratio(p.fg, p.bg));
            CHECK(contrast_ratio(p.fg, p.bg) >= kMinTextContrast);
        }
    }
    CHECK(dark_theme().dark);
    CHECK_FALSE(light_theme().dark);
    CHECK(relative_luminance(light_theme().background) > 0.8);
    CHECK(relative_luminance(dark_theme().background) < 0.05);
}

TEST_CASE("mode = light gives the light palette; explicit colours still win", "[contrast][config]") {
    ConfigResult light = parse_config("[theme]\nmode = \"light\"\n");
    REQUIRE(light.ok());
    CHECK_FALSE(light.config.theme.dark);
    CHECK(light.config.theme.background == light_theme().background);
    CHECK(light.config.theme.card == light_theme().card);
    CHECK(light.config.theme.text == light_theme().text);
    ConfigResult mixed = parse_config("[theme]\nmode = \"light\"\ncard = \"#F7F3E8\"\nlogo = \"/x/logo.png\"\n");
    REQUIRE(mixed.ok());
    CHECK(mixed.config.theme.card == 0xF7F3E8FF);
    CHECK(mixed.config.theme.background == light_theme().background);
    CHECK(mixed.config.theme.logo == "/x/logo.png");
}

TEST_CASE("check-config reports text below 4.5:1 on the line of the colour", "[contrast][config]") {
    // Grey text on a white card (light theme): the text key's line.
    ConfigResult r = parse_config("[wall]\nlayout = \"grid\"\n\n[theme]\nmode = \"light\"\ntext = \"#999999\"\n");
    REQUIRE_FALSE(r.ok());
    bool text_on_card = false;
    for (const ConfigProblem& p : r.problems) {
        INFO(p.line << ": " << p.message);
        CHECK(p.line == 6);
        CHECK_THAT(p.message, Catch::Contains("4.5:1"));
        text_on_card = text_on_card || p.message.find("text on card has contrast 2.85:1") != std::string::npos;
    }
    CHECK(text_on_card);

    // Only the background set (dark text defaults stay light): the background's line.
    r = parse_config("[theme]\n\nbackground = \"#E0E0E0\"\n");
    REQUIRE(r.problems.size() == 1);  // the avatar initials pick their own colour
    CHECK(r.problems[0].line == 3);
    CHECK_THAT(r.problems[0].message, Catch::Contains("text on background"));

    // Light mode with a dark card: the problem sits on the card's line.
    r = parse_config("[theme]\nmode = \"light\"\ncard = \"#1C3350\"\n");
    REQUIRE_FALSE(r.ok());
    for (const ConfigProblem& p : r.problems) CHECK(p.line == 3);

    // A readable custom theme passes; the prompt card's text picks its own colour.
    r = parse_config("[theme]\nbackground = \"#202020\"\ncard = \"#303030\"\nprompt_card = \"#F2C94C\"\n");
    CHECK(r.ok());
}

TEST_CASE("theme file paths are relative to the config file", "[config]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("lobbywall.toml");
    std::ofstream(path) << "[theme]\nlogo = \"brand/logo.png\"\nfont_regular = \"/usr/share/fonts/x.ttf\"\n";
    ConfigResult r = load_config_file(path);
    REQUIRE(r.ok());
    CHECK(r.config.theme.logo == (dir.path() / "brand/logo.png").string());
    CHECK(r.config.theme.font_regular == "/usr/share/fonts/x.ttf");  // absolute paths stay
    CHECK(r.config.theme.font_bold.empty());                          // empty stays empty (the default font)
}
