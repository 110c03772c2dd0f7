// The staff console: an HTTP(S) server inside lobbywall that serves the
// console page (assets/console) and its JSON API over the store: log in, the
// pending queue with privacy highlights, approve / reject / pin / block
// author (one or many), undo, announcements, hashtag prompts, the kill
// switch, source health, the audit log, and a screenshot of the wall.
// docs/server.md describes the API and the security model.
//
// Threading: start() binds and runs the server on its own thread; requests
// are handled by a pool of worker threads, each of which may call the store
// (whose writes wait for their fsync) and the hooks. stop() ends listening
// and joins everything; the destructor calls it.
#pragma once

#include "core/time.h"
#include "moderation/privacy_guard.h"
#include "server/accounts.h"
#include "server/login_throttle.h"
#include "store/result.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lw {

class Store;
class MediaCache;
namespace fleet {
class Hub;
}

struct ConsoleOptions {
    // "HOST:PORT" ("[::1]:8080" for IPv6). Loopback by default: the console
    // is only reachable from the box until IT opens it deliberately, which
    // on a hospital network means "0.0.0.0:8443" with TLS (see docs/server.md).
    // Port 0 picks a free port (tests); port() tells which.
    std::string listen = "127.0.0.1:8080";
    std::string tls_cert;       // PEM certificate chain; with tls_key: HTTPS only
    std::string tls_key;        // PEM private key
    std::string assets_dir;     // holds index.html, console.js, console.css
    int threads = 8;            // worker threads
    std::size_t max_body_bytes = 256 * 1024;  // JSON bodies; bigger ones get 413
    // An announcement image file; bigger ones get 413. The HTTP layer reads
    // bodies up to this (plus 64 KiB for the multipart framing) on any
    // route before refusing: threads x that much memory at worst.
    std::size_t max_upload_bytes = 8 * 1024 * 1024;
    std::chrono::seconds wall_max_age{14 * 24 * 60 * 60};  // for "on the wall" counts
    SessionLimits sessions;
    ThrottleOptions throttle;
    // The hospital's time zone (IANA name, [screen] time_zone): the page
    // shows every time in it. Empty: the page's own.
    std::string time_zone;
    // The prompts in the config file, listed read-only beside the console's.
    std::vector<HashtagPrompt> config_prompts;
    // [privacy]: the hospital's own numbers and domains. The queue's
    // highlights and the "approve anyway" step judge a post as the rules did.
    moderation::PrivacySettings privacy;
};

// What the console needs from the rest of the program.
struct ConsoleHooks {
    // Called after every change of what the wall shows (decision, pin,
    // kill switch, announcement, prompt, blocked author); the program
    // rebuilds and publishes the snapshot. Called on a worker thread.
    std::function<void()> on_content_changed;
    // A PNG of what the screen shows now; nullopt (or no hook) answers 503.
    std::function<std::optional<std::string>()> screenshot_png;
    // A fleet hub: the screens' sync API and the console's Screens page
    // (server/sync_api.h, server/screens_api.h). Null on other roles.
    fleet::Hub* fleet_hub = nullptr;
};

class ConsoleServer {
public:
    // `media` may be null (then announcement images cannot be uploaded;
    // cached files are still served from the store's media folder). The store,
    // accounts, clock and media cache must outlive the server.
    ConsoleServer(Store& store, Accounts& accounts, const Clock& clock, MediaCache* media,
                  ConsoleHooks hooks);
    ~ConsoleServer();
    ConsoleServer(const ConsoleServer&) = delete;
    ConsoleServer& operator=(const ConsoleServer&) = delete;

    // Binds and starts serving. Fails with one sentence (bad address, port
    // in use, unreadable certificate, missing assets folder).
    Status start(const ConsoleOptions& options);
    void stop();

    int port() const;          // the bound port once started
    bool tls() const;

    // Something changed outside the console (the poller stored new posts):
    // pages polling /api/status reload their lists.
    void notify_changed();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lw
