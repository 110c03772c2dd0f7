// Frame benchmark: the real renderer draws a busy 1920x1080 wall (24 posts,
// each with a picture and an avatar, plus announcements and a prompt)
// off-screen, and times every frame of several page cross-fades, stepped at
// 60 fps as the main loop does. Not a test: run it and read the numbers.
//
//   cmake --build build --target frame_bench
//   scripts/with-display.sh build/tests/bench/frame_bench [options]
//     --layouts grid,masonry   layouts to measure (grid, masonry, spotlight)
//     --size 1920x1080         surface size
//     --fades 6                cross-fades measured per layout (after a warm-up round)
//     --fps 60                 frame rate the fades are stepped at
//     --masonry-columns 0      0 = automatic
//     --images DIR             where the synthetic pictures go (default: a temp dir)
//     --page-textures on       off: draw both pages every fade frame (as before
//                              issue 16) instead of blending their textures
//
// Per frame it reports, as median and p99 over the fade frames:
//   build   our own CPU work: ImGui frame set-up, WallView::draw, ImGui::Render
//           (Renderer::last_timings().build_s plus new_imgui_frame)
//   driver  ImGui_ImplOpenGL3_RenderDrawData and the rest of the GL calls, then
//           glFinish: the driver (on llvmpipe: vertex work and rasterisation)
//   total   build + driver (wall time)
//   cpu     CPU time of the whole process during the frame (all threads,
//           including llvmpipe's rasteriser threads)
// Times are wall-clock on the steady clock; on a shared machine, compare the
// medians (the p99 catches the scheduler too). It also prints the font atlas
// and picture texture bytes, and estimates rotation CPU (8 s pages) for fades
// drawn at 60, 30, 20 and 15 fps from the median CPU of a fade frame.
#include "core/time.h"
#include "platform/font_files.h"
#include "platform/gl_surface.h"
#include "wall/renderer.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

extern "C" void glFinish();  // libOpenGL (GLVND): dispatches to the current GLX or EGL context

namespace {

using namespace lw;
using namespace std::chrono;
namespace fs = std::filesystem;

double process_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// A picture of our own: a two-colour gradient sky, a sun and rolling hills,
// different for every seed. Fast to compute (no supersampling).
std::vector<std::uint8_t> picture(int w, int h, int seed) {
    std::vector<std::uint8_t> rgba(size_t(w) * h * 4);
    const float hue = float(seed * 37 % 360) / 360.f;
    auto channel = [](float v) { return std::uint8_t(std::clamp(v, 0.f, 1.f) * 255.f + 0.5f); };
    const float sun_x = w * (0.2f + 0.6f * float(seed % 5) / 4.f), sun_y = h * 0.3f, sun_r = h * 0.12f;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const float fy = float(y) / float(h), fx = float(x) / float(w);
            float r = 0.35f + 0.4f * fy, g = 0.55f + 0.3f * fy, b = 0.9f - 0.2f * fy;
            if ((x - sun_x) * (x - sun_x) + (y - sun_y) * (y - sun_y) < sun_r * sun_r) r = 1.f, g = 0.85f, b = 0.4f;
            const float hill = 0.65f + 0.08f * std::sin(fx * (6.f + float(seed % 7)) + hue * 6.28f);
            if (fy > hill) {
                r = 0.2f + 0.3f * hue;
                g = 0.5f + 0.2f * std::sin(hue * 6.28f);
                b = 0.25f;
            }
            const size_t i = (size_t(y) * w + x) * 4;
            rgba[i] = channel(r);
            rgba[i + 1] = channel(g);
            rgba[i + 2] = channel(b);
            rgba[i + 3] = 255;
        }
    return rgba;
}

std::string ensure_png(const fs::path& dir, const std::string& name, int w, int h, int seed) {
    const fs::path path = dir / name;
    if (!fs::exists(path) && !platform::write_png(path.string(), w, h, picture(w, h, seed))) {
        std::fprintf(stderr, "frame_bench: cannot write %s\n", path.c_str());
        std::exit(1);
    }
    return path.string();
}

SnapshotPtr busy_snapshot(const fs::path& dir, TimePoint now) {
    static const char* kWords[] = {"the", "garden", "nurses", "morning", "coffee", "volunteers", "thank", "you",
                                   "wonderful", "care", "team", "visit", "new", "wing", "opened", "today",
                                   "families", "music", "friday", "kindness", "patients", "smiles", "sunshine", "walk"};
    static const char* kNames[] = {"Ana Souza", "Ben Okafor", "Chloé Martin", "Dmitri Ivanov", "Eva Lindqvist",
                                   "Farah Haddad", "Gustavo Reyes", "Hana Suzuki"};
    WallSnapshot s;
    s.version = 1;
    s.built_at = now;
    const int sizes[][2] = {{1200, 900}, {900, 1200}, {1600, 900}, {1000, 1000}};
    for (int i = 0; i < 24; ++i) {
        Post p;
        p.id = "bench-" + std::to_string(i);
        p.source_id = "bench";
        p.author = kNames[i % 8];
        p.handle = "@user" + std::to_string(i) + "@example.org";
        p.avatar_local_path = ensure_png(dir, "avatar" + std::to_string(i % 8) + ".png", 128, 128, 100 + i % 8);
        const int words = 8 + (i * 7) % 30;  // 8..37 words: short and long cards
        for (int w = 0; w < words; ++w) p.text += std::string(w ? " " : "") + kWords[(i * 5 + w * 3) % 24];
        p.text += " #StVGarden";
        p.tags = {"StVGarden"};
        Media m;
        const int* sz = sizes[i % 4];
        m.local_path = ensure_png(dir, "picture" + std::to_string(i) + ".png", sz[0], sz[1], i);
        m.url = m.local_path;
        m.width = sz[0];
        m.height = sz[1];
        m.alt = "A synthetic landscape, number " + std::to_string(i);
        p.media.push_back(m);
        p.created = now - minutes(3 + i * 11);
        p.permalink = "https://example.org/@user/" + std::to_string(i);
        s.posts.push_back(std::move(p));
    }
    for (int i = 0; i < 2; ++i) {
        Announcement a;
        a.id = "ann-" + std::to_string(i);
        a.title = i ? "Flu vaccinations" : "Visiting hours";
        a.body = i ? "Free flu jabs in the main hall, weekdays 9 to 4." : "Wards are open to visitors from 10:00 to 20:00.";
        a.starts = a.ends = now - hours(1);
        s.announcements.push_back(a);
    }
    HashtagPrompt prompt;
    prompt.id = "prompt";
    prompt.text = "Share your story with #StVGarden";
    prompt.hashtag = "StVGarden";
    prompt.url = "https://example.org/tags/StVGarden";
    s.prompts.push_back(prompt);
    return std::make_shared<const WallSnapshot>(std::move(s));
}

struct Stats {
    double median = 0, p99 = 0, max = 0;
};
Stats stats(std::vector<double> v) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))]; };
    return {at(0.5) * 1e3, at(0.99) * 1e3, v.back() * 1e3};
}

struct Options {
    std::vector<std::string> layouts{"grid", "masonry"};
    int width = 1920, height = 1080;
    int fades = 6;
    int fps = 60;
    int masonry_columns = 0;
    std::string images;
    bool page_textures = true;
};

int run_layout(const Options& o, const std::string& layout, const SnapshotPtr& snapshot, const wall::FontSources& fonts,
               const std::string& emoji_font) {
    WallConfig wall;
    wall.hospital_name = "St. Vincent's Hospital";
    wall.layout = layout;
    wall.page_seconds = 8;
    wall.transition_fps = 60;  // every fade frame "animating": stepped at --fps here
    wall.masonry_columns = o.masonry_columns;
    ThemeConfig theme;
    wall::Renderer renderer(wall, theme);
    renderer.set_fonts(fonts, emoji_font);
    renderer.set_page_textures(o.page_textures);
    std::string error;
    auto surface = platform::open_offscreen(o.width, o.height, error);
    if (!surface) {
        std::fprintf(stderr, "frame_bench: %s\n", error.c_str());
        return 1;
    }
    if (!renderer.init(surface->glsl_version(), error)) {
        std::fprintf(stderr, "frame_bench: %s\n", error.c_str());
        return 1;
    }
    const TimePoint now = time_point_cast<seconds>(system_clock::now());
    std::tm local{};
    local.tm_hour = 14;
    local.tm_min = 30;
    local.tm_mday = 24;
    local.tm_mon = 10;
    local.tm_year = 126;
    const double frame_s = 1.0 / o.fps;

    // One frame as the main loop draws it; returns what the view said.
    struct Sample {
        double build, driver, cpu;
    };
    auto frame = [&](double t, Sample* sample) {
        const double cpu0 = process_cpu_s();
        const auto t0 = steady_clock::now();
        surface->new_imgui_frame();
        const auto t1 = steady_clock::now();
        const wall::FrameInfo info = renderer.render(snapshot, now, local, t);
        glFinish();
        const auto t2 = steady_clock::now();
        if (sample) {
            const auto& timing = renderer.last_timings();
            const double all = duration<double>(t2 - t0).count();
            sample->build = duration<double>(t1 - t0).count() + timing.build_s;
            sample->driver = all - sample->build;
            sample->cpu = process_cpu_s() - cpu0;
        }
        return info;
    };

    // Warm-up: one round of page changes, letting every picture decode and
    // upload (as it has on a wall that has been up for a minute), so the
    // measured fades draw resident textures. The main loop's sleeps are
    // skipped: time jumps to the next change.
    double t = 0;
    int fades_seen = 0;  // page changes so far
    const int warm_fades = layout == "spotlight" ? 26 : 8;
    int max_cards = 0;
    int page = renderer.view().page();
    std::vector<Sample> fade, still;
    for (;;) {
        Sample sample{};
        wall::FrameInfo info = frame(t, &sample);
        if (renderer.view().page() != page) {  // this frame started a fade
            page = renderer.view().page();
            if (++fades_seen > warm_fades + o.fades) break;
        }
        const bool measuring = fades_seen > warm_fades;
        if (fades_seen <= warm_fades) {
            for (int i = 0; i < 500 && renderer.images_loading(); ++i) {  // at most ~5 s
                std::this_thread::sleep_for(milliseconds(10));
                info = frame(t, nullptr);
            }
        }
        max_cards = std::max<int>(max_cards, int(renderer.view().geometry().cards.size()));
        if (info.animating) {
            if (measuring) fade.push_back(sample);
            t += frame_s;
        } else {
            if (measuring) still.push_back(sample);
            // Still (the fade ended): the main loop sleeps until the next change.
            t += std::max(frame_s, std::min(info.next_change_s, 60.0));
        }
    }

    auto column = [](const char* name, const std::vector<double>& v) {
        const Stats s = stats(v);
        std::printf("  %-8s median %7.2f ms   p99 %7.2f ms   max %7.2f ms\n", name, s.median, s.p99, s.max);
    };
    std::vector<double> build, driver, total, cpu;
    for (const Sample& s : fade) {
        build.push_back(s.build);
        driver.push_back(s.driver);
        total.push_back(s.build + s.driver);
        cpu.push_back(s.cpu);
    }
    std::printf("%s %dx%d: %zu fade frames over %d fades at %d fps, up to %d cards a page, "
                "font atlas %lld KB, image textures %lld MB\n",
                layout.c_str(), o.width, o.height, fade.size(), o.fades, o.fps, max_cards,
                renderer.atlas_bytes() / 1024, renderer.texture_resident_bytes() >> 20);
    column("build", build);
    column("driver", driver);
    column("total", total);
    column("cpu", cpu);
    // What a page change costs in rotation if every fade frame is drawn on
    // time (an idle machine): fade frames at each rate times the median CPU
    // of a fade frame, plus one still frame, every page_seconds.
    {
        const double fade_cpu = stats(cpu).median / 1e3;
        std::vector<double> still_cpu;
        for (const Sample& s : still) still_cpu.push_back(s.cpu);
        const double still_s = stats(still_cpu).median / 1e3;
        std::printf("  estimated rotation CPU (8 s pages, %.1f s fades), one core:", wall.transition_ms / 1000.0);
        for (int fps : {60, 30, 20, 15}) {
            const double frames = std::ceil(wall.transition_ms / 1000.0 * fps);
            std::printf(" %d fps %.1f%%%s", fps, 100 * (frames * fade_cpu + still_s) / wall.page_seconds,
                        fps == 15 ? "\n" : ",");
        }
    }
    if (!still.empty()) {
        std::vector<double> still_total;
        for (const Sample& s : still) still_total.push_back(s.build + s.driver);
        const Stats s = stats(still_total);
        std::printf("  (%zu still frames between fades: total median %.2f ms)\n", still.size(), s.median);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const char* next = i + 1 < argc ? argv[i + 1] : nullptr;
        if (!next) {
            std::fprintf(stderr, "frame_bench: %s needs a value\n", a.c_str());
            return 2;
        }
        ++i;
        if (a == "--layouts") {
            o.layouts.clear();
            std::string list = next;
            for (size_t pos = 0; pos <= list.size();) {
                const size_t comma = std::min(list.find(',', pos), list.size());
                if (comma > pos) o.layouts.push_back(list.substr(pos, comma - pos));
                pos = comma + 1;
            }
        } else if (a == "--size") {
            if (std::sscanf(next, "%dx%d", &o.width, &o.height) != 2) return 2;
        } else if (a == "--fades") {
            o.fades = std::max(1, std::atoi(next));
        } else if (a == "--fps") {
            o.fps = std::clamp(std::atoi(next), 1, 240);
        } else if (a == "--masonry-columns") {
            o.masonry_columns = std::atoi(next);
        } else if (a == "--images") {
            o.images = next;
        } else if (a == "--page-textures") {
            o.page_textures = std::string(next) != "off";
        } else {
            std::fprintf(stderr, "frame_bench: unknown option %s (see the header of tests/bench/frame_bench.cpp)\n",
                         a.c_str());
            return 2;
        }
    }
    fs::path dir = o.images.empty() ? fs::temp_directory_path() / "lobbywall-frame-bench" : fs::path(o.images);
    fs::create_directories(dir);
    const TimePoint now = time_point_cast<seconds>(system_clock::now());
    const SnapshotPtr snapshot = busy_snapshot(dir, now);

    std::string error;
    platform::FontFiles files;
    if (!platform::open_font_files(files, {}, {}, error)) {
        std::fprintf(stderr, "frame_bench: %s\n", error.c_str());
        return 1;
    }
    platform::open_script_fonts(files, text::font_paths(text::noto_script_table()));
    const wall::FontSources fonts{{files.regular.data(), files.regular.size()}, {files.bold.data(), files.bold.size()},
                                  {files.cjk_regular.data(), files.cjk_regular.size()},
                                  {files.cjk_bold.data(), files.cjk_bold.size()}, {}, platform::script_font_loader(files)};
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) < 0) load[0] = -1;
    std::printf("frame_bench: 24 posts with pictures, pictures in %s; page textures %s; load average %.2f at start\n", dir.c_str(), o.page_textures ? "on" : "off",
                load[0]);
    for (const std::string& layout : o.layouts)
        if (int rc = run_layout(o, layout, snapshot, fonts, platform::color_emoji_font_path())) return rc;
    if (getloadavg(load, 3) < 0) load[0] = -1;
    std::printf("load average %.2f at the end\n", load[0]);
    return 0;
}
