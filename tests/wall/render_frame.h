// The render tests' shared helpers: draw a snapshot with the real renderer
// into an off-screen GL surface (a hidden GLFW window under Xvfb, or EGL
// surfaceless without a display) at a fixed clock, and read the pixels back.
#pragma once

#include "core/demo_content.h"
#include "core/time.h"
#include "platform/font_files.h"
#include "platform/gl_surface.h"
#include "wall/renderer.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <utility>
#include <thread>

namespace lw::test_wall {

using namespace std::chrono;


struct Rgb { int r, g, b; };

inline Rgb rgb_of(Rgba c) { return {int((c >> 24) & 0xFF), int((c >> 16) & 0xFF), int((c >> 8) & 0xFF)}; }

struct Frame {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;
    wall::GridLayout layout;
    int page = 0;
    wall::PageGeometry geometry;   // the cards on screen (without the burn-in drift)
    wall::FrameInfo info;          // what the last frame told the main loop
    std::uint64_t scene_draws = 0; // frames of `times` that drew the whole scene (not just the ticker)

    Rgb at(int x, int y) const {
        const size_t i = (static_cast<size_t>(y) * width + x) * 4;
        return {rgba[i], rgba[i + 1], rgba[i + 2]};
    }
    static bool near(Rgb a, Rgb b, int tol) {
        return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
    }
    // Pixels in a rectangle for which `pred` holds.
    template <typename Pred>
    int count(const wall::Rect& r, Pred pred) const {
        int n = 0;
        for (int y = std::max(0, int(r.y)); y < std::min(height, int(r.bottom())); ++y)
            for (int x = std::max(0, int(r.x)); x < std::min(width, int(r.right())); ++x)
                n += pred(at(x, y)) ? 1 : 0;
        return n;
    }
    // Runs of at least `min_len` pixels close to `c` along row y.
    int runs(int y, Rgb c, int min_len) const {
        int found = 0, len = 0;
        for (int x = 0; x <= width; ++x) {
            if (x < width && near(at(x, y), c, 6)) {
                ++len;
            } else {
                if (len >= min_len) ++found;
                len = 0;
            }
        }
        return found;
    }
};

inline const TimePoint kNow = sys_days{2026y / 11 / 24} + 14h + 30min;

// Renders frames at the given monotonic times (seconds) and returns the last,
// after waiting (bounded) for images to decode.
inline Frame render(const SnapshotPtr& snapshot, int width, int height, std::vector<double> times = {0.0},
             const WallConfig& wall = {}, const ThemeConfig& theme = {}, bool with_cjk_font = true,
             bool with_emoji_font = true, std::optional<std::pair<int, int>> prepare_for = std::nullopt) {
    std::string error;
    platform::FontFiles files;
    REQUIRE(platform::open_font_files(files, {}, {}, error));
    platform::open_script_fonts(files, text::font_paths(text::noto_script_table()));
    wall::FontSources fonts{{files.regular.data(), files.regular.size()}, {files.bold.data(), files.bold.size()},
                            {files.cjk_regular.data(), files.cjk_regular.size()},
                            {files.cjk_bold.data(), files.cjk_bold.size()}, {}, platform::script_font_loader(files)};
    if (!with_cjk_font) fonts.cjk_regular = fonts.cjk_bold = {};
    wall::Renderer renderer(wall, theme);
    renderer.set_fonts(fonts, with_emoji_font ? platform::color_emoji_font_path() : std::string());
    // As start-up does it: the atlas rasterised on another thread while the GL surface opens.
    std::thread worker;
    // `prepare_for`: the size start-up expected (a different one is a full-screen guess that missed).
    if (prepare_for)
        worker = std::thread([&] { renderer.prepare(prepare_for->first, prepare_for->second, snapshot); });
    auto surface = platform::open_offscreen(width, height, error);
    if (worker.joinable()) worker.join();
    INFO(error);
    REQUIRE(surface);
    REQUIRE(renderer.init(surface->glsl_version(), error));
    std::tm local{};
    local.tm_hour = 14;
    local.tm_min = 30;
    local.tm_mday = 24;
    local.tm_mon = 10;
    local.tm_year = 126;
    local.tm_wday = 2;
    for (int i = 0; i < 500; ++i) {  // at most ~5 s for the images
        surface->new_imgui_frame();
        renderer.render(snapshot, kNow, local, times.front());
        if (i >= 2 && !renderer.images_loading()) break;
        std::this_thread::sleep_for(milliseconds(10));
    }
    wall::FrameInfo info;
    const std::uint64_t drawn_before = renderer.scene_draws();
    for (double t : times) {
        surface->new_imgui_frame();
        info = renderer.render(snapshot, kNow, local, t);
    }
    Frame f;
    f.width = width;
    f.height = height;
    REQUIRE(surface->read_pixels(f.rgba));
    REQUIRE(f.rgba.size() == static_cast<size_t>(width) * height * 4);
    f.layout = renderer.layout();
    f.page = renderer.view().page();
    f.geometry = renderer.view().geometry();
    f.info = info;
    f.scene_draws = renderer.scene_draws() - drawn_before;
    return f;
}

// Golden pictures tolerate small rasteriser and font differences: a pixel
// differs when a channel is off by more than kPixelTolerance, and up to
// kMaxDifferingFraction of the pixels may.
constexpr int kPixelTolerance = 48;
constexpr double kMaxDifferingFraction = 0.01;

// Golden pictures: a pixel differs when a colour channel is off by more than
// `tolerance`. The fraction of `pixels` RGBA pixels that differ; `diff`, when
// given, gets red where they differ and a dim copy of `rgba` elsewhere.
inline double differing_fraction(const std::uint8_t* rgba, const unsigned char* golden, size_t pixels, int tolerance,
                                 std::vector<std::uint8_t>* diff = nullptr) {
    size_t n = 0;
    if (diff) diff->assign(pixels * 4, 255);
    for (size_t i = 0; i < pixels; ++i) {
        bool differs = false;
        for (size_t c = 0; c < 3; ++c) differs |= std::abs(int(rgba[i * 4 + c]) - int(golden[i * 4 + c])) > tolerance;
        n += differs;
        if (diff)
            for (size_t c = 0; c < 3; ++c) (*diff)[i * 4 + c] = differs ? (c == 0 ? 255 : 0) : rgba[i * 4 + c] / 3;
    }
    return pixels ? static_cast<double>(n) / static_cast<double>(pixels) : 0.0;
}

inline SnapshotPtr demo_snapshot() {
    std::string error;
    auto demo = load_demo_content(LOBBYWALL_SOURCE_DIR "/assets/demo", kNow, error);
    INFO(error);
    REQUIRE(demo);
    return std::make_shared<const WallSnapshot>(demo->snapshot);
}

inline const ThemeConfig kTheme;
inline bool is_text(Rgb c) { return Frame::near(c, rgb_of(kTheme.text), 40); }
inline bool is_sky(Rgb c) { return c.b > 200 && c.g > 180 && c.r > 120 && c.r < 235 && c.b - c.r > 15; }


}  // namespace lw::test_wall
