// Trending hashtags: the tags most used by recent approved posts, for the
// wall's prompt card ("Trending: #a #b #c"). Pure: no clock, no I/O.
#pragma once

#include "core/post.h"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace lw {

struct TrendingOptions {
    std::chrono::hours window{48};   // posts created within this of `now` count
    size_t count = 3;                // at most this many tags
    size_t min_posts = 1;            // a tag needs at least this many posts
};

// The hashtags of `posts` (from Post::tags and "#word" in the text), counted
// once per post and case-insensitively, most posts first (ties: the most
// recent use, then alphabetical). Tags in `ignore` (the prompt's own, without
// '#', any case) are left out. Each tag is spelled as its most recent post
// wrote it, without '#'.
std::vector<std::string> trending_hashtags(const std::vector<Post>& posts, TimePoint now,
                                           const std::vector<std::string>& ignore, const TrendingOptions& options = {});

// The "#word" hashtags in a text, without '#', in order of appearance. A tag
// is letters, digits, '_' and any non-ASCII character, after the start of
// the text or a character that is not a letter, digit, '_', '&' or '/' (so
// "a#b", "&#39;" and URL fragments are not tags).
std::vector<std::string> hashtags_in_text(std::string_view text);

// ASCII-lowercased copy, the key two spellings of one tag share.
std::string fold_tag(std::string_view tag);

}  // namespace lw
