// Emoji bitmap cache and atlas copy: see emoji_glyphs.h.
#include "emoji/emoji_glyphs.h"

#include <algorithm>
#include <cstring>

namespace lw::emoji {
namespace {

// What a remembered miss costs: its key and bookkeeping.
constexpr std::size_t kEntryOverhead = 96;

std::string cache_key(std::string_view cluster, int pixel_height) {
    std::string key(cluster);
    key += '\0';
    key += std::to_string(pixel_height);
    return key;
}

}  // namespace

EmojiGlyphCache::EmojiGlyphCache(EmojiRenderer& renderer, EmojiCacheOptions options)
    : renderer_(renderer), options_(options) {}

std::shared_ptr<const EmojiBitmap> EmojiGlyphCache::get(std::string_view cluster, int pixel_height) {
    std::string key = cache_key(cluster, pixel_height);
    if (auto it = index_.find(key); it != index_.end()) {
        ++hits_;
        lru_.splice(lru_.end(), lru_, it->second);
        return it->second->bitmap;
    }
    ++misses_;
    std::shared_ptr<const EmojiBitmap> bitmap;
    if (auto rendered = renderer_.render(cluster, pixel_height))
        bitmap = std::make_shared<const EmojiBitmap>(std::move(*rendered));
    Entry entry;
    entry.cost = key.size() + kEntryOverhead + (bitmap ? bitmap->bytes() : 0);
    entry.key = key;
    entry.bitmap = bitmap;
    bytes_ += entry.cost;
    lru_.push_back(std::move(entry));
    index_.emplace(std::move(key), std::prev(lru_.end()));
    evict_to_budget();
    return bitmap;  // stays valid for the caller even if evicted just now
}

EmojiGlyphSet EmojiGlyphCache::glyphs_for(std::span<const char32_t> codepoints, int pixel_height,
                                          const EmojiRegistry& registry) {
    EmojiGlyphSet out;
    out.glyphs.reserve(codepoints.size());
    for (char32_t cp : codepoints) {
        const std::string* cluster = registry.cluster_of(cp);
        std::shared_ptr<const EmojiBitmap> bitmap = cluster ? get(*cluster, pixel_height) : nullptr;
        if (bitmap)
            out.glyphs.push_back({cp, std::move(bitmap)});
        else
            out.missing.push_back(cp);
    }
    return out;
}

void EmojiGlyphCache::evict_to_budget() {
    // The newest entry always stays, even when it alone is over budget.
    while (bytes_ > options_.budget_bytes && lru_.size() > 1) {
        Entry& victim = lru_.front();
        bytes_ -= victim.cost;
        index_.erase(victim.key);
        lru_.pop_front();
    }
}

void EmojiGlyphCache::clear() {
    lru_.clear();
    index_.clear();
    bytes_ = 0;
}

void blit_into_rgba_atlas(const EmojiBitmap& bitmap, std::uint8_t* atlas, int atlas_width, int atlas_height, int x,
                          int y) {
    if (atlas == nullptr) return;
    const int x0 = std::max(0, x);
    const int x1 = std::min(atlas_width, x + bitmap.width);
    if (x1 <= x0) return;
    for (int row = 0; row < bitmap.height; ++row) {
        const int ay = y + row;
        if (ay < 0 || ay >= atlas_height) continue;
        const std::uint8_t* src = bitmap.rgba.data() + (static_cast<std::size_t>(row) * bitmap.width + (x0 - x)) * 4;
        std::uint8_t* dst = atlas + (static_cast<std::size_t>(ay) * atlas_width + x0) * 4;
        std::memcpy(dst, src, static_cast<std::size_t>(x1 - x0) * 4);
    }
}

}  // namespace lw::emoji
