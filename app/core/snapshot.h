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

struct WallSnapshot {
    std::uint64_t version = 0;           // strictly increasing per channel
    TimePoint built_at{};
    std::vector<Post> posts;             // approved posts, in display order
    std::vector<std::string> pinned_ids; // shown more often
    std::vector<Announcement> announcements;
    std::vector<HashtagPrompt> prompts;
    bool kill_switch = false;            // social content off: house content only
    std::optional<TimePoint> offline_since; // set while no source can be reached
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
