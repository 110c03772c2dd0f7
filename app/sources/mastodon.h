// Mastodon: the request URLs lobbywall polls and the parsing of what comes
// back. A statuses array (hashtag timeline or account statuses) becomes Posts;
// boosts become the boosted post, marked as a repost. Pure: no HTTP here.
#pragma once

#include "sources/parse.h"

#include <optional>
#include <string>
#include <string_view>

namespace lw::sources {

// GET /api/v1/timelines/tag/:tag and GET /api/v1/accounts/:id/statuses.
// `ctx.instance_host` names the polled server so local accounts get a full
// @user@host handle. `newest_cursor` is the first (newest) status's id, the
// next poll's min_id. Private and direct statuses are left out (`skipped`).
ParseResult parse_mastodon_statuses(std::string_view body, const ParseContext& ctx);

// The newest status id in a statuses array (its first element), for the next
// request's min_id; "" when the array is empty or unreadable. Ids are opaque
// strings: never compared as numbers.
std::string mastodon_newest_id(std::string_view body);

struct MastodonAccount {
    std::string id;            // opaque, for /api/v1/accounts/:id/statuses
    std::string acct;          // "user" (local) or "user@host"
    std::string display_name;
    std::string url;
};

struct MastodonAccountResult {
    std::optional<MastodonAccount> account;
    std::string error;  // one sentence when `account` is empty
};

// GET /api/v1/accounts/lookup?acct= : the Account entity.
MastodonAccountResult parse_mastodon_account(std::string_view body);

// The `error` (and `error_description`) of a Mastodon error body, or "".
std::string mastodon_error_message(std::string_view body);

// --- Request URLs. `base_url` is "https://host" (a trailing '/' is fine). ---

// /api/v1/timelines/tag/<tag>?limit=N[&min_id=..][&local=true]; a leading '#'
// is dropped and the tag percent-encoded.
std::string mastodon_tag_timeline_url(std::string_view base_url, std::string_view tag,
                                      std::string_view min_id, int limit = 40,
                                      bool local_only = false);

// /api/v1/accounts/lookup?acct=<acct>; a leading '@' is dropped.
std::string mastodon_account_lookup_url(std::string_view base_url, std::string_view acct);

// /api/v1/accounts/<id>/statuses?limit=N[&min_id=..][&exclude_replies=true][&exclude_reblogs=true]
std::string mastodon_account_statuses_url(std::string_view base_url, std::string_view account_id,
                                          std::string_view min_id, bool exclude_replies,
                                          bool exclude_reblogs, int limit = 40);

}  // namespace lw::sources
