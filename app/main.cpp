// lobbywall: a straight line of start-up steps, one loop, one teardown path.
//
//   lobbywall [--config FILE] [--demo] [--windowed WxH]     the wall
//   lobbywall [--config FILE] --headless                    no screen: poll, moderate, serve the console
//   lobbywall --demo --screenshot out.png --size 1920x1080  one frame to a PNG
//   lobbywall check-config FILE                             validate a config
#include "core/config.h"
#include "core/demo_content.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/snapshot.h"
#include "core/time.h"
#include "net/curl_client.h"
#include "net/net_options.h"
#include "pipeline/pipeline.h"
#include "pipeline/probe.h"
#include "server/accounts.h"
#include "server/blocked_authors.h"
#include "server/console_server.h"
#include "server/metrics_server.h"
#include "server/user_command.h"
#include "store/backup.h"
#include "platform/font_files.h"
#include "platform/display_power.h"
#include "platform/gl_surface.h"
#include "platform/local_time.h"
#include "platform/paths.h"
#include "platform/process_stats.h"
#include "platform/service.h"
#include "platform/signals.h"
#include "wall/notice.h"
#include "wall/renderer.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <cstdio>
#include <iostream>
#include <ctime>
#include <functional>
#include <future>
#include <thread>
#include <tuple>

namespace {

using namespace lw;
using Steady = std::chrono::steady_clock;

struct Options {
    std::string config_path;
    bool demo = false;
    std::string windowed;      // "WxH"
    std::string screenshot;    // PNG path
    std::string size = "1920x1080";
    bool verbose = false;
    bool headless = false;
    // Not an option: provisioning's complaint about the boot partition's
    // config (wall/notice.h), read once at start-up and shown on the wall.
    std::string setup_notice;
};

wall::FontBytes bytes_of(const platform::MappedFile& f) { return {f.data(), f.size()}; }

wall::FontSources font_sources(const platform::FontFiles& files) {
    return {bytes_of(files.regular), bytes_of(files.bold), bytes_of(files.cjk_regular), bytes_of(files.cjk_bold),
            [&files] {
                for (const platform::MappedFile* f : {&files.regular, &files.bold, &files.cjk_regular, &files.cjk_bold})
                    f->release_pages();
            }};
}

bool parse_size(const std::string& text, int& w, int& h) {
    return std::sscanf(text.c_str(), "%dx%d", &w, &h) == 2 && w >= 64 && h >= 64 && w <= 8192 && h <= 8192;
}

std::tm local_time(TimePoint t) { return platform::local_tm(t); }

double seconds_since(Steady::time_point start) {
    return std::chrono::duration<double>(Steady::now() - start).count();
}

// FILE, merged with FILE's conf.d/*.toml and then the extra drop-ins.
int check_config(const std::vector<std::string>& files) {
    const std::string& path = files.front();
    ConfigResult result = load_config_files(path, {files.begin() + 1, files.end()});
    for (const ConfigProblem& p : result.problems) std::fprintf(stderr, "%s\n", describe(p, path).c_str());
    if (!result.ok()) return 1;
    if (result.files.size() > 1) std::printf("%s + %zu drop-in(s): ok\n", path.c_str(), result.files.size() - 1);
    else std::printf("%s: ok\n", path.c_str());
    return 0;
}

// What the wall shows: the demo content, or (until the store feeds it) the
// configured prompts on an otherwise empty wall.
bool publish_initial_content(const Options& options, Config& config, const platform::Paths& paths,
                             SnapshotChannel& channel) {
    SystemClock clock;
    WallSnapshot snapshot;
    if (options.demo) {
        std::string error;
        auto demo = load_demo_content(paths.assets / "demo", clock.now(), error);
        if (!demo) {
            log::error("{}; reinstall lobbywall or set LOBBYWALL_ASSETS", error);
            return false;
        }
        if (options.config_path.empty() && !demo->hospital_name.empty())
            config.wall.hospital_name = demo->hospital_name;
        if (options.config_path.empty() && config.theme.logo.empty()) config.theme.logo = demo->logo;  // the demo theme
        snapshot = std::move(demo->snapshot);
        log::info("demo content: {} posts, {} announcements, {} prompts", snapshot.posts.size(),
                  snapshot.announcements.size(), snapshot.prompts.size());
    }
    if (!config.prompts.empty()) snapshot.prompts = config.prompts;
    snapshot.built_at = clock.now();
    channel.publish(std::move(snapshot));
    return true;
}

// "On screen now" for the staff console: a worker thread asks, the render
// loop copies the next frame it draws, the worker encodes the PNG. The lock
// only guards a memory copy; the render thread never waits on I/O for it.
class FrameGrab {
public:
    // Any thread. Waits (at most 3 s) for the render loop's next frame.
    std::optional<std::string> png() {
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
    // Render thread: is anybody waiting for a frame?
    bool wanted() const { return waiting_.load() > 0; }
    void serve(int width, int height, std::vector<std::uint8_t> rgba) {
        {
            std::lock_guard lock(mutex_);
            rgba_ = std::move(rgba);
            width_ = width;
            height_ = height;
            ++served_;
        }
        cv_.notify_all();
    }
    void set_wake(void (*wake)()) { wake_ = wake; }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::atomic<int> waiting_{0};
    std::atomic<void (*)()> wake_{nullptr};
    std::uint64_t served_ = 0;
    std::vector<std::uint8_t> rgba_;
    int width_ = 0, height_ = 0;
};

std::atomic<platform::GlSurface*> g_surface{nullptr};  // for wake-ups from other threads; render thread sets it
void wake_surface() {
    if (platform::GlSurface* surface = g_surface.load()) surface->wake();
}

// The pipeline the console's hooks reach; swapped when SIGHUP restarts it.
struct PipelineSlot {
    std::mutex mutex;
    pipeline::Pipeline* pipeline = nullptr;
};

// The store, the media cache and the pipeline that feeds the wall; in demo
// mode there are none. Destroyed in reverse order: threads stop first.
struct Services {
    std::unique_ptr<Store> store;
    std::unique_ptr<MediaCache> media;
    std::unique_ptr<Accounts> accounts;
    std::unique_ptr<pipeline::Pipeline> pipeline;
    std::unique_ptr<ConsoleServer> console;
    metrics::CollectorHandle store_metrics;  // before the store goes: a scrape never reaches a closed store
    // The console starts after the pipeline; the pipeline's hook finds it here.
    std::shared_ptr<std::atomic<ConsoleServer*>> console_slot = std::make_shared<std::atomic<ConsoleServer*>>(nullptr);
    std::shared_ptr<PipelineSlot> pipeline_slot = std::make_shared<PipelineSlot>();

    Services() = default;
    Services(Services&&) = default;
    Services& operator=(Services&&) = default;
    // The pipeline's threads stop first: they call into the console.
    ~Services() {
        if (pipeline) pipeline->stop();
    }

    void make_pipeline(const Config& config, SnapshotChannel& channel, const Clock& clock) {
        pipeline::PipelineOptions options;
        options.sources = config.sources;
        options.global_rules = config.moderation;
        options.config_prompts = config.prompts;
        options.max_post_age = std::chrono::hours(24 * config.wall.max_post_age_days);
        options.screen_hours = config.screen.hours;
        options.local_time = platform::local_time;
        options.night_poll_interval = std::chrono::minutes(config.screen.night_poll_minutes);
        Store* store_ptr = store.get();
        options.extra_blocked_authors = [store_ptr] {
            auto authors = blocked_authors(*store_ptr);
            return authors ? *authors : std::vector<std::string>{};
        };
        options.on_published = wake_surface;
        options.on_new_posts = [slot = console_slot] {
            if (ConsoleServer* console = slot->load()) console->notify_changed();
        };
        pipeline = std::make_unique<pipeline::Pipeline>(options, *store, media.get(), channel,
                                                        std::make_unique<net::CurlHttpClient>(net::client_options(config.net)), clock);
        std::lock_guard lock(pipeline_slot->mutex);
        pipeline_slot->pipeline = pipeline.get();
    }

    // SIGHUP: new sources, rules and prompts take effect with fresh pollers.
    void restart_pipeline(const Config& config, SnapshotChannel& channel, const Clock& clock) {
        if (!pipeline) return;
        {
            std::lock_guard lock(pipeline_slot->mutex);
            pipeline_slot->pipeline = nullptr;
        }
        pipeline->stop();
        pipeline.reset();
        make_pipeline(config, channel, clock);
        pipeline->publish_now();
        pipeline->start();
        log::info("reload: the pipeline restarted with {} sources", config.sources.size());
    }
};

// Opens the store and the media cache and publishes what they hold, before
// any network access: a restart with the network gone shows the last wall.
// A store that cannot be opened is logged; the wall then shows prompts only.
Services open_services(const Config& config, const platform::Paths& paths, SnapshotChannel& channel,
                       const Clock& clock, FrameGrab& grab) {
    Services s;
    std::error_code ec;
    std::filesystem::create_directories(paths.state_dir, ec);
    std::filesystem::create_directories(paths.cache_dir / "media", ec);
    StoreOptions store_options;
    store_options.path = (paths.state_dir / "lobbywall.db").string();
    store_options.media_dir = (paths.cache_dir / "media").string();
    store_options.post_retention_days = config.store.retention_days;
    store_options.audit_retention_days = config.store.audit_retention_days;
    auto store = Store::open(store_options);
    if (!store) {
        log::error("cannot open the database {} ({}); the wall shows prompts only until it can",
                   store_options.path, store.error);
        return s;
    }
    s.store = std::move(*store);
    MediaCacheOptions media_options;
    media_options.dir = store_options.media_dir;
    media_options.budget_bytes = static_cast<std::int64_t>(config.store.media_budget_mb) * 1024 * 1024;
    if (auto media = MediaCache::open(*s.store, media_options)) s.media = std::move(*media);
    else log::error("cannot open the media cache {} ({}); posts are shown without images", media_options.dir, media.error);
    s.store_metrics = collect_store_metrics(*s.store, s.media.get(), clock);

    s.make_pipeline(config, channel, clock);
    if (!s.pipeline->publish_now()) log::warn("the wall starts empty");
    log::info("database {}: {} posts on the wall, {} sources configured", store_options.path,
              channel.current()->posts.size(), config.sources.size());

    if (config.server.enabled) {
        auto accounts = Accounts::open(Accounts::default_file(paths.state_dir));
        if (!accounts) {
            log::error("cannot open the staff accounts ({}); the console is off", accounts.error);
            return s;
        }
        s.accounts = std::move(*accounts);
        ConsoleHooks hooks;
        hooks.on_content_changed = [slot = s.pipeline_slot] {
            std::lock_guard lock(slot->mutex);
            if (slot->pipeline) slot->pipeline->content_changed();
        };
        hooks.screenshot_png = [&grab] { return grab.png(); };
        s.console = std::make_unique<ConsoleServer>(*s.store, *s.accounts, clock, s.media.get(), hooks);
        ConsoleOptions console;
        console.listen = config.server.listen;
        console.tls_cert = config.server.tls_cert;
        console.tls_key = config.server.tls_key;
        console.assets_dir = (paths.assets / "console").string();
        console.wall_max_age = std::chrono::hours(24 * config.wall.max_post_age_days);
        if (Status started = s.console->start(console); !started) {
            log::error("the staff console cannot start: {}", started.error);
            s.console.reset();
        } else {
            s.console_slot->store(s.console.get());
            log::info("add staff to the console with: lobbywall user add NAME --role moderator");
        }
    }
    return s;
}

// SIGHUP, on a worker thread: reads the config file again and restarts the
// pipeline with its sources, rules and prompts. Returns the config the
// render loop then takes over (wall, theme, screen hours), or nullopt: a
// file with problems keeps the running config, logged in one line. The
// settings that need a restart keep their running values and are named.
std::optional<Config> reload_config(const std::string& path, const Config& config, SnapshotChannel& channel,
                                    Services& services, const Clock& clock) {
    if (path.empty()) {
        log::warn("SIGHUP: started without a config file, nothing to reload");
        return std::nullopt;
    }
    ConfigResult result = load_config_file(path);
    if (!result.ok()) {
        const ConfigProblem& p = result.problems.front();
        log::error("SIGHUP: {} ({} problem(s)); keeping the running config", describe(p, path),
                   result.problems.size());
        return std::nullopt;
    }
    Config next = std::move(result.config);
    const Config& old = config;
    std::string restart;
    auto keep = [&](bool changed, const char* what, auto& field, const auto& running) {
        if (!changed) return;
        restart += (restart.empty() ? "" : ", ") + std::string(what);
        field = running;
    };
    const auto server = [](const ServerConfig& s) {
        return std::tie(s.enabled, s.listen, s.tls_cert, s.tls_key, s.metrics_listen);
    };
    const auto store = [](const StoreConfig& s) {
        return std::tie(s.retention_days, s.audit_retention_days, s.media_budget_mb);
    };
    const auto window = [](const DisplayConfig& d) { return std::tie(d.fullscreen, d.width, d.height); };
    keep(server(next.server) != server(old.server), "[server]", next.server, old.server);
    keep(std::tie(next.paths.state_dir, next.paths.cache_dir) != std::tie(old.paths.state_dir, old.paths.cache_dir),
         "[paths]", next.paths, old.paths);
    keep(store(next.store) != store(old.store), "[store]", next.store, old.store);
    const int max_fps = next.display.max_fps;  // applies live
    keep(window(next.display) != window(old.display), "display.fullscreen/width/height", next.display, old.display);
    next.display.max_fps = max_fps;
    keep(next.screen.time_zone != old.screen.time_zone, "screen.time_zone", next.screen.time_zone, old.screen.time_zone);
    if (!restart.empty()) log::warn("SIGHUP: {} changed in {}: needs a restart; the rest is applied", restart, path);
    if (services.pipeline) {
        services.restart_pipeline(next, channel, clock);
    } else if (!next.prompts.empty()) {
        WallSnapshot snapshot = *channel.current();
        snapshot.prompts = next.prompts;
        channel.publish(std::move(snapshot));
    }
    log::info("SIGHUP: reloaded {}", path);
    return next;
}

using ReloadFn = std::function<std::optional<Config>(const Config& running)>;

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

int run_headless(Config& config, const ReloadFn& reload) {
    Reloader reloader(reload);
    platform::install_signal_handlers();
    platform::set_signal_wake(wake_headless);
    platform::notify_ready();
    log::info("headless: polling, moderating and serving the console with no screen");
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
            drawn_version = 0;
        }
        const bool scheduled_on = screen.update(clock.now());
        metrics::display_scheduled_on().set(scheduled_on ? 1 : 0);
        if (!scheduled_on) {
            if (!blank || grab.wanted()) {
                surface->clear_black();
                std::vector<std::uint8_t> rgba;
                const platform::SurfaceSize size = surface->framebuffer_size();
                if (grab.wanted() && surface->read_pixels(rgba)) grab.serve(size.width, size.height, std::move(rgba));
                surface->present();
                blank = true;
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
        const bool due = first_frame || animating || frame_start >= next_draw_s || grab.wanted() ||
                         snapshot->version != drawn_version || size.width != drawn_size.width ||
                         size.height != drawn_size.height;
        if (due) {
            surface->new_imgui_frame();
            const wall::FrameInfo info = renderer->render(snapshot, clock.now(), local_time(clock.now()), frame_start);
            if (grab.wanted()) {
                std::vector<std::uint8_t> rgba;
                if (surface->read_pixels(rgba)) grab.serve(size.width, size.height, std::move(rgba));
            }
            surface->present();
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

}  // namespace

int main(int argc, char** argv) {
    const auto process_start = Steady::now();
    CLI::App app{"lobbywall: a social wall for hospital waiting rooms"};
    app.set_version_flag("--version", std::string(LOBBYWALL_VERSION));
    Options options;
    app.add_option("--config", options.config_path, "Config file (default /etc/lobbywall/lobbywall.toml if present)");
    app.add_flag("--demo", options.demo, "Show the bundled demo content (no network needed)");
    app.add_option("--windowed", options.windowed, "Run in a window of this size instead of full-screen, e.g. 1280x720");
    app.add_option("--screenshot", options.screenshot, "Render one frame off-screen to this PNG file and exit");
    app.add_option("--size", options.size, "Screen size for --screenshot, e.g. 1080x1920 for portrait");
    app.add_flag("-v,--verbose", options.verbose, "Log debug messages");
    app.add_flag("--headless", options.headless, "No screen: poll, moderate and serve the staff console only");
    std::vector<std::string> check_paths;
    CLI::App* check = app.add_subcommand("check-config", "Check a config file (with the drop-ins in conf.d/ beside it) "
                                                         "and print each problem with its file and line");
    check->add_option("FILE", check_paths, "The config file, then extra drop-ins to merge after conf.d's")->required();
    pipeline::ProbeOptions probe_options;
    CLI::App* probe = app.add_subcommand("probe", "Parse a saved payload or fetch a configured source once; "
                                                  "print each post as a JSON line");
    probe->add_option("--kind", probe_options.kind, "With --file: mastodon, bluesky or feed");
    probe->add_option("--file", probe_options.file, "A saved payload to parse");
    probe->add_option("--config", probe_options.config_path, "The config file (for --source and for rules)");
    probe->add_option("--source", probe_options.source, "A [[source]] name to fetch once");
    probe->add_flag("--moderate", probe_options.moderate, "Add the rules' decision and reasons to each line");
    CLI::App* user = app.add_subcommand("user", "Staff accounts for the console: user add NAME --role moderator|admin, "
                                                "user list, user remove NAME, user passwd NAME");
    user->allow_extras();
    user->prefix_command();
    CLI::App* backup = app.add_subcommand("backup", "backup DIR: a consistent copy of the databases and media while "
                                                    "lobbywall runs (docs/operations.md)");
    CLI::App* restore = app.add_subcommand("restore", "restore DIR [--force]: put a backup back, with lobbywall stopped");
    for (CLI::App* command : {backup, restore}) {
        command->allow_extras();
        command->prefix_command();
    }
    CLI11_PARSE(app, argc, argv);

    if (options.verbose) log::set_min_level(log::Level::Debug);
    if (check->parsed()) return check_config(check_paths);
    if (probe->parsed()) return pipeline::run_probe(probe_options, std::cout, std::cerr);

    Config config;
    platform::Paths paths = platform::default_paths();
    std::string config_path = options.config_path;
    if (config_path.empty() && !options.demo && std::filesystem::exists(paths.config)) config_path = paths.config;
    if (!config_path.empty()) {
        ConfigResult result = load_config_file(config_path);
        for (const ConfigProblem& p : result.problems) log::error("{}", describe(p, config_path));
        if (!result.ok()) {
            log::error("the config has {} problem(s); fix them (lobbywall check-config {}) and restart",
                       result.problems.size(), config_path);
            return 1;
        }
        config = std::move(result.config);
        paths = platform::default_paths(config.paths.state_dir, config.paths.cache_dir);
    }
    if (std::string error; !platform::use_time_zone(config.screen.time_zone, error))
        log::error("{}; using the system time zone", error);

    if (user->parsed()) {
        const std::vector<std::string> words = user->remaining();
        if (words.empty() || std::find(words.begin(), words.end(), "--help") != words.end() ||
            std::find(words.begin(), words.end(), "-h") != words.end()) {
            std::cout << "usage: lobbywall [--config FILE] user add NAME --role moderator|admin\n"
                         "       lobbywall [--config FILE] user passwd NAME\n"
                         "       lobbywall [--config FILE] user remove|disable|enable NAME\n"
                         "       lobbywall [--config FILE] user list\n"
                         "Passwords are read from the terminal (or standard input when it is not one).\n";
            return words.empty() ? 2 : 0;
        }
        std::error_code ec;
        std::filesystem::create_directories(paths.state_dir, ec);
        return run_user_command(user->remaining(), paths.state_dir, std::cin, std::cout, std::cerr);
    }
    if (backup->parsed())
        return run_backup_command(backup->remaining(), paths.state_dir, paths.cache_dir / "media", std::cout, std::cerr);
    if (restore->parsed())
        return run_restore_command(restore->remaining(), paths.state_dir, paths.cache_dir / "media", std::cout, std::cerr);
    SnapshotChannel channel;
    SystemClock clock;
    FrameGrab grab;
    Services services;
    if (options.demo) {
        if (!publish_initial_content(options, config, paths, channel)) return 1;
    } else {
        net::global_init();  // before any thread starts; the demo needs no network
        services = open_services(config, paths, channel, clock, grab);
        if (!services.store && !publish_initial_content(options, config, paths, channel)) return 1;
    }
    if (!options.demo) {
        const auto error_file = paths.state_dir / "provision-error.txt";
        options.setup_notice = wall::read_setup_notice(error_file);
        if (!options.setup_notice.empty())
            log::error("setup notice: {} (from {}); the wall shows it",
                       options.setup_notice.substr(0, options.setup_notice.find('\n')), error_file.string());
    }
    if (!options.screenshot.empty()) return take_screenshot(options, config, channel);
    if (options.headless && !services.console && !services.pipeline) {
        log::error("--headless has nothing to do: neither the pipeline nor the staff console could start");
        return 1;
    }
    // GET /metrics for Prometheus ([server] metrics_listen; docs/operations.md).
    const auto process_metrics = collect_process_metrics(platform::resident_memory_bytes, clock.now(), LOBBYWALL_VERSION);
    MetricsServer metrics_server;
    if (!options.demo && !config.server.metrics_listen.empty())
        if (Status started = metrics_server.start(config.server.metrics_listen); !started)
            log::warn("{}; the box runs without /metrics", started.error);
    if (services.pipeline) services.pipeline->start();
    const ReloadFn reload = [&](const Config& running) {
        return reload_config(config_path, running, channel, services, clock);
    };
    if (options.headless) return run_headless(config, reload);
    return run_wall(options, config, channel, grab, process_start, reload);
}
