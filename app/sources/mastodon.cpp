// Mastodon statuses and accounts to Posts: see mastodon.h. Field names follow
// the Status, Account, MediaAttachment, CustomEmoji, Tag and PreviewCard
// entities of the Mastodon REST API.
#include "sources/mastodon.h"

#include "sources/html_text.h"
#include "sources/json_util.h"
#include "sources/text_clean.h"

#include "core/time.h"

#include <algorithm>

namespace lw::sources {
namespace {

using json::Json;

std::string trim_base(std::string_view base_url) {
    while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
    return std::string(base_url);
}

// "@user@host": Mastodon's acct is bare for accounts local to the server.
std::string full_handle(const Json& account, const ParseContext& ctx) {
    std::string acct = json::str(account, "acct");
    if (acct.empty()) acct = json::str(account, "username");
    if (acct.empty()) return {};
    if (acct.front() == '@') acct.erase(0, 1);
    if (acct.find('@') == std::string::npos) {
        std::string host = ctx.instance_host.empty() ? url_host(json::str(account, "url"))
                                                     : ctx.instance_host;
        if (!host.empty()) acct += "@" + host;
    }
    return "@" + acct;
}

void add_emojis(const Json& owner, std::vector<CustomEmoji>& out) {
    const Json* emojis = json::array(owner, "emojis");
    if (!emojis) return;
    for (const Json& e : *emojis) {
        // The static image: the wall does not animate emoji.
        std::string url = json::str(e, "static_url");
        if (url.empty()) url = json::str(e, "url");
        out.push_back({json::str(e, "shortcode"), url});
    }
}

void add_media(const Json& status, std::vector<Media>& out) {
    const Json* attachments = json::array(status, "media_attachments");
    if (!attachments) return;
    for (const Json& a : *attachments) {
        std::string type = json::str(a, "type");
        Media m;
        if (type == "image") {
            m.kind = Media::Kind::Image;
            m.url = json::str(a, "url");
            if (m.url.empty()) m.url = json::str(a, "remote_url");
            if (m.url.empty()) m.url = json::str(a, "preview_url");
        } else if (type == "gifv" || type == "video") {
            m.kind = Media::Kind::VideoThumbnail;  // the still preview, never the video
            m.url = json::str(a, "preview_url");
        } else {
            continue;  // audio and unknown have nothing to show
        }
        m.alt = json::str(a, "description");
        if (const Json* meta = json::object(a, "meta")) {
            const Json* size = json::object(*meta, "original");
            if (!size || !json::pixels(*size, "width")) size = json::object(*meta, "small");
            if (size) {
                m.width = json::pixels(*size, "width");
                m.height = json::pixels(*size, "height");
            }
            if (const Json* focus = json::object(*meta, "focus")) {
                m.focus_x = static_cast<float>(json::number(*focus, "x"));
                m.focus_y = static_cast<float>(json::number(*focus, "y"));
            }
        }
        out.push_back(std::move(m));
    }
}

// A link preview card's image, when the status has no media of its own.
void add_card_thumbnail(const Json& status, std::vector<Media>& out) {
    const Json* card = json::object(status, "card");
    if (!card || !out.empty()) return;
    std::string image = json::str(*card, "image");
    if (image.empty()) return;
    Media m;
    m.kind = Media::Kind::LinkThumbnail;
    m.url = image;
    m.alt = json::str(*card, "image_description");
    if (m.alt.empty()) m.alt = json::str(*card, "title");
    m.width = json::pixels(*card, "width");
    m.height = json::pixels(*card, "height");
    out.push_back(std::move(m));
}

bool is_private(const Json& status) {
    std::string visibility = json::str(status, "visibility");
    return visibility == "private" || visibility == "direct";
}

enum class Outcome { Kept, Skipped, Bad };

Outcome status_to_post(const Json& status, const ParseContext& ctx, Post& post, std::string& error) {
    if (!status.is_object()) {
        error = "is not an object";
        return Outcome::Bad;
    }
    const Json* reblog = json::object(status, "reblog");
    const Json& src = reblog ? *reblog : status;
    if (is_private(status) || is_private(src)) return Outcome::Skipped;

    const Json* account = json::object(src, "account");
    if (!account) {
        error = "has no account";
        return Outcome::Bad;
    }
    auto created = parse_rfc3339(json::str(src, "created_at"));
    if (!created) {
        error = "has no valid created_at";
        return Outcome::Bad;
    }
    post.id = json::str(src, "uri");
    if (post.id.empty()) post.id = json::str(src, "url");
    if (post.id.empty()) {
        error = "has neither uri nor url";
        return Outcome::Bad;
    }
    post.created = *created;
    post.permalink = json::str(src, "url");
    if (post.permalink.empty()) post.permalink = json::str(src, "uri");

    post.handle = full_handle(*account, ctx);
    post.author = clean_line(json::str(*account, "display_name"));
    if (post.author.empty()) post.author = json::str(*account, "username");
    if (post.author.empty()) post.author = post.handle;
    post.avatar_url = json::str(*account, "avatar_static");
    if (post.avatar_url.empty()) post.avatar_url = json::str(*account, "avatar");

    post.text = html_to_text(json::str(src, "content")).text;
    if (post.text.empty()) post.text = json::str(src, "text");  // some servers send plain text too
    post.content_warning = json::str(src, "spoiler_text");
    post.sensitive = json::flag(src, "sensitive") || !clean_line(post.content_warning).empty();
    post.is_reply = json::present(src, "in_reply_to_id");
    post.language = json::str(src, "language");

    add_media(src, post.media);
    add_card_thumbnail(src, post.media);
    add_emojis(src, post.emojis);
    add_emojis(*account, post.emojis);  // shortcodes in the display name
    if (const Json* tags = json::array(src, "tags"))
        for (const Json& t : *tags) post.tags.push_back(json::str(t, "name"));

    if (reblog) {
        post.is_repost = true;
        if (const Json* booster = json::object(status, "account"))
            post.reposted_by = full_handle(*booster, ctx);
    }
    return Outcome::Kept;
}

}  // namespace

ParseResult parse_mastodon_statuses(std::string_view body, const ParseContext& ctx) {
    ParseResult result;
    auto doc = json::parse_body(body, result.body_error);
    if (!doc) return result;
    if (!doc->is_array()) {
        std::string server_error = json::str(*doc, "error");
        result.body_error = server_error.empty()
                                ? "the body is not a JSON array of statuses"
                                : "the server answered with an error: " + clean_line(server_error);
        return result;
    }
    if (!doc->empty()) result.newest_cursor = clean_line(json::id_str(doc->front(), "id"));
    std::size_t index = 0;
    for (const Json& status : *doc) {
        ++index;
        if (result.posts.size() >= ctx.max_items) {
            result.item_errors.push_back("kept the first " + std::to_string(ctx.max_items) +
                                         " statuses and dropped the rest");
            break;
        }
        Post post;
        std::string error;
        switch (status_to_post(status, ctx, post, error)) {
        case Outcome::Kept:
            finalize_post(post, ctx);
            result.posts.push_back(std::move(post));
            break;
        case Outcome::Skipped:
            ++result.skipped;
            break;
        case Outcome::Bad: {
            std::string id = clean_line(json::id_str(status, "id"));
            result.item_errors.push_back("status " + std::to_string(index) +
                                         (id.empty() ? "" : " (id " + clamp_utf8(id, 64) + ")") +
                                         " " + error + ", skipped");
            break;
        }
        }
    }
    return result;
}

std::string mastodon_newest_id(std::string_view body) {
    std::string error;
    auto doc = json::parse_body(body, error);
    if (!doc || !doc->is_array() || doc->empty()) return {};
    return clean_line(json::id_str(doc->front(), "id"));
}

MastodonAccountResult parse_mastodon_account(std::string_view body) {
    MastodonAccountResult result;
    auto doc = json::parse_body(body, result.error);
    if (!doc) return result;
    if (!doc->is_object()) {
        result.error = "the body is not a JSON account object";
        return result;
    }
    MastodonAccount account;
    account.id = clean_line(json::id_str(*doc, "id"));
    account.acct = clean_line(json::str(*doc, "acct"));
    account.display_name = clean_line(json::str(*doc, "display_name"));
    account.url = clean_line(json::str(*doc, "url"));
    if (account.id.empty()) {
        std::string server_error = clean_line(json::str(*doc, "error"));
        result.error = server_error.empty() ? "the account has no id"
                                            : "the server answered with an error: " + server_error;
        return result;
    }
    result.account = std::move(account);
    return result;
}

std::string mastodon_error_message(std::string_view body) {
    std::string error;
    auto doc = json::parse_body(body, error);
    if (!doc) return {};
    std::string message = clean_line(json::str(*doc, "error"));
    std::string detail = clean_line(json::str(*doc, "error_description"));
    if (!detail.empty()) message += message.empty() ? detail : ": " + detail;
    return clamp_utf8(message, 300);
}

std::string mastodon_tag_timeline_url(std::string_view base_url, std::string_view tag,
                                      std::string_view min_id, int limit, bool local_only) {
    while (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
    std::string url = trim_base(base_url) + "/api/v1/timelines/tag/" + percent_encode(tag) +
                      "?limit=" + std::to_string(std::clamp(limit, 1, 40));
    if (!min_id.empty()) url += "&min_id=" + percent_encode(min_id);
    if (local_only) url += "&local=true";
    return url;
}

std::string mastodon_account_lookup_url(std::string_view base_url, std::string_view acct) {
    while (!acct.empty() && acct.front() == '@') acct.remove_prefix(1);
    return trim_base(base_url) + "/api/v1/accounts/lookup?acct=" + percent_encode(acct);
}

std::string mastodon_account_statuses_url(std::string_view base_url, std::string_view account_id,
                                          std::string_view min_id, bool exclude_replies,
                                          bool exclude_reblogs, int limit) {
    std::string url = trim_base(base_url) + "/api/v1/accounts/" + percent_encode(account_id) +
                      "/statuses?limit=" + std::to_string(std::clamp(limit, 1, 40));
    if (!min_id.empty()) url += "&min_id=" + percent_encode(min_id);
    if (exclude_replies) url += "&exclude_replies=true";
    if (exclude_reblogs) url += "&exclude_reblogs=true";
    return url;
}

}  // namespace lw::sources
