// HTML to plain text with gumbo: see html_text.h. The tree is walked with an
// explicit stack, so deep markup cannot overflow the C++ stack.
#include "sources/html_text.h"

#include "sources/text_clean.h"

#include <gumbo.h>

#include <charconv>
#include <cstring>

namespace lw::sources {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Elements that never nest (void, or closed implicitly by their next sibling).
bool tag_does_not_nest(std::string_view name) {
    static const char* const names[] = {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th"};
    for (const char* n : names)
        if (name == n) return true;
    return false;
}

// Elements whose content is never text for people.
bool is_dropped(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_BUTTON: case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO: case GUMBO_TAG_CANVAS: case GUMBO_TAG_FORM:
        return true;
    default:
        return false;
    }
}

bool is_block(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_PRE: case GUMBO_TAG_TR: case GUMBO_TAG_TABLE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV: case GUMBO_TAG_MAIN: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
        return true;
    default:
        return false;
    }
}

const char* attribute(const GumboElement& el, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
    return a ? a->value : nullptr;
}

bool has_class(const GumboElement& el, std::string_view wanted) {
    const char* cls = attribute(el, "class");
    if (!cls) return false;
    std::string_view rest(cls);
    while (!rest.empty()) {
        auto start = rest.find_first_not_of(" \t\n\r\f");
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        auto end = rest.find_first_of(" \t\n\r\f");
        if (rest.substr(0, end) == wanted) return true;
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end);
    }
    return false;
}

bool is_hidden(const GumboElement& el) {
    if (attribute(el, "hidden")) return true;
    if (const char* aria = attribute(el, "aria-hidden"); aria && std::strcmp(aria, "true") == 0)
        return true;
    if (const char* style = attribute(el, "style")) {
        std::string compact;
        for (const char* p = style; *p; ++p)
            if (*p != ' ' && *p != '\t') compact += static_cast<char>(*p | 0x20);
        if (compact.find("display:none") != std::string::npos ||
            compact.find("visibility:hidden") != std::string::npos)
            return true;
    }
    return false;
}

int int_attribute(const GumboElement& el, const char* name) {
    const char* v = attribute(el, name);
    if (!v) return 0;
    int out = 0;
    auto [ptr, ec] = std::from_chars(v, v + std::strlen(v), out);
    return ec == std::errc{} && *ptr == '\0' && out > 0 ? out : 0;
}

// Builds the text: collapses whitespace, and places line breaks.
class TextBuilder {
public:
    void text(std::string_view s) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            bool nbsp = c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
                if (nbsp) ++i;
                pending_space_ = true;
                continue;
            }
            if (pending_space_ && !out_.empty() && out_.back() != '\n' && out_.back() != ' ')
                out_ += ' ';
            pending_space_ = false;
            out_ += c;
        }
    }
    void line_break() {
        pending_space_ = false;
        trim_trailing_spaces();
        // At most one empty line in a row.
        std::size_t n = out_.size();
        if (n >= 2 && out_[n - 1] == '\n' && out_[n - 2] == '\n') return;
        if (!out_.empty()) out_ += '\n';
    }
    void block_break() {
        pending_space_ = false;
        trim_trailing_spaces();
        if (!out_.empty() && out_.back() != '\n') out_ += '\n';
    }
    void raw(std::string_view s) {
        pending_space_ = false;
        out_ += s;
    }
    std::string finish() {
        trim_trailing_spaces();
        while (!out_.empty() && out_.back() == '\n') out_.pop_back();
        trim_trailing_spaces();
        return std::move(out_);
    }

private:
    void trim_trailing_spaces() {
        while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    }
    std::string out_;
    bool pending_space_ = false;
};

struct Frame {
    const GumboNode* node;
    unsigned next_child;
};

void on_enter(const GumboElement& el, TextBuilder& b, HtmlText& result) {
    switch (el.tag) {
    case GUMBO_TAG_BR: b.line_break(); break;
    case GUMBO_TAG_IMG:
        if (const char* src = attribute(el, "src")) {
            const char* alt = attribute(el, "alt");
            result.images.push_back({src, alt ? alt : "", int_attribute(el, "width"),
                                     int_attribute(el, "height")});
        }
        break;
    case GUMBO_TAG_LI: b.block_break(); b.raw("\xE2\x80\xA2 "); break;  // "• "
    default:
        if (is_block(el.tag)) b.block_break();
    }
}

void on_exit(const GumboElement& el, TextBuilder& b) {
    if (el.tag == GUMBO_TAG_SPAN && has_class(el, "ellipsis")) b.raw(kEllipsis);
    if (is_block(el.tag)) b.block_break();
}

}  // namespace

std::size_t html_depth_cut(std::string_view html, int max_depth) {
    int depth = 0;
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        std::size_t tag_start = i;
        if (i + 1 >= html.size()) break;
        char next = html[i + 1];
        std::size_t close = html.find('>', i + 1);
        if (close == std::string_view::npos) break;
        if (next == '/') {
            if (depth > 0) --depth;
        } else if (is_ascii_alpha(next)) {
            std::size_t name_end = i + 1;
            while (name_end < close && (is_ascii_alpha(html[name_end]) ||
                                        (html[name_end] >= '0' && html[name_end] <= '9')))
                ++name_end;
            std::string name(html.substr(i + 1, name_end - i - 1));
            for (char& c : name) c = static_cast<char>(c | 0x20);
            bool self_closing = html[close - 1] == '/';
            if (!self_closing && !tag_does_not_nest(name) && ++depth > max_depth)
                return tag_start;
        }
        i = close + 1;
    }
    return std::string_view::npos;
}

HtmlText html_to_text(std::string_view html) {
    HtmlText result;
    if (html.size() > kMaxHtmlBytes) {
        html = html.substr(0, kMaxHtmlBytes);
        result.truncated = true;
    }
    if (std::size_t cut = html_depth_cut(html, kMaxHtmlDepth); cut != std::string_view::npos) {
        html = html.substr(0, cut);
        result.truncated = true;
    }
    const std::string input = strip_controls(html, true);
    GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, input.data(), input.size());
    if (!output) return result;

    TextBuilder builder;
    std::vector<Frame> stack;
    stack.push_back({output->root, 0});
    while (!stack.empty()) {
        Frame& top = stack.back();
        const GumboNode* node = top.node;
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
            node->type != GUMBO_NODE_TEMPLATE) {
            stack.pop_back();
            continue;
        }
        const GumboVector& children = node->type == GUMBO_NODE_DOCUMENT
                                          ? node->v.document.children
                                          : node->v.element.children;
        if (top.next_child >= children.length) {
            if (node->type == GUMBO_NODE_ELEMENT) on_exit(node->v.element, builder);
            stack.pop_back();
            continue;
        }
        const auto* child = static_cast<const GumboNode*>(children.data[top.next_child++]);
        switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
            builder.text(child->v.text.text);
            break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: {
            const GumboElement& el = child->v.element;
            if (is_dropped(el.tag) || is_hidden(el) ||
                (el.tag == GUMBO_TAG_SPAN && has_class(el, "invisible")))
                break;
            on_enter(el, builder, result);
            stack.push_back({child, 0});  // invalidates `top`; not used after this
            break;
        }
        default:
            break;  // comments, the doctype
        }
    }
    gumbo_destroy_output(&kGumboDefaultOptions, output);
    result.text = strip_controls(builder.finish(), true);
    return result;
}

}  // namespace lw::sources
