// The render loop and its start-up: the wall in a window or full-screen,
// one frame off-screen for --screenshot, and the headless loop. The same for
// every role: the loop only reads the newest WallSnapshot from the channel.
#include "roles/role.h"

#include "core/log.h"
#include "core/metrics.h"
#include "platform/display_power.h"
#include "platform/font_files.h"
#include "platform/gl_surface.h"
#include "platform/local_time.h"
#include "platform/service.h"
#include "platform/signals.h"
#include "text/font_table.h"
#include "wall/renderer.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <future>
#include <thread>

namespace lw::roles {
namespace {

wall::FontBytes bytes_of(const platform::MappedFile& f) { return {f.data(), f.size()}; }

wall::FontSources font_sources(const platform::FontFiles& files) {
    return {bytes_of(files.regular), bytes_of(files.bold), bytes_of(files.cjk_regular), bytes_of(files.cjk_bold),
            [&files] {
                for (const platform::MappedFile* f : {&files.regular, &files.bold, &files.cjk_regular, &files.cjk_bold})
                    f->release_pages();
            },
            platform::script_font_loader(files)};
}

bool parse_size(const std::string& text, int& w, int& h) {
    return std::sscanf(text.c_str(), "%dx%d", &w, &h) == 2 && w >= 64 && h >= 64 && w <= 8192 && h <= 8192;
}

std::tm local_time(TimePoint t) { return platform::local_tm(t); }

double seconds_since(Steady::time_point start) {
    return std::chrono::duration<double>(Steady::now() - start).count();
}

std::atomic<platform::GlSurface*> g_surface{nullptr};  // for wake-ups from other threads; render thread sets it

}  // namespace

void wake_surface() {
    if (platform::GlSurface* surface = g_surface.load()) surface->wake();
}

std::optional<std::string> FrameGrab::png() {
    if (!wake_.load()) return std::nullopt;  // no render loop (headless, or not started yet)
    std::unique_lock lock(mutex_);
    const std::uint64_t seen = served_;
    ++waiting_;
    if (auto* wake = wake_.load()) wake();
    const bool got = cv_.wait_for(lock, std::chrono::seconds(3), [&] { return served_ > seen; });
    --waiting_;
    if (!got || rgba_.empty()) return std::nullopt;
    std::vector<std::uint8_t> copy = rgba_;
    const int w = width_, h = height_;
    lock.unlock();
    std::string out;
    if (!platform::encode_png(w, h, copy, out)) return std::nullopt;
    return out;
}

void FrameGrab::serve(int width, int height, std::vector<std::uint8_t> rgba) {
    {
        std::lock_guard lock(mutex_);
        rgba_ = std::move(rgba);
        width_ = width;
        height_ = height;
        ++served_;
    }
    cv_.notify_all();
}

namespace {


// Runs SIGHUP reloads one at a time on a worker thread, so that reading the
// file and restarting the pipeline never stall the screen or the watchdog.
class Reloader {
public:
    explicit Reloader(ReloadFn reload) : reload_(std::move(reload)) {}
    // Render thread: on SIGHUP. A second one while the first runs waits its turn.
    void request(const Config& running) {
        if (work_.valid()) {
            again_ = true;
            return;
        }
        work_ = std::async(std::launch::async, [this, running] {
            auto next = reload_(running);
            wake_surface();
            return next;
        });
    }
    // A reload is running: look again soon (its wake-up may come just before it is done).
    bool busy() const { return work_.valid(); }
    // Render thread: the new config once a reload finished with one.
    std::optional<Config> take(const Config& running) {
        if (!work_.valid() || work_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
        std::optional<Config> next = work_.get();
        if (again_) {
            again_ = false;
            request(next ? *next : running);
        }
        return next;
    }

private:
    ReloadFn reload_;
    std::future<std::optional<Config>> work_;  // its destructor waits for a reload in progress
    bool again_ = false;
};

// Opens the font files and hands them to the renderer; false after logging why.
bool load_fonts(const Config& config, platform::FontFiles& fonts, wall::Renderer& renderer) {
    std::string error;
    if (!platform::open_font_files(fonts, config.theme.font_regular, config.theme.font_bold, error)) {
        log::error("{}", error);
        return false;
    }
    platform::open_script_fonts(fonts, text::font_paths(text::noto_script_table()));
    renderer.set_fonts(font_sources(fonts), platform::color_emoji_font_path());
    return true;
}

// Starts the renderer on the surface's GL context (current on this thread).
bool init_renderer(const platform::GlSurface& surface, wall::Renderer& renderer) {
    log::info("drawing with {}", surface.description());
    std::string error;
    if (!renderer.init(surface.glsl_version(), error)) {
        log::error("{}", error);
        return false;
    }
    return true;
}

// Opens a GL surface with `open` and starts the renderer on it. The font
// atlas for a screen of `width`x`height` is rasterised on a worker while
// `open` creates the GL context: the two slowest steps of start-up then run
// side by side. `width` 0 skips that (no surface is coming). Null after logging why.
template <typename Open>
std::unique_ptr<platform::GlSurface> start_renderer(Open open, int width, int height, const Config& config,
                                                    const SnapshotChannel& channel, platform::FontFiles& fonts,
                                                    wall::Renderer& renderer) {
    if (!load_fonts(config, fonts, renderer)) return nullptr;
    // Nothing else touches ImGui until the worker is joined (ImGui has no
    // context yet, and the renderer is the worker's alone meanwhile).
    const auto started = Steady::now();
    double fonts_s = 0;
    std::thread fonts_worker([&renderer, &fonts_s, started, width, height, snapshot = channel.current()] {
        if (width > 0) renderer.prepare(width, height, snapshot);
        fonts_s = seconds_since(started);
    });
    std::string error;
    std::unique_ptr<platform::GlSurface> surface = open(error);
    const double open_s = seconds_since(started);
    fonts_worker.join();
    log::debug("start-up: GL surface {:.0f} ms, font atlas {:.0f} ms (side by side)", open_s * 1000, fonts_s * 1000);
    if (!surface) {
        log::error("{}", error);
        return nullptr;
    }
    if (!init_renderer(*surface, renderer)) return nullptr;
    return surface;
}

}  // namespace

int take_screenshot(const Options& options, const Config& config, SnapshotChannel& channel) {
    int width = 0, height = 0;
    if (!parse_size(options.size, width, height)) {
        log::error("--size must look like 1920x1080");
        return 2;
    }
    platform::FontFiles fonts;  // outlives the renderer, which draws from its mapped bytes
    wall::Renderer renderer(config.wall, config.theme);
    renderer.set_notice(options.setup_notice);
    auto surface = start_renderer(
        [&](std::string& error) {
            auto s = platform::open_offscreen(width, height, error);
            if (!s) error = "cannot render off-screen: " + error;
            return s;
        },
        width, height, config, channel, fonts, renderer);
    if (!surface) return 1;
    SystemClock clock;
    const auto start = Steady::now();
    // Draw until every image is decoded and on screen (bounded: 10 s).
    for (int frame = 0; frame < 1000; ++frame) {
        surface->new_imgui_frame();
        renderer.render(channel.current(), clock.now(), local_time(clock.now()), 0.0);
        if (frame >= 2 && !renderer.images_loading()) break;
        if (seconds_since(start) > 10) {
            log::warn("images still loading after 10 s; taking the screenshot anyway");
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::vector<std::uint8_t> rgba;
    if (!surface->read_pixels(rgba) || !platform::write_png(options.screenshot, width, height, rgba)) {
        log::error("cannot write the screenshot {}", options.screenshot);
        return 1;
    }
    log::info("wrote {} ({}x{})", options.screenshot, width, height);
    return 0;
}

namespace {

// SIGHUP: a fresh renderer for new theme, wall and font settings.
bool restart_renderer(platform::GlSurface& surface, const Config& config, platform::FontFiles& fonts,
                      std::unique_ptr<wall::Renderer>& renderer) {
    surface.detach_imgui();
    const std::string notice = renderer ? renderer->notice() : std::string();
    renderer = std::make_unique<wall::Renderer>(config.wall, config.theme);
    renderer->set_notice(notice);
    const bool ok = load_fonts(config, fonts, *renderer) && init_renderer(surface, *renderer);
    surface.attach_imgui();
    return ok;
}

// Seconds the main loop may sleep: short enough for the watchdog and to see
// SIGTERM within a second.
double max_sleep_s() {
    const double watchdog_s = std::chrono::duration<double>(platform::watchdog_interval()).count();
    return watchdog_s > 0 ? std::min(1.0, watchdog_s / 3) : 1.0;
}

// The debug hook of the watchdog test: stop sending WATCHDOG=1 (until SIGTERM).
void hang_on_purpose() {
    log::warn("debug: the main loop hangs on purpose (SIGUSR1 with LOBBYWALL_DEBUG_HANG_ON_SIGUSR1=1)");
    while (!platform::stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// --headless: the pipeline and the console run on their threads; this loop
// only tells systemd it is alive and handles signals.
std::mutex g_headless_mutex;
std::condition_variable g_headless_wake;
void wake_headless() {
    { std::lock_guard lock(g_headless_mutex); }  // not between the loop's check and its wait
    g_headless_wake.notify_all();
}

}  // namespace

int run_headless(Config& config, const ReloadFn& reload) {
    Reloader reloader(reload);
    platform::install_signal_handlers();
    platform::set_signal_wake(wake_headless);
    platform::notify_ready();
    log::info("headless: running with no screen ({})", config.fleet.role == "screen" ? "syncing from the hub" : "polling, moderating and serving the console");
    while (!platform::stop_requested()) {
        if (platform::debug_hang_requested()) hang_on_purpose();
        platform::notify_watchdog();
        if (platform::take_reload_request()) reloader.request(config);
        if (auto next = reloader.take(config)) config = std::move(*next);
        // Woken by any signal (SIGHUP too); a spurious wake-up only runs the loop once more.
        std::unique_lock lock(g_headless_mutex);
        if (!platform::stop_requested() && !platform::debug_hang_requested())
            g_headless_wake.wait_for(lock, std::chrono::duration<double>(reloader.busy() ? 0.05 : max_sleep_s()));
    }
    platform::set_signal_wake(nullptr);
    platform::notify_stopping();
    log::info("stopping");
    return 0;
}

int run_wall(const Options& options, Config& config, SnapshotChannel& channel, FrameGrab& grab,
             Steady::time_point process_start, const ReloadFn& reload) {
    platform::WindowOptions window;
    window.fullscreen = config.display.fullscreen;
    window.width = config.display.width;
    window.height = config.display.height;
    if (!options.windowed.empty()) {
        if (!parse_size(options.windowed, window.width, window.height)) {
            log::error("--windowed must look like 1280x720");
            return 2;
        }
        window.fullscreen = false;
    }
    // The screen's size, for the fonts prepared while the window opens; a
    // wrong guess only costs a second atlas build on the first frame.
    platform::SurfaceSize expected{window.width, window.height};
    if (window.fullscreen) expected = platform::primary_monitor_size().value_or(expected);
    if (!platform::display_available()) expected = {};  // open_window says what to do
    platform::FontFiles fonts;  // outlives the renderer, which draws from its mapped bytes
    auto renderer = std::make_unique<wall::Renderer>(config.wall, config.theme);
    renderer->set_notice(options.setup_notice);
    auto surface = start_renderer([&](std::string& error) { return platform::open_window(window, error); },
                                  expected.width, expected.height, config, channel, fonts, *renderer);
    if (!surface) return 1;
    surface->attach_imgui();
    g_surface = surface.get();
    grab.set_wake(wake_surface);
    // Detach before the renderer (and its ImGui context) goes, on every path out.
    struct Detach {
        platform::GlSurface& surface;
        FrameGrab& grab;
        ~Detach() {
            platform::set_signal_wake(nullptr);
            grab.set_wake(nullptr);
            g_surface = nullptr;
            surface.detach_imgui();
        }
    } detach{*surface, grab};
    platform::install_signal_handlers();
    platform::set_signal_wake(wake_surface);
    const double watchdog_s = std::chrono::duration<double>(platform::watchdog_interval()).count();
    double min_frame_s = 1.0 / config.display.max_fps;
    platform::ScreenSwitch screen(config.screen);
    Reloader reloader(reload);  // goes before the surface and the services: a reload in progress ends first
    bool blank = false;  // the screen's off hours: one black frame, then no drawing
    bool screen_shows_frame = false;  // the screen holds the renderer's last frame
    SystemClock clock;
    const auto start = Steady::now();
    bool first_frame = true;
    bool animating = false;
    double next_draw_s = 0;
    std::uint64_t drawn_version = 0;
    platform::SurfaceSize drawn_size;

    while (!platform::stop_requested() && !surface->close_requested()) {
        if (platform::debug_hang_requested()) hang_on_purpose();
        if (platform::take_reload_request()) reloader.request(config);
        if (auto next = reloader.take(config)) {
            config = std::move(*next);
            screen.reconfigure(config.screen);
            min_frame_s = 1.0 / config.display.max_fps;
            if (!restart_renderer(*surface, config, fonts, renderer)) return 1;
            screen_shows_frame = false;
            drawn_version = 0;
        }
        // "On screen now" is served once a reload in progress has been taken
        // over (the console asks right after a SIGHUP); it waits up to 3 s.
        const bool grab_due = grab.wanted() && !reloader.busy();
        const bool scheduled_on = screen.update(clock.now());
        metrics::display_scheduled_on().set(scheduled_on ? 1 : 0);
        if (!scheduled_on) {
            if (!blank || grab_due) {
                surface->clear_black();
                std::vector<std::uint8_t> rgba;
                const platform::SurfaceSize size = surface->framebuffer_size();
                if (grab_due && surface->read_pixels(rgba)) grab.serve(size.width, size.height, std::move(rgba));
                surface->present();
                blank = true;
                screen_shows_frame = false;
                if (first_frame) {  // started in the off hours: black is the first frame
                    first_frame = false;
                    platform::notify_ready();
                }
            }
            platform::notify_watchdog();
            // Signals, content and screenshots wake it; otherwise it sleeps up
            // to a minute (or a third of the watchdog interval) at night.
            double night_s = watchdog_s > 0 ? std::min(60.0, watchdog_s / 3) : 60.0;
            if (reloader.busy()) night_s = 0.05;
            surface->wait_events(std::max(screen.seconds_to_change(clock.now(), night_s), 0.01));
            continue;
        }
        if (blank) {
            blank = false;
            drawn_version = 0;  // draw again at once
        }
        const double frame_start = seconds_since(start);
        SnapshotPtr snapshot = channel.current();
        const platform::SurfaceSize size = surface->framebuffer_size();
        const bool due = first_frame || animating || frame_start >= next_draw_s || grab_due ||
                         snapshot->version != drawn_version || size.width != drawn_size.width ||
                         size.height != drawn_size.height;
        if (due) {
            surface->new_imgui_frame();
            // A frame in which only the ticker moves may show just the band
            // (the screen holds the rest), unless somebody wants the whole frame.
            renderer->set_partial_present(surface->can_present_region() && screen_shows_frame && !grab_due);
            const wall::FrameInfo info = renderer->render(snapshot, clock.now(), local_time(clock.now()), frame_start);
            if (grab_due) {
                std::vector<std::uint8_t> rgba;
                if (surface->read_pixels(rgba)) grab.serve(size.width, size.height, std::move(rgba));
            }
            if (info.partial)
                surface->present_region(static_cast<int>(info.partial->x), static_cast<int>(info.partial->y),
                                        static_cast<int>(info.partial->w), static_cast<int>(info.partial->h));
            else
                surface->present();
            screen_shows_frame = true;
            metrics::frames_drawn().inc();
            metrics::last_frame_timestamp().set(static_cast<double>(clock.now().time_since_epoch().count()));
            drawn_version = snapshot->version;
            drawn_size = size;
            animating = info.animating;
            next_draw_s = frame_start + info.next_change_s;
            if (first_frame) {
                first_frame = false;
                platform::notify_ready();
                log::debug("first frame drawn and presented in {:.0f} ms", (seconds_since(start) - frame_start) * 1000);
                log::info("first frame on screen {:.0f} ms after start", seconds_since(process_start) * 1000);
                metrics::first_frame_seconds().set(seconds_since(process_start));
            }
        }
        platform::notify_watchdog();
        // Sleep until the next thing moves; wake at least once a second to
        // notice new content and signals, and in time for the watchdog.
        double timeout = animating ? min_frame_s - (seconds_since(start) - frame_start)
                                   : std::min(next_draw_s - seconds_since(start), 1.0);
        if (watchdog_s > 0) timeout = std::min(timeout, watchdog_s / 3);
        if (reloader.busy()) timeout = std::min(timeout, 0.05);
        if (timeout > 0.0005) surface->wait_events(timeout);
        else surface->wait_events(0);
    }
    platform::notify_stopping();
    log::info("stopping");
    return 0;
}


}  // namespace lw::roles
