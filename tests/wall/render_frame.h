// The render tests' shared helpers: draw a snapshot with the real renderer
// into an off-screen GL surface (a hidden GLFW window under Xvfb, or EGL
// surfaceless without a display) at a fixed clock, and read the pixels back.
#pragma once

#include "core/demo_content.h"
#include "core/time.h"
#include "platform/font_files.h"
#include "platform/gl_surface.h"
#include "text/font_table.h"
#include "wall/renderer.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <memory>
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

// A real renderer on an off-screen GL surface at the test's fixed clock:
// frames drawn one by one, each read back when asked.
class WallSession {
public:
    // `prepare_for`: the size start-up expected (a different one is a full-screen guess that missed).
    WallSession(const SnapshotPtr& snapshot, int width, int height, const WallConfig& wall = {},
                const ThemeConfig& theme = {}, bool with_cjk_font = true, bool with_emoji_font = true,
                std::optional<std::pair<int, int>> prepare_for = std::nullopt)
        : width_(width), height_(height), renderer_(wall, theme) {
        std::string error;
        REQUIRE(platform::open_font_files(files_, {}, {}, error));
        platform::open_script_fonts(files_, text::font_paths(text::noto_script_table()));
        wall::FontSources fonts{{files_.regular.data(), files_.regular.size()}, {files_.bold.data(), files_.bold.size()},
                                {files_.cjk_regular.data(), files_.cjk_regular.size()},
                                {files_.cjk_bold.data(), files_.cjk_bold.size()}, {},
                                platform::script_font_loader(files_)};
        if (!with_cjk_font) fonts.cjk_regular = fonts.cjk_bold = {};
        renderer_.set_fonts(fonts, with_emoji_font ? platform::color_emoji_font_path() : std::string());
        // As start-up does it: the atlas rasterised on another thread while the GL surface opens.
        std::thread worker;
        if (prepare_for)
            worker = std::thread([&] { renderer_.prepare(prepare_for->first, prepare_for->second, snapshot); });
        surface_ = platform::open_offscreen(width, height, error);
        if (worker.joinable()) worker.join();
        INFO(error);
        REQUIRE(surface_);
        REQUIRE(renderer_.init(surface_->glsl_version(), error));
        local_.tm_hour = 14;
        local_.tm_min = 30;
        local_.tm_mday = 24;
        local_.tm_mon = 10;
        local_.tm_year = 126;
        local_.tm_wday = 2;
    }
    wall::Renderer& renderer() { return renderer_; }

    // Draws frames at `t` until every image is decoded (at most ~5 s).
    void settle(const SnapshotPtr& snapshot, double t, TimePoint now = kNow) {
        for (int i = 0; i < 500; ++i) {
            draw(snapshot, t, now);
            if (i >= 2 && !renderer_.images_loading()) break;
            std::this_thread::sleep_for(milliseconds(10));
        }
    }
    wall::FrameInfo draw(const SnapshotPtr& snapshot, double t, TimePoint now = kNow) {
        surface_->new_imgui_frame();
        std::tm local = local_;
        local.tm_min += static_cast<int>(duration_cast<minutes>(now - kNow).count());
        return renderer_.render(snapshot, now, local, t);
    }
    // The pixels drawn last, and what the renderer knows about them.
    Frame read(wall::FrameInfo info = {}) {
        Frame f;
        f.width = width_;
        f.height = height_;
        REQUIRE(surface_->read_pixels(f.rgba));
        REQUIRE(f.rgba.size() == static_cast<size_t>(width_) * height_ * 4);
        f.layout = renderer_.layout();
        f.page = renderer_.view().page();
        f.geometry = renderer_.view().geometry();
        f.info = info;
        return f;
    }

private:
    int width_, height_;
    platform::FontFiles files_;  // the renderer draws from its mapped bytes
    wall::Renderer renderer_;
    std::unique_ptr<platform::GlSurface> surface_;
    std::tm local_{};
};

// Renders frames at the given monotonic times (seconds) and returns the last,
// after waiting (bounded) for images to decode.
inline Frame render(const SnapshotPtr& snapshot, int width, int height, std::vector<double> times = {0.0},
             const WallConfig& wall = {}, const ThemeConfig& theme = {}, bool with_cjk_font = true,
             bool with_emoji_font = true, std::optional<std::pair<int, int>> prepare_for = std::nullopt) {
    WallSession session(snapshot, width, height, wall, theme, with_cjk_font, with_emoji_font, prepare_for);
    session.settle(snapshot, times.front());
    wall::FrameInfo info;
    const std::uint64_t drawn_before = session.renderer().scene_draws();
    for (double t : times) info = session.draw(snapshot, t);
    Frame f = session.read(info);
    f.scene_draws = session.renderer().scene_draws() - drawn_before;
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
