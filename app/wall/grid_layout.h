// Screen geometry for the grid layout: the header band and the card slots,
// computed from the screen size and orientation. Pure arithmetic, no GL, so
// it is tested without a display.
#pragma once

#include <vector>

namespace lw::wall {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float right() const { return x + w; }
    float bottom() const { return y + h; }
};

struct GridLayout {
    float scale = 1.0f;        // 1.0 at 1080 pixels on the short side
    Rect safe;                 // the screen minus the overscan margin
    Rect header;               // hospital name and clock
    Rect content;              // where the cards go
    int columns = 0;
    int rows = 0;
    std::vector<Rect> slots;   // row by row, left to right
    float gap = 0;
    float body_px = 0;         // body text size in pixels
    Rect ticker;               // the ticker band under the cards (h = 0: none)
};

// `overscan_percent` is the margin on every side for TVs that crop the edge.
// With `ticker_band`, a band at the bottom of the safe area is kept for the
// ticker and the cards end above it.
GridLayout compute_grid_layout(int width, int height, int overscan_percent, bool ticker_band = false);

// Masonry columns: `requested` when > 0, else from the screen's orientation
// and the content width (4 at 1080p or 4K landscape, 2 in portrait).
int masonry_column_count(const GridLayout& g, int requested);

}  // namespace lw::wall
