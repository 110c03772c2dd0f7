// RSS 2.0 / RSS 1.0 and Atom 1.0 with Media RSS and YouTube extensions, read
// with pugixml: see webfeed.h. pugixml skips the DOCTYPE and expands only
// the predefined entities and character references, so no entity expansion
// bomb and no external entity can do anything. A feed cut off mid-way keeps
// the complete items before the break.
#include "sources/webfeed.h"

#include "sources/html_text.h"
#include "sources/rfc822.h"
#include "sources/text_clean.h"
#include "sources/webfeed_item.h"

#include <pugixml.hpp>

#include <cctype>
#include <cstring>

namespace lw::sources {
namespace {

using namespace webfeed;

// Element name prefixes ("media:") as this document declares them.
struct Prefixes {
    std::string media = "media:";
    std::string content = "content:";
    std::string dc = "dc:";
    std::string yt = "yt:";
    std::string atom;  // Atom documents normally use the default namespace
};

void read_prefixes(const pugi::xml_node& node, Prefixes& p) {
    for (const pugi::xml_attribute& a : node.attributes()) {
        std::string_view name = a.name();
        std::string prefix;
        if (name.rfind("xmlns:", 0) == 0) prefix = std::string(name.substr(6)) + ":";
        else if (name != "xmlns") continue;
        std::string_view uri = a.value();
        if (uri == "http://search.yahoo.com/mrss/" || uri == "http://search.yahoo.com/mrss") p.media = prefix;
        else if (uri == "http://purl.org/rss/1.0/modules/content/") p.content = prefix;
        else if (uri == "http://purl.org/dc/elements/1.1/") p.dc = prefix;
        else if (uri == "http://www.youtube.com/xml/schemas/2015") p.yt = prefix;
        else if (uri == "http://www.w3.org/2005/Atom") p.atom = prefix;
    }
}

pugi::xml_node child(const pugi::xml_node& node, const std::string& prefix, const char* local) {
    return node.child((prefix + local).c_str());
}

struct StringWriter final : pugi::xml_writer {
    std::string out;
    void write(const void* data, size_t size) override {
        out.append(static_cast<const char*>(data), size);
    }
};

// Concatenated text and CDATA children.
std::string inner_text(const pugi::xml_node& node) {
    std::string out;
    for (const pugi::xml_node& c : node.children())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    return out;
}

// Text children as is; element children (raw XHTML in a description) printed
// back to markup so the HTML step sees them.
std::string inner_markup(const pugi::xml_node& node) {
    bool has_elements = false;
    for (const pugi::xml_node& c : node.children())
        if (c.type() == pugi::node_element) has_elements = true;
    if (!has_elements) return inner_text(node);
    StringWriter writer;
    for (const pugi::xml_node& c : node.children()) c.print(writer, "", pugi::format_raw);
    return writer.out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

int int_attr(const pugi::xml_node& node, const char* name) {
    int v = node.attribute(name).as_int(0);
    return v > 0 && v <= 100000 ? v : 0;
}

bool looks_like_image_url(std::string_view url) {
    url = url.substr(0, url.find_first_of("?#"));
    for (const char* ext : {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}) {
        std::size_t n = std::strlen(ext);
        if (url.size() > n && iequals(url.substr(url.size() - n), ext)) return true;
    }
    return false;
}

bool is_adult_rating(const pugi::xml_node& rating) {
    std::string value = clean_line(inner_text(rating));
    for (const char* v : {"adult", "nc-17", "x", "tv-ma"})
        if (iequals(value, v)) return true;
    return false;
}

// An Atom text construct (or a media:description) as text, with any images.
HtmlText text_construct(const pugi::xml_node& node, const char* default_type = "text") {
    std::string type = node.attribute("type").as_string(default_type);
    if (type == "html") return html_to_text(inner_text(node));
    if (type == "xhtml") return html_to_text(inner_markup(node));
    if (type == "text" || type == "plain" || type.rfind("text/", 0) == 0) {
        HtmlText t;
        t.text = plain_text(inner_text(node));
        return t;
    }
    return {};  // base64 or other media types: nothing to read
}

struct MediaScan {
    bool adult = false;
    bool saw_video = false;
};

// Media RSS under an item, entry or media:group.
void collect_media_rss(const pugi::xml_node& node, const Prefixes& p, std::string_view base,
                       Post& post, MediaScan& scan) {
    const std::string content_name = p.media + "content";
    const std::string thumb_name = p.media + "thumbnail";
    const std::string group_name = p.media + "group";
    const std::string rating_name = p.media + "rating";
    // Descriptions describe the media; for a thumbnail the title says more.
    std::string node_title = clean_line(inner_text(child(node, p.media, "title")));
    std::string node_alt = text_construct(child(node, p.media, "description"), "plain").text;
    if (node_alt.empty()) node_alt = node_title;

    for (const pugi::xml_node& c : node.children()) {
        std::string_view name = c.name();
        if (name == rating_name && is_adult_rating(c)) scan.adult = true;
        if (name == group_name) {
            collect_media_rss(c, p, base, post, scan);
            continue;
        }
        if (name != content_name) continue;
        for (const pugi::xml_node& r : c.children(rating_name.c_str()))
            if (is_adult_rating(r)) scan.adult = true;
        std::string medium = c.attribute("medium").as_string();
        std::string type = c.attribute("type").as_string();
        std::string url = resolve_url(base, c.attribute("url").as_string());
        std::string alt = text_construct(child(c, p.media, "description"), "plain").text;
        if (alt.empty()) alt = node_alt;
        bool image = medium == "image" || type.rfind("image/", 0) == 0 ||
                     (medium.empty() && type.empty() && looks_like_image_url(url));
        bool video = medium == "video" || type.rfind("video/", 0) == 0 ||
                     type == "application/x-shockwave-flash";
        if (image) {
            add_media({Media::Kind::Image, url, "", alt, int_attr(c, "width"), int_attr(c, "height")},
                      post.media);
        } else if (video) {
            scan.saw_video = true;
            pugi::xml_node thumb = c.child(thumb_name.c_str());
            if (thumb)
                add_media({Media::Kind::VideoThumbnail, resolve_url(base, thumb.attribute("url").as_string()),
                           "", alt, int_attr(thumb, "width"), int_attr(thumb, "height")},
                          post.media);
        }
    }
    // A thumbnail stands for the item only when nothing better was found.
    if (post.media.empty()) {
        for (const pugi::xml_node& thumb : node.children(thumb_name.c_str())) {
            auto kind = scan.saw_video ? Media::Kind::VideoThumbnail : Media::Kind::Image;
            add_media({kind, resolve_url(base, thumb.attribute("url").as_string()), "",
                       node_title.empty() ? node_alt : node_title,
                       int_attr(thumb, "width"), int_attr(thumb, "height")},
                      post.media);
            break;
        }
    }
}

// "nurse@example.org (Kim Lee)" -> "Kim Lee"; a bare address is no name.
std::string rss_author_name(std::string_view author) {
    std::string a = clean_line(author);
    auto open = a.find('('), close = a.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open)
        return clean_line(a.substr(open + 1, close - open - 1));
    return a.find('@') != std::string::npos ? std::string{} : a;
}

struct FeedInfo {
    std::string title;
    std::string base;      // for relative links
    std::string key;       // for hashed ids
    std::string avatar;
    std::string author;    // feed-level author, when any
    bool adult = false;    // a channel-level media:rating
};

void finish_item(Post& post, const FeedInfo& feed, const MediaScan& scan, ParseResult& result,
                 const ParseContext& ctx) {
    if (post.author.empty()) post.author = feed.author.empty() ? feed.title : feed.author;
    post.handle = feed.title;
    post.avatar_url = feed.avatar;
    if (scan.adult || feed.adult) {
        post.sensitive = true;
        post.labels.push_back("adult");
    }
    finalize_post(post, ctx);
    result.posts.push_back(std::move(post));
}

bool item_is_empty(const Post& post) { return post.text.empty() && post.media.empty(); }

void parse_rss_item(const pugi::xml_node& item, const Prefixes& p, const FeedInfo& feed,
                    std::size_t index, ParseResult& result, const ParseContext& ctx) {
    Post post;
    std::string title = title_text(inner_markup(item.child("title")), false);
    std::string description = inner_markup(item.child("description"));
    std::string encoded = inner_markup(child(item, p.content, "encoded"));
    HtmlText body = html_to_text(clean_line(description).empty() ? encoded : description);
    post.text = compose_text(title, body.text);

    std::string link = resolve_url(feed.base, inner_text(item.child("link")));
    pugi::xml_node guid = item.child("guid");
    std::string guid_text = clean_line(inner_text(guid));
    if (link.empty() && guid.attribute("isPermaLink").as_bool(true)) link = resolve_url(feed.base, guid_text);
    post.permalink = link;

    std::string date_text = inner_text(item.child("pubDate"));
    if (clean_line(date_text).empty()) date_text = inner_text(child(item, p.dc, "date"));
    auto date = parse_feed_date(date_text);
    post.created = date ? *date : ctx.fetched_at;

    post.id = item_id(guid_text, feed.key,
                      !link.empty() ? link : title + "\n" + clean_line(date_text) + "\n" + post.text);

    post.author = rss_author_name(inner_text(item.child("author")));
    if (post.author.empty()) post.author = clean_line(inner_text(child(item, p.dc, "creator")));

    MediaScan scan;
    collect_media_rss(item, p, feed.base, post, scan);
    for (const pugi::xml_node& enclosure : item.children("enclosure")) {
        std::string type = enclosure.attribute("type").as_string();
        if (type.rfind("image/", 0) == 0)
            add_media({Media::Kind::Image, resolve_url(feed.base, enclosure.attribute("url").as_string()),
                       "", "", 0, 0},
                      post.media);
    }
    add_html_images(body.images, feed.base, post.media);
    if (post.media.empty() && !encoded.empty()) add_html_images(html_to_text(encoded).images, feed.base, post.media);
    for (const pugi::xml_node& category : item.children("category"))
        add_category_tag(inner_text(category), post.tags);

    if (item_is_empty(post) || post.id.empty()) {
        result.item_errors.push_back("item " + std::to_string(index) + " has no text, media or id, skipped");
        return;
    }
    finish_item(post, feed, scan, result, ctx);
}

std::string atom_link(const pugi::xml_node& node, const std::string& link_name, std::string_view base) {
    std::string fallback;
    for (const pugi::xml_node& link : node.children(link_name.c_str())) {
        std::string rel = link.attribute("rel").as_string("alternate");
        if (rel != "alternate") continue;
        std::string type = link.attribute("type").as_string();
        std::string href = resolve_url(base, link.attribute("href").as_string());
        if (href.empty()) continue;
        if (type.empty() || type == "text/html" || type == "application/xhtml+xml") return href;
        if (fallback.empty()) fallback = href;
    }
    return fallback;
}

std::string xml_base(const pugi::xml_node& node, const std::string& base) {
    std::string declared = node.attribute("xml:base").as_string();
    if (declared.empty()) return base;
    std::string resolved = resolve_url(base, declared);
    return resolved.empty() ? base : resolved;
}

void parse_atom_entry(const pugi::xml_node& entry, const Prefixes& p, const FeedInfo& feed,
                      std::size_t index, ParseResult& result, const ParseContext& ctx) {
    const std::string& a = p.atom;
    std::string base = xml_base(entry, feed.base);
    Post post;
    pugi::xml_node title_node = child(entry, a, "title");
    std::string title = clean_line(text_construct(title_node).text);
    pugi::xml_node content_node = child(entry, a, "content");
    HtmlText summary = text_construct(child(entry, a, "summary"));
    HtmlText content = content_node.attribute("src") ? HtmlText{} : text_construct(content_node);
    HtmlText& body = summary.text.empty() ? content : summary;
    pugi::xml_node group = child(entry, p.media, "group");
    if (body.text.empty() && group)  // YouTube puts the description in the media group
        body.text = plain_text(inner_text(child(group, p.media, "description")));
    post.text = compose_text(title, body.text);

    post.permalink = atom_link(entry, a + "link", base);
    std::string date_text = inner_text(child(entry, a, "published"));
    if (clean_line(date_text).empty()) date_text = inner_text(child(entry, a, "updated"));
    auto date = parse_feed_date(date_text);
    post.created = date ? *date : ctx.fetched_at;
    std::string raw_id = inner_text(child(entry, a, "id"));
    post.id = item_id(raw_id, feed.key,
                      !post.permalink.empty() ? post.permalink
                                              : title + "\n" + clean_line(date_text) + "\n" + post.text);

    pugi::xml_node author = child(entry, a, "author");
    post.author = clean_line(inner_text(child(author, a, "name")));

    MediaScan scan;
    if (child(entry, p.yt, "videoId")) scan.saw_video = true;
    collect_media_rss(entry, p, base, post, scan);
    // Named strings: children() keeps only the pointer, a temporary would dangle.
    const std::string link_name = a + "link", category_name = a + "category";
    for (const pugi::xml_node& link : entry.children(link_name.c_str())) {
        std::string rel = link.attribute("rel").as_string();
        std::string type = link.attribute("type").as_string();
        if (rel == "enclosure" && type.rfind("image/", 0) == 0)
            add_media({Media::Kind::Image, resolve_url(base, link.attribute("href").as_string()), "", "", 0, 0},
                      post.media);
    }
    add_html_images(summary.images, base, post.media);
    add_html_images(content.images, base, post.media);
    for (const pugi::xml_node& category : entry.children(category_name.c_str())) {
        std::string term = category.attribute("term").as_string();
        add_category_tag(term.empty() ? category.attribute("label").as_string() : term, post.tags);
    }

    if (item_is_empty(post) || post.id.empty()) {
        result.item_errors.push_back("entry " + std::to_string(index) + " has no text, media or id, skipped");
        return;
    }
    finish_item(post, feed, scan, result, ctx);
}

}  // namespace

ParseResult parse_rss_or_atom(std::string_view body, const ParseContext& ctx) {
    ParseResult result;
    if (body.size() > kMaxBodyBytes) {
        result.body_error = "the body is over the " + std::to_string(kMaxBodyBytes) + "-byte limit";
        return result;
    }
    pugi::xml_document doc;
    // No parse_doctype: the DOCTYPE (and any entity it declares) is skipped.
    pugi::xml_parse_result parsed =
        doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_auto);
    pugi::xml_node root = doc.document_element();
    std::string_view root_name = root.name();
    auto colon = root_name.find(':');
    std::string_view root_local = colon == std::string_view::npos ? root_name : root_name.substr(colon + 1);
    bool is_rss = root_local == "rss" || root_local == "RDF";
    bool is_atom = root_local == "feed";
    if (!is_rss && !is_atom) {
        result.body_error = parsed ? "the XML is neither RSS nor Atom"
                                   : std::string("the XML is malformed (") + parsed.description() +
                                         " at byte " + std::to_string(parsed.offset) + ")";
        return result;
    }

    Prefixes p;
    read_prefixes(root, p);
    if (is_atom && colon != std::string_view::npos) p.atom = std::string(root_name.substr(0, colon + 1));
    FeedInfo feed;
    std::vector<pugi::xml_node> items;
    if (is_rss) {
        pugi::xml_node channel = root.child("channel");
        read_prefixes(channel, p);
        feed.title = title_text(inner_markup(channel.child("title")), false);
        std::string site = resolve_url(ctx.feed_url, inner_text(channel.child("link")));
        feed.base = site.empty() ? ctx.feed_url : site;
        feed.key = !site.empty() ? site : !ctx.feed_url.empty() ? ctx.feed_url : ctx.source_id;
        feed.avatar = resolve_url(feed.base, inner_text(channel.child("image").child("url")));
        const std::string rating_name = p.media + "rating";
        for (const pugi::xml_node& r : channel.children(rating_name.c_str()))
            if (is_adult_rating(r)) feed.adult = true;
        // RSS 2.0 nests items in the channel; RSS 1.0 puts them beside it.
        for (const pugi::xml_node& item : channel.children("item")) items.push_back(item);
        for (const pugi::xml_node& item : root.children("item")) items.push_back(item);
    } else {
        const std::string& a = p.atom;
        feed.title = clean_line(text_construct(child(root, a, "title")).text);
        std::string base = xml_base(root, ctx.feed_url);
        std::string site = atom_link(root, a + "link", base);
        feed.base = !site.empty() && base == ctx.feed_url ? site : base;
        feed.key = !site.empty() ? site : !ctx.feed_url.empty() ? ctx.feed_url : ctx.source_id;
        feed.avatar = resolve_url(feed.base, inner_text(child(root, a, "icon")));
        if (feed.avatar.empty()) feed.avatar = resolve_url(feed.base, inner_text(child(root, a, "logo")));
        feed.author = clean_line(inner_text(child(child(root, a, "author"), a, "name")));
        const std::string entry_name = a + "entry";
        for (const pugi::xml_node& entry : root.children(entry_name.c_str())) items.push_back(entry);
    }
    result.feed_title = clean_line(feed.title);

    if (!parsed) {
        // The tree holds what came before the error; its last item may be cut.
        if (!items.empty()) items.pop_back();
        std::string what = std::string("the XML is malformed (") + parsed.description() + " at byte " +
                           std::to_string(parsed.offset) + ")";
        if (items.empty()) {
            result.body_error = what;
            return result;
        }
        result.item_errors.push_back(what + "; kept the " + std::to_string(items.size()) +
                                     " complete items before it");
    }
    std::size_t index = 0;
    for (const pugi::xml_node& item : items) {
        ++index;
        if (item_cap_reached(result, ctx)) break;
        if (is_rss) parse_rss_item(item, p, feed, index, result, ctx);
        else parse_atom_entry(item, p, feed, index, result, ctx);
    }
    return result;
}

}  // namespace lw::sources
