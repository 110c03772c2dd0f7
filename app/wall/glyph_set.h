// The set of characters the screen needs, so the font atlas holds only
// those (a few hundred glyphs instead of whole scripts) and is rebuilt when
// new content brings characters it lacks.
#pragma once

#include "core/snapshot.h"

#include <bitset>
#include <memory>
#include <string_view>
#include <vector>

namespace lw::wall {

class GlyphSet {
public:
    GlyphSet();
    // Adds every codepoint of `utf8` that fits a 16-bit ImWchar (emoji above
    // U+FFFF are drawn another way); invalid bytes are skipped.
    void add_utf8(std::string_view utf8);
    void add_range(unsigned first, unsigned last);
    void add(const GlyphSet& other);
    void remove(unsigned codepoint) { if (codepoint < 0x10000) bits_->reset(codepoint); }
    void add_snapshot(const WallSnapshot& snapshot);
    bool contains(unsigned codepoint) const { return codepoint < 0x10000 && bits_->test(codepoint); }
    bool contains_all(const GlyphSet& other) const;
    std::size_t count() const { return bits_->count(); }
    // ImGui glyph ranges: pairs of [first, last], zero-terminated.
    std::vector<unsigned short> ranges() const;

private:
    std::unique_ptr<std::bitset<0x10000>> bits_;
};

// What every frame can draw whatever the content: ASCII, the ellipsis, the
// clock and the fixed labels.
GlyphSet base_glyphs();

}  // namespace lw::wall
