// Authors blocked from the staff console. They are kept in the store as the
// setting "blocked_authors" (a JSON array of handles, lower case, without the
// leading '@'), so they survive restarts and every change is audited by
// Store::set_setting. The pipeline joins them into every source's rules with
// with_blocked_authors() before moderating a poll.
#pragma once

#include "moderation/rules.h"
#include "store/result.h"
#include "store/store.h"

#include <string>
#include <string_view>
#include <vector>

namespace lw {

inline constexpr const char* kBlockedAuthorsSetting = "blocked_authors";

// "@Troll@Example.social" -> "troll@example.social"; empty when nothing is left.
std::string normalize_handle(std::string_view handle);

// The blocked handles; an absent or unreadable setting is an empty list
// (a damaged value is logged once per call).
Result<std::vector<std::string>> blocked_authors(Store& store);

// Adds or removes one handle (normalized) and stores the list. Unchanged
// lists are not written.
Status set_author_blocked(Store& store, std::string_view handle, bool blocked, const Actor& actor,
                          TimePoint now);

// The rules with the console's blocked authors appended.
moderation::ModerationRules with_blocked_authors(moderation::ModerationRules rules,
                                                 const std::vector<std::string>& authors);

}  // namespace lw
