// The screen role: the sources are replaced by the sync client. The store,
// the media cache, the offline start and the wall are the standalone box's;
// what the wall shows comes from the hub's document for the screen's group,
// kept in the screen's own store (fleet/screen_sync.h). No console, no
// staff accounts, no sources: a screen is managed from the hub.
#include "roles/role.h"

#include "core/log.h"
#include "core/metrics.h"
#include "fleet/screen_sync.h"
#include "net/curl_client.h"
#include "net/net_options.h"
#include "store/media_cache.h"
#include "store/store.h"

#include <unistd.h>

namespace lw::roles {
namespace {

struct ScreenServices final : RoleServices {
    std::unique_ptr<Store> store;
    std::unique_ptr<MediaCache> media;
    std::unique_ptr<fleet::ScreenSync> sync;

    ~ScreenServices() override {
        if (sync) sync->stop();
    }
    void start() override { sync->start(); }
    bool can_run_headless() const override { return true; }
    void reload(const Config&, SnapshotChannel&) override {}  // the wall's settings apply in the render loop
};

std::string host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "lobbywall screen";
    return name;
}

}  // namespace

std::unique_ptr<RoleServices> open_screen(const Config& config, const platform::Paths& paths,
                                          SnapshotChannel& channel, const Clock& clock) {
    auto s = std::make_unique<ScreenServices>();
    OpenedStore opened = open_store(config, paths, "the screen shows prompts only until it can");
    if (!opened.store) return nullptr;
    s->store = std::move(opened.store);
    s->media = std::move(opened.media);

    if (!config.sources.empty())
        log::warn("this box is a fleet screen: its {} [[source]] entries are not polled (the hub polls)",
                  config.sources.size());
    fleet::ScreenOptions options;
    options.hub_url = config.fleet.hub_url;
    options.screen_name = config.fleet.screen_name.empty() ? host_name() : config.fleet.screen_name;
    options.enrolment_key = config.fleet.enrolment_key;
    options.poll = std::chrono::seconds(config.fleet.poll_seconds);
    options.offline_grace = std::chrono::minutes(config.fleet.offline_grace_minutes);
    options.on_published = wake_surface;
    // The status report reads what the render loop sets, lock-free.
    options.version = LOBBYWALL_VERSION;
    options.layout = config.wall.layout;
    options.last_frame_unix = []() -> std::optional<double> {
        const double t = metrics::last_frame_timestamp().value();
        return t > 0 ? std::optional<double>(t) : std::nullopt;
    };
    options.scheduled_on = []() -> std::optional<bool> {
        if (metrics::first_frame_seconds().value() <= 0) return std::nullopt;  // the loop has not run yet
        return metrics::display_scheduled_on().value() > 0;
    };
    // [net] (proxy, extra CA) as for every fetch; [fleet] ca_file names the
    // hub's CA when [net] has none.
    net::ClientOptions client = net::client_options(config.net);
    if (!config.fleet.ca_file.empty() && client.ca_file.empty()) client.ca_file = config.fleet.ca_file;
    client.total_timeout = std::chrono::seconds(20);
    s->sync = std::make_unique<fleet::ScreenSync>(options, *s->store, s->media.get(), channel,
                                                  std::make_unique<net::CurlHttpClient>(client), clock);
    if (Status opened = s->sync->open(); !opened) {
        log::error("the screen's sync state cannot be read ({}); the wall stays empty until it can", opened.error);
        return nullptr;
    }
    return s;
}

}  // namespace lw::roles
