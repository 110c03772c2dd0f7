// Area-average resampling of premultiplied BGRA into straight RGBA: see
// bitmap_scale.h. Separable: rows first into a float buffer, then columns.
#include "emoji/bitmap_scale.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace lw::emoji {
namespace {

// One destination sample: the source samples it covers and their weights,
// which sum to 1.
struct Tap {
    int first = 0;
    std::vector<float> weights;
};

// For each of `dst` output samples, the part of [0, src) it covers. When
// upscaling, an output sample covers less than one source sample and takes
// its colour (blending at the seams), which is what a box filter does.
std::vector<Tap> make_taps(int src, int dst) {
    std::vector<Tap> taps(static_cast<std::size_t>(dst));
    const double step = static_cast<double>(src) / dst;
    for (int i = 0; i < dst; ++i) {
        const double a = i * step;
        const double b = std::min<double>(src, (i + 1) * step);
        Tap& tap = taps[static_cast<std::size_t>(i)];
        tap.first = std::min(src - 1, static_cast<int>(std::floor(a)));
        const int last = std::max(tap.first, std::min(src - 1, static_cast<int>(std::ceil(b)) - 1));
        double total = 0;
        for (int s = tap.first; s <= last; ++s) {
            const double w = std::min<double>(b, s + 1) - std::max<double>(a, s);
            tap.weights.push_back(static_cast<float>(std::max(0.0, w)));
            total += std::max(0.0, w);
        }
        if (total <= 0) {
            tap.weights.assign(1, 1.0f);
            continue;
        }
        for (float& w : tap.weights) w = static_cast<float>(w / total);
    }
    return taps;
}

std::uint8_t to_byte(float v) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

}  // namespace

std::vector<std::uint8_t> scale_bgra_premultiplied_to_rgba(const BgraView& source, int dst_width, int dst_height,
                                                           std::vector<float>* scratch) {
    assert(dst_width >= 1 && dst_height >= 1);
    std::vector<std::uint8_t> out(static_cast<std::size_t>(dst_width) * dst_height * 4, 0);
    if (source.pixels == nullptr || source.width <= 0 || source.height <= 0) return out;
    assert(source.pitch >= source.width * 4);

    const std::vector<Tap> col_taps = make_taps(source.width, dst_width);
    const std::vector<Tap> row_taps = make_taps(source.height, dst_height);

    // Horizontal pass: source rows -> dst_width columns, premultiplied RGBA floats.
    std::vector<float> local;
    std::vector<float>& rows = scratch ? *scratch : local;
    rows.resize(static_cast<std::size_t>(dst_width) * source.height * 4);  // every element is written below
    for (int y = 0; y < source.height; ++y) {
        const std::uint8_t* src_row = source.pixels + static_cast<std::size_t>(y) * source.pitch;
        float* dst_row = rows.data() + static_cast<std::size_t>(y) * dst_width * 4;
        for (int x = 0; x < dst_width; ++x) {
            const Tap& tap = col_taps[static_cast<std::size_t>(x)];
            float r = 0, g = 0, b = 0, a = 0;
            for (std::size_t k = 0; k < tap.weights.size(); ++k) {
                const std::uint8_t* p = src_row + static_cast<std::size_t>(tap.first + static_cast<int>(k)) * 4;
                const float w = tap.weights[k];
                b += w * p[0];
                g += w * p[1];
                r += w * p[2];
                a += w * p[3];
            }
            float* d = dst_row + static_cast<std::size_t>(x) * 4;
            d[0] = r;
            d[1] = g;
            d[2] = b;
            d[3] = a;
        }
    }

    // Vertical pass and un-premultiply.
    for (int y = 0; y < dst_height; ++y) {
        const Tap& tap = row_taps[static_cast<std::size_t>(y)];
        std::uint8_t* dst_row = out.data() + static_cast<std::size_t>(y) * dst_width * 4;
        for (int x = 0; x < dst_width; ++x) {
            float acc[4] = {0, 0, 0, 0};
            for (std::size_t k = 0; k < tap.weights.size(); ++k) {
                const float* s = rows.data() +
                                 (static_cast<std::size_t>(tap.first + static_cast<int>(k)) * dst_width + x) * 4;
                const float w = tap.weights[k];
                for (int c = 0; c < 4; ++c) acc[c] += w * s[c];
            }
            std::uint8_t* d = dst_row + static_cast<std::size_t>(x) * 4;
            const std::uint8_t alpha = to_byte(acc[3]);
            if (alpha == 0) continue;  // stays (0, 0, 0, 0)
            const float unpremultiply = 255.0f / acc[3];
            d[0] = to_byte(acc[0] * unpremultiply);
            d[1] = to_byte(acc[1] * unpremultiply);
            d[2] = to_byte(acc[2] * unpremultiply);
            d[3] = alpha;
        }
    }
    return out;
}

}  // namespace lw::emoji
