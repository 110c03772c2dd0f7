// Word wrapping for the wall: breaks text into lines that fit a width,
// never inside a word (unless one word alone is wider than the line) and
// never inside a grapheme cluster (so never inside a UTF-8 sequence); ends with "…" when lines run out.
#pragma once

#include "core/post.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lw::text {
struct Layout;
}

namespace lw::wall {

// Width in pixels of a run of UTF-8 text in the font being laid out.
using MeasureFn = std::function<float(std::string_view)>;

struct WrappedText {
    std::vector<std::string> lines;
    bool truncated = false;  // the text did not fit in max_lines
    // The text engine's lines (wall_text.h), when it laid the text out:
    // `lines` then hold each line's logical text.
    std::shared_ptr<const text::Layout> layout;
};

// `max_lines` <= 0 means no limit. Paragraph breaks ('\n') are kept.
WrappedText wrap_text(std::string_view text, float max_width, int max_lines, const MeasureFn& measure);

// Length in bytes of the UTF-8 sequence starting with byte `lead` (1 for
// stray continuation or invalid bytes, so callers always advance).
int utf8_sequence_length(unsigned char lead);

// Byte offset where the grapheme cluster (UAX #29, via utf8proc) that starts
// at `pos` ends: a letter with its combining marks, an emoji ZWJ sequence, a
// flag, a Hangul syllable from jamo. Wrapping and ellipsis cut only there.
size_t grapheme_end(std::string_view s, size_t pos);

// Shortens "https://www.example.org/a/very/long/path?x=1" to
// "example.org/a/very/lo…" for display; other words pass unchanged.
std::string shorten_url(std::string_view word, size_t max_chars = 28);
// The handle as the card shows it: Bluesky handles get the "@" that the
// Bluesky app and every Mastodon handle show; a feed's title stays as it is.
std::string shown_handle(const Post& post);

// Every URL among the words of `text` shortened so.
std::string shorten_urls(std::string_view text);

}  // namespace lw::wall
