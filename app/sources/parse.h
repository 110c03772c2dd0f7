// The one result shape every feed parser returns, and the context a caller
// passes in. Parsers are pure: bytes in, Posts out, nothing thrown. A body
// that cannot be read at all sets `body_error`; an item that cannot be read is
// skipped with one sentence in `item_errors` while the good items are kept.
#pragma once

#include "core/post.h"

#include <cstddef>
#include <string>
#include <vector>

namespace lw::sources {

// Bodies larger than this are refused outright (the HTTP client caps lower).
inline constexpr std::size_t kMaxBodyBytes = 32u * 1024u * 1024u;
// JSON nested deeper than this is refused before it reaches the JSON parser.
inline constexpr int kMaxJsonDepth = 128;

struct ParseContext {
    std::string source_id;                        // copied into Post::source_id
    SourceKind source_kind = SourceKind::WebFeed; // copied into Post::source_kind
    // Mastodon: host of the instance polled ("mastodon.social"); local accounts
    // have a bare `acct`, so their handle becomes @user@<instance_host>.
    std::string instance_host;
    // Web feeds: the URL the body came from; base for relative links when the
    // feed names no site link of its own.
    std::string feed_url;
    // Given to items that carry no date of their own.
    TimePoint fetched_at{};
    std::size_t max_items = 1000;       // items past this are dropped, with one error
    std::size_t max_text_bytes = 8000;  // longer texts are cut at a character and end in "…"
};

struct ParseResult {
    std::vector<Post> posts;
    std::string body_error;               // non-empty: the body as a whole was unreadable
    std::vector<std::string> item_errors; // one sentence per skipped item
    std::string feed_title;               // web feeds: the channel/feed title
    std::string newest_cursor;            // Mastodon: id of the newest status (next min_id)
    std::size_t skipped = 0;              // items left out on purpose (e.g. non-public)

    bool ok() const { return body_error.empty(); }
};

}  // namespace lw::sources
