// JSON Feed 1.0 / 1.1 to Posts: see webfeed.h. Field names follow the JSON
// Feed 1.1 specification (items[], content_html/content_text, authors[],
// attachments[], date_published); 1.0's single `author` is read too.
#include "sources/webfeed.h"

#include "sources/html_text.h"
#include "sources/json_util.h"
#include "sources/rfc822.h"
#include "sources/text_clean.h"
#include "sources/webfeed_item.h"

namespace lw::sources {
namespace {

using json::Json;
using namespace webfeed;

struct Author {
    std::string name;
    std::string avatar;
};

// authors[] (1.1) first, then author (1.0).
Author read_author(const Json& owner) {
    Author a;
    if (const Json* authors = json::array(owner, "authors")) {
        for (const Json& author : *authors) {
            a.name = clean_line(json::str(author, "name"));
            a.avatar = json::str(author, "avatar");
            if (!a.name.empty()) return a;
        }
    }
    if (const Json* author = json::object(owner, "author")) {
        a.name = clean_line(json::str(*author, "name"));
        a.avatar = json::str(*author, "avatar");
    }
    return a;
}

}  // namespace

ParseResult parse_json_feed(std::string_view body, const ParseContext& ctx) {
    ParseResult result;
    auto doc = json::parse_body(body, result.body_error);
    if (!doc) return result;
    const Json* items = json::array(*doc, "items");
    if (!doc->is_object() || !items) {
        result.body_error = "the JSON is not a JSON Feed (no items array)";
        return result;
    }
    std::string version = json::str(*doc, "version");
    if (!version.empty() && version.rfind("https://jsonfeed.org/version/", 0) != 0) {
        result.body_error = "the JSON Feed version \"" + clamp_utf8(clean_line(version), 60) +
                            "\" is not one this reader knows";
        return result;
    }
    result.feed_title = clean_line(json::str(*doc, "title"));
    std::string site = resolve_url(ctx.feed_url, json::str(*doc, "home_page_url"));
    std::string base = !site.empty() ? site : ctx.feed_url;
    std::string key = !site.empty() ? site : !ctx.feed_url.empty() ? ctx.feed_url : ctx.source_id;
    Author feed_author = read_author(*doc);
    std::string feed_icon = resolve_url(base, json::str(*doc, "icon"));
    if (feed_icon.empty()) feed_icon = resolve_url(base, json::str(*doc, "favicon"));
    std::string feed_language = json::str(*doc, "language");

    std::size_t index = 0;
    for (const Json& item : *items) {
        ++index;
        if (item_cap_reached(result, ctx)) break;
        if (!item.is_object()) {
            result.item_errors.push_back("item " + std::to_string(index) + " is not an object, skipped");
            continue;
        }
        Post post;
        std::string title = title_text(json::str(item, "title"), false);
        HtmlText html = html_to_text(json::str(item, "content_html"));
        std::string body_text = html.text;
        if (body_text.empty()) body_text = plain_text(json::str(item, "content_text"));
        if (body_text.empty()) body_text = plain_text(json::str(item, "summary"));
        post.text = compose_text(title, body_text);

        post.permalink = resolve_url(base, json::str(item, "url"));
        if (post.permalink.empty()) post.permalink = resolve_url(base, json::str(item, "external_url"));
        std::string date_text = json::str(item, "date_published");
        if (date_text.empty()) date_text = json::str(item, "date_modified");
        auto date = parse_feed_date(date_text);
        post.created = date ? *date : ctx.fetched_at;
        post.id = item_id(json::id_str(item, "id"), key,
                          !post.permalink.empty() ? post.permalink
                                                  : title + "\n" + date_text + "\n" + post.text);

        Author author = read_author(item);
        if (author.name.empty()) author = feed_author;
        post.author = author.name.empty() ? result.feed_title : author.name;
        post.handle = result.feed_title;
        // The item's own author's picture, else the feed's authors', else the feed's icon.
        std::string avatar = author.avatar;
        if (avatar.empty()) avatar = feed_author.avatar;
        post.avatar_url = avatar.empty() ? feed_icon : resolve_url(base, avatar);
        post.language = json::str(item, "language");
        if (post.language.empty()) post.language = feed_language;

        for (const char* field : {"image", "banner_image"})
            add_media({Media::Kind::Image, resolve_url(base, json::str(item, field)), "", "", 0, 0}, post.media);
        if (const Json* attachments = json::array(item, "attachments")) {
            for (const Json& attachment : *attachments) {
                if (json::str(attachment, "mime_type").rfind("image/", 0) != 0) continue;
                add_media({Media::Kind::Image, resolve_url(base, json::str(attachment, "url")), "",
                           json::str(attachment, "title"), 0, 0},
                          post.media);
            }
        }
        add_html_images(html.images, base, post.media);
        if (const Json* tags = json::array(item, "tags"))
            for (const Json& tag : *tags)
                if (tag.is_string()) add_category_tag(tag.get<std::string>(), post.tags);

        if ((post.text.empty() && post.media.empty()) || post.id.empty()) {
            result.item_errors.push_back("item " + std::to_string(index) +
                                         " has no text, media or id, skipped");
            continue;
        }
        finalize_post(post, ctx);
        result.posts.push_back(std::move(post));
    }
    return result;
}

}  // namespace lw::sources
