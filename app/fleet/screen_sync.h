// The screen's side of the fleet: what replaces the sources on a screen.
// A thread asks the hub for its group's wall document with a conditional
// GET (bearer token, If-None-Match) every few seconds, fetches the pictures
// it names by hash (checked on arrival, kept in the media cache), keeps the
// document in the screen's own store, and publishes a WallSnapshot from it.
// It reports what it applied (POST /api/sync/v1/status), which is how the
// hub knows the kill switch reached the screen.
//
// Unpaired, it asks the hub to pair with a code it shows on the wall (or
// with the enrolment key) until an admin approves it. Cut off from the hub,
// it keeps showing its last wall (also after a restart) for the grace
// period, then only announcements and prompts: it cannot hear retractions.
// A revoked token (401) starts pairing again; the wall stays until the
// grace period ends. Every failure is one log line and a backoff with jitter.
#pragma once

#include "core/snapshot.h"
#include "core/time.h"
#include "fleet/sync_document.h"
#include "net/http_client.h"
#include "store/media_cache.h"
#include "store/store.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace lw::fleet {

struct ScreenOptions {
    std::string hub_url;                         // "https://hub.example.org" (no trailing slash needed)
    std::string screen_name;                     // asked for when pairing
    std::string enrolment_key;                   // empty: pair with the code on screen
    std::chrono::milliseconds poll{1000};        // between conditional GETs, with +-20 % jitter
    std::chrono::milliseconds max_backoff{60'000};
    std::chrono::minutes offline_grace{60};
    std::chrono::seconds report_every{60};       // status heartbeat (and at once on a change)
    // For the status report: what the box is and what its render loop says
    // (the role reads lock-free gauges the loop sets; unset: not reported).
    std::string version;
    std::string layout;
    std::function<std::optional<double>()> last_frame_unix;
    std::function<std::optional<bool>()> scheduled_on;
    std::chrono::seconds offline_after{15};      // no answer for this long: the header's offline mark
    std::function<void()> on_published;          // wakes the render loop
};

class ScreenSync {
public:
    // `media` may be null (pictures are then left out). `client` is used by
    // the sync thread only (or by step() on the calling thread in tests).
    ScreenSync(ScreenOptions options, Store& store, MediaCache* media, SnapshotChannel& channel,
               std::unique_ptr<net::HttpClient> client, const Clock& clock);
    ~ScreenSync();
    ScreenSync(const ScreenSync&) = delete;
    ScreenSync& operator=(const ScreenSync&) = delete;

    // Creates the tables, reads the local copy and publishes it: a screen
    // restarted without its hub shows its last wall before any network access.
    Status open();
    void start();
    void stop();

    // One round on the calling thread: pair, or fetch the wall and report.
    // Returns how long to wait before the next round.
    std::chrono::milliseconds step(std::stop_token stop = {});
    // Publishes the wall for now from the local copy (only when it changed).
    void publish();

    // For tests and logs: "pairing", "waiting_for_approval", "live", "offline".
    std::string state() const;
    std::string pairing_code() const;     // "ABCD-2345" while pairing
    std::uint64_t applied_version() const;
    // Hub minus screen clock in seconds at the last answer that carried the
    // hub's time, corrected by half the round trip; nullopt before one.
    std::optional<double> clock_offset() const;

private:
    std::chrono::milliseconds pair_round(std::stop_token stop);
    std::chrono::milliseconds sync_round(std::stop_token stop);
    bool apply(const std::string& body, const std::string& etag, std::stop_token stop);
    int fetch_media(std::stop_token stop);
    // Reports what the screen applied; true when the answer moved it to another group.
    bool report(std::stop_token stop, bool force = false);
    std::chrono::milliseconds failed(const std::string& what);
    void note_hub_time(const net::Response& res, std::chrono::steady_clock::duration round_trip, TimePoint now);
    std::chrono::milliseconds jittered(std::chrono::milliseconds base) const;
    void remember(std::map<std::string, std::string> values, Durability durability);
    std::string url(const std::string& path) const;
    void close_unless_proxied(net::Request& req) const;
    void loop(std::stop_token stop);

    ScreenOptions options_;
    Store& store_;
    MediaCache* media_;
    SnapshotChannel& channel_;
    std::unique_ptr<net::HttpClient> client_;
    const Clock& clock_;

    mutable std::mutex mutex_;   // guards the fields below (step() and publish() may race with state())
    std::map<std::string, std::string> local_;   // the fleet_local record
    std::optional<SyncDocument> document_;
    std::string pair_state_ = "pairing";
    TimePoint last_contact_{};
    TimePoint last_contact_saved_{};
    std::optional<TimePoint> last_report_;
    std::uint64_t reported_version_ = 0;
    std::string reported_key_;               // what the last report said, bar the numbers that drift
    std::optional<double> clock_offset_;
    std::deque<std::string> errors_;         // the last failure lines, newest last
    std::vector<std::string> published_ids_;  // the posts of the wall published last
    TimePoint started_{};
    int failures_ = 0;
    std::string last_failure_;
    int media_pending_ = 0;
    std::string published_key_;
    std::map<std::string, TimePoint> media_retry_;  // sync thread only: failed pictures, by hash
    bool proxied_ = false;       // sync thread only: the last wall answer came through our nginx

    std::mutex wake_mutex_;
    std::condition_variable_any wake_;
    std::jthread thread_;
};

}  // namespace lw::fleet
