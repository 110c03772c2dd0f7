// Image decoding for the wall: images are decoded just large enough to cover
// the box they are drawn in, and decoded again when drawn larger later.
#include "platform/gl_surface.h"
#include "wall/image_loader.h"

#include "temp_dir.h"

#include <backends/imgui_impl_opengl3_loader.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace lw;

namespace {

// A 800x400 gradient PNG written by our own encoder.
std::string write_gradient(const test::TempDir& dir, int w = 800, int h = 400) {
    std::vector<std::uint8_t> rgba(static_cast<size_t>(w) * h * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = &rgba[(static_cast<size_t>(y) * w + x) * 4];
            p[0] = static_cast<std::uint8_t>(x * 255 / w);
            p[1] = static_cast<std::uint8_t>(y * 255 / h);
            p[2] = 128;
            p[3] = 255;
        }
    const std::string path = (dir.path() / "gradient.png").string();
    REQUIRE(platform::write_png(path, w, h, rgba));
    return path;
}

}  // namespace

TEST_CASE("an image is decoded just large enough to cover its box", "[images]") {
    test::TempDir dir;
    const std::string path = write_gradient(dir);
    wall::ImageLoaderOptions options;

    // Cover 200x50: the width decides (200/800 > 50/400), the aspect ratio stays.
    wall::DecodedImage a = wall::decode_image_file(path, options, {200, 50});
    REQUIRE(a.error.empty());
    CHECK(a.width == 200);
    CHECK(a.height == 100);
    CHECK(a.scaled);
    CHECK(a.rgba.size() == 200u * 100 * 4);
    // Cover 100x300: now the height decides.
    wall::DecodedImage b = wall::decode_image_file(path, options, {100, 300});
    CHECK(b.width == 600);
    CHECK(b.height == 300);
    // Never scaled up: a box larger than the file keeps the file's size.
    wall::DecodedImage c = wall::decode_image_file(path, options, {1600, 1600});
    CHECK(c.width == 800);
    CHECK(c.height == 400);
    CHECK_FALSE(c.scaled);
    // No box: only max_side limits it.
    options.max_side = 400;
    wall::DecodedImage d = wall::decode_image_file(path, options);
    CHECK(d.width == 400);
    CHECK(d.height == 200);
    // The colours survive the scaling: left edge dark red, right edge bright red.
    CHECK(a.rgba[0] < 20);
    CHECK(a.rgba[(199) * 4] > 235);
}

TEST_CASE("a texture drawn larger than it was decoded is decoded again", "[images][render]") {
    test::TempDir dir;
    const std::string path = write_gradient(dir);
    std::string error;
    auto surface = platform::open_offscreen(64, 64, error);
    INFO(error);
    REQUIRE(surface);
    REQUIRE(imgl3wInit() == 0);  // the GL entry points the texture cache calls (the renderer's init does this)
    wall::DecodeWorker worker;
    wall::TextureCache cache(worker);
    auto wait_for = [&](auto done) {
        for (int i = 0; i < 500 && !done(); ++i) {  // bounded: 5 s
            cache.begin_frame();
            cache.upload_pending();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    };
    const wall::Texture* t = nullptr;
    wait_for([&] { return (t = cache.get(path, {100, 50})) != nullptr; });
    REQUIRE(t);
    CHECK(t->width == 100);
    CHECK(t->height == 50);
    const long long small_bytes = cache.resident_bytes();
    CHECK(small_bytes == 100 * 50 * 4);

    // A little larger (within a rounding step): the small texture is good enough.
    t = cache.get(path, {110, 55});
    REQUIRE(t);
    CHECK_FALSE(cache.loading());
    // Much larger: the small texture is drawn until the larger one is uploaded.
    t = cache.get(path, {400, 200});
    REQUIRE(t);
    CHECK(t->width == 100);
    wait_for([&] { return (t = cache.get(path, {400, 200})) && t->width == 400; });
    REQUIRE(t);
    CHECK(t->width == 400);
    CHECK(t->height == 200);
    CHECK(cache.resident_bytes() == 400 * 200 * 4);  // the small one was released
}
