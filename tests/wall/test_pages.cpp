// Tests for wall/pages: the rotation order and each layout's page geometry.
#include "wall/pages.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace lw;
using namespace lw::wall;
using namespace std::chrono;

namespace {

const TimePoint kNow = sys_days{2026y / 11 / 24} + 14h;

WallSnapshot snapshot(int posts, int announcements, std::vector<std::string> pinned = {}) {
    WallSnapshot s;
    for (int i = 0; i < posts; ++i) {
        Post p;
        p.id = "p" + std::to_string(i);
        s.posts.push_back(p);
    }
    for (int i = 0; i < announcements; ++i) {
        Announcement a;
        a.id = "a" + std::to_string(i);
        a.starts = a.ends = kNow - 1h;
        s.announcements.push_back(a);
    }
    s.pinned_ids = std::move(pinned);
    return s;
}

std::string id(const CardItem& c) { return c.post ? c.post->id : c.announcement->id; }

std::vector<std::string> ids(const std::vector<CardItem>& items) {
    std::vector<std::string> out;
    for (const CardItem& c : items) out.push_back(id(c));
    return out;
}

PageRequest request(LayoutKind kind, const std::vector<CardItem>& items, int first = 0) {
    PageRequest r;
    r.kind = kind;
    r.first = first;
    r.prompt = true;
    for (const CardItem& c : items) r.keys.push_back(c.key());
    return r;
}

bool inside(const Rect& r, const Rect& outer) {
    return r.x >= outer.x - 0.5f && r.y >= outer.y - 0.5f && r.right() <= outer.right() + 0.5f &&
           r.bottom() <= outer.bottom() + 0.5f;
}

bool overlap(const Rect& a, const Rect& b) {
    return a.x < b.right() - 0.5f && b.x < a.right() - 0.5f && a.y < b.bottom() - 0.5f && b.y < a.bottom() - 0.5f;
}

}  // namespace

TEST_CASE("rotation mixes announcements and pinned posts in at their intervals", "[pages]") {
    WallSnapshot s = snapshot(8, 2, {"p3"});
    CHECK(ids(rotation(s, kNow, 3, 4)) ==
          std::vector<std::string>{"a0", "p3", "p0", "p1", "p2", "a1", "p4", "p3", "p5", "p6", "a0", "p7"});
    // 0: all of that kind first, as the grid always did.
    CHECK(ids(rotation(s, kNow, 0, 0)) ==
          std::vector<std::string>{"a0", "a1", "p3", "p0", "p1", "p2", "p4", "p5", "p6", "p7"});
    // Few posts: every announcement still comes round.
    WallSnapshot few = snapshot(1, 3);
    CHECK(ids(rotation(few, kNow, 5, 5)) == std::vector<std::string>{"a0", "p0", "a1", "a2"});
    // The kill switch leaves announcements only.
    s.kill_switch = true;
    CHECK(ids(rotation(s, kNow, 3, 4)) == std::vector<std::string>{"a0", "a1"});
    // An announcement outside its window is not shown.
    WallSnapshot ended = snapshot(2, 1);
    ended.announcements[0].ends = kNow - 1min;
    CHECK(ids(rotation(ended, kNow, 1, 1)) == std::vector<std::string>{"p0", "p1"});
}

TEST_CASE("grid pages walk the rotation and never showing one card twice on a page", "[pages]") {
    WallSnapshot s = snapshot(12, 1);
    const auto items = rotation(s, kNow, 2, 0);  // a0 p0 p1 a0 p2 p3 a0 ...
    const GridLayout g = compute_grid_layout(1920, 1080, 0);
    PageGeometry page = layout_page(g, request(LayoutKind::Grid, items), {});
    REQUIRE(page.cards.size() == 5);
    std::set<std::string> on_page;
    for (const auto& c : page.cards) on_page.insert(id(items[size_t(c.item)]));
    CHECK(on_page.size() == 5);
    CHECK_FALSE(page.shows_all);
    CHECK(page.has_prompt);
    CHECK(page.prompt.x == g.slots.back().x);
    // The next page goes on from where this one stopped, round and round.
    int first = 0;
    std::set<std::string> seen;
    for (int n = 0; n < 10; ++n) {
        PageGeometry p = layout_page(g, request(LayoutKind::Grid, items, first), {});
        for (const auto& c : p.cards) seen.insert(id(items[size_t(c.item)]));
        first = p.next_first;
    }
    CHECK(seen.size() == 13);
    // Everything fits on one page: nothing to rotate.
    const auto three = rotation(snapshot(3, 0), kNow, 4, 6);
    CHECK(layout_page(g, request(LayoutKind::Grid, three), {}).shows_all);
}

TEST_CASE("masonry packs cards of measured heights into columns that end together", "[pages]") {
    WallSnapshot s = snapshot(30, 0);
    const auto items = rotation(s, kNow, 0, 0);
    // Heights vary from 180 to 480 px at 1080p; a card can shorten to 60% of itself.
    auto size = [&](float scale) {
        return [scale](int item, float, float max_height) {
            const float full = (180.0f + float((item * 97) % 300)) * scale;
            const float h = std::min(full, std::max(full * 0.6f, max_height));
            return CardSize{h, 3};
        };
    };
    struct Case { int w, h, columns; };
    for (Case c : {Case{1920, 1080, 4}, Case{1080, 1920, 2}, Case{3840, 2160, 4}, Case{1280, 720, 4}, Case{2160, 3840, 2}}) {
        INFO(c.w << "x" << c.h);
        for (bool ticker : {false, true}) {
            const GridLayout g = compute_grid_layout(c.w, c.h, 0, ticker);
            CHECK(masonry_column_count(g, 0) == c.columns);
            CHECK(masonry_column_count(g, 3) == 3);
            PageGeometry page = layout_page(g, request(LayoutKind::Masonry, items), size(g.scale));
            REQUIRE(page.cards.size() >= size_t(c.columns));
            CHECK(inside(page.prompt, g.content));
            std::set<float> xs;
            for (size_t i = 0; i < page.cards.size(); ++i) {
                const Rect& r = page.cards[i].rect;
                CHECK(inside(r, g.content));
                CHECK_FALSE(overlap(r, page.prompt));
                for (size_t j = i + 1; j < page.cards.size(); ++j) CHECK_FALSE(overlap(r, page.cards[j].rect));
                xs.insert(r.x);
            }
            CHECK(xs.size() == size_t(c.columns));
            // Page after page the rotation comes round to the first card again.
            int first = page.next_first, returns = 0;
            for (int n = 0; n < 30; ++n) {
                PageGeometry next = layout_page(g, request(LayoutKind::Masonry, items, first), size(g.scale));
                REQUIRE(!next.cards.empty());
                for (const auto& card : next.cards) returns += card.item == page.cards[0].item;
                first = next.next_first;
            }
            CHECK(returns >= 1);
            // Every column reaches the bottom (or the prompt): no empty space under it.
            for (float x : xs) {
                float lowest = 0;
                for (const auto& card : page.cards)
                    if (card.rect.x == x) lowest = std::max(lowest, card.rect.bottom());
                const bool over_prompt = x >= page.prompt.x - 0.5f;
                CHECK(lowest == Approx(over_prompt ? page.prompt.y - g.gap : g.content.bottom()).margin(1));
            }
        }
    }
}

TEST_CASE("spotlight: the big card goes round the pictures and one per step", "[pages]") {
    WallSnapshot s = snapshot(6, 0);
    const auto items = rotation(s, kNow, 0, 0);
    for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1080, 1920}}) {
        const GridLayout g = compute_grid_layout(w, h, 0);
        PageRequest r = request(LayoutKind::Spotlight, items);
        r.spotlight_small = 2;
        r.has_image = {false, true, false, true, false, false};
        std::vector<int> spotlit;
        for (int step = 0; step < 4; ++step) {
            PageGeometry p = layout_page(g, r, {});
            REQUIRE(p.cards.size() == 3);
            CHECK(p.cards[0].big);
            spotlit.push_back(p.cards[0].item);
            for (size_t i = 1; i < p.cards.size(); ++i) {
                CHECK(p.cards[i].item != p.cards[0].item);
                CHECK(p.cards[i].rect.w * p.cards[i].rect.h < p.cards[0].rect.w * p.cards[0].rect.h / 2);
                CHECK_FALSE(overlap(p.cards[i].rect, p.cards[0].rect));
                CHECK_FALSE(overlap(p.cards[i].rect, p.prompt));
            }
            CHECK(inside(p.prompt, g.content));
            CHECK_FALSE(p.shows_all);
            r.first = p.next_first;
        }
        CHECK(spotlit == std::vector<int>{1, 3, 1, 3});
    }
}

TEST_CASE("masonry never crops a picture card by more than a third to end its column: the rest stays as space", "[pages]") {
    WallSnapshot s = snapshot(30, 0);
    const auto items = rotation(s, kNow, 0, 0);
    for (float limit : {0.0f, 20.0f, 60.0f}) {
        INFO("max_grow " << limit);
        std::map<int, float> measured;
        auto size = [&](int item, float, float max_height) {
            const float full = 180.0f + float((item * 97) % 300);
            const float h = std::min(full, std::max(full * 0.6f, max_height));
            measured[item] = h;
            return CardSize{h, 3, limit};
        };
        const GridLayout g = compute_grid_layout(1920, 1080, 0, false);
        PageRequest r = request(LayoutKind::Masonry, items);
        r.has_image.assign(items.size(), true);
        const PageGeometry page = layout_page(g, r, size);
        REQUIRE(!page.cards.empty());
        float lowest = 0;
        for (const auto& card : page.cards) {
            CHECK(card.rect.h <= measured[card.item] + limit + 0.5f);
            lowest = std::max(lowest, card.rect.bottom());
        }
        CHECK(lowest <= g.content.bottom() + 0.5f);
    }
    // With room to grow, the columns still end together.
    auto roomy = [&](int item, float, float max_height) {
        const float full = 180.0f + float((item * 97) % 300);
        return CardSize{std::min(full, std::max(full * 0.6f, max_height)), 3, 1e9f};
    };
    const GridLayout g = compute_grid_layout(1920, 1080, 0, false);
    PageRequest r = request(LayoutKind::Masonry, items);
    r.has_image.assign(items.size(), true);
    const PageGeometry page = layout_page(g, r, roomy);
    for (const auto& card : page.cards) {
        float column_bottom = 0;
        for (const auto& other : page.cards)
            if (other.rect.x == card.rect.x) column_bottom = std::max(column_bottom, other.rect.bottom());
        const bool over_prompt = card.rect.x >= page.prompt.x - 0.5f;
        CHECK(column_bottom == Approx(over_prompt ? page.prompt.y - g.gap : g.content.bottom()).margin(1));
    }
}
