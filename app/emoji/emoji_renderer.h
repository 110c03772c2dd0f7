// Colour emoji bitmaps from Noto Color Emoji, drawn with FreeType and shaped
// with HarfBuzz, for the wall to put into its font atlas (see
// docs/emoji.md). The font is bitmap-only (one 109 ppem strike, 136x128
// premultiplied BGRA per glyph), and every sequence (ZWJ family, flag, skin
// tone, keycap, emoji + U+FE0F) is a ligature in it, so a cluster is shaped
// into its one glyph and that glyph's bitmap is scaled to the line height.
//
// The whole font file is read into memory when opened, so rendering never
// touches the file system (the render thread may call it). One renderer is
// used by one thread at a time. No GL, no ImGui.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::emoji {

constexpr const char* kDefaultEmojiFont = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";

// One emoji at one pixel height: straight (not premultiplied) RGBA.
struct EmojiBitmap {
    int width = 0;     // pixels; also the advance, the font's emoji are fixed width
    int height = 0;    // the pixel height asked for (the font's full line box)
    int baseline = 0;  // rows from the top down to the font's baseline
    std::vector<std::uint8_t> rgba;  // width * 4 bytes a row, top row first

    std::size_t bytes() const { return rgba.capacity() + sizeof(EmojiBitmap); }
};

class EmojiRenderer {
public:
    // Heights outside [kMinPixelHeight, kMaxPixelHeight] are refused.
    static constexpr int kMinPixelHeight = 4;
    static constexpr int kMaxPixelHeight = 512;

    // Opens a colour emoji font. Nullptr with `error` set (one sentence)
    // when the file is missing, unreadable or has no colour bitmap strike.
    static std::unique_ptr<EmojiRenderer> open(const std::string& path, std::string& error);
    ~EmojiRenderer();
    EmojiRenderer(const EmojiRenderer&) = delete;
    EmojiRenderer& operator=(const EmojiRenderer&) = delete;

    // `cluster_utf8` (one grapheme cluster) drawn `pixel_height` pixels tall,
    // `width` from the glyph's advance at that scale. Nullopt when the font
    // has no glyph for it (HarfBuzz gives .notdef), when it is not an emoji
    // cluster and would need several glyphs, or for a height out of range.
    // An emoji sequence the font does not know as one ligature (say a ZWJ
    // sequence newer than the font) is drawn as its parts side by side, as
    // browsers do.
    std::optional<EmojiBitmap> render(std::string_view cluster_utf8, int pixel_height);

    // The strike's full bitmap height (128 for Noto Color Emoji) and the rows
    // above the baseline in it (101).
    int native_height() const;
    int native_ascent() const;

private:
    struct Impl;
    explicit EmojiRenderer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace lw::emoji
