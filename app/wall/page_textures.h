// Each page of the wall drawn once into a texture of its own, so that a
// cross-fade or a slide is two textured quads instead of two pages drawn from
// scratch every frame (issue 16: ~50 ms against a few ms per 1080p frame on
// software GL). A page's texture is kept while the page is on screen and
// drawn again only when what it shows changed (a relative time, a picture or
// glyphs that arrived late). At most two pages are held: the one on screen
// and, during a transition, the one leaving. GL render thread only.
#pragma once

#include "wall/grid_layout.h"
#include "wall/render_target.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct ImDrawList;

namespace lw::wall {

class PageTextures {
public:
    // `background` is the theme's background (0xRRGGBBAA): a page's texture
    // is opaque, so a fade between two is a plain blend of them.
    PageTextures(GetProcFn get_proc, std::uint32_t background);

    // False when the GL lacks framebuffer objects: pages are drawn directly.
    bool ok() const { return fns_ != nullptr; }

    // The area of the screen the textures cover: `content` rounded out to
    // whole pixels. A new area (a new screen size) drops every texture.
    Rect set_area(const Rect& content);
    const Rect& area() const { return area_; }

    // The texture (GL name) of page `serial` if it holds the look `key`; else 0.
    unsigned find(std::uint64_t serial, const std::string& key) const;
    // Draws `list` (in screen coordinates, clipped to area()) into page
    // `serial`'s texture over the background and returns the texture, or 0
    // when no target can be made. Only `keep` (the pages on screen) keep
    // their textures; the others are freed first.
    unsigned render(std::uint64_t serial, const std::string& key, ImDrawList& list,
                    const std::vector<std::uint64_t>& keep);
    // Frees the textures of pages other than `keep`.
    void keep_only(const std::vector<std::uint64_t>& keep);
    // Something every page may show changed (a picture, the font atlas):
    // each is drawn again when next shown.
    void invalidate();
    // Asks for page `serial`'s texture to be copied opaque onto the screen
    // at area() moved by (dx, dy), before the frame's draw lists are drawn:
    // a copy costs a fraction of a blended quad on software GL. False where
    // the GL cannot copy between framebuffers (ES 2.0): draw a quad instead.
    bool copy_under(std::uint64_t serial, float dx, float dy);
    // Forgets a copy asked for in an earlier frame (each frame asks anew).
    void begin_frame() { under_.reset(); }
    // Does the copy asked for this frame (if any) into the framebuffer bound
    // now, `screen_height` pixels high; the renderer calls it after clearing.
    void draw_under(int screen_height);
    // Counts render() calls: the renderer's scene cache redraws when it changes.
    std::uint64_t generation() const { return generation_; }
    long long bytes() const;

private:
    struct Slot {
        std::uint64_t serial = 0;
        std::string key;
        bool current = false;  // drawn since the last invalidate()
        std::unique_ptr<RenderTarget> target;
    };
    std::shared_ptr<const FramebufferFns> fns_;
    std::uint32_t background_;
    Rect area_;
    std::vector<Slot> slots_;
    std::uint64_t generation_ = 0;
    struct Under {
        unsigned framebuffer = 0;
        int x = 0, y = 0;
    };
    std::optional<Under> under_;
};

}  // namespace lw::wall
