// A console server for one test case: a temporary store, media cache and
// accounts file, the users "ana" (admin) and "max" (moderator), a settable
// clock, and an HTTP client on 127.0.0.1.
#pragma once

#include "server/accounts.h"
#include "server/console_server.h"
#include "store/media_cache.h"
#include "store/store.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace lw::test {

inline const TimePoint kConsoleT0 = TimePoint(std::chrono::seconds(1'800'000'000));

struct LoggedIn {
    std::string cookie;  // "lw_session=..."
    std::string csrf;
};

class ConsoleFixture {
public:
    static ConsoleOptions default_options() {
        ConsoleOptions o;
        o.listen = "127.0.0.1:0";
        o.assets_dir = LOBBYWALL_SOURCE_DIR "/assets/console";
        o.threads = 4;
        return o;
    }
    static std::string login_body() {
        return R"({"name":"ana","password":"correct horse battery"})";
    }

    explicit ConsoleFixture(ConsoleOptions options = default_options()) : clock_(kConsoleT0) {
        std::filesystem::create_directories(media_dir());
        open_store();
        auto accounts = Accounts::open(Accounts::default_file(dir_.path()));
        REQUIRE(accounts.ok());
        accounts_ = std::move(*accounts);
        REQUIRE(accounts_->add_user("ana", Role::Admin, "correct horse battery", kConsoleT0).ok());
        REQUIRE(accounts_->add_user("max", Role::Moderator, "moderator's own password", kConsoleT0)
                    .ok());
        options_ = options;
        start();
    }
    ~ConsoleFixture() {
        server_.reset();
        media_.reset();
    }

    Store& store() { return *store_; }
    MediaCache& media() { return *media_; }
    FixedClock& clock() { return clock_; }
    ConsoleServer& server() { return *server_; }
    int changes() const { return changes_.load(); }
    std::filesystem::path media_dir() const { return dir_.path() / "media"; }
    httplib::Client& client() { return *client_; }

    void set_screenshot(std::string png) {
        std::lock_guard lock(mutex_);
        screenshot_ = std::move(png);
    }

    // Stops the server, closes and reopens the store, starts again.
    void reopen_store() {
        server_.reset();
        media_.reset();
        store_.reset();
        open_store();
        start();
    }

    // A pending post from a hashtag source, `age` old.
    void seed_pending(const std::string& id, const std::string& text, std::chrono::seconds age,
                      const std::string& handle = "visitor@example.social") {
        Post p;
        p.id = id;
        p.source_id = "tag-stv";
        p.source_kind = SourceKind::MastodonHashtag;
        p.author = "A Visitor";
        p.handle = handle;
        p.text = text;
        p.created = clock_.now() - age;
        auto r = store_->upsert_posts({p}, clock_.now());
        REQUIRE(r.ok());
        REQUIRE(r->new_ids.size() == 1);
    }

    // Logs in as "ana" (admin), or with another name and password.
    LoggedIn login(const std::string& body = login_body()) {
        auto res = client_->Post("/api/login", body, "application/json");
        REQUIRE(res);
        REQUIRE(res->status == 200);
        std::string cookie = res->get_header_value("Set-Cookie");
        LoggedIn s;
        s.cookie = cookie.substr(0, cookie.find(';'));
        const std::string key = "\"csrf\":\"";
        auto at = res->body.find(key);
        REQUIRE(at != std::string::npos);
        s.csrf = res->body.substr(at + key.size(), 64);
        return s;
    }

    httplib::Result get(const LoggedIn& s, const std::string& path) {
        return client_->Get(path.c_str(), {{"Cookie", s.cookie}});
    }
    httplib::Result post(const LoggedIn& s, const std::string& path, const std::string& body) {
        return client_->Post(path.c_str(), {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}}, body,
                             "application/json");
    }

private:
    void open_store() {
        StoreOptions so;
        so.path = dir_.file("lobbywall.db");
        so.media_dir = media_dir().string();
        auto store = Store::open(so);
        REQUIRE(store.ok());
        store_ = std::move(*store);
        MediaCacheOptions mo;
        mo.dir = media_dir().string();
        auto media = MediaCache::open(*store_, mo);
        REQUIRE(media.ok());
        media_ = std::move(*media);
    }

    void start() {
        ConsoleHooks hooks;
        hooks.on_content_changed = [this] { ++changes_; };
        hooks.screenshot_png = [this]() -> std::optional<std::string> {
            std::lock_guard lock(mutex_);
            return screenshot_;
        };
        server_ = std::make_unique<ConsoleServer>(*store_, *accounts_, clock_, media_.get(), hooks);
        Status s = server_->start(options_);
        INFO(s.error);
        REQUIRE(s.ok());
        client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
        client_->set_connection_timeout(5, 0);
        client_->set_read_timeout(10, 0);
    }

    TempDir dir_;
    FixedClock clock_;
    ConsoleOptions options_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<MediaCache> media_;
    std::unique_ptr<Accounts> accounts_;
    std::unique_ptr<ConsoleServer> server_;
    std::unique_ptr<httplib::Client> client_;
    std::atomic<int> changes_{0};
    std::mutex mutex_;
    std::optional<std::string> screenshot_;
};

}  // namespace lw::test
