// lobbywall: a straight line of start-up steps, one loop, one teardown path.
//
//   lobbywall [--config FILE] [--demo] [--windowed WxH]     the wall
//   lobbywall --demo --screenshot out.png --size 1920x1080  one frame to a PNG
//   lobbywall check-config FILE                             validate a config
#include "core/config.h"
#include "core/demo_content.h"
#include "core/log.h"
#include "core/snapshot.h"
#include "core/time.h"
#include "net/curl_client.h"
#include "pipeline/pipeline.h"
#include "pipeline/probe.h"
#include "server/accounts.h"
#include "server/blocked_authors.h"
#include "server/console_server.h"
#include "server/user_command.h"
#include "platform/font_files.h"
#include "platform/gl_surface.h"
#include "platform/paths.h"
#include "platform/service.h"
#include "platform/signals.h"
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
#include <thread>

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
};

wall::FontBytes bytes_of(const platform::MappedFile& f) { return {f.data(), f.size()}; }

wall::FontSources font_sources(const platform::FontFiles& files) {
    return {bytes_of(files.regular), bytes_of(files.bold), bytes_of(files.cjk_regular), bytes_of(files.cjk_bold)};
}

bool parse_size(const std::string& text, int& w, int& h) {
    return std::sscanf(text.c_str(), "%dx%d", &w, &h) == 2 && w >= 64 && h >= 64 && w <= 8192 && h <= 8192;
}

std::tm local_time(TimePoint t) {
    std::tm out{};
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    localtime_r(&tt, &out);
    return out;
}

double seconds_since(Steady::time_point start) {
    return std::chrono::duration<double>(Steady::now() - start).count();
}

int check_config(const std::string& path) {
    ConfigResult result = load_config_file(path);
    for (const ConfigProblem& p : result.problems) {
        if (p.line > 0) std::fprintf(stderr, "%s:%d: %s\n", path.c_str(), p.line, p.message.c_str());
        else std::fprintf(stderr, "%s: %s\n", path.c_str(), p.message.c_str());
    }
    if (!result.ok()) return 1;
    std::printf("%s: ok\n", path.c_str());
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

// The store, the media cache and the pipeline that feeds the wall; in demo
// mode there are none. Destroyed in reverse order: threads stop first.
struct Services {
    std::unique_ptr<Store> store;
    std::unique_ptr<MediaCache> media;
    std::unique_ptr<Accounts> accounts;
    std::unique_ptr<pipeline::Pipeline> pipeline;
    std::unique_ptr<ConsoleServer> console;

    Services() = default;
    Services(Services&&) = default;
    Services& operator=(Services&&) = default;
    // The pipeline's threads stop first: they call into the console.
    ~Services() {
        if (pipeline) pipeline->stop();
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

    pipeline::PipelineOptions options;
    options.sources = config.sources;
    options.global_rules = config.moderation;
    options.config_prompts = config.prompts;
    options.max_post_age = std::chrono::hours(24 * config.wall.max_post_age_days);
    Store* store_ptr = s.store.get();
    options.extra_blocked_authors = [store_ptr] {
        auto authors = blocked_authors(*store_ptr);
        return authors ? *authors : std::vector<std::string>{};
    };
    options.on_published = wake_surface;
    // The console starts after the pipeline; the hook finds it through this slot.
    auto console_slot = std::make_shared<std::atomic<ConsoleServer*>>(nullptr);
    options.on_new_posts = [console_slot] {
        if (ConsoleServer* console = console_slot->load()) console->notify_changed();
    };
    s.pipeline = std::make_unique<pipeline::Pipeline>(options, *s.store, s.media.get(), channel,
                                                      std::make_unique<net::CurlHttpClient>(), clock);
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
        pipeline::Pipeline* pipe = s.pipeline.get();
        hooks.on_content_changed = [pipe] { pipe->content_changed(); };
        hooks.screenshot_png = [&grab] { return grab.png(); };
        s.console = std::make_unique<ConsoleServer>(*s.store, *s.accounts, clock, s.media.get(), hooks);
        ConsoleOptions console;
        console.listen = config.server.listen;
        console.tls_cert = config.server.tls_cert;
        console.tls_key = config.server.tls_key;
        console.assets_dir = (paths.assets / "console").string();
        console.wall_max_age = options.max_post_age;
        if (Status started = s.console->start(console); !started) {
            log::error("the staff console cannot start: {}", started.error);
            s.console.reset();
        } else {
            console_slot->store(s.console.get());
            log::info("add staff to the console with: lobbywall user add NAME --role moderator");
        }
    }
    return s;
}

// Opens a GL surface with `open` and starts the renderer on it. The font
// atlas for a screen of `width`x`height` is rasterised on a worker while
// `open` creates the GL context: the two slowest steps of start-up then run
// side by side. `width` 0 skips that (no surface is coming). Null after logging why.
template <typename Open>
std::unique_ptr<platform::GlSurface> start_renderer(Open open, int width, int height, const Config& config,
                                                    const SnapshotChannel& channel, platform::FontFiles& fonts,
                                                    wall::Renderer& renderer) {
    std::string error;
    if (!platform::open_font_files(fonts, config.theme.font_regular, config.theme.font_bold, error)) {
        log::error("{}", error);
        return nullptr;
    }
    renderer.set_fonts(font_sources(fonts), platform::color_emoji_font_path());
    // Nothing else touches ImGui until the worker is joined (ImGui has no
    // context yet, and the renderer is the worker's alone meanwhile).
    const auto started = Steady::now();
    double fonts_s = 0;
    std::thread fonts_worker([&renderer, &fonts_s, started, width, height, snapshot = channel.current()] {
        if (width > 0) renderer.prepare(width, height, snapshot);
        fonts_s = seconds_since(started);
    });
    std::unique_ptr<platform::GlSurface> surface = open(error);
    const double open_s = seconds_since(started);
    fonts_worker.join();
    log::debug("start-up: GL surface {:.0f} ms, font atlas {:.0f} ms (side by side)", open_s * 1000, fonts_s * 1000);
    if (!surface) {
        log::error("{}", error);
        return nullptr;
    }
    log::info("drawing with {}", surface->description());
    if (!renderer.init(surface->glsl_version(), error)) {
        log::error("{}", error);
        return nullptr;
    }
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

int run_wall(const Options& options, const Config& config, SnapshotChannel& channel, FrameGrab& grab,
             Steady::time_point process_start) {
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
    wall::Renderer renderer(config.wall, config.theme);
    auto surface = start_renderer([&](std::string& error) { return platform::open_window(window, error); },
                                  expected.width, expected.height, config, channel, fonts, renderer);
    if (!surface) return 1;
    surface->attach_imgui();
    g_surface = surface.get();
    grab.set_wake(wake_surface);
    // Detach before the renderer (and its ImGui context) goes, on every path out.
    struct Detach {
        platform::GlSurface& surface;
        FrameGrab& grab;
        ~Detach() {
            grab.set_wake(nullptr);
            g_surface = nullptr;
            surface.detach_imgui();
        }
    } detach{*surface, grab};
    platform::install_signal_handlers();
    const double watchdog_s = std::chrono::duration<double>(platform::watchdog_interval()).count();
    const double min_frame_s = 1.0 / config.display.max_fps;
    SystemClock clock;
    const auto start = Steady::now();
    bool first_frame = true;
    bool animating = false;
    double next_draw_s = 0;
    std::uint64_t drawn_version = 0;
    platform::SurfaceSize drawn_size;

    while (!platform::stop_requested() && !surface->close_requested()) {
        const double frame_start = seconds_since(start);
        SnapshotPtr snapshot = channel.current();
        const platform::SurfaceSize size = surface->framebuffer_size();
        const bool due = first_frame || animating || frame_start >= next_draw_s || grab.wanted() ||
                         snapshot->version != drawn_version || size.width != drawn_size.width ||
                         size.height != drawn_size.height;
        if (due) {
            surface->new_imgui_frame();
            const wall::FrameInfo info = renderer.render(snapshot, clock.now(), local_time(clock.now()), frame_start);
            if (grab.wanted()) {
                std::vector<std::uint8_t> rgba;
                if (surface->read_pixels(rgba)) grab.serve(size.width, size.height, std::move(rgba));
            }
            surface->present();
            drawn_version = snapshot->version;
            drawn_size = size;
            animating = info.animating;
            next_draw_s = frame_start + info.next_change_s;
            if (first_frame) {
                first_frame = false;
                platform::notify_ready();
                log::debug("first frame drawn and presented in {:.0f} ms", (seconds_since(start) - frame_start) * 1000);
                log::info("first frame on screen {:.0f} ms after start", seconds_since(process_start) * 1000);
            }
        }
        platform::notify_watchdog();
        // Sleep until the next thing moves; wake at least once a second to
        // notice new content and signals, and in time for the watchdog.
        double timeout = animating ? min_frame_s - (seconds_since(start) - frame_start)
                                   : std::min(next_draw_s - seconds_since(start), 1.0);
        if (watchdog_s > 0) timeout = std::min(timeout, watchdog_s / 3);
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
    std::string check_path;
    CLI::App* check = app.add_subcommand("check-config", "Check a config file and print each problem with its line");
    check->add_option("FILE", check_path, "The config file")->required();
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
    CLI11_PARSE(app, argc, argv);

    if (options.verbose) log::set_min_level(log::Level::Debug);
    if (check->parsed()) return check_config(check_path);
    if (probe->parsed()) return pipeline::run_probe(probe_options, std::cout, std::cerr);

    Config config;
    platform::Paths paths = platform::default_paths();
    std::string config_path = options.config_path;
    if (config_path.empty() && !options.demo && std::filesystem::exists(paths.config)) config_path = paths.config;
    if (!config_path.empty()) {
        ConfigResult result = load_config_file(config_path);
        for (const ConfigProblem& p : result.problems)
            log::error("{}:{}: {}", config_path, p.line, p.message);
        if (!result.ok()) {
            log::error("the config has {} problem(s); fix them (lobbywall check-config {}) and restart",
                       result.problems.size(), config_path);
            return 1;
        }
        config = std::move(result.config);
        paths = platform::default_paths(config.paths.state_dir, config.paths.cache_dir);
    }

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
    if (!options.screenshot.empty()) return take_screenshot(options, config, channel);
    if (services.pipeline) services.pipeline->start();
    return run_wall(options, config, channel, grab, process_start);
}
