// WallSnapshot: everything the screen should show at one moment, immutable
// once published. Other threads build a new snapshot and publish it; the
// render loop picks up the newest one without waiting on anybody.
#pragma once

#include "core/post.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lw {

// A fleet screen that is not paired (or must pair again): drawn full-screen
// instead of the wall, legible from across the room (wall/pairing_view.h).
struct PairingPage {
    std::string heading;       // "Pair this screen", "Waiting for approval"...
    std::string code;          // "ABCD-EFGH", big; empty while waiting for approval
    std::string hub;           // the hub the screen asks
    std::string instructions;  // one line for the admin
    bool operator==(const PairingPage&) const = default;
};

// What a wall shows while `offline_since` is set, for the header's mark.
enum class OfflineShows {
    Posts,              // a standalone box whose sources fail: its posts stay
    LastWall,           // a fleet screen cut off from its hub, within the grace period
    AnnouncementsOnly,  // past the grace period: posts withdrawn
};

struct WallSnapshot {
    std::uint64_t version = 0;           // strictly increasing per channel
    TimePoint built_at{};
    std::vector<Post> posts;             // approved posts, in display order
    std::vector<std::string> pinned_ids; // shown more often
    std::vector<Announcement> announcements;
    std::vector<HashtagPrompt> prompts;
    bool kill_switch = false;            // social content off: house content only
    std::optional<TimePoint> offline_since; // set while no source can be reached
    OfflineShows offline_shows = OfflineShows::Posts;
    std::optional<PairingPage> pairing;  // fleet screens only: the pairing page instead of the wall
};

using SnapshotPtr = std::shared_ptr<const WallSnapshot>;

// True when `a` and `b` hold the same content: everything but the version
// and the time they were built. Announcements that started or ended, posts
// that aged out and the offline mark all make a difference.
bool same_content(const WallSnapshot& a, const WallSnapshot& b);

// A single-slot mailbox holding the newest snapshot. publish() and current()
// may be called from any thread; neither waits on I/O or on the other for
// longer than a pointer swap.
class SnapshotChannel {
public:
    SnapshotChannel();

    // Stamps the snapshot with the next version number and makes it current.
    void publish(WallSnapshot snapshot);
    // publish() only when its content differs from the current snapshot's
    // (same_content): the version then counts changes of content, and the
    // wall has nothing to redraw for a poll that brought nothing new. False
    // when nothing was published. One publishing thread at a time.
    bool publish_if_changed(WallSnapshot snapshot);

    // The newest snapshot; never null (an empty one before the first publish).
    SnapshotPtr current() const;

    std::uint64_t version() const;

private:
    std::atomic<std::shared_ptr<const WallSnapshot>> current_;
    std::atomic<std::uint64_t> next_version_{1};
};

}  // namespace lw
