// The pairing page of a fleet screen that is not paired yet (or must pair
// again): instead of the wall, full-screen and legible from across the room,
// what it is ("Pair this screen"), the code in letters a sixth of the
// screen high, the hub it asks and one line for the admin (docs/fleet.md).
// Nothing of a patient's is ever on it.
#pragma once

#include "core/config.h"
#include "core/snapshot.h"
#include "wall/fonts.h"
#include "wall/grid_layout.h"

struct ImDrawList;

namespace lw::wall {

// The code's letter height (pixels) on a screen laid out as `layout`: a sixth
// of the safe area's height, less when the code would not fit its width.
float pairing_code_px(const FontSet& fonts, const GridLayout& layout, const std::string& code);

// Draws `page` centred in the safe area, over the renderer's background.
void draw_pairing_page(ImDrawList* dl, const PairingPage& page, const FontSet& fonts, const GridLayout& layout,
                       const ThemeConfig& theme);

}  // namespace lw::wall
