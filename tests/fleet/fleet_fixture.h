// A fleet for one test case, in one process but over real HTTP on
// 127.0.0.1: a hub (its own store, media cache, staff accounts, the console
// server with the sync API) and screens (each with its own store and media
// cache, the real sync client on libcurl). The hub's wall is published
// straight onto its SnapshotChannel, as its pipeline would.
#pragma once

#include "core/snapshot.h"
#include "fleet/hub.h"
#include "fleet/screen_sync.h"
#include "net/curl_client.h"
#include "server/accounts.h"
#include "server/console_server.h"
#include "store/media_cache.h"
#include "store/store.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace lw::test {

inline const TimePoint kFleetT0 = TimePoint(std::chrono::seconds(1'800'000'000));

// A clock the test moves and every thread may read.
class SharedClock final : public Clock {
public:
    explicit SharedClock(TimePoint t) : t_(t.time_since_epoch().count()) {}
    TimePoint now() const override { return TimePoint(std::chrono::seconds(t_.load())); }
    void advance(std::chrono::seconds s) { t_ += s.count(); }
private:
    std::atomic<std::int64_t> t_;
};

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline Post make_post(const std::string& id, const std::string& text) {
    Post p;
    p.id = id;
    p.source_id = "hospital-news";
    p.source_kind = SourceKind::WebFeed;
    p.author = "St Vincent's";
    p.handle = "news.stvincents.example";
    p.text = text;
    p.created = kFleetT0 - std::chrono::minutes(5);
    return p;
}

// A real store and media cache in `dir` (reopened on the same files).
inline void open_store_and_media(const TempDir& dir, const std::string& db, std::unique_ptr<Store>& store,
                                 std::unique_ptr<MediaCache>& media) {
    std::filesystem::create_directories(dir.path() / "media");
    StoreOptions so;
    so.path = dir.file(db);
    so.media_dir = (dir.path() / "media").string();
    auto s = Store::open(so);
    REQUIRE(s.ok());
    store = std::move(*s);
    MediaCacheOptions mo;
    mo.dir = so.media_dir;
    auto m = MediaCache::open(*store, mo);
    REQUIRE(m.ok());
    media = std::move(*m);
}

class HubFixture {
public:
    explicit HubFixture(fleet::HubOptions options = {}) : clock(kFleetT0) {
        open_store_and_media(dir, "hub.db", store, media);
        auto a = Accounts::open(Accounts::default_file(dir.path()));
        REQUIRE(a.ok());
        accounts = std::move(*a);
        REQUIRE(accounts->add_user("ana", Role::Admin, "correct horse battery", kFleetT0).ok());
        REQUIRE(accounts->add_user("max", Role::Moderator, "moderator's own password", kFleetT0).ok());
        if (options.hub_name.empty()) options.hub_name = "St Vincent's hub";
        hub_options = options;
        start();
    }
    ~HubFixture() { stop(); }

    void start() {
        auto h = fleet::Hub::open(*store, channel, hub_options, clock);
        REQUIRE(h.ok());
        hub = std::move(*h);
        ConsoleHooks hooks;
        hooks.fleet_hub = hub.get();
        console = std::make_unique<ConsoleServer>(*store, *accounts, clock, media.get(), hooks);
        ConsoleOptions co;
        co.listen = port > 0 ? "127.0.0.1:" + std::to_string(port) : "127.0.0.1:0";
        co.assets_dir = LOBBYWALL_SOURCE_DIR "/assets/console";
        co.threads = 4;
        REQUIRE(console->start(co).ok());
        port = console->port();
    }
    void stop() {
        console.reset();
        hub.reset();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }

    // A picture in the hub's media cache, as the pipeline would have fetched it.
    std::string cached_picture(const std::string& url, const std::string& file) {
        auto cached = media->store(url, read_file(LOBBYWALL_SOURCE_DIR "/assets/demo/" + file), "", kFleetT0);
        REQUIRE(cached.ok());
        return cached->path;
    }

    void publish(std::vector<Post> posts, bool kill = false, std::vector<Announcement> announcements = {}) {
        WallSnapshot s;
        if (!kill) s.posts = std::move(posts);
        s.kill_switch = kill;
        s.announcements = std::move(announcements);
        s.prompts.push_back({"p1", "Share your story", "StVKnee", "https://example.org/share"});
        s.built_at = clock.now();
        channel.publish(std::move(s));
    }

    // Pairs `screen` through the hub: it asks, an admin types its code.
    std::string pair(fleet::ScreenSync& screen, const std::string& name, const std::string& group) {
        screen.step();
        REQUIRE(screen.state() == "pairing");
        auto approved = hub->approve(screen.pairing_code(), name, group, Actor{"ana", "127.0.0.1"});
        REQUIRE(approved.ok());
        screen.step();  // collects the token
        REQUIRE(screen.state() == "live");
        return approved->id;
    }

    TempDir dir;
    SharedClock clock;
    std::unique_ptr<Store> store;
    std::unique_ptr<MediaCache> media;
    std::unique_ptr<Accounts> accounts;
    SnapshotChannel channel;
    fleet::HubOptions hub_options;
    std::unique_ptr<fleet::Hub> hub;
    std::unique_ptr<ConsoleServer> console;
    int port = 0;
};

class ScreenFixture {
public:
    ScreenFixture(const std::string& hub_url, const Clock& clock, fleet::ScreenOptions options = {})
        : clock_(clock) {
        options.hub_url = hub_url;
        if (options.screen_name.empty()) options.screen_name = "maternity-1";
        options.poll = std::chrono::milliseconds(50);
        options.max_backoff = std::chrono::milliseconds(200);
        this->options = options;
        open();
    }
    ~ScreenFixture() { close(); }

    // Opens (again, after close()) on the same store: a restart.
    void open() {
        open_store_and_media(dir, "screen.db", store, media);
        net::ClientOptions co;
        co.total_timeout = std::chrono::seconds(5);
        co.connect_timeout = std::chrono::seconds(2);
        sync = std::make_unique<fleet::ScreenSync>(options, *store, media.get(), channel,
                                                   std::make_unique<net::CurlHttpClient>(co), clock_);
        REQUIRE(sync->open().ok());
    }
    void close() {
        sync.reset();
        media.reset();
        store.reset();
    }
    SnapshotPtr wall() const { return channel.current(); }
    std::vector<std::string> post_ids() const {
        std::vector<std::string> ids;
        for (const Post& p : wall()->posts) ids.push_back(p.id);
        return ids;
    }

    TempDir dir;
    fleet::ScreenOptions options;
    std::unique_ptr<Store> store;
    std::unique_ptr<MediaCache> media;
    SnapshotChannel channel;
    std::unique_ptr<fleet::ScreenSync> sync;

private:
    const Clock& clock_;
};

}  // namespace lw::test
