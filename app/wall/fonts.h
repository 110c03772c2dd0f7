// The fonts the wall draws with, loaded into ImGui's atlas at the exact
// pixel sizes used on screen (scaled with the screen), so text is crisp.
#pragma once

#include <string>

struct ImFont;

namespace lw::wall {

struct FontSet {
    ImFont* body = nullptr;     // post text
    ImFont* author = nullptr;   // author names (bold)
    ImFont* small = nullptr;    // handles, times, captions
    ImFont* title = nullptr;    // header hospital name, prompt hashtag (bold)
    ImFont* clock = nullptr;    // header clock
    float body_px = 0;
};

struct FontFiles {
    std::string regular;        // empty: Noto Sans from fonts-noto-core
    std::string bold;
};

// Clears the current ImGui context's atlas and loads the set for `scale`
// (1.0 at 1080 pixels on the short side). False with `error` set when a
// font file cannot be loaded.
bool build_fonts(FontSet& out, const FontFiles& files, float scale, std::string& error);

}  // namespace lw::wall
