// HTML to plain text for the wall, with a real HTML5 parser (gumbo): the
// markup Mastodon statuses and RSS/Atom items carry becomes text a lobby
// screen can draw. Links, hashtags and mentions keep their visible text only;
// Mastodon's `invisible` spans are dropped and `ellipsis` spans end in "…";
// <br> and block ends (</p>, </div>, </li>...) become '\n'; entities are
// decoded; scripts, styles and hidden elements never reach the text;
// whitespace is collapsed and the result trimmed. Images are reported apart
// so web feeds can use them as media. Nothing here fetches anything.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lw::sources {

struct HtmlImage {
    std::string src;   // as written; the caller resolves and filters it
    std::string alt;
    int width = 0;     // from width/height attributes when they are plain numbers
    int height = 0;
};

struct HtmlText {
    std::string text;               // valid UTF-8, paragraphs separated by '\n'
    std::vector<HtmlImage> images;  // <img> in document order
    bool truncated = false;         // input was cut (too long or nested too deep)
};

// Bytes past this are not parsed; gumbo is linear but a wall needs no more.
inline constexpr std::size_t kMaxHtmlBytes = 1024u * 1024u;
// Elements nested deeper than this are cut off before parsing: gumbo's time
// and memory grow with the square of the nesting depth.
inline constexpr int kMaxHtmlDepth = 200;

HtmlText html_to_text(std::string_view html);

// Byte offset of the first tag that would open nesting level `max_depth + 1`
// (a cheap approximation that over-counts), or npos when there is none.
std::size_t html_depth_cut(std::string_view html, int max_depth);

}  // namespace lw::sources
