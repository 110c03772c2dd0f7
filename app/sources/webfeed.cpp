// Web feed format detection, dispatch, and the item steps RSS, Atom and JSON
// Feed share: see webfeed.h and webfeed_item.h.
#include "sources/webfeed.h"

#include "sources/text_clean.h"
#include "sources/webfeed_item.h"

#include <cctype>

namespace lw::sources {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// The root element's qualified name, skipping the XML declaration,
// processing instructions, comments and a DOCTYPE (internal subset too).
std::string_view xml_root_name(std::string_view body) {
    std::size_t i = 0;
    while (i < body.size()) {
        while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
        std::string_view rest = body.substr(i);
        if (rest.empty() || rest[0] != '<') return {};
        std::size_t end;
        if (starts_with(rest, "<?")) {
            end = rest.find("?>");
            end = end == std::string_view::npos ? end : end + 2;
        } else if (starts_with(rest, "<!--")) {
            end = rest.find("-->");
            end = end == std::string_view::npos ? end : end + 3;
        } else if (starts_with(rest, "<!")) {
            int brackets = 0;
            end = std::string_view::npos;
            for (std::size_t k = 2; k < rest.size(); ++k) {
                if (rest[k] == '[') ++brackets;
                else if (rest[k] == ']') --brackets;
                else if (rest[k] == '>' && brackets <= 0) { end = k + 1; break; }
            }
        } else {
            std::size_t n = 1;
            while (n < rest.size() && !std::isspace(static_cast<unsigned char>(rest[n])) &&
                   rest[n] != '>' && rest[n] != '/')
                ++n;
            return rest.substr(1, n - 1);
        }
        if (end == std::string_view::npos) return {};
        i += end;
    }
    return {};
}

std::string_view local_name(std::string_view qualified) {
    auto colon = qualified.find(':');
    return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

std::string_view skip_bom_and_space(std::string_view body) {
    if (starts_with(body, "\xEF\xBB\xBF")) body.remove_prefix(3);
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
    return body;
}

bool looks_like_markup(std::string_view s) {
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        char next = s[i + 1];
        if (s[i] == '<' && (std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!'))
            return true;
        if (s[i] == '&' && (std::isalpha(static_cast<unsigned char>(next)) || next == '#')) {
            auto semi = s.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 10) return true;
        }
    }
    return false;
}

}  // namespace

const char* to_string(FeedFormat format) {
    switch (format) {
    case FeedFormat::Rss: return "RSS";
    case FeedFormat::Atom: return "Atom";
    case FeedFormat::JsonFeed: return "JSON Feed";
    case FeedFormat::Unknown: break;
    }
    return "unknown";
}

FeedFormat detect_feed_format(std::string_view body) {
    body = skip_bom_and_space(body);
    if (body.empty()) return FeedFormat::Unknown;
    if (body.front() == '{') return FeedFormat::JsonFeed;
    std::string_view root = local_name(xml_root_name(body));
    if (root == "rss" || root == "RDF") return FeedFormat::Rss;
    if (root == "feed") return FeedFormat::Atom;
    return FeedFormat::Unknown;
}

ParseResult parse_web_feed(std::string_view body, const ParseContext& ctx) {
    if (body.size() > kMaxBodyBytes) {
        ParseResult result;
        result.body_error = "the body is " + std::to_string(body.size()) + " bytes, over the " +
                            std::to_string(kMaxBodyBytes) + "-byte limit";
        return result;
    }
    switch (detect_feed_format(body)) {
    case FeedFormat::Rss:
    case FeedFormat::Atom: return parse_rss_or_atom(body, ctx);
    case FeedFormat::JsonFeed: return parse_json_feed(body, ctx);
    case FeedFormat::Unknown: break;
    }
    ParseResult result;
    std::string_view trimmed = skip_bom_and_space(body);
    std::string root(local_name(xml_root_name(trimmed)));
    for (char& c : root) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (trimmed.empty()) result.body_error = "the body is empty";
    else if (root == "html") result.body_error = "the body is an HTML page, not a feed";
    else if (!root.empty())
        result.body_error = "the XML root element is <" + clamp_utf8(clean_line(root), 40) +
                            ">, not rss, rdf:RDF or feed";
    else result.body_error = "the body is neither RSS, Atom nor JSON Feed";
    return result;
}

namespace webfeed {

std::string plain_text(std::string_view text) {
    std::string stripped = strip_controls(text, true);
    std::string out;
    std::size_t start = 0;
    int empty_run = 0;
    while (start <= stripped.size()) {
        std::size_t end = stripped.find('\n', start);
        if (end == std::string::npos) end = stripped.size();
        std::string line = clean_line(std::string_view(stripped).substr(start, end - start));
        if (line.empty()) {
            ++empty_run;
        } else {
            if (!out.empty()) out += empty_run > 0 ? "\n\n" : "\n";
            out += line;
            empty_run = 0;
        }
        start = end + 1;
    }
    return out;
}

std::string title_text(std::string_view title, bool is_html) {
    if (is_html || looks_like_markup(title)) return clean_line(html_to_text(title).text);
    return clean_line(title);
}

std::string compose_text(const std::string& title, const std::string& body) {
    if (title.empty()) return body;
    if (body.empty()) return title;
    if (body.rfind(title, 0) == 0) return body;
    return title + "\n" + body;
}

std::string item_id(std::string_view raw_id, std::string_view feed_key,
                    std::string_view fallback_parts) {
    std::string raw = clean_line(raw_id);
    if (!raw.empty()) {
        if (is_http_url(raw) || raw.rfind("urn:", 0) == 0 || raw.rfind("tag:", 0) == 0 ||
            raw.rfind("yt:", 0) == 0)
            return raw;
        return "urn:lobbywall:feed:" + stable_hash(std::string(feed_key) + "\n" + raw);
    }
    if (fallback_parts.empty()) return {};
    return "urn:lobbywall:feed:" + stable_hash(std::string(feed_key) + "\n" + std::string(fallback_parts));
}

void add_media(Media m, std::vector<Media>& media) {
    if (m.url.empty() || media.size() >= 8) return;
    for (const auto& existing : media)
        if (existing.url == m.url) return;
    media.push_back(std::move(m));
}

void add_html_images(const std::vector<HtmlImage>& images, std::string_view base,
                     std::vector<Media>& media) {
    if (!media.empty()) return;
    for (const auto& image : images) {
        if (image.width == 1 || image.height == 1) continue;  // tracking pixels
        Media m;
        m.kind = Media::Kind::Image;
        m.url = resolve_url(base, image.src);
        m.alt = image.alt;
        m.width = image.width;
        m.height = image.height;
        add_media(std::move(m), media);
        if (media.size() >= 4) break;
    }
}

void add_category_tag(std::string_view category, std::vector<std::string>& tags) {
    std::string tag;
    for (char c : clean_line(category))
        if (c != ' ') tag += c;
    if (!tag.empty() && tag.size() <= 60) tags.push_back(tag);
}

bool item_cap_reached(ParseResult& result, const ParseContext& ctx) {
    if (result.posts.size() < ctx.max_items) return false;
    result.item_errors.push_back("kept the first " + std::to_string(ctx.max_items) +
                                 " items and dropped the rest");
    return true;
}

}  // namespace webfeed
}  // namespace lw::sources
