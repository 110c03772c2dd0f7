// Tests for the [wall] keys of layouts, rotation, ticker, burn-in and trending.
#include "core/config.h"

#include <catch2/catch.hpp>

using namespace lw;

TEST_CASE("wall layout keys are read with their defaults", "[config][wall]") {
    ConfigResult defaults = parse_config("");
    REQUIRE(defaults.problems.empty());
    const WallConfig& d = defaults.config.wall;
    CHECK(d.layout == "grid");
    CHECK_FALSE(d.ticker);
    CHECK(d.announcement_every == 4);
    CHECK(d.burn_in_pixels == 6);
    CHECK(d.trending_count == 3);

    ConfigResult r = parse_config(R"(
[wall]
layout = "masonry"
masonry_columns = 3
spotlight_small = 4
announcement_every = 5
pinned_every = 0
ticker = true
ticker_speed = 80
ticker_fps = 24
ticker_posts = 20
burn_in_pixels = 0
burn_in_minutes = 10
trending_count = 5
trending_hours = 24
)");
    INFO((r.problems.empty() ? "" : r.problems[0].message));
    REQUIRE(r.problems.empty());
    const WallConfig& w = r.config.wall;
    CHECK(w.layout == "masonry");
    CHECK(w.masonry_columns == 3);
    CHECK(w.spotlight_small == 4);
    CHECK(w.announcement_every == 5);
    CHECK(w.pinned_every == 0);
    CHECK(w.ticker);
    CHECK(w.ticker_speed == 80);
    CHECK(w.ticker_fps == 24);
    CHECK(w.ticker_posts == 20);
    CHECK(w.burn_in_pixels == 0);
    CHECK(w.burn_in_minutes == 10);
    CHECK(w.trending_count == 5);
    CHECK(w.trending_hours == 24);
    CHECK(parse_config("[wall]\nlayout = \"spotlight\"\n").config.wall.layout == "spotlight");
}

TEST_CASE("bad wall layout values are problems on their lines", "[config][wall]") {
    ConfigResult r = parse_config(R"([wall]
layout = "carousel"
ticker = "yes"
ticker_fps = 240
burn_in_pixels = -1
trending_hours = 0
ticker_colour = "red"
)");
    struct Expected { int line; const char* fragment; };
    const Expected expected[] = {
        {2, "'wall.layout'"},
        {3, "'wall.ticker' must be true or false"},
        {4, "'wall.ticker_fps' must be between 5 and 60"},
        {5, "'wall.burn_in_pixels' must be between 0 and 20"},
        {6, "'wall.trending_hours' must be between 1 and 720"},
        {7, "unknown key 'wall.ticker_colour'"},
    };
    REQUIRE(r.problems.size() == std::size(expected));
    for (size_t i = 0; i < std::size(expected); ++i) {
        INFO(r.problems[i].line << ": " << r.problems[i].message);
        CHECK(r.problems[i].line == expected[i].line);
        CHECK_THAT(r.problems[i].message, Catch::Contains(expected[i].fragment));
    }
    // Bad values keep the defaults.
    CHECK(r.config.wall.layout == "grid");
    CHECK(r.config.wall.ticker_fps == 30);
}

TEST_CASE("[wall] transition is fade or slide", "[config]") {
    CHECK(parse_config("").config.wall.transition == "fade");
    ConfigResult slide = parse_config("[wall]\ntransition = \"slide\"\n");
    REQUIRE(slide.ok());
    CHECK(slide.config.wall.transition == "slide");
    ConfigResult bad = parse_config("[wall]\npage_seconds = 10\ntransition = \"bounce\"\n");
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0].line == 3);
    CHECK(bad.problems[0].message == "'wall.transition' must be one of \"fade\", \"slide\"");
    CHECK(bad.config.wall.transition == "fade");
}
