// GlyphSet: see glyph_set.h.
#include "wall/glyph_set.h"

namespace lw::wall {

GlyphSet::GlyphSet() : bits_(std::make_unique<std::bitset<0x10000>>()) {}

void GlyphSet::add_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        unsigned cp = 0;
        size_t len = 1;
        if (b0 < 0x80) cp = b0;
        else if ((b0 & 0xE0) == 0xC0) { cp = b0 & 0x1F; len = 2; }
        else if ((b0 & 0xF0) == 0xE0) { cp = b0 & 0x0F; len = 3; }
        else if ((b0 & 0xF8) == 0xF0) { cp = b0 & 0x07; len = 4; }
        else { ++i; continue; }
        if (i + len > s.size()) break;
        bool ok = true;
        for (size_t k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) { ok = false; break; }
            cp = (cp << 6) | (b & 0x3F);
        }
        if (!ok) { ++i; continue; }
        if (cp >= 0x20 && cp < 0x10000 && !(cp >= 0xD800 && cp <= 0xDFFF)) bits_->set(cp);
        i += len;
    }
}

void GlyphSet::add_range(unsigned first, unsigned last) {
    for (unsigned cp = first; cp <= last && cp < 0x10000; ++cp) bits_->set(cp);
}

void GlyphSet::add(const GlyphSet& other) { *bits_ |= *other.bits_; }

void GlyphSet::add_snapshot(const WallSnapshot& s) {
    for (const Post& p : s.posts) {
        add_utf8(p.author);
        add_utf8(p.handle);
        add_utf8(p.text);
        for (const Media& m : p.media) add_utf8(m.alt);
        for (const std::string& t : p.tags) add_utf8(t);  // trending tags on the prompt card
    }
    for (const Announcement& a : s.announcements) {
        add_utf8(a.title);
        add_utf8(a.body);
    }
    for (const HashtagPrompt& p : s.prompts) {
        add_utf8(p.text);
        add_utf8(p.hashtag);
    }
}

bool GlyphSet::contains_all(const GlyphSet& other) const { return (*other.bits_ & ~*bits_).none(); }

std::vector<unsigned short> GlyphSet::ranges() const {
    std::vector<unsigned short> out;
    unsigned cp = 1;
    while (cp < 0x10000) {
        if (!bits_->test(cp)) { ++cp; continue; }
        const unsigned first = cp;
        while (cp + 1 < 0x10000 && bits_->test(cp + 1)) ++cp;
        out.push_back(static_cast<unsigned short>(first));
        out.push_back(static_cast<unsigned short>(cp));
        ++cp;
    }
    out.push_back(0);
    return out;
}

GlyphSet base_glyphs() {
    GlyphSet g;
    g.add_range(0x20, 0x7E);    // ASCII: labels, handles, the clock, dates
    g.add_range(0x2026, 0x2026);  // … for shortened text
    g.add_range(0x00B7, 0x00B7);  // ·
    return g;
}

}  // namespace lw::wall
