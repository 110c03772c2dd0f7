// The glyph atlas: see glyph_atlas.h.
#include "text/glyph_atlas.h"

#include "core/log.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lw::text {
namespace {
constexpr int kPadding = 1;  // between glyphs, so linear filtering never bleeds
constexpr int kStartHeight = 128;  // 512 KB; a Latin wall needs no more
}  // namespace

GlyphAtlas::GlyphAtlas(FontTable& fonts, ColorPixelsFn color, int width, int max_height)
    : fonts_(fonts), color_(std::move(color)), width_(width), height_(std::min(kStartHeight, max_height)),
      max_height_(max_height), pixels_(static_cast<std::size_t>(width_) * height_ * 4, 0) {
    // White everywhere: a glyph is its alpha (the vertex colour tints it).
    for (std::size_t i = 0; i < pixels_.size(); i += 4) pixels_[i] = pixels_[i + 1] = pixels_[i + 2] = 255;
}

void GlyphAtlas::reset() {
    entries_.clear();
    shelf_x_ = shelf_y_ = shelf_h_ = 0;
    for (std::size_t i = 0; i < pixels_.size(); i += 4) {
        pixels_[i] = pixels_[i + 1] = pixels_[i + 2] = 255;
        pixels_[i + 3] = 0;
    }
    ++generation_;
    ++version_;
}

void GlyphAtlas::drop_color() {
    bool any = false;
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->first.face == kColorFace) {
            it = entries_.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    if (any) ++version_;  // their space is not reused until the atlas starts over
}

bool GlyphAtlas::place(int w, int h, int& x, int& y) {
    if (w + kPadding > width_) return false;
    if (shelf_x_ + w + kPadding > width_) {
        shelf_y_ += shelf_h_;
        shelf_x_ = 0;
        shelf_h_ = 0;
    }
    while (shelf_y_ + h + kPadding > height_) {
        if (height_ >= max_height_) return false;
        height_ *= 2;
        const std::size_t old = pixels_.size();
        pixels_.resize(static_cast<std::size_t>(width_) * height_ * 4);
        for (std::size_t i = old; i < pixels_.size(); i += 4) {
            pixels_[i] = pixels_[i + 1] = pixels_[i + 2] = 255;
            pixels_[i + 3] = 0;
        }
    }
    x = shelf_x_;
    y = shelf_y_;
    shelf_x_ += w + kPadding;
    shelf_h_ = std::max(shelf_h_, h + kPadding);
    return true;
}

void GlyphAtlas::blit_alpha(int x, int y, int w, int h, const unsigned char* src, int pitch) {
    for (int row = 0; row < h; ++row) {
        std::uint8_t* dst = pixels_.data() + (static_cast<std::size_t>(y + row) * width_ + x) * 4;
        const unsigned char* s = src + static_cast<std::ptrdiff_t>(row) * pitch;
        for (int col = 0; col < w; ++col) dst[col * 4 + 3] = s[col];
    }
}

const AtlasGlyph* GlyphAtlas::get(int face, std::uint32_t glyph, float px_f, float ascent) {
    const int px = std::max(1, static_cast<int>(std::lround(px_f)));
    const Key key{face, glyph, px};
    if (auto it = entries_.find(key); it != entries_.end()) return it->second ? &*it->second : nullptr;

    // What to put in: a box, a colour picture or a font's glyph.
    AtlasGlyph g;
    std::vector<std::uint8_t> box;
    const unsigned char* alpha = nullptr;
    int pitch = 0;
    std::optional<ColorBitmap> picture;
    if (face == kBoxFace) {
        g.w = std::max(4, static_cast<int>(std::lround(px * 0.68f)));
        g.h = std::max(6, static_cast<int>(std::lround(px * 0.92f)));
        g.left = static_cast<int>(std::lround(px * 0.08f));
        g.top = g.h;
        const int stroke = std::max(1, g.w / 10);
        box.assign(static_cast<std::size_t>(g.w) * g.h, 0);
        for (int y = 0; y < g.h; ++y)
            for (int x = 0; x < g.w; ++x)
                if (x < stroke || y < stroke || x >= g.w - stroke || y >= g.h - stroke) box[static_cast<std::size_t>(y) * g.w + x] = 255;
        alpha = box.data();
        pitch = g.w;
    } else if (face == kColorFace) {
        if (color_) picture = color_(static_cast<char32_t>(glyph), px);
        if (!picture || !picture->rgba || picture->width <= 0) {
            entries_.emplace(key, std::nullopt);
            return nullptr;
        }
        g.w = picture->width;
        g.h = picture->height;
        g.top = static_cast<int>(std::lround(ascent));  // from the line's top, like a capital
        g.color = true;
    } else {
        FT_Face ft = fonts_.face(face).ft;
        if (!ft || FT_Set_Pixel_Sizes(ft, 0, static_cast<FT_UInt>(px)) != 0 ||
            FT_Load_Glyph(ft, glyph, FT_LOAD_TARGET_LIGHT) != 0 || FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL) != 0) {
            entries_.emplace(key, std::nullopt);
            return nullptr;
        }
        const FT_Bitmap& bm = ft->glyph->bitmap;
        g.w = static_cast<int>(bm.width);
        g.h = static_cast<int>(bm.rows);
        g.left = ft->glyph->bitmap_left;
        g.top = ft->glyph->bitmap_top;
        if (g.w == 0 || g.h == 0 || bm.pixel_mode != FT_PIXEL_MODE_GRAY) {
            entries_.emplace(key, std::nullopt);
            return nullptr;
        }
        box.assign(bm.buffer, bm.buffer + static_cast<std::ptrdiff_t>(bm.pitch) * g.h);  // the next load overwrites it
        alpha = box.data();
        pitch = bm.pitch;
    }
    if (!place(g.w, g.h, g.x, g.y)) {
        // Full at its largest: start over; what is on screen comes back glyph by glyph.
        log::info("text: the glyph atlas ({}x{}) is full; it starts over", width_, height_);
        reset();
        if (!place(g.w, g.h, g.x, g.y)) {
            entries_.emplace(key, std::nullopt);
            return nullptr;
        }
    }
    if (picture) {
        for (int row = 0; row < g.h; ++row)
            std::memcpy(pixels_.data() + (static_cast<std::size_t>(g.y + row) * width_ + g.x) * 4,
                        picture->rgba + static_cast<std::size_t>(row) * picture->width * 4, static_cast<std::size_t>(g.w) * 4);
    } else {
        blit_alpha(g.x, g.y, g.w, g.h, alpha, pitch);
    }
    ++version_;
    auto [it, inserted] = entries_.emplace(key, g);
    return &*it->second;
}

}  // namespace lw::text
