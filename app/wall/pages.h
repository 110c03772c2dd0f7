// What goes where on one page of the wall, for every layout: the order
// cards come round in (rotation) and the geometry of a page (grid slots,
// masonry columns, spotlight). Pure arithmetic over a GridLayout and a
// card-height function, so it is tested without a display.
#pragma once

#include "core/snapshot.h"
#include "wall/grid_layout.h"

#include <functional>
#include <string>
#include <vector>

namespace lw::wall {

// One thing in a card slot.
struct CardItem {
    const Post* post = nullptr;
    const Announcement* announcement = nullptr;
    const void* key() const { return post ? static_cast<const void*>(post) : static_cast<const void*>(announcement); }
};

// Items the snapshot shows now, in order: announcements in their window,
// then pinned posts, then the rest (none but announcements under the kill switch).
std::vector<CardItem> visible_items(const WallSnapshot& snapshot, TimePoint now);

// The order cards come round in: the other posts in the snapshot's order
// with an announcement before every `announcement_every`-th of them and a
// pinned post before every `pinned_every`-th (cycling through each kind,
// starting with the first card); 0 puts all of that kind first. Every
// visible announcement and pinned post appears at least once. The wall walks
// this list round and round, so older posts come back when nothing is new.
std::vector<CardItem> rotation(const WallSnapshot& snapshot, TimePoint now, int announcement_every, int pinned_every);

enum class LayoutKind { Grid, Masonry, Spotlight };
LayoutKind layout_kind(const std::string& name);

// How tall a card for rotation item `item` is at `width`, given at most
// `max_height`: `height` (<= max_height when the card can be shortened to
// fit, by ellipsising its text) and the body lines that takes. A card that
// cannot fit even shortened returns a height over max_height.
struct CardSize {
    float height = 0;
    int body_lines = 0;
    // How much taller masonry may draw the card to end its column with the
    // others (a picture card: until its picture loses a third of its width
    // to the crop); what is left stays as space under the column.
    float max_grow = 1e9f;
};
using CardSizeFn = std::function<CardSize(int item, float width, float max_height)>;

struct PlacedCard {
    Rect rect;
    int item = 0;          // index into the rotation
    bool big = false;      // the spotlight's card
    int body_lines = 0;    // 0: as many as the card has room for
};

struct PageGeometry {
    std::vector<PlacedCard> cards;
    bool has_prompt = false;
    Rect prompt;
    int next_first = 0;    // where the next page starts in the rotation
    bool shows_all = false; // every distinct item is on this page: nothing to rotate
};

struct PageRequest {
    LayoutKind kind = LayoutKind::Grid;
    int first = 0;               // rotation index of the page's first card (spotlight: the step)
    int masonry_columns = 0;     // 0 = automatic
    int spotlight_small = 2;
    bool prompt = false;
    // keys[i]: identity of rotation item i (the same post or announcement
    // twice has the same key); a page never shows one twice.
    std::vector<const void*> keys;
    // has_image[i]: item i has a picture to show; the spotlight goes round
    // these (all items when none has one). Empty: none has.
    std::vector<bool> has_image;
};

PageGeometry layout_page(const GridLayout& g, const PageRequest& request, const CardSizeFn& size);

}  // namespace lw::wall
