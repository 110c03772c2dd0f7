// The hub's side of the fleet, without HTTP: who the paired screens are
// (bearer tokens, kept as BLAKE2b hashes only), pairing requests, each
// group's sync document built from the hub's current WallSnapshot with a
// version that only moves when its content does, and what every screen last
// reported (for "N of M screens confirmed" after a kill switch).
//
// server/sync_api.cpp serves it to screens, server/screens_api.cpp to the
// console. Every method may be called from any server thread; one mutex
// guards the in-memory state and is never held across a store write that
// waits for fsync except where noted (pairing and kill changes are rare).
#pragma once

#include "core/snapshot.h"
#include "core/time.h"
#include "store/store_fleet.h"

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lw::fleet {

struct HubOptions {
    std::string hub_name;
    std::string enrolment_key;                     // empty: no self-enrolment
    std::chrono::seconds online_within{2 * 60};    // "online" when heard from this recently
    std::chrono::seconds stale_within{5 * 60};     // then "stale", then "offline"
    int max_pending_pairings = 200;
    std::chrono::hours pairing_lifetime{24};
    // [[source]] groups: a source named here is shown only on these groups'
    // screens (its posts, and their pins); other sources on every group.
    std::map<std::string, std::vector<std::string>> source_groups;
};

struct ServedDocument {
    std::shared_ptr<const std::string> body;
    std::string etag;              // strong: "\"<version>-<hash prefix>\""
    std::uint64_t version = 0;
};

struct StatusReport {
    std::uint64_t applied_version = 0;
    bool kill_shown = false;
    int media_pending = 0;
    std::string showing;           // "live", "offline"
    int grace_minutes = 60;        // its offline_grace_minutes
    // Health (every 60 s, and at once on a change); absent numbers stay nullopt.
    std::string version;                            // the screen's lobbywall version
    std::optional<std::int64_t> uptime_seconds;
    std::vector<std::string> post_ids;              // on its wall now (at most 100)
    std::string layout;
    std::optional<double> last_frame_unix;          // 0 or absent: a headless box or no frame yet
    std::optional<bool> scheduled_on;               // [screen] hours say on
    std::optional<double> cpu_temperature;          // degrees Celsius
    std::optional<std::int64_t> free_store_bytes, free_cache_bytes, resident_bytes;
    std::optional<double> clock_offset_seconds;     // hub minus screen, corrected by half the round trip
    std::vector<std::string> errors;                // its last error lines (at most 5)
    TimePoint received{};                           // set by the hub
};

// A status report's JSON (the screen's POST body) to a report; the reason
// when it is not one (garbage, wrong types, too many or too long fields).
Result<StatusReport> parse_status(std::string_view body);
std::string status_json(const StatusReport& report);

struct PairReply {
    int status = 200;              // 200, 400 (bad request), 409 (code taken), 429 (too many)
    std::string state;             // "waiting_for_code", "waiting_for_approval", "paired"
    std::string message;           // for 4xx
    std::string token;             // with "paired"
    std::string screen_id;
    std::string group;
};

// A screen as the console lists it.
struct ScreenView {
    fleet_store::ScreenRecord record;
    // "online", "stale" (missed its polls for a while), "offline_showing_last_wall"
    // (within its grace period), "offline" (announcements only by now), "never"
    std::string connection;
    std::optional<TimePoint> last_seen;
    bool kill_wanted = false;      // what its group's document says
    bool kill_confirmed = false;   // it applied that document (or a later one)
    std::optional<StatusReport> status;   // its latest report (this hub's run)
    // 0 when it shows its group's current version, else how long that
    // version has been served; nullopt when its group has no document yet.
    std::optional<std::chrono::seconds> sync_lag;
};

struct KillSummary {
    bool any_on = false;
    int confirmed = 0;
    int total = 0;
    std::vector<std::string> unconfirmed;   // screen names
};

class Hub {
public:
    // Creates the fleet tables and loads screens, tokens and group versions.
    static Result<std::unique_ptr<Hub>> open(Store& store, const SnapshotChannel& channel, HubOptions options,
                                             const Clock& clock);

    // --- screens (sync API) ----------------------------------------------------
    // The paired, unrevoked screen holding this bearer token.
    std::optional<fleet_store::ScreenRecord> authenticate(const std::string& token);
    Result<ServedDocument> document(const std::string& group);
    // The cached file for a picture hash some current document names.
    std::optional<std::string> media_path(const std::string& hash);
    void report(const std::string& screen_id, StatusReport report);
    // Its reports, oldest first (at most kStatusHistory, this hub's run);
    // only the latest keeps its post ids.
    std::vector<StatusReport> history(const std::string& screen_id);
    // The hub's clock (the sync answer's X-Lobbywall-Time).
    TimePoint now() const { return clock_.now(); }
    static constexpr std::size_t kStatusHistory = 30;
    PairReply pair(const std::string& code, const std::string& claim, const std::string& name,
                   const std::string& enrolment_key);

    // --- the console (screens_api.cpp) ----------------------------------------
    Result<fleet_store::ScreenRecord> approve(const std::string& code, const std::string& name,
                                              const std::string& group, const Actor& actor);
    Status rename(const std::string& screen_id, const std::string& name, const Actor& actor);
    Status regroup(const std::string& screen_id, const std::string& group, const Actor& actor);
    Status revoke(const std::string& screen_id, const Actor& actor);
    Status set_group_kill(const std::string& group, bool on, const Actor& actor);
    // SIGHUP: the sources' groups from the reloaded config.
    void set_source_groups(std::map<std::string, std::vector<std::string>> source_groups);
    std::vector<ScreenView> screens();
    std::vector<fleet_store::PairingRequest> pending();   // tokens blanked
    std::vector<fleet_store::GroupState> groups();
    KillSummary kill_summary();
    // Bumped by every change the Screens page shows.
    std::uint64_t changes() const;

private:
    struct Cached {
        std::uint64_t snapshot_version = 0;
        std::uint64_t targets = 0;   // targets_ when built
        bool group_kill = false;
        ServedDocument served;
        std::vector<std::pair<std::string, std::string>> media;
    };

    Hub(Store& store, const SnapshotChannel& channel, HubOptions options, const Clock& clock);
    Status load();
    std::string file_hash(const std::string& local_path);   // mutex held
    fleet_store::ScreenRecord* find(const std::string& id);  // mutex held
    Status save(const fleet_store::ScreenRecord& record, const Actor& actor, const std::string& action,
                const std::string& details);
    void expire_pairings(TimePoint now);                     // mutex held

    Store& store_;
    const SnapshotChannel& channel_;
    HubOptions options_;
    const Clock& clock_;

    mutable std::mutex mutex_;
    std::map<std::string, fleet_store::ScreenRecord> screens_;   // by id
    std::map<std::string, std::string> token_index_;             // token hash -> screen id
    std::map<std::string, TimePoint> last_seen_;                 // by screen id, in memory
    std::map<std::string, int> grace_minutes_;                   // by screen id, as reported
    std::map<std::string, std::deque<StatusReport>> status_;     // by screen id, bounded
    std::map<std::string, TimePoint> version_since_;             // by group: its current version served since
    std::map<std::string, fleet_store::PairingRequest> pairings_;  // by code
    std::map<std::string, fleet_store::GroupState> groups_;
    std::map<std::string, Cached> cache_;                        // by group
    std::map<std::string, std::string> file_hashes_;             // local path -> hash
    std::uint64_t next_version_ = 1;
    std::uint64_t targets_ = 1;                                  // bumped by set_source_groups
    std::uint64_t changes_ = 1;
};

// "ABCD-2345" and "abcd2345" are the same code: upper case, no separators.
std::string normalise_code(std::string_view code);
// A fresh random pairing code (8 characters of an alphabet without 0/O/1/I).
std::string new_pairing_code();
// 32 random bytes as 64 hex characters (256 bits), from libsodium.
std::string new_secret();

}  // namespace lw::fleet
