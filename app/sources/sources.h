// The front door of sources/: pick a parser by payload kind and turn Posts
// into the JSON Lines records `lobbywall probe` prints. The parsers
// themselves live in mastodon.h, bluesky.h and webfeed.h; this header pulls
// them in so a caller needs only one include.
#pragma once

#include "sources/bluesky.h"
#include "sources/mastodon.h"
#include "sources/parse.h"
#include "sources/webfeed.h"

#include <optional>
#include <string>
#include <string_view>

namespace lw::sources {

// What a body is, as `probe --kind` names it: a Mastodon statuses array, a
// Bluesky feed or search answer, or a web feed (RSS, Atom, JSON Feed).
enum class PayloadKind { Mastodon, Bluesky, WebFeed };

// "mastodon", "bluesky", "feed"; nullopt for anything else.
std::optional<PayloadKind> payload_kind_from_name(std::string_view name);

// The payload a configured source kind fetches (Demo and Staff read as web feeds).
PayloadKind payload_kind_for(SourceKind kind);

ParseResult parse_payload(PayloadKind kind, std::string_view body, const ParseContext& ctx);

// One JSON object on one line, with exactly the fields `lobbywall probe`
// promises: id, kind, author, handle, avatar, text, created_at (RFC 3339
// UTC), url, media [{url, alt, width, height}] (unknown sizes null), tags,
// sensitive, reply, repost.
std::string probe_json_line(const Post& post);

}  // namespace lw::sources
