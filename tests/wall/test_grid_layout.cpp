// Tests for wall/grid_layout: slots fit the screen in every size and orientation.
#include "wall/grid_layout.h"

#include <catch2/catch.hpp>

using namespace lw::wall;

TEST_CASE("grid layout fits 720p to 4K, landscape and portrait", "[layout]") {
    struct Case { int w, h, columns, rows; float min_body_px; };
    const Case cases[] = {
        {1280, 720, 3, 2, 20}, {1920, 1080, 3, 2, 28}, {3840, 2160, 3, 2, 56},
        {1080, 1920, 2, 4, 28}, {720, 1280, 2, 4, 20},  {2160, 3840, 2, 4, 56},
    };
    for (const Case& c : cases) {
        INFO(c.w << "x" << c.h);
        for (int overscan : {0, 5}) {
            GridLayout g = compute_grid_layout(c.w, c.h, overscan);
            CHECK(g.columns == c.columns);
            CHECK(g.rows == c.rows);
            CHECK(g.body_px >= c.min_body_px);
            REQUIRE(g.slots.size() == static_cast<size_t>(c.columns * c.rows));
            for (const Rect& r : g.slots) {
                CHECK(r.x >= g.safe.x);
                CHECK(r.y >= g.header.bottom());
                CHECK(r.right() <= g.safe.right() + 0.5f);
                CHECK(r.bottom() <= g.safe.bottom() + 0.5f);
                CHECK(r.w > 200 * g.scale);
                CHECK(r.h > 200 * g.scale);
            }
            // Neighbours never overlap.
            for (size_t i = 1; i < g.slots.size(); ++i) {
                const Rect& a = g.slots[i - 1];
                const Rect& b = g.slots[i];
                if (a.y == b.y) CHECK(a.right() < b.x);
            }
        }
    }
}

TEST_CASE("overscan moves everything inside the margin", "[layout]") {
    GridLayout g = compute_grid_layout(1920, 1080, 5);
    CHECK(g.safe.x == Approx(96));
    CHECK(g.safe.y == Approx(54));
    CHECK(g.header.x == Approx(96));
    CHECK(g.slots.back().bottom() <= 1080 - 54 + 0.5f);
}
