// Lays text of any script out into lines of positioned glyphs, as a browser
// would: FriBidi resolves the embedding levels of each paragraph (Unicode
// Bidirectional Algorithm, direction from the first strong character), fonts
// are chosen per character (font_table.h), HarfBuzz shapes each run (same
// font, script and level) with the paragraph as context, ICU's line
// BreakIterator gives the break opportunities (Thai, Lao, Khmer and Myanmar
// words from its dictionaries; "ja@lb=strict" keeps 。、）」 off a line start),
// a word wider than a line is cut between grapheme clusters, and each line is
// then reordered for display (rule L2). When lines run out, the last one ends
// with "…" at its end in reading order.
// The language (a post's, when its source gives one) picks HarfBuzz's
// language-specific forms (Urdu digits, for one).
// Not done: vertical text, justification, hyphenation.
#pragma once

#include "text/font_table.h"

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

typedef struct hb_buffer_t hb_buffer_t;
struct UBreakIterator;

namespace lw::text {

// Glyphs that are not a font's.
constexpr int kBoxFace = -1;    // a character no font has: a hollow box
constexpr int kColorFace = -2;  // a colour picture (emoji, custom emoji): `glyph` is its private-use codepoint

// Private-use codepoints stand for emoji and custom emoji (emoji/emoji_text.h).
constexpr char32_t kColorFirst = 0xE000;
constexpr char32_t kColorLast = 0xF8FF;

struct Style {
    float px = 30;    // the font's pixel size (em)
    bool bold = false;
    std::string language;  // BCP 47 ("ur": Urdu digit and letter forms); empty: the default
    bool operator==(const Style&) const = default;
};

struct PositionedGlyph {
    int face = 0;            // FontTable face, kBoxFace or kColorFace
    std::uint32_t glyph = 0; // glyph id in the face (codepoint for kColorFace)
    float x = 0;             // from the line's left edge to the glyph origin, pixels
    float y = 0;             // from the baseline, pixels, down positive
    float advance = 0;
    std::uint32_t cluster = 0;  // byte offset in the text of the first character it draws
};

struct Line {
    std::vector<PositionedGlyph> glyphs;  // in visual order, left to right
    float width = 0;
    bool rtl = false;        // its paragraph reads right to left: align it right
    std::uint32_t begin = 0, end = 0;  // byte range of the text it shows (logical)
    bool ellipsis = false;   // ends with "…" because lines ran out
};

struct Layout {
    std::vector<Line> lines;
    bool truncated = false;  // text did not fit in max_lines
    bool rtl = false;        // the first paragraph reads right to left
    float ascent = 0, descent = 0;  // pixels, of the primary font (descent positive)
    float px = 0;            // the size it was laid out at
    float width() const;
};

// Width and height in pixels of a colour picture at a text size, or nothing
// when the codepoint is not (or no longer) one.
struct ColorMetrics {
    int width = 0, height = 0;
};
using ColorMetricsFn = std::function<std::optional<ColorMetrics>(char32_t codepoint, int px)>;

enum class Direction { Auto, Ltr, Rtl };

class TextEngine {
public:
    explicit TextEngine(FontTable& fonts, ColorMetricsFn color = {});
    ~TextEngine();
    TextEngine(const TextEngine&) = delete;
    TextEngine& operator=(const TextEngine&) = delete;

    // `max_width` <= 0: no wrapping. `max_lines` <= 0: no limit. '\n' starts a paragraph.
    Layout layout(std::string_view utf8, const Style& style, float max_width = 0, int max_lines = 0,
                  Direction direction = Direction::Auto);
    // The same, kept in a cache (text, style, width, lines): the wall asks for the
    // same text every frame of a fade.
    std::shared_ptr<const Layout> cached(std::string_view utf8, const Style& style, float max_width, int max_lines);
    // One line's width, no wrapping.
    float width(std::string_view utf8, const Style& style);
    // Forget cached layouts (the colour pictures changed size or arrived).
    void clear_cache();
    FontTable& fonts() { return fonts_; }

private:
    struct Paragraph;
    void layout_paragraph(std::u32string_view text, std::string_view utf8, const std::vector<std::uint32_t>& offsets,
                          const Style& style, float max_width, int max_lines, Direction direction, Layout& out,
                          bool last_paragraph);
    UBreakIterator* line_breaker(bool cjk);
    UBreakIterator* char_breaker();

    FontTable& fonts_;
    ColorMetricsFn color_;
    hb_buffer_t* buffer_ = nullptr;
    UBreakIterator* line_ = nullptr;
    UBreakIterator* line_cjk_ = nullptr;
    UBreakIterator* chars_ = nullptr;
    struct CacheEntry {
        std::string key;
        std::shared_ptr<const Layout> layout;
    };
    std::list<CacheEntry> lru_;
    std::unordered_map<std::string, std::list<CacheEntry>::iterator> cache_;
};

// Decodes UTF-8 into codepoints (an invalid byte becomes U+FFFD) with the
// byte offset of each; offsets has one more entry, the text's size.
void decode_utf8(std::string_view utf8, std::u32string& out, std::vector<std::uint32_t>& offsets);

}  // namespace lw::text
