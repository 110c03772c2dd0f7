// Rotation and page geometry: see pages.h.
#include "wall/pages.h"

#include <algorithm>
#include <cmath>

namespace lw::wall {
namespace {

bool is_pinned(const WallSnapshot& s, const Post& p) {
    return std::find(s.pinned_ids.begin(), s.pinned_ids.end(), p.id) != s.pinned_ids.end();
}

std::vector<const Announcement*> current_announcements(const WallSnapshot& s, TimePoint now) {
    std::vector<const Announcement*> out;
    for (const Announcement& a : s.announcements) {
        const bool started = now >= a.starts;
        const bool ended = a.ends > a.starts && now >= a.ends;
        if (started && !ended) out.push_back(&a);
    }
    return out;
}

// Walks the rotation from `first`, skipping items already on the page, and
// stops after one full round.
class ItemWalk {
public:
    ItemWalk(const PageRequest& r) : r_(r), n_(static_cast<int>(r.keys.size())), pos_(n_ ? r.first % n_ : 0) {}
    // The next item not yet on the page, or -1 when the round is over.
    int peek() {
        while (steps_ < n_) {
            const int i = (pos_ + steps_) % n_;
            if (std::find(used_.begin(), used_.end(), r_.keys[static_cast<size_t>(i)]) == used_.end()) return i;
            ++steps_;
        }
        return -1;
    }
    void take() {
        used_.push_back(r_.keys[static_cast<size_t>((pos_ + steps_) % n_)]);
        ++steps_;
    }
    // Up to `ahead` items after the next one that are not on the page yet.
    std::vector<int> lookahead(int ahead) const {
        std::vector<int> out;
        for (int k = steps_ + 1; k < n_ && static_cast<int>(out.size()) < ahead; ++k) {
            const int i = (pos_ + k) % n_;
            const void* key = r_.keys[static_cast<size_t>(i)];
            if (std::find(used_.begin(), used_.end(), key) == used_.end() &&
                std::find(early_.begin(), early_.end(), i) == early_.end())
                out.push_back(i);
        }
        return out;
    }
    // Takes a later item out of turn (it will not come again this round).
    void take_early(int i) {
        used_.push_back(r_.keys[static_cast<size_t>(i)]);
        early_.push_back(i);
    }
    int next_first() const { return n_ ? (pos_ + steps_) % n_ : 0; }
    int distinct() const {
        std::vector<const void*> k = r_.keys;
        std::sort(k.begin(), k.end());
        return static_cast<int>(std::unique(k.begin(), k.end()) - k.begin());
    }
    int used() const { return static_cast<int>(used_.size()); }

private:
    const PageRequest& r_;
    int n_;
    int pos_;
    int steps_ = 0;
    std::vector<const void*> used_;
    std::vector<int> early_;
};

PageGeometry grid_page(const GridLayout& g, const PageRequest& r) {
    PageGeometry page;
    ItemWalk walk(r);
    const int slots = static_cast<int>(g.slots.size()) - (r.prompt ? 1 : 0);
    for (int i = 0; i < slots; ++i) {
        const int item = walk.peek();
        if (item < 0) break;
        walk.take();
        page.cards.push_back({g.slots[static_cast<size_t>(i)], item});
    }
    if (r.prompt) {
        page.has_prompt = true;
        page.prompt = g.slots.back();
    }
    page.next_first = walk.next_first();
    page.shows_all = walk.used() >= walk.distinct();
    return page;
}

PageGeometry masonry_page(const GridLayout& g, const PageRequest& r, const CardSizeFn& size) {
    PageGeometry page;
    const int columns = masonry_column_count(g, r.masonry_columns);
    const float col_w = (g.content.w - g.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    std::vector<float> top(static_cast<size_t>(columns), g.content.y);
    std::vector<float> bottom(static_cast<size_t>(columns), g.content.bottom());
    auto col_x = [&](int c) { return g.content.x + static_cast<float>(c) * (col_w + g.gap); };
    if (r.prompt) {
        // The prompt spans the last two columns (the only one when there is
        // one) at the bottom, wide enough for its text beside the QR code.
        const int span = std::min(columns, 2);
        const float h = std::round(std::min(g.content.h * 0.42f, 400.0f * g.scale));
        const int c0 = columns - span;
        page.has_prompt = true;
        page.prompt = {col_x(c0), g.content.bottom() - h, col_x(columns - 1) + col_w - col_x(c0), h};
        for (int c = c0; c < columns; ++c) bottom[static_cast<size_t>(c)] = page.prompt.y - g.gap;
    }
    ItemWalk walk(r);
    std::vector<std::vector<size_t>> in_column(static_cast<size_t>(columns));
    std::vector<float> max_grow;  // per placed card
    const float min_card = 180.0f * g.scale;
    for (;;) {
        const int item = walk.peek();
        if (item < 0) break;
        // The column with the most room left takes the next card.
        int best = 0;
        for (int c = 1; c < columns; ++c) {
            const size_t cc = static_cast<size_t>(c), bc = static_cast<size_t>(best);
            if (bottom[cc] - top[cc] > bottom[bc] - top[bc] + 0.5f) best = c;
        }
        const size_t b = static_cast<size_t>(best);
        const float room = bottom[b] - top[b];
        if (room < min_card) break;
        auto place = [&](int i, const CardSize& cs) {
            in_column[b].push_back(page.cards.size());
            max_grow.push_back(cs.max_grow);
            page.cards.push_back({{col_x(best), top[b], col_w, cs.height}, i, false, cs.body_lines});
            top[b] += cs.height + g.gap;
        };
        const CardSize cs = size(item, col_w, room);
        if (cs.height <= room + 0.5f) {
            walk.take();
            place(item, cs);
            continue;
        }
        // The next card is too tall for any column: one of the next few
        // that fits whole fills the gap instead, and the tall one opens the
        // next page.
        bool filled = false;
        for (int later : walk.lookahead(4)) {
            const CardSize ls = size(later, col_w, 1e9f);
            if (ls.height <= room + 0.5f) {
                walk.take_early(later);
                place(later, ls);
                filled = true;
                break;
            }
        }
        if (!filled) {
            if (page.cards.empty()) {  // never an empty page: the card is shortened to fit
                walk.take();
                place(item, CardSize{room, cs.body_lines});
            }
            break;
        }
    }
    if (page.has_prompt) {
        // The prompt grows up into the room its columns have left, within reason.
        const int span = std::min(columns, 2);
        float highest = g.content.y;
        for (int c = columns - span; c < columns; ++c) highest = std::max(highest, top[static_cast<size_t>(c)]);
        const float max_h = g.content.h * 0.6f;
        const float grown = std::min(max_h, g.content.bottom() - highest);
        if (grown > page.prompt.h && !page.cards.empty()) {
            page.prompt.y = g.content.bottom() - grown;
            page.prompt.h = grown;
            for (int c = columns - span; c < columns; ++c) bottom[static_cast<size_t>(c)] = page.prompt.y - g.gap;
        }
    }
    // Columns end together: what is left of each is shared out among its
    // cards, so no column stops short with an empty gap under it, unless
    // that would crop a picture by more than a third (CardSize::max_grow).
    for (int c = 0; c < columns; ++c) {
        const auto& ids = in_column[static_cast<size_t>(c)];
        if (ids.empty()) continue;
        const float left = bottom[static_cast<size_t>(c)] - (top[static_cast<size_t>(c)] - g.gap);
        if (left <= 0) continue;
        // Pictures take it first (a taller crop); text cards only when there are none.
        auto pictured = [&](size_t id) {
            const auto i = static_cast<size_t>(page.cards[id].item);
            return i < r.has_image.size() && r.has_image[i];
        };
        const auto takers = static_cast<size_t>(std::count_if(ids.begin(), ids.end(), pictured));
        // Shared out evenly, but no picture is cropped by more than a third:
        // what such a card cannot take goes to the others, then stays as space.
        std::vector<float> grow(ids.size(), 0.0f);
        float rest = left;
        for (int round = 0; round < 4 && rest >= 1.0f; ++round) {
            size_t open = 0;
            for (size_t k = 0; k < ids.size(); ++k)
                if ((!takers || pictured(ids[k])) && grow[k] < max_grow[ids[k]]) ++open;
            if (open == 0) break;
            const float each = std::floor(rest / static_cast<float>(open));
            if (each < 1.0f) break;
            for (size_t k = 0; k < ids.size(); ++k) {
                if ((takers && !pictured(ids[k])) || grow[k] >= max_grow[ids[k]]) continue;
                const float g_k = std::min(each, max_grow[ids[k]] - grow[k]);
                grow[k] += g_k;
                rest -= g_k;
            }
        }
        // The pixels the even shares rounded away go to the last card with room.
        for (size_t k = ids.size(); k-- > 0 && rest > 0.0f;) {
            if ((takers && !pictured(ids[k])) || grow[k] >= max_grow[ids[k]]) continue;
            const float g_k = std::min(rest, max_grow[ids[k]] - grow[k]);
            grow[k] += g_k;
            rest -= g_k;
        }
        float shift = 0;
        for (size_t k = 0; k < ids.size(); ++k) {
            Rect& rect = page.cards[ids[k]].rect;
            rect.y += shift;
            rect.h += grow[k];
            shift += grow[k];
        }
    }
    page.next_first = walk.next_first();
    page.shows_all = walk.used() >= walk.distinct();
    return page;
}

PageGeometry spotlight_page(const GridLayout& g, const PageRequest& r) {
    PageGeometry page;
    const bool portrait = g.content.h > g.content.w;
    const int small = std::max(1, r.spotlight_small);
    const int boxes = small + (r.prompt ? 1 : 0);
    Rect big;
    std::vector<Rect> rest;
    if (!portrait) {
        // The spotlight on the left, the small cards stacked on the right.
        const float big_w = std::round((g.content.w - g.gap) * 0.6f);
        big = {g.content.x, g.content.y, big_w, g.content.h};
        const float x = big.right() + g.gap;
        const float w = g.content.right() - x;
        const float h = (g.content.h - g.gap * static_cast<float>(boxes - 1)) / static_cast<float>(boxes);
        for (int i = 0; i < boxes; ++i)
            rest.push_back({x, g.content.y + static_cast<float>(i) * (h + g.gap), w, h});
    } else {
        // The spotlight on top, the small cards two by two below; an odd
        // last one spans both columns.
        const float big_h = std::round((g.content.h - g.gap) * 0.55f);
        big = {g.content.x, g.content.y, g.content.w, big_h};
        const int rows = (boxes + 1) / 2;
        const float y0 = big.bottom() + g.gap;
        const float h = (g.content.bottom() - y0 - g.gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
        const float w = (g.content.w - g.gap) / 2;
        for (int i = 0; i < boxes; ++i) {
            const int row = i / 2, col = i % 2;
            const float y = y0 + static_cast<float>(row) * (h + g.gap);
            if (i == boxes - 1 && col == 0) rest.push_back({g.content.x, y, g.content.w, h});
            else rest.push_back({g.content.x + static_cast<float>(col) * (w + g.gap), y, w, h});
        }
    }
    // The spotlight goes round the items with a picture, one per step; the
    // small cards walk the whole rotation, `small` per step.
    const int n = static_cast<int>(r.keys.size());
    std::vector<int> candidates;
    for (int i = 0; i < n; ++i)
        if (static_cast<size_t>(i) < r.has_image.size() && r.has_image[static_cast<size_t>(i)]) candidates.push_back(i);
    if (candidates.empty())
        for (int i = 0; i < n; ++i) candidates.push_back(i);
    const int step = std::max(0, r.first);
    PageRequest rest_request = r;
    rest_request.first = n ? static_cast<int>((static_cast<long long>(step) * small) % n) : 0;
    ItemWalk walk(rest_request);
    if (n > 0) {
        const int spotlit = candidates[static_cast<size_t>(step) % candidates.size()];
        walk.take_early(spotlit);
        page.cards.push_back({big, spotlit, true});
    }
    for (int i = 0; i < small; ++i) {
        const int item = walk.peek();
        if (item < 0) break;
        walk.take();
        page.cards.push_back({rest[static_cast<size_t>(i)], item});
    }
    if (r.prompt) {
        page.has_prompt = true;
        page.prompt = rest.back();
    }
    // One post per step: the next page puts the following one in the spotlight.
    page.next_first = n ? (step + 1) % (n * static_cast<int>(std::max<size_t>(1, candidates.size()))) : 0;
    page.shows_all = walk.distinct() <= 1;
    return page;
}

}  // namespace

std::vector<CardItem> visible_items(const WallSnapshot& s, TimePoint now) {
    std::vector<CardItem> items;
    for (const Announcement* a : current_announcements(s, now)) items.push_back({nullptr, a});
    if (s.kill_switch) return items;
    for (const Post& p : s.posts)
        if (is_pinned(s, p)) items.push_back({&p, nullptr});
    for (const Post& p : s.posts)
        if (!is_pinned(s, p)) items.push_back({&p, nullptr});
    return items;
}

std::vector<CardItem> rotation(const WallSnapshot& s, TimePoint now, int announcement_every, int pinned_every) {
    const std::vector<const Announcement*> announcements = current_announcements(s, now);
    std::vector<const Post*> pinned, others;
    if (!s.kill_switch) {
        for (const Post& p : s.posts) (is_pinned(s, p) ? pinned : others).push_back(&p);
    }
    std::vector<CardItem> out;
    size_t next_a = 0, next_p = 0;
    if (announcement_every <= 0)
        for (; next_a < announcements.size(); ++next_a) out.push_back({nullptr, announcements[next_a]});
    if (pinned_every <= 0)
        for (; next_p < pinned.size(); ++next_p) out.push_back({pinned[next_p], nullptr});
    for (size_t i = 0; i < others.size(); ++i) {
        if (announcement_every > 0 && !announcements.empty() && i % static_cast<size_t>(announcement_every) == 0)
            out.push_back({nullptr, announcements[next_a++ % announcements.size()]});
        if (pinned_every > 0 && !pinned.empty() && i % static_cast<size_t>(pinned_every) == 0)
            out.push_back({pinned[next_p++ % pinned.size()], nullptr});
        out.push_back({others[i], nullptr});
    }
    // Any not yet placed (few other posts) still come round once.
    for (; next_a < announcements.size(); ++next_a) out.push_back({nullptr, announcements[next_a]});
    for (; next_p < pinned.size(); ++next_p) out.push_back({pinned[next_p], nullptr});
    return out;
}

LayoutKind layout_kind(const std::string& name) {
    if (name == "masonry") return LayoutKind::Masonry;
    if (name == "spotlight") return LayoutKind::Spotlight;
    return LayoutKind::Grid;
}

PageGeometry layout_page(const GridLayout& g, const PageRequest& request, const CardSizeFn& size) {
    switch (request.kind) {
    case LayoutKind::Masonry: return masonry_page(g, request, size);
    case LayoutKind::Spotlight: return spotlight_page(g, request);
    case LayoutKind::Grid: break;
    }
    return grid_page(g, request);
}

}  // namespace lw::wall
