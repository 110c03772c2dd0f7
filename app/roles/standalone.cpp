// The standalone and hub roles: the store, the media cache, the pipeline
// (sources -> moderation -> store -> snapshot) and the staff console; a hub
// adds the fleet's state (fleet/hub.h) behind the console's sync API and
// Screens page. Opened before any network access, so a restart with the
// network gone shows the last wall.
#include "roles/role.h"

#include "core/demo_content.h"
#include "core/log.h"
#include "fleet/hub.h"
#include "core/metrics.h"
#include "net/curl_client.h"
#include "net/net_options.h"
#include "pipeline/pipeline.h"
#include "platform/local_time.h"
#include "server/accounts.h"
#include "server/blocked_authors.h"
#include "server/console_server.h"
#include "server/metrics_server.h"

#include <tuple>

namespace lw::roles {
namespace {

// [[source]] groups, for the hub.
std::map<std::string, std::vector<std::string>> source_groups(const Config& config) {
    std::map<std::string, std::vector<std::string>> out;
    for (const SourceConfig& source : config.sources)
        if (!source.groups.empty()) out[source.name] = source.groups;
    return out;
}

// The pipeline the console's hooks reach; swapped when SIGHUP restarts it.
struct PipelineSlot {
    std::mutex mutex;
    pipeline::Pipeline* pipeline = nullptr;
};

// The store, the media cache and the pipeline that feeds the wall; in demo
// mode there are none. Destroyed in reverse order: threads stop first.
struct Services final : RoleServices {
    std::unique_ptr<Store> store;
    std::unique_ptr<MediaCache> media;
    std::unique_ptr<Accounts> accounts;
    std::unique_ptr<pipeline::Pipeline> pipeline;
    std::unique_ptr<fleet::Hub> hub;        // the hub role only
    std::unique_ptr<ConsoleServer> console;
    metrics::CollectorHandle store_metrics;  // before the store goes: a scrape never reaches a closed store
    metrics::CollectorHandle screen_metrics;  // before the hub goes
    // The console starts after the pipeline; the pipeline's hook finds it here.
    std::shared_ptr<std::atomic<ConsoleServer*>> console_slot = std::make_shared<std::atomic<ConsoleServer*>>(nullptr);
    std::shared_ptr<PipelineSlot> pipeline_slot = std::make_shared<PipelineSlot>();

    SnapshotChannel* channel = nullptr;
    const Clock* clock = nullptr;

    // The pipeline's threads stop first: they call into the console.
    ~Services() override {
        if (pipeline) pipeline->stop();
    }
    void start() override {
        if (pipeline) pipeline->start();
    }
    bool can_run_headless() const override { return console || pipeline; }
    void reload(const Config& next, SnapshotChannel& wall) override {
        if (hub) hub->set_source_groups(source_groups(next));
        if (pipeline) {
            restart_pipeline(next, wall, *clock);
        } else if (!next.prompts.empty()) {
            WallSnapshot snapshot = *wall.current();
            snapshot.prompts = next.prompts;
            wall.publish(std::move(snapshot));
        }
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
        options.staff_block_check = [store_ptr] {
            auto blocks = blocked_feed_authors(*store_ptr);
            return [list = blocks ? *blocks : std::vector<FeedAuthorBlock>{}](const Post& post) {
                return feed_author_block_reason(list, post);
            };
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
}  // namespace

OpenedStore open_store(const Config& config, const platform::Paths& paths, const char* what_then) {
    OpenedStore out;
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
        log::error("cannot open the database {} ({}); {}", store_options.path, store.error, what_then);
        return out;
    }
    out.store = std::move(*store);
    MediaCacheOptions media_options;
    media_options.dir = store_options.media_dir;
    media_options.budget_bytes = static_cast<std::int64_t>(config.store.media_budget_mb) * 1024 * 1024;
    if (auto media = MediaCache::open(*out.store, media_options)) out.media = std::move(*media);
    else log::error("cannot open the media cache {} ({}); posts are shown without images", media_options.dir, media.error);
    return out;
}

std::unique_ptr<RoleServices> open_box(const Config& config, const platform::Paths& paths, SnapshotChannel& channel,
                                       const Clock& clock, FrameGrab& grab) {
    auto services = std::make_unique<Services>();
    Services& s = *services;
    s.channel = &channel;
    s.clock = &clock;
    OpenedStore opened = open_store(config, paths, "the wall shows prompts only until it can");
    if (!opened.store) return nullptr;
    s.store = std::move(opened.store);
    s.media = std::move(opened.media);
    s.store_metrics = collect_store_metrics(*s.store, s.media.get(), clock);

    s.make_pipeline(config, channel, clock);
    if (!s.pipeline->publish_now()) log::warn("the wall starts empty");
    log::info("database {}: {} posts on the wall, {} sources configured", s.store->options().path,
              channel.current()->posts.size(), config.sources.size());

    if (config.server.enabled) {
        auto accounts = Accounts::open(Accounts::default_file(paths.state_dir));
        if (!accounts) {
            log::error("cannot open the staff accounts ({}); the console is off", accounts.error);
            return services;
        }
        s.accounts = std::move(*accounts);
        ConsoleHooks hooks;
        hooks.on_content_changed = [slot = s.pipeline_slot] {
            std::lock_guard lock(slot->mutex);
            if (slot->pipeline) slot->pipeline->content_changed();
        };
        hooks.screenshot_png = [&grab] { return grab.png(); };
        if (config.fleet.role == "hub") {
            fleet::HubOptions hub_options;
            hub_options.hub_name = config.fleet.hub_name.empty() ? config.wall.hospital_name : config.fleet.hub_name;
            hub_options.enrolment_key = config.fleet.enrolment_key;
            hub_options.source_groups = source_groups(config);
            if (auto hub = fleet::Hub::open(*s.store, channel, hub_options, clock)) {
                s.hub = std::move(*hub);
                s.screen_metrics = collect_screen_metrics(*s.hub);
            }
            else log::error("the fleet hub cannot start ({}); screens keep their last wall until it can", hub.error);
            hooks.fleet_hub = s.hub.get();
        }
        s.console = std::make_unique<ConsoleServer>(*s.store, *s.accounts, clock, s.media.get(), hooks);
        ConsoleOptions console;
        console.listen = config.server.listen;
        console.tls_cert = config.server.tls_cert;
        console.tls_key = config.server.tls_key;
        console.assets_dir = (paths.assets / "console").string();
        console.wall_max_age = std::chrono::hours(24 * config.wall.max_post_age_days);
        console.time_zone = config.screen.time_zone;
        console.config_prompts = config.prompts;
        console.privacy = {config.moderation.public_numbers, config.moderation.public_domains};
        if (Status started = s.console->start(console); !started) {
            log::error("the staff console cannot start: {}", started.error);
            s.console.reset();
        } else {
            s.console_slot->store(s.console.get());
            log::info("add staff to the console with: lobbywall user add NAME --role moderator");
        }
    }
    return services;
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

// SIGHUP, on a worker thread: reads the config file again and restarts the
// pipeline with its sources, rules and prompts. Returns the config the
// render loop then takes over (wall, theme, screen hours), or nullopt: a
// file with problems keeps the running config, logged in one line. The
// settings that need a restart keep their running values and are named.
std::optional<Config> reread_config(const std::string& path, const Config& config) {
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
    const auto fleet = [](const FleetConfig& f) {
        return std::tie(f.role, f.hub_name, f.hub_url, f.enrolment_key, f.screen_name, f.ca_file, f.poll_seconds,
                        f.offline_grace_minutes);
    };
    keep(fleet(next.fleet) != fleet(old.fleet), "[fleet]", next.fleet, old.fleet);
    const int max_fps = next.display.max_fps;  // applies live
    keep(window(next.display) != window(old.display), "display.fullscreen/width/height", next.display, old.display);
    next.display.max_fps = max_fps;
    keep(next.screen.time_zone != old.screen.time_zone, "screen.time_zone", next.screen.time_zone, old.screen.time_zone);
    if (!restart.empty()) log::warn("SIGHUP: {} changed in {}: needs a restart; the rest is applied", restart, path);
    return next;
}

}  // namespace lw::roles
