// Word wrapping: see text_layout.h.
#include "wall/text_layout.h"

#include <utf8proc.h>

namespace lw::wall {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Byte offset of the largest prefix of `s` (on a grapheme cluster boundary) whose
// width with `suffix` appended fits `max_width`; at least one character.
size_t fitting_prefix(std::string_view s, std::string_view suffix, float max_width, const MeasureFn& measure) {
    size_t best = 0;
    size_t pos = 0;
    while (pos < s.size()) {
        const size_t next = grapheme_end(s, pos);
        std::string candidate(s.substr(0, next));
        candidate += suffix;
        if (measure(candidate) > max_width && best > 0) break;
        best = next;
        pos = next;
    }
    return best;
}

std::string trim_right(std::string s) {
    while (!s.empty() && is_space(s.back())) s.pop_back();
    return s;
}

}  // namespace

int utf8_sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

size_t grapheme_end(std::string_view s, size_t pos) {
    if (pos >= s.size()) return s.size();
    auto decode = [&](size_t at, utf8proc_int32_t& cp) -> size_t {
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + at),
                                        static_cast<utf8proc_ssize_t>(s.size() - at), &cp);
        if (n <= 0) {  // an invalid byte is a cluster of its own
            cp = -1;
            return 1;
        }
        return static_cast<size_t>(n);
    };
    utf8proc_int32_t prev = 0;
    size_t end = pos + decode(pos, prev);
    if (prev < 0) return end;
    utf8proc_int32_t state = 0;
    while (end < s.size()) {
        utf8proc_int32_t next = 0;
        const size_t len = decode(end, next);
        if (next < 0 || utf8proc_grapheme_break_stateful(prev, next, &state)) break;
        end += len;
        prev = next;
    }
    return end;
}

WrappedText wrap_text(std::string_view text, float max_width, int max_lines, const MeasureFn& measure) {
    WrappedText out;
    auto full = [&] { return max_lines > 0 && static_cast<int>(out.lines.size()) >= max_lines; };
    std::string line;
    size_t pos = 0;
    while (pos <= text.size()) {
        if (pos == text.size()) {
            std::string last = trim_right(line);
            if (!last.empty()) {
                if (full()) out.truncated = true;
                else out.lines.push_back(last);
            }
            break;
        }
        if (text[pos] == '\n') {
            if (full()) {
                out.truncated = text.find_first_not_of(" \t\r\n", pos) != std::string_view::npos;
                break;
            }
            out.lines.push_back(trim_right(line));
            line.clear();
            ++pos;
            continue;
        }
        if (is_space(text[pos])) {
            if (!line.empty()) line += ' ';
            while (pos < text.size() && is_space(text[pos])) ++pos;
            continue;
        }
        size_t end = pos;
        while (end < text.size() && !is_space(text[end]) && text[end] != '\n') ++end;
        std::string word = shorten_url(text.substr(pos, end - pos));
        pos = end;
        std::string candidate = line + word;
        if (measure(candidate) <= max_width) {
            line = std::move(candidate);
            continue;
        }
        std::string current = trim_right(line);
        if (!current.empty()) {
            if (full()) { out.truncated = true; line.clear(); break; }
            out.lines.push_back(current);
            line.clear();
        }
        // A word wider than a whole line is split at character boundaries.
        std::string_view rest = word;
        while (measure(rest) > max_width) {
            if (full()) { out.truncated = true; break; }
            size_t cut = fitting_prefix(rest, {}, max_width, measure);
            out.lines.emplace_back(rest.substr(0, cut));
            rest.remove_prefix(cut);
        }
        if (out.truncated) break;
        line = std::string(rest);
    }
    // Drop trailing empty lines (from trailing newlines).
    while (!out.lines.empty() && out.lines.back().empty()) out.lines.pop_back();
    if (out.truncated && !out.lines.empty()) {
        std::string& last = out.lines.back();
        size_t keep = fitting_prefix(last, kEllipsis, max_width, measure);
        // Prefer ending at a word boundary if one is reasonably near.
        size_t space = last.rfind(' ', keep);
        if (keep < last.size() && space != std::string::npos && space > keep / 2) keep = space;
        last = trim_right(last.substr(0, keep));
        last += kEllipsis;
    }
    return out;
}

std::string shorten_url(std::string_view word, size_t max_chars) {
    std::string_view rest = word;
    if (rest.rfind("https://", 0) == 0) rest.remove_prefix(8);
    else if (rest.rfind("http://", 0) == 0) rest.remove_prefix(7);
    else return std::string(word);
    if (rest.rfind("www.", 0) == 0) rest.remove_prefix(4);
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (rest.size() <= max_chars) return std::string(rest);
    // Cut after whole grapheme clusters (never inside a character or between
    // a letter and its accent), within max_chars bytes.
    size_t cut = 0;
    for (size_t next = grapheme_end(rest, 0); next <= max_chars && cut < rest.size(); next = grapheme_end(rest, cut))
        cut = next;
    return std::string(rest.substr(0, cut)) + std::string(kEllipsis);
}

std::string shown_handle(const Post& post) {
    const bool bluesky = post.source_kind == SourceKind::BlueskyAuthor || post.source_kind == SourceKind::BlueskyFeed ||
                         post.source_kind == SourceKind::BlueskySearch;
    if (bluesky && !post.handle.empty() && post.handle.front() != '@') return "@" + post.handle;
    return post.handle;
}

std::string shorten_urls(std::string_view text) {
    if (text.find("http") == std::string_view::npos) return std::string(text);
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = pos;
        while (end < text.size() && !is_space(text[end]) && text[end] != '\n') ++end;
        out += shorten_url(text.substr(pos, end - pos));
        size_t next = end;
        while (next < text.size() && (is_space(text[next]) || text[next] == '\n')) ++next;
        out.append(text.substr(end, next - end));
        pos = next;
    }
    return out;
}

}  // namespace lw::wall
