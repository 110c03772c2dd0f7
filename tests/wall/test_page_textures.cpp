// Tests for the page textures (wall/page_textures, WallView's compose path)
// and for redrawing only what changed: a page drawn through its texture
// looks as the page drawn directly, a cross-fade frame is a blend of the two
// page textures (pixel by pixel, never darker than both), and a wall whose
// content did not visibly change does not fade. Real GL (EGL surfaceless or
// a hidden window under Xvfb), real fonts, the demo content.
#include "render_frame.h"

#include <imgui.h>
#include <backends/imgui_impl_opengl3_loader.h>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace lw;
using namespace lw::test_wall;

namespace {

// Pixels inside `r` where `a` and `b` differ by more than `tol` in a channel.
int differing(const Frame& a, const Frame& b, const wall::Rect& r, int tol) {
    int n = 0;
    for (int y = std::max(0, int(r.y)); y < std::min(a.height, int(r.bottom())); ++y)
        for (int x = std::max(0, int(r.x)); x < std::min(a.width, int(r.right())); ++x)
            n += Frame::near(a.at(x, y), b.at(x, y), tol) ? 0 : 1;
    return n;
}

int area_of(const wall::Rect& r) { return static_cast<int>(r.w) * static_cast<int>(r.h); }

}  // namespace

TEST_CASE("a page drawn through its texture looks as the page drawn directly", "[render][page_textures]") {
    const SnapshotPtr snapshot = demo_snapshot();
    struct Case {
        int width, height;
    };
    for (const Case& c : {Case{1920, 1080}, Case{1080, 1920}}) {
        INFO(c.width << "x" << c.height);
        // One renderer (one ImGui context) at a time.
        auto draw = [&](bool page_textures) {
            WallSession session(snapshot, c.width, c.height);
            session.renderer().set_page_textures(page_textures);
            session.settle(snapshot, 0.0);
            CHECK((session.renderer().page_texture_bytes() > 0) == page_textures);
            return session.read();
        };
        const Frame a = draw(true);
        const Frame b = draw(false);
        const wall::Rect all{0, 0, float(c.width), float(c.height)};
        // The same pixels, give or take rounding at a few edges.
        CHECK(differing(a, b, all, 3) < area_of(all) / 2000);
        CHECK(a.count(a.layout.content, is_text) > 5000);  // and there is a page to compare
    }
}

TEST_CASE("a cross-fade frame is the blend of the two page textures, never darker", "[render][page_textures]") {
    WallConfig wall;
    wall.page_seconds = 5;
    wall.transition_ms = 900;
    const SnapshotPtr snapshot = demo_snapshot();
    WallSession session(snapshot, 1280, 720, wall);
    session.settle(snapshot, 0.0);
    const Frame before = session.read();
    const long long one_page = session.renderer().page_texture_bytes();
    CHECK(one_page > 0);
    // The page turns at 5 s; its pictures are decoded before the fade goes on.
    session.settle(snapshot, 5.0);
    // Half-way: smoothstep(0.5) = 0.5, drawn with alpha 128/255.
    session.draw(snapshot, 5.45);
    const Frame mid = session.read();
    CHECK(session.renderer().page_texture_bytes() == 2 * one_page);  // both pages held during the fade
    session.draw(snapshot, 6.0);
    const Frame after = session.read();
    session.draw(snapshot, 6.5);
    CHECK(session.renderer().page_texture_bytes() == one_page);  // the old page let go
    CHECK(after.page == 1);

    const wall::Rect content = mid.layout.content;
    REQUIRE(differing(before, after, content, 8) > area_of(content) / 20);  // two different pages
    const double a = 128.0 / 255.0;
    int off_blend = 0, darker = 0;
    for (int y = int(content.y); y < int(content.bottom()); ++y)
        for (int x = int(content.x); x < int(content.right()); ++x) {
            const Rgb o = before.at(x, y), n = after.at(x, y), m = mid.at(x, y);
            auto blend = [&](int from, int to) { return from * (1 - a) + to * a; };
            if (std::abs(m.r - blend(o.r, n.r)) > 2 || std::abs(m.g - blend(o.g, n.g)) > 2 ||
                std::abs(m.b - blend(o.b, n.b)) > 2)
                ++off_blend;
            if (m.r + m.g + m.b < std::min(o.r + o.g + o.b, n.r + n.g + n.b) - 6) ++darker;
        }
    CHECK(off_blend == 0);
    CHECK(darker == 0);
    // The header is not part of the fade.
    CHECK(differing(before, mid, mid.layout.header, 2) == 0);
}

TEST_CASE("the wall fades only when what it shows would look different", "[render][page_textures]") {
    const SnapshotPtr base = demo_snapshot();
    WallSession session(base, 1280, 720);
    session.settle(base, 0.0);
    Frame last = session.read();
    struct Case {
        const char* what;
        std::function<WallSnapshot(const WallSnapshot&)> change;
        int minutes_later;  // the clock moves on
        bool fades;
        bool looks_different;
    };
    const Case cases[] = {
        {"the same content published again", [](const WallSnapshot& s) { return s; }, 0, false, false},
        {"a post that is not on this page edited",
         [](const WallSnapshot& s) {
             WallSnapshot c = s;
             c.posts.back().text += " (edited)";
             return c;
         },
         0, false, false},
        {"a minute later: relative times and the clock change, no fade", [](const WallSnapshot& s) { return s; }, 1,
         false, true},
        {"the words of the first post changed",
         [](const WallSnapshot& s) {
             WallSnapshot c = s;
             for (Post& p : c.posts) p.text = "Changed: " + p.text;
             return c;
         },
         1, true, true},
    };
    double t = 1.0;
    SnapshotPtr shown = base;
    for (const Case& c : cases) {
        INFO(c.what);
        const int fades_before = session.renderer().view().transitions();
        shown = std::make_shared<const WallSnapshot>(c.change(*base));
        const TimePoint now = kNow + std::chrono::minutes(c.minutes_later);
        session.settle(shown, t, now);
        session.draw(shown, t + 2.0, now);  // after any fade
        const Frame f = session.read();
        CHECK(session.renderer().view().transitions() - fades_before == (c.fades ? 1 : 0));
        CHECK((differing(last, f, {0, 0, 1280, 720}, 8) > 0) == c.looks_different);
        last = f;
        t += 3.0;
    }
}

TEST_CASE("with partial present, a frame in which only the ticker moved draws and shows the band alone",
          "[render][ticker][page_textures]") {
    const SnapshotPtr snapshot = demo_snapshot();
    WallConfig wall;
    wall.ticker = true;
    wall.page_seconds = 3600;
    // The band at 1.0 s as a whole frame draws it.
    Frame whole;
    {
        WallSession session(snapshot, 1920, 1080, wall);
        session.settle(snapshot, 0.0);
        session.draw(snapshot, 1.0);
        whole = session.read();
    }
    WallSession session(snapshot, 1920, 1080, wall);
    session.renderer().set_partial_present(true);
    session.settle(snapshot, 0.0);
    struct Step {
        const char* what;
        double t;
        int minutes_later;
        bool partial;
    };
    const Step steps[] = {
        {"the band moved", 0.5, 0, true},
        {"the band moved again", 1.0, 0, true},
        {"the clock's minute changed: the whole frame", 1.5, 1, false},
        {"the band moved after it", 2.0, 1, true},
    };
    for (const Step& step : steps) {
        INFO(step.what);
        const wall::FrameInfo info = session.draw(snapshot, step.t, kNow + std::chrono::minutes(step.minutes_later));
        REQUIRE(info.partial.has_value() == step.partial);
        if (!info.partial) continue;
        const wall::Rect band = session.renderer().layout().ticker;
        CHECK(info.partial->y == std::floor(band.y));
        CHECK(info.partial->h == std::ceil(band.bottom()) - std::floor(band.y));
        CHECK(info.partial->w == 1920);
        if (step.t == 1.0) {
            // The band drawn alone is the band of the whole frame at the same moment.
            const Frame f = session.read();
            CHECK(differing(f, whole, *info.partial, 2) == 0);
        }
    }
    // Told the screen no longer holds its frame (a screenshot, the screen's off hours), it draws it all.
    session.renderer().set_partial_present(false);
    session.renderer().set_partial_present(true);
    CHECK_FALSE(session.draw(snapshot, 2.5, kNow + std::chrono::minutes(1)).partial.has_value());
}

TEST_CASE("a picture that arrives after its page was drawn goes into the page's texture", "[render][page_textures]") {
    // The kill switch on, house content only: an announcement whose picture
    // decodes after the first frame.
    WallSnapshot s;
    s.kill_switch = true;
    s.announcements.push_back(Announcement{.id = "flu", .title = "Flu jabs today", .body = "Ground floor",
                                           .image_local_path = LOBBYWALL_SOURCE_DIR "/assets/demo/images/balloons.jpg",
                                           .starts = kNow - std::chrono::hours(1), .ends = kNow - std::chrono::hours(1)});
    const SnapshotPtr snapshot = std::make_shared<const WallSnapshot>(s);
    const Frame f = render(snapshot, 1280, 720);
    REQUIRE(f.geometry.cards.size() == 1);
    const wall::Rect card = f.geometry.cards[0].rect;
    // The balloons: saturated colours that no theme colour has.
    CHECK(f.count(card, [](Rgb c) { return std::max({c.r, c.g, c.b}) - std::min({c.r, c.g, c.b}) > 120; }) > 1000);
}

TEST_CASE("PageTextures: a page is drawn again after invalidate(), whatever its key, and only pages kept stay",
          "[render][page_textures]") {
    const SnapshotPtr snapshot = demo_snapshot();
    WallSession session(snapshot, 320, 240);  // a GL context and the renderer's ImGui context
    session.draw(snapshot, 0.0);
    wall::PageTextures pages([](const char* name) { return reinterpret_cast<void*>(imgl3wGetProcAddress(name)); },
                             0x102030FF);
    REQUIRE(pages.ok());
    pages.set_area({10.5f, 20.5f, 100, 50});
    CHECK(pages.area().x == 10);
    CHECK(pages.area().w == 101);
    auto draw = [&](std::uint64_t serial, const std::string& key, const std::vector<std::uint64_t>& keep) {
        ImDrawList list(ImGui::GetDrawListSharedData());
        list._ResetForNewFrame();
        list.PushTextureID(ImGui::GetIO().Fonts->TexID);
        list.PushClipRect(ImVec2(0, 0), ImVec2(320, 240));
        list.AddRectFilled(ImVec2(20, 30), ImVec2(60, 50), IM_COL32(255, 0, 0, 255));
        return pages.render(serial, key, list, keep);
    };
    struct Case {
        const char* key;
    };
    for (const Case& c : {Case{""}, Case{"5 min ago|"}}) {
        INFO("key '" << c.key << "'");
        const unsigned id = draw(1, c.key, {1});
        REQUIRE(id != 0);
        CHECK(pages.find(1, c.key) == id);
        CHECK(pages.find(1, "another key") == 0);
        CHECK(pages.find(2, c.key) == 0);
        const std::uint64_t generation = pages.generation();
        pages.invalidate();  // a picture arrived: every page draws again
        CHECK(pages.find(1, c.key) == 0);
        CHECK(draw(1, c.key, {1}) != 0);
        CHECK(pages.generation() == generation + 1);
        CHECK(pages.find(1, c.key) != 0);
    }
    CHECK(draw(2, "", {1, 2}) != 0);
    CHECK(pages.bytes() == 2 * 101 * 51 * 4);
    pages.keep_only({2});
    CHECK(pages.bytes() == 101 * 51 * 4);
    CHECK(pages.find(1, "5 min ago|") == 0);
}
