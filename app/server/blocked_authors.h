// Authors blocked from the staff console. They are kept in the store as the
// setting "blocked_authors" (a JSON array of handles, lower case, without the
// leading '@'), so they survive restarts and every change is audited by
// Store::set_setting. The pipeline joins them into every source's rules with
// with_blocked_authors() before moderating a poll.
//
// A web feed has no handle per person: its posts carry the feed's title as
// their handle and the item's author as their author. Blocking one person
// there is a FeedAuthorBlock (source id + author name), kept in the setting
// "blocked_feed_authors" and applied by the pipeline through
// feed_author_block_reason(); blocking the feed's handle blocks the feed.
#pragma once

#include "moderation/rules.h"
#include "store/result.h"
#include "store/store.h"

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw {

inline constexpr const char* kBlockedAuthorsSetting = "blocked_authors";
inline constexpr const char* kBlockedFeedAuthorsSetting = "blocked_feed_authors";

// One author of one web feed.
struct FeedAuthorBlock {
    std::string source_id;  // the configured source's name
    std::string author;     // normalized: trimmed, lower case
    auto operator<=>(const FeedAuthorBlock&) const = default;
};

// "@Troll@Example.social" -> "troll@example.social"; empty when nothing is left.
std::string normalize_handle(std::string_view handle);

// The blocked handles; an absent or unreadable setting is an empty list
// (a damaged value is logged once per call).
Result<std::vector<std::string>> blocked_authors(Store& store);

// Adds or removes one handle (normalized) and stores the list. Unchanged
// lists are not written.
Status set_author_blocked(Store& store, std::string_view handle, bool blocked, const Actor& actor,
                          TimePoint now);

// The blocked web-feed authors; absent or unreadable: none (logged).
Result<std::vector<FeedAuthorBlock>> blocked_feed_authors(Store& store);
Status set_feed_author_blocked(Store& store, const FeedAuthorBlock& block, bool blocked,
                               const Actor& actor, TimePoint now);
// "Jane Doe" -> "jane doe": how feed author names are compared.
std::string normalize_author(std::string_view author);
// The web-feed author a post would be blocked by: set only for a web-feed
// item whose author is named apart from the feed itself (else blocking can
// only mean the whole feed).
std::optional<FeedAuthorBlock> feed_author_of(const Post& post);
// "blocked author \"Jane Doe\" in feed news" when `post` is by a blocked
// web-feed author; nothing otherwise.
std::optional<std::string> feed_author_block_reason(const std::vector<FeedAuthorBlock>& blocks,
                                                    const Post& post);

// The rules with the console's blocked authors appended.
moderation::ModerationRules with_blocked_authors(moderation::ModerationRules rules,
                                                 const std::vector<std::string>& authors);

}  // namespace lw
