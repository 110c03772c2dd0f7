// Parser dispatch and probe records: see sources.h.
#include "sources/sources.h"

#include "core/time.h"

#include <nlohmann/json.hpp>

namespace lw::sources {

std::optional<PayloadKind> payload_kind_from_name(std::string_view name) {
    if (name == "mastodon") return PayloadKind::Mastodon;
    if (name == "bluesky") return PayloadKind::Bluesky;
    if (name == "feed") return PayloadKind::WebFeed;
    return std::nullopt;
}

PayloadKind payload_kind_for(SourceKind kind) {
    switch (kind) {
    case SourceKind::MastodonHashtag:
    case SourceKind::MastodonAccount: return PayloadKind::Mastodon;
    case SourceKind::BlueskyAuthor:
    case SourceKind::BlueskyFeed:
    case SourceKind::BlueskySearch: return PayloadKind::Bluesky;
    case SourceKind::WebFeed:
    case SourceKind::Demo:
    case SourceKind::Staff: break;
    }
    return PayloadKind::WebFeed;
}

ParseResult parse_payload(PayloadKind kind, std::string_view body, const ParseContext& ctx) {
    switch (kind) {
    case PayloadKind::Mastodon: return parse_mastodon_statuses(body, ctx);
    case PayloadKind::Bluesky: return parse_bluesky_feed(body, ctx);
    case PayloadKind::WebFeed: break;
    }
    return parse_web_feed(body, ctx);
}

std::string probe_json_line(const Post& post) {
    using nlohmann::json;
    json media = json::array();
    for (const Media& m : post.media) {
        media.push_back({{"url", m.url},
                         {"alt", m.alt},
                         {"width", m.width > 0 ? json(m.width) : json(nullptr)},
                         {"height", m.height > 0 ? json(m.height) : json(nullptr)}});
    }
    json record = {
        {"id", post.id},
        {"kind", to_string(post.source_kind)},
        {"author", post.author},
        {"handle", post.handle},
        {"avatar", post.avatar_url},
        {"text", post.text},
        {"created_at", format_rfc3339(post.created)},
        {"url", post.permalink},
        {"media", std::move(media)},
        {"tags", post.tags},
        {"sensitive", post.sensitive},
        {"reply", post.is_reply},
        {"repost", post.is_repost},
    };
    // Posts from the parsers are valid UTF-8 already; replace guards the rest.
    return record.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace lw::sources
