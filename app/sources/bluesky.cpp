// Bluesky feed responses to Posts, sessions and request URLs: see bluesky.h.
// Field names follow the app.bsky.feed.defs, app.bsky.feed.post,
// app.bsky.embed.*, app.bsky.richtext.facet and com.atproto.label.defs lexicons.
#include "sources/bluesky.h"

#include "sources/json_util.h"
#include "sources/text_clean.h"

#include "core/time.h"

#include <algorithm>
#include <array>

namespace lw::sources {
namespace {

using json::Json;

constexpr std::array<std::string_view, 9> kSensitiveLabels = {
    "porn", "sexual", "sexual-figurative", "nudity", "graphic-media", "gore", "!hide", "!warn",
    "nsfl"};

bool is_sensitive_label(std::string_view val) {
    return std::find(kSensitiveLabels.begin(), kSensitiveLabels.end(), val) != kSensitiveLabels.end();
}

std::string trim_base(std::string_view base_url) {
    while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
    return std::string(base_url);
}

// com.atproto.label.defs#label[]: negation labels are ignored, never applied,
// so a label someone retracted can only make us more careful, not less.
void add_labels(const Json* labels, std::vector<std::string>& out) {
    if (!labels || !labels->is_array()) return;
    for (const Json& label : *labels) {
        if (json::flag(label, "neg")) continue;
        std::string val = json::str(label, "val");
        if (!val.empty()) out.push_back(val);
    }
}

void add_images_view(const Json& view, std::vector<Media>& out) {
    const Json* images = json::array(view, "images");
    if (!images) return;
    for (const Json& image : *images) {
        Media m;
        m.kind = Media::Kind::Image;
        m.url = json::str(image, "fullsize");
        if (m.url.empty()) m.url = json::str(image, "thumb");
        m.alt = json::str(image, "alt");
        if (const Json* ratio = json::object(image, "aspectRatio")) {
            m.width = json::pixels(*ratio, "width");
            m.height = json::pixels(*ratio, "height");
        }
        out.push_back(std::move(m));
    }
}

void add_embed_media(const Json& embed, std::vector<Media>& out, bool allow_nested) {
    std::string type = json::str(embed, "$type");
    if (type == "app.bsky.embed.images#view") {
        add_images_view(embed, out);
    } else if (type == "app.bsky.embed.video#view") {
        Media m;
        m.kind = Media::Kind::VideoThumbnail;
        m.url = json::str(embed, "thumbnail");
        m.alt = json::str(embed, "alt");
        if (const Json* ratio = json::object(embed, "aspectRatio")) {
            m.width = json::pixels(*ratio, "width");
            m.height = json::pixels(*ratio, "height");
        }
        out.push_back(std::move(m));
    } else if (type == "app.bsky.embed.external#view") {
        if (const Json* external = json::object(embed, "external")) {
            Media m;
            m.kind = Media::Kind::LinkThumbnail;
            m.url = json::str(*external, "thumb");
            m.alt = json::str(*external, "title");
            out.push_back(std::move(m));
        }
    } else if (type == "app.bsky.embed.recordWithMedia#view" && allow_nested) {
        // The quoted record is someone else's post: only the media is ours.
        if (const Json* media = json::object(embed, "media")) add_embed_media(*media, out, false);
    }
}

void add_facet_tags(const Json& record, const std::string& text, std::vector<std::string>& out) {
    const Json* facets = json::array(record, "facets");
    if (!facets) return;
    for (const Json& facet : *facets) {
        const Json* features = json::array(facet, "features");
        if (!features) continue;
        for (const Json& feature : *features) {
            if (json::str(feature, "$type") != "app.bsky.richtext.facet#tag") continue;
            std::string tag = json::str(feature, "tag");
            if (tag.empty()) {
                // No tag value: take it from the text the facet covers.
                const Json* index = json::object(facet, "index");
                if (!index) continue;
                const Json* start = json::member(*index, "byteStart");
                const Json* end = json::member(*index, "byteEnd");
                if (!start || !end || !start->is_number_integer() || !end->is_number_integer())
                    continue;
                auto slice = facet_slice(text, start->get<long long>(), end->get<long long>());
                if (slice) tag = std::string(*slice);
            }
            if (!tag.empty()) out.push_back(tag);
        }
    }
}

bool post_view_to_post(const Json& view, Post& post, std::string& error) {
    if (!view.is_object()) {
        error = "is not a post view";
        return false;
    }
    post.id = json::str(view, "uri");
    if (post.id.rfind("at://", 0) != 0) {
        error = "has no at:// uri";
        return false;
    }
    const Json* record = json::object(view, "record");
    if (!record) {
        error = "has no record";
        return false;
    }
    const Json* author = json::object(view, "author");
    if (!author) {
        error = "has no author";
        return false;
    }
    auto created = parse_rfc3339(json::str(*record, "createdAt"));
    if (!created) created = parse_rfc3339(json::str(view, "indexedAt"));
    if (!created) {
        error = "has no valid createdAt or indexedAt";
        return false;
    }
    post.created = *created;
    post.handle = json::str(*author, "handle");
    post.author = clean_line(json::str(*author, "displayName"));
    if (post.author.empty()) post.author = post.handle;
    post.avatar_url = json::str(*author, "avatar");
    std::string profile = post.handle == "handle.invalid" ? "" : post.handle;
    post.permalink = bluesky_permalink(post.id, profile);

    post.text = json::str(*record, "text");
    post.is_reply = json::object(*record, "reply") != nullptr;
    if (const Json* langs = json::array(*record, "langs"); langs && !langs->empty() &&
                                                           langs->front().is_string())
        post.language = langs->front().get<std::string>();

    add_facet_tags(*record, post.text, post.tags);
    if (const Json* tags = json::array(*record, "tags"))
        for (const Json& t : *tags)
            if (t.is_string()) post.tags.push_back(t.get<std::string>());

    add_labels(json::member(view, "labels"), post.labels);
    if (const Json* self = json::object(*record, "labels"))
        add_labels(json::member(*self, "values"), post.labels);
    add_labels(json::member(*author, "labels"), post.labels);
    post.sensitive = std::any_of(post.labels.begin(), post.labels.end(),
                                 [](const std::string& l) { return is_sensitive_label(l); });

    if (const Json* embed = json::object(view, "embed")) add_embed_media(*embed, post.media, true);
    return true;
}

std::string short_id(const Json& item) {
    std::string uri = json::str(item, "uri");
    if (uri.empty())
        if (const Json* post = json::object(item, "post")) uri = json::str(*post, "uri");
    uri = clean_line(uri);
    return uri.empty() ? "" : " (" + clamp_utf8(uri, 120) + ")";
}

int base64url_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-' || c == '+') return 62;
    if (c == '_' || c == '/') return 63;
    return -1;
}

}  // namespace

ParseResult parse_bluesky_feed(std::string_view body, const ParseContext& ctx) {
    ParseResult result;
    auto doc = json::parse_body(body, result.body_error);
    if (!doc) return result;
    const Json* items = json::array(*doc, "feed");
    bool is_feed = items != nullptr;
    if (!items) items = json::array(*doc, "posts");
    if (!items) {
        std::string server_error = bluesky_error_message(body);
        result.body_error = server_error.empty()
                                ? "the body has neither a feed[] nor a posts[] array"
                                : "the server answered with an error: " + server_error;
        return result;
    }
    std::size_t index = 0;
    for (const Json& item : *items) {
        ++index;
        if (result.posts.size() >= ctx.max_items) {
            result.item_errors.push_back("kept the first " + std::to_string(ctx.max_items) +
                                         " posts and dropped the rest");
            break;
        }
        const Json* view = &item;
        const Json* reason = nullptr;
        if (is_feed) {
            view = json::object(item, "post");
            reason = json::object(item, "reason");
        }
        Post post;
        std::string error;
        if (!view || !post_view_to_post(*view, post, error)) {
            if (error.empty()) error = "has no post";
            result.item_errors.push_back("post " + std::to_string(index) + short_id(item) + " " +
                                         error + ", skipped");
            continue;
        }
        if (reason && json::str(*reason, "$type") == "app.bsky.feed.defs#reasonRepost") {
            post.is_repost = true;
            if (const Json* by = json::object(*reason, "by")) post.reposted_by = json::str(*by, "handle");
        }
        if (is_feed && json::object(item, "reply")) post.is_reply = true;
        finalize_post(post, ctx);
        result.posts.push_back(std::move(post));
    }
    return result;
}

std::vector<Post> bluesky_new_posts(std::vector<Post> first_page,
                                    const std::function<bool(const std::string& uri)>& is_known) {
    std::vector<Post> fresh;
    for (auto& post : first_page) {
        if (is_known(post.id)) {
            if (post.is_repost) continue;
            break;
        }
        fresh.push_back(std::move(post));
    }
    return fresh;
}

std::optional<std::string_view> facet_slice(std::string_view text, long long byte_start,
                                            long long byte_end) {
    if (byte_start < 0 || byte_end <= byte_start || byte_end > static_cast<long long>(text.size()))
        return std::nullopt;
    auto is_continuation = [&](long long i) {
        return i < static_cast<long long>(text.size()) &&
               (static_cast<unsigned char>(text[static_cast<std::size_t>(i)]) & 0xC0) == 0x80;
    };
    if (is_continuation(byte_start) || is_continuation(byte_end)) return std::nullopt;
    return text.substr(static_cast<std::size_t>(byte_start),
                       static_cast<std::size_t>(byte_end - byte_start));
}

std::string bluesky_permalink(std::string_view at_uri, std::string_view handle) {
    constexpr std::string_view prefix = "at://";
    if (at_uri.rfind(prefix, 0) != 0) return {};
    std::string_view rest = at_uri.substr(prefix.size());
    auto slash1 = rest.find('/');
    if (slash1 == std::string_view::npos) return {};
    std::string_view authority = rest.substr(0, slash1);
    std::string_view path = rest.substr(slash1 + 1);
    auto slash2 = path.find('/');
    if (slash2 == std::string_view::npos || path.substr(0, slash2) != "app.bsky.feed.post")
        return {};
    std::string_view rkey = path.substr(slash2 + 1);
    if (rkey.empty() || authority.empty() || rkey.find_first_of("/?#") != std::string_view::npos)
        return {};
    std::string_view profile = handle.empty() ? authority : handle;
    return "https://bsky.app/profile/" + percent_encode(profile) + "/post/" + percent_encode(rkey);
}

BlueskySessionResult parse_bluesky_session(std::string_view body) {
    BlueskySessionResult result;
    auto doc = json::parse_body(body, result.error);
    if (!doc) return result;
    BlueskySession s;
    s.access_jwt = json::str(*doc, "accessJwt");
    s.refresh_jwt = json::str(*doc, "refreshJwt");
    s.did = clean_line(json::str(*doc, "did"));
    s.handle = clean_line(json::str(*doc, "handle"));
    if (s.access_jwt.empty() || s.refresh_jwt.empty() || s.did.empty()) {
        std::string server_error = bluesky_error_message(body);
        result.error = server_error.empty() ? "the session answer lacks accessJwt, refreshJwt or did"
                                            : "the server refused the login: " + server_error;
        return result;
    }
    s.access_expires = jwt_expiry(s.access_jwt);
    result.session = std::move(s);
    return result;
}

std::string bluesky_create_session_body(std::string_view identifier, std::string_view app_password) {
    Json body = {{"identifier", std::string(identifier)}, {"password", std::string(app_password)}};
    return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<TimePoint> jwt_expiry(std::string_view jwt) {
    auto dot1 = jwt.find('.');
    if (dot1 == std::string_view::npos) return std::nullopt;
    auto dot2 = jwt.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos) return std::nullopt;
    std::string_view payload = jwt.substr(dot1 + 1, dot2 - dot1 - 1);
    if (payload.size() > 64 * 1024) return std::nullopt;
    std::string decoded;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : payload) {
        if (c == '=') break;
        int v = base64url_value(c);
        if (v < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            decoded += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    std::string error;
    auto doc = json::parse_body(decoded, error);
    if (!doc) return std::nullopt;
    double exp = json::number(*doc, "exp", -1);
    if (exp <= 0 || exp > 32503680000.0) return std::nullopt;  // before year 3000
    return TimePoint{std::chrono::seconds{static_cast<long long>(exp)}};
}

std::string bluesky_error_message(std::string_view body) {
    std::string error;
    auto doc = json::parse_body(body, error);
    if (!doc) return {};
    std::string code = clean_line(json::str(*doc, "error"));
    std::string message = clean_line(json::str(*doc, "message"));
    if (!message.empty()) code += code.empty() ? message : ": " + message;
    return clamp_utf8(code, 300);
}

std::string bluesky_author_feed_url(std::string_view service, std::string_view actor, int limit,
                                    std::string_view filter) {
    while (!actor.empty() && actor.front() == '@') actor.remove_prefix(1);
    std::string url = trim_base(service) + "/xrpc/app.bsky.feed.getAuthorFeed?actor=" +
                      percent_encode(actor) + "&limit=" + std::to_string(std::clamp(limit, 1, 100));
    if (!filter.empty()) url += "&filter=" + percent_encode(filter);
    return url;
}

std::string bluesky_feed_url(std::string_view service, std::string_view feed_at_uri, int limit) {
    return trim_base(service) + "/xrpc/app.bsky.feed.getFeed?feed=" + percent_encode(feed_at_uri) +
           "&limit=" + std::to_string(std::clamp(limit, 1, 100));
}

std::string bluesky_search_url(std::string_view service, std::string_view query, int limit) {
    return trim_base(service) + "/xrpc/app.bsky.feed.searchPosts?q=" + percent_encode(query) +
           "&sort=latest&limit=" + std::to_string(std::clamp(limit, 1, 100));
}

std::string bluesky_create_session_url(std::string_view service) {
    return trim_base(service) + "/xrpc/com.atproto.server.createSession";
}

std::string bluesky_refresh_session_url(std::string_view service) {
    return trim_base(service) + "/xrpc/com.atproto.server.refreshSession";
}

}  // namespace lw::sources
