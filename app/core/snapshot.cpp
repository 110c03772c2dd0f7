// SnapshotChannel: see snapshot.h.
#include "core/snapshot.h"

namespace lw {

SnapshotChannel::SnapshotChannel()
    : current_(std::make_shared<const WallSnapshot>()) {}

void SnapshotChannel::publish(WallSnapshot snapshot) {
    snapshot.version = next_version_.fetch_add(1, std::memory_order_relaxed);
    current_.store(std::make_shared<const WallSnapshot>(std::move(snapshot)),
                   std::memory_order_release);
}

bool SnapshotChannel::publish_if_changed(WallSnapshot snapshot) {
    if (same_content(*current(), snapshot)) return false;
    publish(std::move(snapshot));
    return true;
}

bool same_content(const WallSnapshot& a, const WallSnapshot& b) {
    return a.posts == b.posts && a.pinned_ids == b.pinned_ids && a.announcements == b.announcements &&
           a.prompts == b.prompts && a.kill_switch == b.kill_switch && a.offline_since == b.offline_since &&
           a.offline_shows == b.offline_shows && a.pairing == b.pairing;
}

SnapshotPtr SnapshotChannel::current() const {
    return current_.load(std::memory_order_acquire);
}

std::uint64_t SnapshotChannel::version() const {
    return current()->version;
}

const char* to_string(SourceKind kind) {
    switch (kind) {
        case SourceKind::Demo: return "demo";
        case SourceKind::MastodonHashtag: return "mastodon_hashtag";
        case SourceKind::MastodonAccount: return "mastodon_account";
        case SourceKind::BlueskyAuthor: return "bluesky_author";
        case SourceKind::BlueskyFeed: return "bluesky_feed";
        case SourceKind::BlueskySearch: return "bluesky_search";
        case SourceKind::WebFeed: return "web_feed";
        case SourceKind::Staff: return "staff";
    }
    return "unknown";
}

}  // namespace lw
