// Tests for the [wall] keys that bound the wall's cost: the cross-fade's
// frame rate and the texture memory budget.
#include "core/config.h"

#include <catch2/catch.hpp>

using namespace lw;

TEST_CASE("transition_fps and texture_budget_mb are read with their defaults and ranges", "[config][wall]") {
    const ConfigResult defaults = parse_config("");
    REQUIRE(defaults.problems.empty());
    CHECK(defaults.config.wall.transition_fps == 0);  // automatic
    CHECK(defaults.config.wall.texture_budget_mb == 256);

    const ConfigResult r = parse_config("[wall]\ntransition_fps = 60\ntexture_budget_mb = 64\n");
    REQUIRE(r.problems.empty());
    CHECK(r.config.wall.transition_fps == 60);
    CHECK(r.config.wall.texture_budget_mb == 64);

    const ConfigResult bad = parse_config("[wall]\ntransition_fps = 90\ntexture_budget_mb = 8\n");
    REQUIRE(bad.problems.size() == 2);
    CHECK(bad.problems[0].line == 2);
    CHECK_THAT(bad.problems[0].message, Catch::Contains("'wall.transition_fps' must be between 0 and 60"));
    CHECK(bad.problems[1].line == 3);
    CHECK_THAT(bad.problems[1].message, Catch::Contains("'wall.texture_budget_mb' must be between 16 and 4096"));
    CHECK(bad.config.wall.transition_fps == 0);  // bad values keep the defaults
    CHECK(bad.config.wall.texture_budget_mb == 256);
}
