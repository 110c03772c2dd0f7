// Resampling of colour glyph bitmaps. FreeType hands colour emoji over as
// premultiplied BGRA at the font's one fixed size (136x128 for Noto Color
// Emoji); the wall needs them at its line height as straight RGBA, which is
// what ImGui's atlas and its OpenGL blending (SRC_ALPHA, ONE_MINUS_SRC_ALPHA)
// expect. Downscaling averages areas on the premultiplied values, so edges
// stay clean (no dark fringes), and un-premultiplies once at the end.
#pragma once

#include <cstdint>
#include <vector>

namespace lw::emoji {

// A premultiplied BGRA source: `pitch` bytes per row (>= width * 4).
struct BgraView {
    const std::uint8_t* pixels = nullptr;
    int width = 0;
    int height = 0;
    int pitch = 0;
};

// Scales `source` to dst_width x dst_height (both >= 1) with an area-average
// (box) filter and returns straight RGBA, dst_width * 4 bytes a row. Fully
// transparent pixels come out as (0, 0, 0, 0). An empty source gives a
// transparent image.
// `scratch`, when given, is reused for the intermediate buffer so repeated
// calls do not allocate (and fault in) fresh memory each time.
std::vector<std::uint8_t> scale_bgra_premultiplied_to_rgba(const BgraView& source, int dst_width, int dst_height,
                                                           std::vector<float>* scratch = nullptr);

}  // namespace lw::emoji
