// The text engine's layout: see layout.h.
#include "text/layout.h"

#include <fribidi.h>
#include <hb.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

namespace lw::text {
namespace {

constexpr char32_t kEllipsis = 0x2026;
constexpr std::size_t kCacheEntries = 256;  // a page of cards at a few widths, the ticker; at most ~3 MB

bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\r' || c == 0x3000 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
           c == 0x205F;
}

// Characters that draw nothing and belong to the run around them.
bool is_invisible(char32_t c) {
    return c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0x00AD ||
           (c >= 0xE0100 && c <= 0xE01EF);
}

bool is_color(char32_t c) { return c >= kColorFirst && c <= kColorLast; }

bool scriptless(hb_script_t s) { return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN; }

bool wants_cjk_rules(std::u32string_view text) {
    return std::any_of(text.begin(), text.end(), [](char32_t c) {
        return (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFFEF);
    });
}

// A run: characters of one level, face and script, shaped together.
struct Run {
    std::size_t begin = 0, end = 0;  // codepoint indexes in the paragraph
    int level = 0;
    int face = 0;
    hb_script_t script = HB_SCRIPT_COMMON;
    std::vector<PositionedGlyph> glyphs;  // visual order; cluster = codepoint index for now
};

}  // namespace

float Layout::width() const {
    float w = 0;
    for (const Line& l : lines) w = std::max(w, l.width);
    return w;
}

void decode_utf8(std::string_view s, std::u32string& out, std::vector<std::uint32_t>& offsets) {
    out.clear();
    offsets.clear();
    for (std::size_t i = 0; i < s.size();) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        char32_t cp = 0xFFFD;
        std::size_t len = 1;
        std::size_t want = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
        if (want == 1) {
            cp = b0;
        } else if (want > 1 && i + want <= s.size()) {
            char32_t v = b0 & (0xFF >> (want + 1));
            bool ok = true;
            for (std::size_t k = 1; k < want; ++k) {
                const auto b = static_cast<unsigned char>(s[i + k]);
                if ((b & 0xC0) != 0x80) { ok = false; break; }
                v = (v << 6) | (b & 0x3F);
            }
            const char32_t min = want == 2 ? 0x80 : want == 3 ? 0x800 : 0x10000;
            if (ok && v >= min && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF)) {
                cp = v;
                len = want;
            }
        }
        out.push_back(cp);
        offsets.push_back(static_cast<std::uint32_t>(i));
        i += len;
    }
    offsets.push_back(static_cast<std::uint32_t>(s.size()));
}

TextEngine::TextEngine(FontTable& fonts, ColorMetricsFn color)
    : fonts_(fonts), color_(std::move(color)), buffer_(hb_buffer_create()) {}

TextEngine::~TextEngine() {
    hb_buffer_destroy(buffer_);
    for (UBreakIterator* b : {line_, line_cjk_, chars_})
        if (b) ubrk_close(b);
}

UBreakIterator* TextEngine::line_breaker(bool cjk) {
    UBreakIterator*& slot = cjk ? line_cjk_ : line_;
    if (!slot) {
        // Created once (it costs milliseconds) and given each paragraph's text.
        UErrorCode status = U_ZERO_ERROR;
        slot = ubrk_open(UBRK_LINE, cjk ? "ja@lb=strict" : "", nullptr, 0, &status);
        if (U_FAILURE(status)) slot = nullptr;
    }
    return slot;
}

UBreakIterator* TextEngine::char_breaker() {
    if (!chars_) {
        UErrorCode status = U_ZERO_ERROR;
        chars_ = ubrk_open(UBRK_CHARACTER, "", nullptr, 0, &status);
        if (U_FAILURE(status)) chars_ = nullptr;
    }
    return chars_;
}

void TextEngine::clear_cache() {
    cache_.clear();
    lru_.clear();
}

std::shared_ptr<const Layout> TextEngine::cached(std::string_view utf8, const Style& style, float max_width, int max_lines) {
    std::string key;
    key.reserve(utf8.size() + 32);
    const float nums[3] = {style.px, max_width, static_cast<float>(max_lines)};
    key.append(reinterpret_cast<const char*>(nums), sizeof nums);
    key.push_back(style.bold ? 'b' : 'r');
    key.append(style.language);
    key.push_back('\0');
    key.append(utf8);
    if (auto it = cache_.find(key); it != cache_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second);
        return it->second->layout;
    }
    auto made = std::make_shared<const Layout>(layout(utf8, style, max_width, max_lines));
    lru_.push_front({key, made});
    cache_[key] = lru_.begin();
    if (lru_.size() > kCacheEntries) {
        cache_.erase(lru_.back().key);
        lru_.pop_back();
    }
    return made;
}

float TextEngine::width(std::string_view utf8, const Style& style) { return cached(utf8, style, 0, 0)->width(); }

Layout TextEngine::layout(std::string_view utf8, const Style& style, float max_width, int max_lines, Direction direction) {
    Layout out;
    Face& primary = fonts_.face(fonts_.primary(style.bold));
    fonts_.has_glyph(fonts_.primary(style.bold), 'a');  // opens it
    out.ascent = std::ceil(primary.ascender * style.px);
    out.descent = std::ceil(-primary.descender * style.px);
    out.px = style.px;
    // Trailing blank lines and spaces show nothing.
    while (!utf8.empty() && (utf8.back() == '\n' || utf8.back() == ' ' || utf8.back() == '\t' || utf8.back() == '\r'))
        utf8.remove_suffix(1);
    std::u32string text;
    std::vector<std::uint32_t> offsets;
    decode_utf8(utf8, text, offsets);
    for (char32_t& c : text)
        if (c == '\t' || c == '\r') c = ' ';  // no font draws them
    std::size_t start = 0;
    bool first = true;
    while (start <= text.size()) {
        std::size_t end = start;
        while (end < text.size() && text[end] != '\n' && text[end] != 0x2029) ++end;
        const bool last = end >= text.size();
        if (max_lines > 0 && static_cast<int>(out.lines.size()) >= max_lines) {
            out.truncated = true;
            break;
        }
        std::vector<std::uint32_t> para_offsets(offsets.begin() + static_cast<std::ptrdiff_t>(start),
                                                offsets.begin() + static_cast<std::ptrdiff_t>(end) + 1);
        const std::size_t before = out.lines.size();
        layout_paragraph(std::u32string_view(text).substr(start, end - start), utf8, para_offsets, style, max_width,
                         max_lines, direction, out, last);
        if (first && out.lines.size() > before) out.rtl = out.lines[before].rtl;
        first = false;
        if (out.truncated || last) break;
        start = end + 1;
    }
    return out;
}

void TextEngine::layout_paragraph(std::u32string_view text, std::string_view, const std::vector<std::uint32_t>& offsets,
                                  const Style& style, float max_width, int max_lines, Direction direction, Layout& out,
                                  bool last_paragraph) {
    const std::size_t n = text.size();
    // 1. Embedding levels of the whole paragraph (rules P2-I2).
    std::vector<FriBidiCharType> types(n);
    std::vector<FriBidiBracketType> brackets(n);
    std::vector<FriBidiLevel> levels(n);
    const auto* chars = reinterpret_cast<const FriBidiChar*>(text.data());
    FriBidiParType base = direction == Direction::Ltr ? FRIBIDI_PAR_LTR
                        : direction == Direction::Rtl ? FRIBIDI_PAR_RTL
                                                      : FRIBIDI_PAR_ON;
    if (n > 0) {
        fribidi_get_bidi_types(chars, static_cast<FriBidiStrIndex>(n), types.data());
        // An emoji's stand-in is private use (strong left-to-right); the emoji itself is neutral.
        for (std::size_t i = 0; i < n; ++i)
            if (is_color(text[i])) types[i] = FRIBIDI_TYPE_ON;
        fribidi_get_bracket_types(chars, static_cast<FriBidiStrIndex>(n), types.data(), brackets.data());
        if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), static_cast<FriBidiStrIndex>(n), &base,
                                                levels.data()) == 0)
            std::fill(levels.begin(), levels.end(), 0);
    }
    const bool rtl = n > 0 ? FRIBIDI_IS_RTL(base) : direction == Direction::Rtl;
    const int para_level = rtl ? 1 : 0;

    // 2. Script and font of every character.
    hb_unicode_funcs_t* unicode = hb_unicode_funcs_get_default();
    std::vector<hb_script_t> script(n);
    std::vector<int> face(n);
    hb_script_t last_script = HB_SCRIPT_COMMON;
    int current = -1;
    for (std::size_t i = 0; i < n; ++i) {
        const char32_t c = text[i];
        const hb_script_t own = hb_unicode_script(unicode, c);
        if (!scriptless(own)) last_script = own;
        script[i] = scriptless(own) ? last_script : own;
        if (is_color(c)) {
            face[i] = color_ && color_(c, static_cast<int>(style.px)) ? kColorFace : kBoxFace;
            continue;
        }
        if (is_invisible(c) || c == '\t' || c == '\r') {
            face[i] = current >= 0 ? current : fonts_.primary(style.bold);
            continue;
        }
        // U+FFFD stands for bytes that were not text: always the box, never a font's glyph.
        const int f = c == 0xFFFD ? -1 : fonts_.face_for(c, static_cast<std::uint32_t>(own), style.bold, current);
        face[i] = f >= 0 ? f : kBoxFace;
        if (f >= 0) current = f;
    }
    // Leading characters of no script take the first real one.
    for (std::size_t i = 0; i < n && scriptless(script[i]); ++i) script[i] = last_script;
    {
        hb_script_t first_real = HB_SCRIPT_COMMON;
        for (std::size_t i = 0; i < n; ++i)
            if (!scriptless(script[i])) { first_real = script[i]; break; }
        for (std::size_t i = 0; i < n && scriptless(script[i]); ++i) script[i] = first_real;
    }

    // 3. Runs, shaped with the paragraph around them as context (Arabic joining across runs).
    std::vector<Run> runs;
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i + 1;
        if (face[i] >= 0)
            while (j < n && levels[j] == levels[i] && face[j] == face[i] && script[j] == script[i]) ++j;
        runs.push_back({i, j, levels[i], face[i], script[i], {}});
        i = j;
    }
    std::vector<float> advance(n + 1, 0.0f);
    const hb_language_t language = style.language.empty() ? hb_language_get_default()
                                                          : hb_language_from_string(style.language.c_str(), -1);
    auto shape_into = [&](std::u32string_view context, std::size_t begin, std::size_t end, int face_index, int level,
                          hb_script_t run_script, std::vector<PositionedGlyph>& glyphs) {
        Face& f = fonts_.face(face_index);
        hb_buffer_clear_contents(buffer_);
        hb_buffer_add_utf32(buffer_, reinterpret_cast<const std::uint32_t*>(context.data()), static_cast<int>(context.size()),
                            static_cast<unsigned>(begin), static_cast<int>(end - begin));
        hb_buffer_set_direction(buffer_, level % 2 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
        hb_buffer_set_script(buffer_, run_script);
        hb_buffer_set_language(buffer_, language);
        hb_shape(f.hb, buffer_, nullptr, 0);
        unsigned count = 0;
        const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer_, &count);
        const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer_, &count);
        const float scale = style.px / static_cast<float>(f.upem);
        for (unsigned g = 0; g < count; ++g)
            glyphs.push_back({face_index, info[g].codepoint, static_cast<float>(pos[g].x_offset) * scale,
                              -static_cast<float>(pos[g].y_offset) * scale, static_cast<float>(pos[g].x_advance) * scale,
                              info[g].cluster});
    };
    for (Run& r : runs) {
        if (r.face >= 0) {
            shape_into(text, r.begin, r.end, r.face, r.level, r.script, r.glyphs);
        } else {
            for (std::size_t i = r.begin; i < r.end; ++i) {
                float w = std::round(style.px * 0.85f);  // the box and a gap
                if (r.face == kColorFace)
                    if (auto m = color_(text[i], static_cast<int>(style.px))) w = static_cast<float>(m->width);
                r.glyphs.push_back({r.face, r.face == kColorFace ? static_cast<std::uint32_t>(text[i]) : 0u, 0, 0, w,
                                    static_cast<std::uint32_t>(i)});
            }
        }
        for (const PositionedGlyph& g : r.glyphs) advance[g.cluster] += g.advance;
    }
    std::vector<float> prefix(n + 1, 0.0f);
    for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + advance[i];
    auto trimmed = [&](std::size_t a, std::size_t b) {
        while (b > a && is_space(text[b - 1])) --b;
        return b;
    };
    auto width_of = [&](std::size_t a, std::size_t b) { return prefix[trimmed(a, b)] - prefix[a]; };

    // 4. Break opportunities (ICU, on UTF-16) and grapheme cluster ends, as codepoint indexes.
    std::vector<UChar> u16;
    std::vector<std::size_t> cp_of;  // UTF-16 index -> codepoint index
    u16.reserve(n + 8);
    for (std::size_t i = 0; i < n; ++i) {
        const char32_t c = text[i];
        if (c > 0xFFFF) {
            u16.push_back(static_cast<UChar>(U16_LEAD(c)));
            u16.push_back(static_cast<UChar>(U16_TRAIL(c)));
            cp_of.push_back(i);
            cp_of.push_back(i);
        } else {
            u16.push_back(static_cast<UChar>(c));
            cp_of.push_back(i);
        }
    }
    cp_of.push_back(n);
    auto boundaries = [&](UBreakIterator* it) {
        std::vector<std::size_t> out_b;
        if (!it) {
            for (std::size_t i = 1; i <= n; ++i) out_b.push_back(i);
            return out_b;
        }
        UErrorCode status = U_ZERO_ERROR;
        ubrk_setText(it, u16.data(), static_cast<int32_t>(u16.size()), &status);
        if (U_FAILURE(status)) return out_b;
        for (int32_t p = ubrk_following(it, 0); p != UBRK_DONE; p = ubrk_next(it))
            out_b.push_back(cp_of[static_cast<std::size_t>(p)]);
        return out_b;
    };
    const std::vector<std::size_t> breaks = n > 0 ? boundaries(line_breaker(wants_cjk_rules(text))) : std::vector<std::size_t>{};
    const std::vector<std::size_t> graphemes = n > 0 ? boundaries(char_breaker()) : std::vector<std::size_t>{};
    auto next_grapheme = [&](std::size_t at) {
        auto it = std::upper_bound(graphemes.begin(), graphemes.end(), at);
        return it == graphemes.end() ? n : *it;
    };

    // The ellipsis, in the primary font (it stands in the paragraph's direction).
    std::vector<PositionedGlyph> ellipsis;
    float ellipsis_w = 0;
    auto make_ellipsis = [&] {
        const std::u32string_view e(&kEllipsis, 1);
        const int f = fonts_.face_for(kEllipsis, HB_SCRIPT_COMMON, style.bold, -1);
        if (f >= 0) shape_into(e, 0, 1, f, para_level, HB_SCRIPT_COMMON, ellipsis);
        else ellipsis.push_back({kBoxFace, 0, 0, 0, std::round(style.px * 0.85f), 0});
        for (PositionedGlyph& g : ellipsis) {
            g.cluster = static_cast<std::uint32_t>(n);  // after the text
            ellipsis_w += g.advance;
        }
    };

    // 5. One line: the runs' glyphs for [a, b), reordered by rule L2.
    auto emit = [&](std::size_t a, std::size_t b, bool with_ellipsis) {
        struct Item {
            int level;
            const PositionedGlyph* first;
            const PositionedGlyph* last;  // one past
        };
        std::vector<Item> items;
        for (const Run& r : runs) {
            if (r.end <= a || r.begin >= b) continue;
            const PositionedGlyph* lo = nullptr;
            const PositionedGlyph* hi = nullptr;
            for (const PositionedGlyph& g : r.glyphs)
                if (g.cluster >= a && g.cluster < b) {
                    if (!lo) lo = &g;
                    hi = &g + 1;
                }
            if (lo) items.push_back({r.level, lo, hi});
        }
        if (with_ellipsis && !ellipsis.empty()) items.push_back({para_level, ellipsis.data(), ellipsis.data() + ellipsis.size()});
        int max_level = 0, min_odd = 255;
        for (const Item& it : items) {
            max_level = std::max(max_level, it.level);
            if (it.level % 2) min_odd = std::min(min_odd, it.level);
        }
        for (int lev = max_level; lev >= min_odd && lev > 0; --lev)
            for (std::size_t i = 0; i < items.size();) {
                if (items[i].level < lev) { ++i; continue; }
                std::size_t j = i;
                while (j < items.size() && items[j].level >= lev) ++j;
                std::reverse(items.begin() + static_cast<std::ptrdiff_t>(i), items.begin() + static_cast<std::ptrdiff_t>(j));
                i = j;
            }
        Line line;
        line.rtl = rtl;
        line.ellipsis = with_ellipsis;
        line.begin = offsets[a];
        line.end = offsets[b];
        float pen = 0;
        for (const Item& it : items)
            for (const PositionedGlyph* g = it.first; g != it.last; ++g) {
                PositionedGlyph p = *g;
                p.x = pen + g->x;
                p.cluster = offsets[std::min<std::size_t>(g->cluster, n)];
                pen += g->advance;
                line.glyphs.push_back(p);
            }
        line.width = pen;
        out.lines.push_back(std::move(line));
    };

    if (n == 0) {
        Line empty;
        empty.rtl = rtl;
        empty.begin = empty.end = offsets.empty() ? 0 : offsets[0];
        out.lines.push_back(std::move(empty));
        return;
    }
    std::size_t a = 0;
    std::size_t k = 0;  // first break after a
    while (a < n) {
        while (k < breaks.size() && breaks[k] <= a) ++k;
        std::size_t best = 0;
        std::size_t kk = k;
        while (kk < breaks.size() && (max_width <= 0 || width_of(a, breaks[kk]) <= max_width)) best = breaks[kk++];
        if (best == 0) {
            // Even the first word is too wide: cut it between grapheme clusters.
            const std::size_t limit = k < breaks.size() ? breaks[k] : n;
            best = next_grapheme(a);
            for (std::size_t g = next_grapheme(best); best < limit && g <= limit && width_of(a, g) <= max_width; g = next_grapheme(g))
                best = g;
        }
        const bool last_line = max_lines > 0 && static_cast<int>(out.lines.size()) + 1 >= max_lines;
        const bool more = best < n || !last_paragraph;
        if (last_line && more) {
            // Lines run out: as much as fits with "…" after it, at a word end when one is near.
            make_ellipsis();
            const float room = max_width > 0 ? max_width - ellipsis_w : 1e30f;
            std::size_t by_char = a;
            for (std::size_t g = next_grapheme(a); g <= n && width_of(a, g) <= room; g = next_grapheme(g)) {
                by_char = g;
                if (g == n) break;
            }
            std::size_t by_word = a;
            for (std::size_t b : breaks)
                if (b > a && b <= by_char) by_word = b;
            const std::size_t cut = by_word > a && width_of(a, by_word) >= 0.5f * width_of(a, by_char) ? by_word : by_char;
            emit(a, trimmed(a, cut), true);
            out.truncated = true;
            return;
        }
        emit(a, trimmed(a, best), false);
        a = best;
    }
}

}  // namespace lw::text
