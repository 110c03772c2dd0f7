// The offline-first store: one SQLite database (WAL) holding posts, their
// moderation state, staff content, source poll state, settings and the
// audit log. It is the single source of truth; the snapshot builder reads the
// wall's content from here and publishes it, so the render thread never
// touches SQLite.
//
// Threading: every write runs on the store's own writer thread, one
// transaction per call; the calling thread waits for the commit. Reads run on
// the calling thread with a pooled read-only connection (WAL lets them run
// while the writer commits). See docs/store.md for the durability reasoning.
//
// Not here: downloading media (the poller's job) and decoding it for the GPU
// (the wall's). The media cache is store/media_cache.h.
#pragma once

#include "core/post.h"
#include "core/snapshot.h"
#include "store/result.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace lw {

namespace sqlite {
class Db;
}

struct StoreOptions {
    std::string path;                    // the database file; its folder must exist
    std::string media_dir;               // the media cache folder (local paths are built from it)
    int post_retention_days = 14;        // posts older than this are purged (pinned ones are kept)
    int rejected_retention_hours = 24;   // rejected posts are purged this long after the decision
    int audit_retention_days = 365;      // audit entries older than this are purged
    std::chrono::milliseconds busy_timeout{5000};
    int max_pooled_readers = 4;          // idle read connections kept open
};

enum class ModerationState { Pending, Approved, Rejected };
const char* to_string(ModerationState state);
std::optional<ModerationState> parse_moderation_state(std::string_view text);

// Who did something, for the audit log.
struct Actor {
    std::string name;     // staff user name, "rules" for automatic decisions, "system"
    std::string address;  // client address for the console, empty otherwise
};

struct Decision {
    std::string post_id;
    ModerationState state = ModerationState::Pending;
    std::vector<std::string> reasons;
    Actor actor;
    TimePoint at{};
};

// A post as the console lists it: the post and where moderation stands.
struct StoredPost {
    Post post;
    ModerationState state = ModerationState::Pending;
    std::vector<std::string> reasons;
    std::string decided_by;
    std::optional<TimePoint> decided_at;
    bool pinned = false;
    TimePoint first_seen{};
};

struct ModerationCounts {
    int pending = 0;
    int approved = 0;
    int rejected = 0;
};

struct UpsertResult {
    std::vector<std::string> new_ids;    // stored now, in pending state
    std::vector<std::string> known_ids;  // already stored (or purged): nothing changed
};

struct AuditEntry {
    std::int64_t seq = 0;   // assigned by the store
    TimePoint at{};
    std::string actor;
    std::string action;     // "decision", "pin", "kill_switch", "announcement.put"...
    std::string target;     // post id, announcement id...
    std::string details;
    std::string address;
};

struct AuditQuery {
    std::optional<std::string> actor;
    std::optional<std::string> action;
    std::optional<std::string> target;
    std::optional<TimePoint> since;   // inclusive
    std::optional<TimePoint> until;   // exclusive
    // Entries about stored posts whose author, handle or text contains this
    // (case-insensitive for ASCII): "who approved that post?".
    std::optional<std::string> post_text;
    std::int64_t before_seq = 0;      // paging: only entries older than this seq (0 = newest)
    int limit = 200;
};

struct SourceState {
    std::string source_id;
    std::string kind;
    std::string etag;
    std::string last_modified;
    std::string cursor;                     // newest id / uri seen
    std::optional<TimePoint> last_attempt;
    std::optional<TimePoint> last_success;
    std::string last_error;                 // empty after a success
    int consecutive_failures = 0;
    std::optional<TimePoint> next_poll;     // when the source will be asked next
    std::int64_t posts_seen = 0;            // new posts it has delivered, all time
};

struct PurgeReport {
    int posts_purged = 0;        // old posts and rejected posts
    int audit_entries_purged = 0;
};

// Whether a write must reach the disk before the call returns (see docs/store.md).
enum class Durability {
    Normal,  // survives a crash of the program; a power cut may lose the last moments
    Full,    // fsynced before returning: survives a power cut
};

class Store {
public:
    // Opens or creates the database, migrates it, and starts the writer
    // thread. Fails with one sentence (newer schema, unreadable file...).
    static Result<std::unique_ptr<Store>> open(const StoreOptions& options);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const StoreOptions& options() const { return options_; }

    // --- posts and moderation -----------------------------------------------
    // Stores new posts as pending. A post whose id is already stored (a boost
    // of a known post, the same post from a second source) or was purged is
    // not changed: an approved text never changes under the moderator.
    Result<UpsertResult> upsert_posts(const std::vector<Post>& posts, TimePoint now);
    // Returns once the decision and its audit entry are on disk (fsynced).
    Status record_decision(const Decision& decision);
    // Several decisions in one transaction and one fsync (the rules deciding
    // a poll's worth of posts): all are recorded, or none.
    Status record_decisions(const std::vector<Decision>& decisions);
    Status set_pinned(const std::string& post_id, bool pinned, const Actor& actor, TimePoint now);
    Result<std::vector<StoredPost>> list_posts(ModerationState state, int limit = 100,
                                               int offset = 0);
    Result<std::optional<StoredPost>> get_post(const std::string& post_id);
    // How many stored posts are in each state (for the console's badges).
    Result<ModerationCounts> moderation_counts();

    // --- settings -----------------------------------------------------------
    Status set_kill_switch(bool on, const Actor& actor, TimePoint now);
    Result<bool> kill_switch();
    Status set_setting(const std::string& key, const std::string& value, const Actor& actor,
                       TimePoint now);
    Result<std::optional<std::string>> setting(const std::string& key);

    // --- staff content ------------------------------------------------------
    Status put_announcement(const Announcement& a, const Actor& actor, TimePoint now);
    Status delete_announcement(const std::string& id, const Actor& actor, TimePoint now);
    Result<std::vector<Announcement>> announcements();
    // Gives an announcement its image, or with an empty `image_url` takes it
    // away: `image_url` is the media cache URL the file is stored under
    // (MediaCache keeps files named by an announcement through garbage
    // collection and eviction), `image_local_path` the file the wall draws.
    // Audited as "announcement.image" with `details`. Fails when there is no
    // such announcement. put_announcement keeps the image while the path it
    // is given is unchanged.
    Status set_announcement_image(const std::string& id, const std::string& image_url,
                                  const std::string& image_local_path, const std::string& details,
                                  const Actor& actor, TimePoint now);
    // The console's whole announcement form in one transaction: the text and
    // times, and the image (`image_url` and a.image_local_path both set: this
    // image; both empty: none), audited as "announcement.put" with
    // `image_details` in an "announcement.image" entry when the image changed.
    // Nothing is written when any part fails.
    Status save_announcement(const Announcement& a, const std::string& image_url,
                             const std::string& image_details, const Actor& actor, TimePoint now);
    Status put_prompt(const HashtagPrompt& p, const Actor& actor, TimePoint now);
    Status delete_prompt(const std::string& id, const Actor& actor, TimePoint now);
    Result<std::vector<HashtagPrompt>> prompts();

    // --- audit --------------------------------------------------------------
    Status append_audit(const AuditEntry& entry);
    Result<std::vector<AuditEntry>> query_audit(const AuditQuery& query);

    // --- sources ------------------------------------------------------------
    Status save_source_state(const SourceState& state);
    Result<std::optional<SourceState>> source_state(const std::string& source_id);
    Result<std::vector<SourceState>> source_states();

    // --- the wall -----------------------------------------------------------
    // What the screen should show at `now`: approved posts no older than
    // max_age (pinned ones regardless of age), newest first, at most
    // max_posts; pinned ids; announcements running at `now`; prompts; the
    // kill switch (when on, no posts at all); offline_since when every known
    // source is failing. The caller publishes it on a SnapshotChannel.
    Result<WallSnapshot> build_wall_content(TimePoint now, std::chrono::seconds max_age,
                                            int max_posts = 300);
    // Media URLs of pending and approved posts (and their avatars) that have
    // no cached file yet: what the media fetcher should download next.
    Result<std::vector<std::string>> media_to_fetch(int limit = 100);

    // --- maintenance --------------------------------------------------------
    // Purges old and rejected posts and old audit entries. Media files no
    // longer referenced are removed by MediaCache::collect_garbage().
    Result<PurgeReport> purge(TimePoint now);
    // "ok", or what PRAGMA integrity_check found.
    Result<std::string> integrity_check();

    // --- building blocks for the media cache and tests ----------------------
    // Runs `job` on the writer thread inside one transaction and waits for
    // the commit. A throw (sqlite::Error or std::exception) rolls back.
    // Never call it from inside a job: it would wait on itself.
    Status write(std::function<void(sqlite::Db&)> job, Durability durability);
    // The same without waiting; a failure is logged.
    void write_detached(std::function<void(sqlite::Db&)> job, Durability durability);
    // Runs `job` on this thread with a read-only connection.
    Status read(const std::function<void(sqlite::Db&)>& job);

private:
    struct Job {
        std::function<void(sqlite::Db&)> run;
        Durability durability;
        std::optional<std::promise<Status>> done;
    };

    explicit Store(StoreOptions options);
    void writer_loop();
    void enqueue(Job job);
    std::unique_ptr<sqlite::Db> take_reader();
    void return_reader(std::unique_ptr<sqlite::Db> db);

    StoreOptions options_;
    std::unique_ptr<sqlite::Db> writer_db_;

    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    std::thread writer_;
    bool writes_failing_ = false;  // writer thread only: log a failure run once

    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<sqlite::Db>> idle_readers_;
};

}  // namespace lw
