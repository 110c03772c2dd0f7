// Text and URL helpers shared by the parsers: see text_clean.h.
#include "sources/text_clean.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <unordered_set>

namespace lw::sources {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
std::size_t valid_sequence_length(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return 1;
    std::size_t len;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;   // overlong
        if (b0 == 0xED) hi = 0x9F;   // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;   // overlong
        if (b0 == 0xF4) hi = 0x8F;   // past U+10FFFF
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return 0;
    for (std::size_t k = 2; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < 0x80 || b > 0xBF) return 0;
    }
    return len;
}

bool is_space_byte(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && ascii_lower(s.substr(0, prefix.size())) == prefix;
}

// "scheme://authority" of an http(s) URL, or "".
std::string_view url_origin(std::string_view url) {
    auto sep = url.find("://");
    if (sep == std::string_view::npos) return {};
    auto end = url.find_first_of("/?#", sep + 3);
    return url.substr(0, end);
}

void dedupe_in_order(std::vector<std::string>& items) {
    std::unordered_set<std::string> seen;
    std::vector<std::string> kept;
    for (auto& item : items)
        if (!item.empty() && seen.insert(item).second) kept.push_back(std::move(item));
    items = std::move(kept);
}

std::string clean_url(std::string_view url) {
    std::string cleaned = clean_line(url);
    return is_http_url(cleaned) && cleaned.find(' ') == std::string::npos ? cleaned : std::string{};
}

}  // namespace

std::string to_valid_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        std::size_t len = valid_sequence_length(bytes, i);
        if (len == 0) {
            out += kReplacement;
            ++i;
        } else {
            out.append(bytes.substr(i, len));
            i += len;
        }
    }
    return out;
}

std::string strip_controls(std::string_view text, bool keep_newlines) {
    std::string valid = to_valid_utf8(text);
    std::string out;
    out.reserve(valid.size());
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const auto c = static_cast<unsigned char>(valid[i]);
        if (c == '\n') {
            out += keep_newlines ? '\n' : ' ';
        } else if (c == '\t') {
            out += ' ';
        } else if (c < 0x20 || c == 0x7F) {
            continue;
        } else if (c == 0xC2 && i + 1 < valid.size() &&
                   static_cast<unsigned char>(valid[i + 1]) <= 0x9F) {
            ++i;  // C1 control (U+0080..U+009F)
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string clean_line(std::string_view text) {
    std::string stripped = strip_controls(text, false);
    std::string out;
    out.reserve(stripped.size());
    bool pending_space = false;
    for (char c : stripped) {
        if (is_space_byte(c)) {
            pending_space = true;
            continue;
        }
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::string clamp_utf8(std::string text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
    // Step back over continuation bytes so no character is split.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    while (!text.empty() && is_space_byte(text.back())) text.pop_back();
    text += kEllipsis;
    return text;
}

std::string fold_tag(std::string_view tag) {
    std::string cleaned = clean_line(tag);
    std::size_t start = cleaned.find_first_not_of('#');
    if (start == std::string::npos) return {};
    cleaned.erase(0, start);
    utf8proc_uint8_t* folded = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(cleaned.data()),
                          static_cast<utf8proc_ssize_t>(cleaned.size()), &folded,
                          static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                         UTF8PROC_CASEFOLD));
    if (n < 0) return ascii_lower(cleaned);
    std::string out(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(n));
    std::free(folded);
    return out;
}

std::string stable_hash(std::string_view data) {
    std::uint64_t h = 14695981039346656037ull;
    for (char c : data) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    static const char* digits = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = digits[h & 0xF];
    return out;
}

bool json_nesting_exceeds(std::string_view json, int max_depth) {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : json) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return true;
        } else if (c == ']' || c == '}') {
            if (depth > 0) --depth;
        }
    }
    return false;
}

namespace {

// The code unit of a "\uXXXX" escape starting at json[i] (the backslash), or -1.
int escape_unit(std::string_view json, std::size_t i) {
    if (i + 6 > json.size() || json[i] != '\\' || json[i + 1] != 'u') return -1;
    int v = 0;
    for (std::size_t k = i + 2; k < i + 6; ++k) {
        char c = json[k];
        int d = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

}  // namespace

std::string repair_json_surrogates(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    bool in_string = false;
    std::size_t i = 0;
    while (i < json.size()) {
        char c = json[i];
        if (!in_string) {
            if (c == '"') in_string = true;
            out += c;
            ++i;
            continue;
        }
        if (c == '"') {
            in_string = false;
            out += c;
            ++i;
            continue;
        }
        if (c != '\\' || i + 1 >= json.size()) {
            out += c;
            ++i;
            continue;
        }
        int unit = escape_unit(json, i);
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            int low = escape_unit(json, i + 6);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                out.append(json.substr(i, 12));
                i += 12;
            } else {
                out += "\\ufffd";
                i += 6;
            }
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            out += "\\ufffd";
            i += 6;
        } else {
            out.append(json.substr(i, 2));  // any other escape, kept whole
            i += 2;
        }
    }
    return out;
}

void finalize_post(Post& post, const ParseContext& ctx) {
    post.source_id = ctx.source_id;
    post.source_kind = ctx.source_kind;
    post.id = clean_line(post.id);
    post.author = clamp_utf8(clean_line(post.author), 200);
    post.handle = clamp_utf8(clean_line(post.handle), 200);
    post.avatar_url = clean_url(post.avatar_url);
    post.permalink = clean_url(post.permalink);
    post.content_warning = clamp_utf8(clean_line(post.content_warning), 500);
    post.language = clamp_utf8(clean_line(post.language), 35);
    post.reposted_by = clamp_utf8(clean_line(post.reposted_by), 200);
    post.text = clamp_utf8(strip_controls(post.text, true), ctx.max_text_bytes);

    std::vector<Media> media;
    for (auto& m : post.media) {
        m.url = clean_url(m.url);
        if (m.url.empty()) continue;
        m.alt = clamp_utf8(clean_line(m.alt), 1500);
        if (m.width < 0 || m.height < 0 || m.width > 100000 || m.height > 100000)
            m.width = m.height = 0;
        m.focus_x = std::clamp(m.focus_x, -1.0f, 1.0f);
        m.focus_y = std::clamp(m.focus_y, -1.0f, 1.0f);
        if (!(m.focus_x == m.focus_x)) m.focus_x = 0.0f;  // NaN
        if (!(m.focus_y == m.focus_y)) m.focus_y = 0.0f;
        media.push_back(std::move(m));
    }
    post.media = std::move(media);

    for (auto& tag : post.tags) tag = fold_tag(tag);
    dedupe_in_order(post.tags);
    for (auto& label : post.labels) label = clean_line(label);
    dedupe_in_order(post.labels);

    std::vector<CustomEmoji> emojis;
    std::unordered_set<std::string> shortcodes;
    for (auto& e : post.emojis) {
        e.shortcode = clean_line(e.shortcode);
        e.url = clean_url(e.url);
        if (e.shortcode.empty() || e.url.empty() || !shortcodes.insert(e.shortcode).second)
            continue;
        emojis.push_back(std::move(e));
    }
    post.emojis = std::move(emojis);
}

bool is_http_url(std::string_view url) {
    std::size_t prefix = starts_with_nocase(url, "https://") ? 8
                         : starts_with_nocase(url, "http://") ? 7
                                                              : 0;
    if (prefix == 0 || url.size() <= prefix) return false;
    char first = url[prefix];
    if (first == '/' || first == '?' || first == '#') return false;
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
    return true;
}

std::string url_host(std::string_view url) {
    auto sep = url.find("://");
    if (sep == std::string_view::npos) return {};
    std::string_view authority = url.substr(sep + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        return ascii_lower(authority.substr(0, close == std::string_view::npos ? authority.size()
                                                                               : close + 1));
    }
    return ascii_lower(authority.substr(0, authority.find(':')));
}

std::string percent_encode(std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

std::string resolve_url(std::string_view base, std::string_view ref_in) {
    std::string ref = clean_line(ref_in);
    if (ref.empty()) return {};
    auto scheme_end = ref.find(':');
    auto first_delim = ref.find_first_of("/?#");
    if (scheme_end != std::string::npos && (first_delim == std::string::npos || scheme_end < first_delim))
        return is_http_url(ref) ? ref : std::string{};  // absolute: only http(s) survives
    if (!is_http_url(base)) return {};
    std::string_view origin = url_origin(base);
    std::string result;
    if (ref.rfind("//", 0) == 0) {
        result = std::string(base.substr(0, base.find(':') + 1)) + ref;
    } else if (ref[0] == '/') {
        result = std::string(origin) + ref;
    } else if (ref[0] == '#') {
        result = std::string(base.substr(0, base.find('#'))) + ref;
    } else if (ref[0] == '?') {
        result = std::string(base.substr(0, base.find_first_of("?#"))) + ref;
    } else {
        std::string_view path = base.substr(0, base.find_first_of("?#"));
        auto slash = path.rfind('/');
        if (slash == std::string_view::npos || slash < origin.size()) {
            result = std::string(origin) + "/" + ref;
        } else {
            result = std::string(path.substr(0, slash + 1)) + ref;
        }
    }
    return is_http_url(result) ? result : std::string{};
}

}  // namespace lw::sources
