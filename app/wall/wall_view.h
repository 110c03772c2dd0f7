// The wall: a header with the hospital's name and a clock, a page of post
// cards in the configured layout (grid, masonry or spotlight) and a hashtag
// prompt card, rotating through the posts with an eased cross-fade; an
// optional ticker band under it, and a slow burn-in drift of the whole
// picture. Draws with ImGui's draw lists from a WallSnapshot; it never loads
// anything itself (images come through the TextureCache). See docs/wall.md.
#pragma once

#include "core/config.h"
#include "core/snapshot.h"
#include "wall/fonts.h"
#include "wall/grid_layout.h"
#include "wall/image_loader.h"
#include "wall/page_textures.h"
#include "wall/pages.h"
#include "wall/qr.h"

#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct ImDrawList;

namespace lw::wall {

// What the main loop needs to know after a frame.
struct FrameInfo {
    bool animating = false;        // draw again right away
    double next_change_s = 1e9;    // seconds until the picture changes by itself
    // Set by the renderer when it drew only this rectangle (the ticker band,
    // whole pixels, top-left origin) and the surface may show just that.
    std::optional<Rect> partial;
};

// The burn-in drift at `seconds`: a slow Lissajous walk of at most
// `amplitude` pixels each way that moves once every `period_s` and is (0, 0)
// during the first period.
struct Drift {
    float x = 0, y = 0;
};
Drift burn_in_drift(double seconds, float amplitude, double period_s);

class WallView {
public:
    WallView(const WallConfig& wall, const ThemeConfig& theme);

    // `now` is wall-clock UTC (for ages), `local` the box's local time (for
    // the clock), `seconds` a monotonic time for motion.
    // With `scene_cached` (the renderer still holds the last scene and no
    // texture changed), a frame in which only the ticker moves leaves `dl`
    // empty and scene_skipped() true: the renderer reuses its copy.
    // With `page_textures` (render-to-texture works), each page is drawn into
    // a texture of its own once and `dl` gets it as a quad: a fade or a slide
    // is two quads. Without, pages are drawn on `dl` every frame.
    FrameInfo draw(ImDrawList* dl, const SnapshotPtr& snapshot, const FontSet& fonts, TextureCache& textures,
                   const GridLayout& layout, TimePoint now, const std::tm& local, double seconds,
                   bool scene_cached = false, PageTextures* page_textures = nullptr);
    bool scene_skipped() const { return scene_skipped_; }
    // Where the ticker band was drawn last (the burn-in drift included).
    const Rect& ticker_band() const { return ticker_band_; }

    // Fade frames per second (from [wall] transition_fps, or the renderer's
    // automatic choice); 60 or more: as fast as the main loop's max_fps.
    void set_transition_fps(int fps) { transition_fps_ = fps; }

    int page() const { return page_; }
    // Cross-fades and slides started so far (new content or a page turn).
    int transitions() const { return transitions_; }
    int page_count() const { return page_count_; }

    // The cards of the page on screen (for tests): rectangles without the drift.
    const PageGeometry& geometry() const;
    // The rotation item on card `i` of the page on screen.
    CardItem card_item(size_t i) const;

private:
    // One page: the cards from a snapshot and where they go.
    struct Page {
        std::uint64_t serial = 0;     // names its texture (PageTextures)
        SnapshotPtr snapshot;
        std::vector<CardItem> items;  // the rotation
        PageGeometry geo;
        int prompt_index = 0;
        std::vector<std::string> trending;
    };
    struct TickerSegment {
        std::string author, text;
        float author_w = 0, text_w = 0;
        bool rtl = false;  // the text reads right to left: the author goes on its right
    };

    // Whether `a` and `b` would look the same on screen (the same cards in
    // the same places with the same words; pictures still arriving aside).
    bool same_look(const Page& a, const Page& b) const;
    // What a page's texture depends on besides the page itself: its
    // relative times ("5 min ago"), which change on the clock's minute.
    std::string look_key(const Page& page, TimePoint now) const;
    // The texture of `page`, drawn now if it is missing or out of date; 0
    // when render-to-texture failed.
    unsigned page_texture(const Page& page, PageTextures& pages, const std::vector<std::uint64_t>& keep,
                          const FontSet& fonts, TextureCache& textures, const GridLayout& g, TimePoint now);
    // The pages as textured quads; false when a texture could not be made.
    bool compose_pages(ImDrawList* dl, float eased, PageTextures& pages, const FontSet& fonts,
                       TextureCache& textures, const GridLayout& g, const GridLayout& shifted, Drift d,
                       TimePoint now);
    Page build_page(const SnapshotPtr& snapshot, int first, const FontSet& fonts, TextureCache& textures,
                    const GridLayout& g, TimePoint now);
    CardSize card_size(const CardItem& item, float width, float max_height, const FontSet& fonts,
                       TextureCache& textures, float scale) const;
    void draw_header(ImDrawList* dl, const WallSnapshot& s, const FontSet& fonts, TextureCache& textures,
                     const GridLayout& g, const std::tm& local);
    // Cards of `page` that the `cover` page hides under its own cards (and
    // its prompt, if `cover` also hides the prompt) are drawn opaque, the rest
    // with `alpha`.
    void draw_page(ImDrawList* dl, const Page& page, float alpha, const Page* cover, const FontSet& fonts,
                   TextureCache& textures, const GridLayout& g, Drift d, TimePoint now);
    // The slide: both pages opaque (prompt included), the old one moving out
    // to the left and the new one in from the right, eased, clipped to the
    // content area.
    void draw_slide(ImDrawList* dl, float eased, const FontSet& fonts, TextureCache& textures, const GridLayout& g,
                    const GridLayout& shifted, Drift d, TimePoint now);
    void draw_post_card(ImDrawList* dl, const Rect& r, const Post& post, float alpha, const FontSet& fonts,
                        TextureCache& textures, float scale, TimePoint now, int body_lines = 0, bool big = false);
    void draw_announcement_card(ImDrawList* dl, const Rect& r, const Announcement& a, float alpha,
                                const FontSet& fonts, TextureCache& textures, float scale);
    void draw_prompt_card(ImDrawList* dl, const Rect& r, const HashtagPrompt& p, float alpha,
                          const FontSet& fonts, float scale, const std::vector<std::string>& trending);
    void draw_empty_message(ImDrawList* dl, const Rect& r, float alpha, const FontSet& fonts);
    // The band at the bottom: one line of recent posts scrolling right to left.
    // False when it has nothing to show (and so nothing moves).
    bool draw_ticker(ImDrawList* dl, const Rect& band, const SnapshotPtr& snapshot, const FontSet& fonts,
                     float scale, TimePoint now, double seconds);
    const QrCode& qr_for(const std::string& url);

    WallConfig wall_;
    ThemeConfig theme_;
    LayoutKind kind_;
    int transition_fps_ = 30;
    int page_ = 0;
    int page_count_ = 1;
    int transitions_ = 0;
    std::uint64_t next_serial_ = 1;
    int first_ = 0;                 // rotation index of the current page's first card
    double page_started_ = -1;
    std::optional<Page> current_;
    std::optional<Page> outgoing_;  // the page fading out
    double transition_started_ = -1;
    bool sliding_ = false;          // the transition in progress is a slide (else a fade)
    Rect built_for_;                // the content rectangle the pages were laid out in
    float built_scale_ = 0;
    std::map<std::string, QrCode> qr_cache_;
    // What the last drawn scene depended on besides the ticker.
    struct SceneKey {
        const WallSnapshot* snapshot = nullptr;
        int page = -1;
        float drift_x = 0, drift_y = 0;
        int minute = -1;
        float content_x = 0, content_y = 0, content_w = 0, content_h = 0;
        bool operator==(const SceneKey&) const = default;
    };
    SceneKey scene_key_;
    bool scene_skipped_ = false;
    Rect ticker_band_;
    // The ticker's text, measured once per snapshot and font size.
    SnapshotPtr ticker_snapshot_;
    float ticker_font_px_ = 0;
    std::vector<TickerSegment> ticker_;
    float ticker_width_ = 0;
};

}  // namespace lw::wall
