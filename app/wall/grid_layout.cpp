// Grid geometry: see grid_layout.h.
#include "wall/grid_layout.h"

#include <algorithm>
#include <cmath>

namespace lw::wall {

GridLayout compute_grid_layout(int width, int height, int overscan_percent, bool ticker_band) {
    GridLayout g;
    const float w = static_cast<float>(std::max(width, 1));
    const float h = static_cast<float>(std::max(height, 1));
    g.scale = std::min(w, h) / 1080.0f;
    // Body text is 30 px at 1080p (over the 28 px needed to read it from 4 m)
    // and scales with the screen.
    g.body_px = std::round(30.0f * g.scale);
    const float margin_x = w * static_cast<float>(overscan_percent) / 100.0f;
    const float margin_y = h * static_cast<float>(overscan_percent) / 100.0f;
    g.safe = {margin_x, margin_y, w - 2 * margin_x, h - 2 * margin_y};
    const float pad = std::round(32.0f * g.scale);
    g.gap = std::round(24.0f * g.scale);
    g.header = {g.safe.x, g.safe.y, g.safe.w, std::round(112.0f * g.scale)};
    g.content = {g.safe.x + pad, g.header.bottom() + g.gap, g.safe.w - 2 * pad,
                 g.safe.bottom() - g.header.bottom() - g.gap - pad};
    if (ticker_band) {
        const float band_h = std::round(72.0f * g.scale);
        g.ticker = {g.safe.x, g.safe.bottom() - band_h, g.safe.w, band_h};
        g.content.h -= band_h;
    }
    const bool portrait = h > w;
    // About 500-600 px wide cards at 1080p keeps lines at a readable length.
    g.columns = portrait ? 2 : 3;
    g.rows = portrait ? 4 : 2;
    const float slot_w = (g.content.w - g.gap * static_cast<float>(g.columns - 1)) / static_cast<float>(g.columns);
    const float slot_h = (g.content.h - g.gap * static_cast<float>(g.rows - 1)) / static_cast<float>(g.rows);
    for (int r = 0; r < g.rows; ++r)
        for (int c = 0; c < g.columns; ++c)
            g.slots.push_back({g.content.x + static_cast<float>(c) * (slot_w + g.gap),
                               g.content.y + static_cast<float>(r) * (slot_h + g.gap), slot_w, slot_h});
    return g;
}

int masonry_column_count(const GridLayout& g, int requested) {
    if (requested > 0) return requested;
    // Text scales with the screen, so columns follow the width in 1080p
    // units: about 430 of them per column keeps lines at 30-45 characters.
    const float units = g.content.w / std::max(g.scale, 0.01f);
    return std::clamp(static_cast<int>(units / 430.0f), 1, 6);
}

}  // namespace lw::wall
