// Layout render tests: golden screenshots of every layout at 1920x1080 and
// 1080x1920, card regions counted by their pixels, the ticker band, the
// burn-in drift and fades without a dark frame in the new layouts.
//
// Goldens live in tests/wall/golden/<layout>-<W>x<H>.png, drawn by our own
// renderer from the demo content at a fixed clock. Regenerate them after an
// intended change of the picture with
//   LOBBYWALL_UPDATE_GOLDENS=1 ctest -R "golden"      (from the build folder)
// then look at every PNG before committing it. A comparison tolerates small
// rasteriser and font differences (a pixel differs when a channel is off by
// more than kPixelTolerance; up to kMaxDifferingFraction of pixels may) and
// fails on layout changes. On failure, the frame and a difference image are
// written to <build>/golden-out/.
#include "render_frame.h"

#include <stb/stb_image.h>

#include <filesystem>

using namespace lw;
using namespace lw::test_wall;
using namespace std::chrono;

namespace {

WallConfig layout_config(const std::string& layout, bool ticker) {
    WallConfig wall;
    wall.layout = layout;
    wall.ticker = ticker;
    wall.hospital_name = "St. Vincent's Hospital";
    return wall;
}

struct Golden {
    std::string layout;
    bool ticker;
    int width, height;
    std::string name() const { return layout + (ticker ? "-ticker" : "") + "-" + std::to_string(width) + "x" + std::to_string(height); }
};

// Fraction of pixels that differ by more than the tolerance; fills `diff`
// (red where they differ, a dim copy elsewhere).
double differing_fraction(const Frame& f, const unsigned char* golden, std::vector<std::uint8_t>& diff) {
    return test_wall::differing_fraction(f.rgba.data(), golden, static_cast<size_t>(f.width) * static_cast<size_t>(f.height),
                                         kPixelTolerance, &diff);
}

void check_golden(const Golden& g, const Frame& f) {
    const std::string path = LOBBYWALL_SOURCE_DIR "/tests/wall/golden/" + g.name() + ".png";
    if (std::getenv("LOBBYWALL_UPDATE_GOLDENS")) {
        REQUIRE(platform::write_png(path, f.width, f.height, f.rgba));
        WARN("wrote " << path);
        return;
    }
    int w = 0, h = 0, channels = 0;
    unsigned char* golden = stbi_load(path.c_str(), &w, &h, &channels, 4);
    INFO(path << " (regenerate with LOBBYWALL_UPDATE_GOLDENS=1)");
    REQUIRE(golden);
    REQUIRE(w == f.width);
    REQUIRE(h == f.height);
    std::vector<std::uint8_t> diff;
    const double fraction = differing_fraction(f, golden, diff);
    stbi_image_free(golden);
    INFO(g.name() << ": " << fraction * 100 << "% of pixels differ");
    if (fraction > kMaxDifferingFraction) {
        const std::string out = LOBBYWALL_BINARY_DIR "/golden-out";
        std::filesystem::create_directories(out);
        platform::write_png(out + "/" + g.name() + ".png", f.width, f.height, f.rgba);
        platform::write_png(out + "/" + g.name() + "-diff.png", f.width, f.height, diff);
    }
    CHECK(fraction <= kMaxDifferingFraction);
}

// A card's top strip (inside its rounded corners, above any text) has the card colour.
bool card_top_is_card(const Frame& f, const wall::Rect& r, Rgba colour = kTheme.card) {
    wall::Rect top{r.x + 30, r.y + 3, r.w - 60, 6};
    return f.count(top, [&](Rgb c) { return Frame::near(c, rgb_of(colour), 6); }) > top.w * 5;
}

}  // namespace

TEST_CASE("golden screenshots of every layout and landscape and portrait", "[render][golden]") {
    const Golden goldens[] = {
        {"grid", false, 1920, 1080},    {"grid", false, 1080, 1920},
        {"masonry", false, 1920, 1080}, {"masonry", false, 1080, 1920},
        {"spotlight", false, 1920, 1080}, {"spotlight", false, 1080, 1920},
        {"masonry", true, 1920, 1080},  {"spotlight", true, 1080, 1920},
    };
    SnapshotPtr snapshot = demo_snapshot();
    for (const Golden& g : goldens) {
        INFO(g.name());
        Frame f = render(snapshot, g.width, g.height, {0.0}, layout_config(g.layout, g.ticker));
        check_golden(g, f);
    }
}

TEST_CASE("golden comparison fails on a layout change and tolerates small differences", "[render][golden]") {
    if (std::getenv("LOBBYWALL_UPDATE_GOLDENS")) return;
    const std::string path = LOBBYWALL_SOURCE_DIR "/tests/wall/golden/masonry-1920x1080.png";
    int w = 0, h = 0, channels = 0;
    unsigned char* golden = stbi_load(path.c_str(), &w, &h, &channels, 4);
    REQUIRE(golden);
    SnapshotPtr snapshot = demo_snapshot();
    std::vector<std::uint8_t> diff;
    // The grid is a different layout of the same content: far over the limit.
    Frame grid = render(snapshot, 1920, 1080, {0.0}, layout_config("grid", false));
    CHECK(differing_fraction(grid, golden, diff) > 10 * kMaxDifferingFraction);
    // The same masonry frame with every channel nudged by a little (as another
    // rasteriser's rounding would) is within tolerance.
    Frame masonry = render(snapshot, 1920, 1080, {0.0}, layout_config("masonry", false));
    for (size_t i = 0; i < masonry.rgba.size(); ++i)
        if (i % 4 != 3) masonry.rgba[i] = static_cast<std::uint8_t>(std::clamp(int(masonry.rgba[i]) + ((i / 4) % 2 ? 20 : -20), 0, 255));
    CHECK(differing_fraction(masonry, golden, diff) <= kMaxDifferingFraction);
    stbi_image_free(golden);
}

TEST_CASE("masonry: columns by orientation and cards packed with no empty column ends", "[render][masonry]") {
    SnapshotPtr snapshot = demo_snapshot();
    struct Case { int w, h, columns; };
    for (Case c : {Case{1920, 1080, 4}, Case{1080, 1920, 2}}) {
        INFO(c.w << "x" << c.h);
        Frame f = render(snapshot, c.w, c.h, {0.0}, layout_config("masonry", false));
        const auto& geo = f.geometry;
        REQUIRE(geo.has_prompt);
        REQUIRE(geo.cards.size() >= size_t(c.columns + 1));
        // One card at the top of every column: that many card-coloured runs across the first row.
        const int row = int(f.layout.content.y + 8);
        const int runs = f.runs(row, rgb_of(kTheme.card), int(f.layout.content.w / c.columns / 2));
        CHECK(runs == c.columns);
        // Every card is where the layout put it, and cards differ in height.
        float min_h = 1e9f, max_h = 0;
        for (const auto& card : geo.cards) {
            CHECK(card_top_is_card(f, card.rect));
            CHECK(f.count(card.rect, is_text) > 800);
            min_h = std::min(min_h, card.rect.h);
            max_h = std::max(max_h, card.rect.h);
        }
        CHECK(max_h > min_h * 1.3f);
        // Each column ends at the content's bottom or right above the prompt:
        // the last pixels rows of every column are card (or prompt) colour;
        // or a little short of it, rather than crop a picture by more than a
        // third (masonry leaves the space under that column).
        const float col_w = (f.layout.content.w - f.layout.gap * float(c.columns - 1)) / float(c.columns);
        for (int col = 0; col < c.columns; ++col) {
            const float x = f.layout.content.x + float(col) * (col_w + f.layout.gap) + col_w / 2;
            float lowest = 0;
            for (const auto& card : geo.cards)
                if (card.rect.x <= x && x < card.rect.right()) lowest = std::max(lowest, card.rect.bottom());
            const bool above_prompt = geo.prompt.x <= x && x < geo.prompt.right();
            const float end = above_prompt ? geo.prompt.y - f.layout.gap : f.layout.content.bottom();
            INFO("column " << col);
            CHECK(lowest <= end + 2);
            CHECK(end - lowest < 0.15f * f.layout.content.h);
            CHECK(Frame::near(f.at(int(x), int(lowest - 10)), rgb_of(kTheme.card), 6));
        }
        // The prompt card is there with its QR code.
        CHECK(f.count(geo.prompt, [](Rgb p) { return Frame::near(p, rgb_of(kTheme.prompt_card), 4); }) > 20000);
        CHECK(f.count(geo.prompt, [](Rgb p) { return p.r < 10 && p.g < 10 && p.b < 10; }) > 5000);
    }
}

TEST_CASE("spotlight: one large card with its picture and small cards beside or below", "[render][spotlight]") {
    SnapshotPtr snapshot = demo_snapshot();
    for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1080, 1920}}) {
        INFO(w << "x" << h);
        Frame f = render(snapshot, w, h, {0.0}, layout_config("spotlight", false));
        const auto& geo = f.geometry;
        REQUIRE(geo.cards.size() == 3);  // the spotlight and two small cards
        REQUIRE(geo.cards[0].big);
        const wall::Rect big = geo.cards[0].rect;
        for (size_t i = 1; i < geo.cards.size(); ++i) CHECK(geo.cards[i].rect.w * geo.cards[i].rect.h < big.w * big.h / 2);
        // The spotlight shows the news post's picture: lots of sky.
        CHECK(f.count(big, is_sky) > 100000);
        // Card runs across the first row: landscape, the spotlight and a small
        // card; portrait, the spotlight alone, then two small cards below it.
        const int row = int(f.layout.content.y + 8);
        if (w > h) {
            CHECK(f.runs(row, rgb_of(kTheme.card), 300) == 2);
        } else {
            CHECK(f.runs(row, rgb_of(kTheme.card), 900) == 1);
            CHECK(f.runs(int(big.bottom() + f.layout.gap + 8), rgb_of(kTheme.card), 300) == 2);
        }
        for (const auto& card : geo.cards) CHECK(card_top_is_card(f, card.rect));
    }
}

TEST_CASE("spotlight rotates one post per step and fading without a dark frame", "[render][spotlight]") {
    WallConfig wall = layout_config("spotlight", false);
    wall.page_seconds = 10;
    wall.transition_ms = 1000;
    SnapshotPtr snapshot = demo_snapshot();
    Frame before = render(snapshot, 1280, 720, {0.0}, wall);
    const int luma_bg = [] { Rgb b = rgb_of(kTheme.background); return b.r + b.g + b.b; }();
    for (double t : {10.3, 10.5, 10.8, 11.5}) {
        INFO("t=" << t);
        Frame f = render(snapshot, 1280, 720, {0.0, 10.0, t}, wall);
        CHECK(f.page == 1);
        REQUIRE(!f.geometry.cards.empty());
        // A different post is in the spotlight after one step.
        CHECK(f.geometry.cards[0].item != before.geometry.cards[0].item);
        // Nothing darker than the background, outside the prompt (its QR code is black).
        wall::Rect area = f.layout.content;
        area.w = f.geometry.prompt.x - area.x - 2;
        CHECK(f.count(area, [&](Rgb c) { return c.r + c.g + c.b < luma_bg - 12; }) == 0);
        for (const auto& card : f.geometry.cards) CHECK(card_top_is_card(f, card.rect));
    }
}

TEST_CASE("masonry pages fade without a dark frame and keep paging", "[render][masonry]") {
    WallConfig wall = layout_config("masonry", false);
    wall.page_seconds = 10;
    wall.transition_ms = 1000;
    SnapshotPtr snapshot = demo_snapshot();
    const int luma_bg = [] { Rgb b = rgb_of(kTheme.background); return b.r + b.g + b.b; }();
    for (double t : {10.25, 10.5, 10.75}) {
        INFO("t=" << t);
        Frame f = render(snapshot, 1280, 720, {0.0, 10.0, t}, wall);
        // The next fade frame comes at transition_fps: automatic, 15 on
        // software GL (these tests' llvmpipe), 30 on a GPU; not as fast as possible.
        CHECK_FALSE(f.info.animating);
        // (Or sooner, 0.05 s, while the new page's pictures are arriving.)
        CHECK(f.info.next_change_s > 0.02);
        CHECK(f.info.next_change_s <= 1.0 / 15 + 1e-9);
        // Outside the prompt's columns (the old and the new prompt hold black QR modules).
        wall::Rect area = f.layout.content;
        area.w = f.geometry.prompt.x - area.x - 2;
        CHECK(f.count(area, [&](Rgb c) { return c.r + c.g + c.b < luma_bg - 12; }) == 0);
    }
    // A set rate wins over the automatic one; 60: as fast as the main loop's max_fps allows.
    WallConfig set = wall;
    set.transition_fps = 24;
    CHECK(render(snapshot, 1280, 720, {0.0, 10.0, 10.5}, set).info.next_change_s == Approx(1.0 / 24));
    set.transition_fps = 60;
    CHECK(render(snapshot, 1280, 720, {0.0, 10.0, 10.5}, set).info.animating);
    // Paging goes on (the rotation comes round again: see test_pages).
    std::vector<double> times{0.0};
    for (int i = 1; i <= 12; ++i) times.push_back(10.5 * i);
    Frame later = render(snapshot, 1280, 720, times, wall);
    Frame first = render(snapshot, 1280, 720, {0.0}, wall);
    CHECK(later.page == 12);
    CHECK(later.geometry.cards.size() >= 4);
    CHECK(later.geometry.cards[0].item != first.geometry.cards[0].item);
}

TEST_CASE("the ticker band sits under every layout and scrolls at its own frame rate", "[render][ticker]") {
    SnapshotPtr snapshot = demo_snapshot();
    for (const char* layout : {"grid", "masonry", "spotlight"}) {
        INFO(layout);
        WallConfig wall = layout_config(layout, true);
        wall.page_seconds = 3600;
        Frame a = render(snapshot, 1920, 1080, {0.0}, wall);
        Frame b = render(snapshot, 1920, 1080, {0.0, 1.0}, wall);
        const wall::Rect band = a.layout.ticker;
        REQUIRE(band.h > 40);
        CHECK(band.bottom() <= 1080);
        // Cards end above the band.
        for (const auto& card : a.geometry.cards) CHECK(card.rect.bottom() <= band.y);
        CHECK(a.geometry.prompt.bottom() <= band.y);
        // The band: header colour, the accent line on top, a line of text.
        CHECK(a.count(band, [](Rgb c) { return Frame::near(c, rgb_of(kTheme.header), 4); }) > band.w * band.h / 2);
        const wall::Rect line{band.x, band.y, band.w, 3};
        CHECK(a.count(line, [](Rgb c) { return Frame::near(c, rgb_of(kTheme.accent), 6); }) > band.w * 2);
        CHECK(a.count(band, is_text) > 2000);
        // One second later the band has moved and the cards have not.
        int band_moved = 0, cards_moved = 0;
        for (int y = 0; y < 1080; ++y)
            for (int x = 0; x < 1920; ++x)
                (y >= band.y + 4 ? band_moved : cards_moved) += !Frame::near(a.at(x, y), b.at(x, y), 8);
        CHECK(band_moved > 1000);
        CHECK(cards_moved == 0);
        // The band asks for its next frame at 30 fps, not as fast as possible.
        CHECK_FALSE(b.info.animating);
        CHECK(b.info.next_change_s == Approx(1.0 / 30));
        // Those frames redrew the band alone: the rest came from the scene cache.
        Frame c = render(snapshot, 1920, 1080, {0.0, 0.5, 1.0, 1.5, 2.0}, wall);
        CHECK(c.scene_draws == 0);
        // A page change redraws the scene.
        WallConfig paging = wall;
        paging.page_seconds = 3;
        Frame d = render(snapshot, 1920, 1080, {0.0, 3.5, 3.9}, paging);  // mid-fade
        CHECK(d.page == 1);
        CHECK(d.scene_draws >= 1);
    }
    // Without the ticker, no band and no timer.
    Frame none = render(snapshot, 1920, 1080, {0.0}, layout_config("masonry", false));
    CHECK(none.layout.ticker.h == 0);
    CHECK(none.info.next_change_s > 1);
}

TEST_CASE("burn-in: the whole picture drifts a few pixels and only at its steps", "[render][burn-in]") {
    // The drift itself: still during the first period, bounded, whole pixels, moving at each step only.
    CHECK(wall::burn_in_drift(0, 6, 300).x == 0);
    CHECK(wall::burn_in_drift(299, 6, 300).y == 0);
    const wall::Drift d1 = wall::burn_in_drift(301, 6, 300);
    CHECK((d1.x != 0 || d1.y != 0));
    CHECK(wall::burn_in_drift(599, 6, 300).x == d1.x);
    for (int step = 0; step < 500; ++step) {
        const wall::Drift d = wall::burn_in_drift(step * 300.0 + 1, 6, 300);
        CHECK(std::abs(d.x) <= 6);
        CHECK(std::abs(d.y) <= 6);
        CHECK(d.x == std::round(d.x));
    }
    CHECK(wall::burn_in_drift(1000, 0, 300).x == 0);

    WallConfig wall = layout_config("masonry", false);
    wall.page_seconds = 3600;
    wall.burn_in_minutes = 1;
    SnapshotPtr snapshot = demo_snapshot();
    Frame a = render(snapshot, 1920, 1080, {0.0}, wall);
    // The wall asks to be drawn again at the next drift step.
    CHECK(a.info.next_change_s <= 60.0);
    Frame b = render(snapshot, 1920, 1080, {0.0, 61.0}, wall);
    const wall::Drift d = wall::burn_in_drift(61.0, 6.0f, 60.0);
    REQUIRE((d.x != 0 || d.y != 0));
    // b is a shifted by (dx, dy): compare the inner part of the picture.
    int same = 0, total = 0;
    for (int y = 200; y < 1000; y += 2)
        for (int x = 100; x < 1800; x += 2) {
            ++total;
            same += Frame::near(b.at(x + int(d.x), y + int(d.y)), a.at(x, y), 8);
        }
    CHECK(same > total * 99 / 100);
    int unshifted_same = 0;
    for (int y = 200; y < 1000; y += 2)
        for (int x = 100; x < 1800; x += 2) unshifted_same += Frame::near(b.at(x, y), a.at(x, y), 8);
    CHECK(unshifted_same < same);
}

TEST_CASE("nothing to show: every layout keeps its message and the prompt", "[render][empty]") {
    SnapshotPtr demo = demo_snapshot();
    WallSnapshot empty;
    empty.prompts = demo->prompts;
    SnapshotPtr snapshot = std::make_shared<const WallSnapshot>(empty);
    for (const char* layout : {"grid", "masonry", "spotlight"}) {
        for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1080, 1920}}) {
            INFO(layout << " " << w << "x" << h);
            Frame f = render(snapshot, w, h, {0.0}, layout_config(layout, true));
            CHECK(f.geometry.cards.empty());
            // An empty ticker band does not move, so it asks for no frames.
            CHECK(f.info.next_change_s > 1);
            REQUIRE(f.geometry.has_prompt);
            CHECK(f.count(f.geometry.prompt, [](Rgb p) { return p.r < 10 && p.g < 10 && p.b < 10; }) > 3000);
            // The message is written outside the prompt card, in the content area.
            int message = 0;
            for (int y = int(f.layout.content.y); y < int(f.layout.content.bottom()); ++y)
                for (int x = int(f.layout.content.x); x < int(f.layout.content.right()); ++x) {
                    const auto& p = f.geometry.prompt;
                    if (x >= p.x && x < p.right() && y >= p.y && y < p.bottom()) continue;
                    message += is_text(f.at(x, y));
                }
            CHECK(message > 3000);
            if (std::getenv("LOBBYWALL_SAVE_FRAMES"))
                platform::write_png(std::string("/tmp/empty-") + layout + "-" + std::to_string(w) + ".png", w, h, f.rgba);
        }
    }
}
