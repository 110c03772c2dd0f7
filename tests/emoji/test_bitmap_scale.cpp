// Tests for emoji/bitmap_scale: area-average downscaling of premultiplied
// BGRA into straight RGBA.
#include "emoji/bitmap_scale.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using namespace lw::emoji;

namespace {

// A premultiplied BGRA image filled by `fill(x, y) -> {b, g, r, a}` (straight
// colour in, premultiplied stored).
struct Image {
    int width, height;
    std::vector<std::uint8_t> pixels;
    BgraView view() const { return {pixels.data(), width, height, width * 4}; }
};

template <typename F>
Image make_image(int width, int height, F fill) {
    Image img{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 4)};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const auto [r, g, b, a] = fill(x, y);
            std::uint8_t* p = img.pixels.data() + (static_cast<std::size_t>(y) * width + x) * 4;
            p[0] = static_cast<std::uint8_t>((b * a + 127) / 255);
            p[1] = static_cast<std::uint8_t>((g * a + 127) / 255);
            p[2] = static_cast<std::uint8_t>((r * a + 127) / 255);
            p[3] = static_cast<std::uint8_t>(a);
        }
    return img;
}

struct Rgba { int r, g, b, a; };

Rgba at(const std::vector<std::uint8_t>& rgba, int width, int x, int y) {
    const std::uint8_t* p = rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
    return {p[0], p[1], p[2], p[3]};
}

}  // namespace

TEST_CASE("scaling keeps a flat colour exact and swaps BGRA to RGBA", "[bitmap_scale]") {
    struct Case { int src_w, src_h, dst_w, dst_h; int r, g, b, a; };
    const Case cases[] = {
        {136, 128, 43, 40, 200, 30, 40, 255},  // the 40 px emoji size
        {136, 128, 30, 28, 10, 120, 250, 255},
        {136, 128, 68, 64, 255, 255, 0, 255},
        {10, 10, 10, 10, 1, 2, 3, 255},        // same size
        {4, 4, 9, 7, 90, 80, 70, 255},         // upscaling
        {64, 64, 16, 16, 255, 0, 0, 128},      // half transparent: colour survives un-premultiplying
    };
    for (const auto& c : cases) {
        INFO(c.src_w << "x" << c.src_h << " -> " << c.dst_w << "x" << c.dst_h);
        const Image img = make_image(c.src_w, c.src_h, [&](int, int) { return Rgba{c.r, c.g, c.b, c.a}; });
        const auto out = scale_bgra_premultiplied_to_rgba(img.view(), c.dst_w, c.dst_h);
        REQUIRE(out.size() == static_cast<std::size_t>(c.dst_w) * c.dst_h * 4);
        for (int y = 0; y < c.dst_h; ++y)
            for (int x = 0; x < c.dst_w; ++x) {
                const Rgba p = at(out, c.dst_w, x, y);
                const int tolerance = c.a == 255 ? 1 : 3;  // premultiplied storage rounds
                REQUIRE(std::abs(p.r - c.r) <= tolerance);
                REQUIRE(std::abs(p.g - c.g) <= tolerance);
                REQUIRE(std::abs(p.b - c.b) <= tolerance);
                REQUIRE(std::abs(p.a - c.a) <= 1);
            }
    }
}

TEST_CASE("an opaque edge against transparency gets no dark fringe", "[bitmap_scale]") {
    // Left half opaque white, right half transparent black: the column that
    // straddles the edge is half transparent but still white.
    const Image img = make_image(8, 2, [](int x, int) { return x < 3 ? Rgba{255, 255, 255, 255} : Rgba{0, 0, 0, 0}; });
    const auto out = scale_bgra_premultiplied_to_rgba(img.view(), 2, 1);
    struct Case { int x; int alpha_min, alpha_max; };
    const Case cases[] = {{0, 190, 192}, {1, 0, 0}};
    for (const auto& c : cases) {
        INFO("column " << c.x);
        const Rgba p = at(out, 2, c.x, 0);
        CHECK(p.a >= c.alpha_min);
        CHECK(p.a <= c.alpha_max);
        if (p.a > 0) {
            CHECK(p.r == 255);
            CHECK(p.g == 255);
            CHECK(p.b == 255);
        } else {
            CHECK(p.r + p.g + p.b == 0);
        }
    }
}

TEST_CASE("area averaging mixes colours by covered area", "[bitmap_scale]") {
    // Columns alternate pure red and pure blue; 2:1 gives an even mix.
    const Image img = make_image(16, 4, [](int x, int) { return x % 2 ? Rgba{0, 0, 255, 255} : Rgba{255, 0, 0, 255}; });
    const auto out = scale_bgra_premultiplied_to_rgba(img.view(), 8, 2);
    for (int x = 0; x < 8; ++x) {
        INFO("column " << x);
        const Rgba p = at(out, 8, x, 0);
        CHECK(std::abs(p.r - 128) <= 1);
        CHECK(std::abs(p.b - 128) <= 1);
        CHECK(p.a == 255);
    }
}

TEST_CASE("an empty source gives a transparent image of the asked size", "[bitmap_scale]") {
    const auto out = scale_bgra_premultiplied_to_rgba({}, 5, 3);
    REQUIRE(out.size() == 5u * 3u * 4u);
    for (std::uint8_t v : out) CHECK(v == 0);
}
