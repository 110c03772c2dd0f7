// The grid wall: a header with the hospital's name and a clock, a page of
// post cards and a hashtag prompt card, paging through more posts than fit
// with a cross-fade. Draws with ImGui's draw lists from a WallSnapshot; it
// never loads anything itself (images come through the TextureCache).
#pragma once

#include "core/config.h"
#include "core/snapshot.h"
#include "wall/fonts.h"
#include "wall/grid_layout.h"
#include "wall/image_loader.h"
#include "wall/qr.h"

#include <ctime>
#include <map>
#include <string>
#include <vector>

struct ImDrawList;

namespace lw::wall {

// What the main loop needs to know after a frame.
struct FrameInfo {
    bool animating = false;        // draw again right away
    double next_change_s = 1e9;    // seconds until the picture changes by itself
};

// One thing in a card slot.
struct CardItem {
    const Post* post = nullptr;
    const Announcement* announcement = nullptr;
};

// Items the snapshot shows now, in order: announcements in their window,
// then pinned posts, then the rest (none but announcements under the kill switch).
std::vector<CardItem> visible_items(const WallSnapshot& snapshot, TimePoint now);

class WallView {
public:
    WallView(const WallConfig& wall, const ThemeConfig& theme);

    // `now` is wall-clock UTC (for ages), `local` the box's local time (for
    // the clock), `seconds` a monotonic time for motion.
    FrameInfo draw(ImDrawList* dl, const SnapshotPtr& snapshot, const FontSet& fonts, TextureCache& textures,
                   const GridLayout& layout, TimePoint now, const std::tm& local, double seconds);

    int page() const { return page_; }
    int page_count() const { return page_count_; }

private:
    void draw_header(ImDrawList* dl, const WallSnapshot& s, const FontSet& fonts, TextureCache& textures,
                     const GridLayout& g, const std::tm& local);
    // Slots below `opaque_slots` (and the prompt, if `opaque_prompt`) are drawn
    // opaque, the rest with `alpha`.
    void draw_page(ImDrawList* dl, const WallSnapshot& s, int page, float alpha, int opaque_slots,
                   bool opaque_prompt, const FontSet& fonts, TextureCache& textures, const GridLayout& g,
                   TimePoint now);
    void draw_post_card(ImDrawList* dl, const Rect& r, const Post& post, float alpha, const FontSet& fonts,
                        TextureCache& textures, float scale, TimePoint now);
    void draw_announcement_card(ImDrawList* dl, const Rect& r, const Announcement& a, float alpha,
                                const FontSet& fonts, TextureCache& textures, float scale);
    void draw_prompt_card(ImDrawList* dl, const Rect& r, const HashtagPrompt& p, float alpha,
                          const FontSet& fonts, float scale);
    void draw_empty_message(ImDrawList* dl, const Rect& r, float alpha, const FontSet& fonts);
    const QrCode& qr_for(const std::string& url);

    WallConfig wall_;
    ThemeConfig theme_;
    int page_ = 0;
    int page_count_ = 1;
    double page_started_ = -1;
    // The page fading out, with the snapshot it came from.
    SnapshotPtr outgoing_snapshot_;
    int outgoing_page_ = -1;
    double transition_started_ = -1;
    SnapshotPtr current_snapshot_;
    std::map<std::string, QrCode> qr_cache_;
};

}  // namespace lw::wall
