// The domain model every subsystem shares: a social post, a staff
// announcement, a hashtag prompt. Plain values, no behaviour, no I/O.
// Sources produce Posts, moderation decides on them, the store keeps them and
// the wall draws them.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace lw {

// All times are UTC, to the second.
using TimePoint = std::chrono::sys_seconds;

enum class SourceKind {
    Demo,             // bundled demo content (assets/demo)
    MastodonHashtag,  // GET /api/v1/timelines/tag/:tag
    MastodonAccount,  // GET /api/v1/accounts/:id/statuses
    BlueskyAuthor,    // app.bsky.feed.getAuthorFeed
    BlueskyFeed,      // app.bsky.feed.getFeed
    BlueskySearch,    // app.bsky.feed.searchPosts
    WebFeed,          // RSS 2.0, Atom 1.0 or JSON Feed 1.1, detected from the body
    Staff,            // written in the staff console
};

const char* to_string(SourceKind kind);

struct Media {
    enum class Kind { Image, VideoThumbnail, LinkThumbnail };
    Kind kind = Kind::Image;
    std::string url;         // where it came from (remote URL, or a path for demo content)
    std::string local_path;  // the file on disk once cached; empty until then
    std::string alt;         // alt text / description, shown when the image cannot be
    int width = 0;           // pixel size when the source says so, else 0
    int height = 0;
    float focus_x = 0.0f;    // Mastodon meta.focus: -1 (left/bottom) .. 1 (right/top)
    float focus_y = 0.0f;
    bool operator==(const Media&) const = default;
};

// A Mastodon custom emoji: ":shortcode:" in the text, drawn as a small image.
struct CustomEmoji {
    std::string shortcode;   // without the colons
    std::string url;
    std::string local_path;  // the cached image once downloaded; empty until then
    bool operator==(const CustomEmoji&) const = default;
};

struct Post {
    std::string id;          // canonical, unique across sources (e.g. the status URI)
    std::string source_id;   // name of the configured source that brought it
    SourceKind source_kind = SourceKind::Demo;
    std::string author;      // display name
    std::string handle;      // @user@server, user.bsky.social, feed title...
    std::string avatar_url;
    std::string avatar_local_path;
    std::string text;        // plain UTF-8 text, paragraphs separated by '\n'
    std::string content_warning;
    std::string language;    // BCP 47 tag when known
    std::vector<Media> media;
    std::vector<std::string> tags;   // hashtags without '#'
    std::vector<CustomEmoji> emojis;
    std::vector<std::string> labels; // moderation labels from the source (Bluesky)
    TimePoint created{};
    std::string permalink;
    bool sensitive = false;  // content warning, sensitive flag or adult label
    bool is_reply = false;
    bool is_repost = false;  // it reached us as a boost/repost; the fields above are the original's
    std::string reposted_by; // handle of the booster, for the audit trail only
    bool operator==(const Post&) const = default;
};

// A post written by staff in the console; styled apart on the wall.
struct Announcement {
    std::string id;
    std::string title;
    std::string body;
    std::string image_local_path;
    TimePoint starts{};      // shown from
    TimePoint ends{};        // until; equal to starts means no end
    std::vector<std::string> groups;  // screen groups it is for (fleet); empty: all
    bool operator==(const Announcement&) const = default;
};

// "Share your story with #StVKnee" and a QR code to where people can post.
struct HashtagPrompt {
    std::string id;
    std::string text;
    std::string hashtag;     // without '#'
    std::string url;         // QR target
    std::vector<std::string> groups;  // screen groups it is for (fleet); empty: all
    bool operator==(const HashtagPrompt&) const = default;
};

}  // namespace lw
