// The step between mapped text and ImGui's atlas: for the private-use
// codepoints on screen and a font's pixel height, the emoji bitmaps to
// reserve as custom glyphs (ImFontAtlas::AddCustomRectFontGlyph) and copy
// into the atlas after it is built. docs/emoji.md shows the ImGui side.
//
// Bitmaps are cached by (cluster, pixel height), not by codepoint, so a
// recycled codepoint can never show its old emoji; the cache is an LRU with
// a byte budget. Clusters the font lacks are remembered too, so each atlas
// rebuild does not shape them again. Not thread-safe; no GL, no ImGui.
#pragma once

#include "emoji/emoji_registry.h"
#include "emoji/emoji_renderer.h"

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lw::emoji {

struct EmojiGlyph {
    char32_t codepoint = 0;
    std::shared_ptr<const EmojiBitmap> bitmap;  // never null
};

struct EmojiGlyphSet {
    std::vector<EmojiGlyph> glyphs;  // one per drawable codepoint, in the order asked
    // Codepoints with no bitmap: unassigned in the registry, or a cluster the
    // font lacks. Give them no custom glyph; ImGui then draws its fallback box.
    std::vector<char32_t> missing;
};

struct EmojiCacheOptions {
    // About 6.9 KB per emoji at 40 px (see docs/emoji.md): 16 MiB holds
    // ~2,400 of them, more than a wall shows at once at four sizes.
    std::size_t budget_bytes = 16u << 20;
};

class EmojiGlyphCache {
public:
    explicit EmojiGlyphCache(EmojiRenderer& renderer, EmojiCacheOptions options = {});

    // The bitmaps for `codepoints` at `pixel_height`, rendering those not cached.
    EmojiGlyphSet glyphs_for(std::span<const char32_t> codepoints, int pixel_height, const EmojiRegistry& registry);

    // One cluster's bitmap, cached; nullptr when the font has no glyph for it.
    std::shared_ptr<const EmojiBitmap> get(std::string_view cluster, int pixel_height);

    std::size_t bytes() const { return bytes_; }
    std::size_t entries() const { return index_.size(); }
    std::uint64_t hits() const { return hits_; }
    std::uint64_t misses() const { return misses_; }
    void clear();

private:
    struct Entry {
        std::string key;
        std::shared_ptr<const EmojiBitmap> bitmap;  // null: the font lacks it
        std::size_t cost = 0;
    };
    void evict_to_budget();

    EmojiRenderer& renderer_;
    EmojiCacheOptions options_;
    std::list<Entry> lru_;  // least recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    std::size_t bytes_ = 0;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

// Copies `bitmap` into an RGBA8 atlas (`atlas_width` pixels a row, as
// ImFontAtlas::GetTexDataAsRGBA32 gives it) with its top-left corner at
// (x, y). The caller has reserved a rectangle at least the bitmap's size
// there; pixels outside the atlas are skipped.
void blit_into_rgba_atlas(const EmojiBitmap& bitmap, std::uint8_t* atlas, int atlas_width, int atlas_height, int x,
                          int y);

}  // namespace lw::emoji
