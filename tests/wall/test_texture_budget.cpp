// The texture memory budget from the config ([wall] texture_budget_mb): the
// real renderer pages through more pictures than the budget holds, and the
// textures it keeps stay within it, while a large budget keeps them all.
#include "render_frame.h"
#include "temp_dir.h"

using namespace lw;
using namespace lw::test_wall;
using namespace std::chrono;

namespace {

// 30 posts, each with its own 600x450 picture (about 1 MB as a texture).
SnapshotPtr pictures_snapshot(const test::TempDir& dir) {
    WallSnapshot s;
    s.version = 1;
    for (int i = 0; i < 30; ++i) {
        const int w = 600, h = 450;
        std::vector<std::uint8_t> rgba(static_cast<size_t>(w) * h * 4);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                std::uint8_t* p = &rgba[(static_cast<size_t>(y) * w + x) * 4];
                p[0] = static_cast<std::uint8_t>(i * 8);
                p[1] = static_cast<std::uint8_t>(y * 255 / h);
                p[2] = static_cast<std::uint8_t>(x * 255 / w);
                p[3] = 255;
            }
        const std::string path = dir.file("picture" + std::to_string(i) + ".png");
        REQUIRE(platform::write_png(path, w, h, rgba));
        Post p;
        p.id = "p" + std::to_string(i);
        p.author = "Poster " + std::to_string(i);
        p.text = "A picture from the garden, number " + std::to_string(i);
        Media m;
        m.local_path = path;
        m.width = w;
        m.height = h;
        p.media.push_back(m);
        p.created = kNow - minutes(i + 1);
        s.posts.push_back(std::move(p));
    }
    return std::make_shared<const WallSnapshot>(std::move(s));
}

// The real renderer on an off-screen 1920x1080 surface, pages every 10 s.
struct Wall {
    explicit Wall(int budget_mb) : renderer(config(budget_mb), {}) {
        std::string error;
        REQUIRE(platform::open_font_files(files, {}, {}, error));
        renderer.set_fonts({{files.regular.data(), files.regular.size()}, {files.bold.data(), files.bold.size()}, {}, {}});
        surface = platform::open_offscreen(1920, 1080, error);
        INFO(error);
        REQUIRE(surface);
        REQUIRE(renderer.init(surface->glsl_version(), error));
    }
    static WallConfig config(int budget_mb) {
        WallConfig wall;
        wall.page_seconds = 10;
        wall.transition_ms = 500;
        wall.texture_budget_mb = budget_mb;
        return wall;
    }
    // Draws at `t` until the pictures on screen have arrived (bounded: ~5 s).
    void draw(const SnapshotPtr& snapshot, double t) {
        std::tm local{};
        for (int i = 0; i < 500; ++i) {
            surface->new_imgui_frame();
            renderer.render(snapshot, kNow, local, t);
            if (!renderer.images_loading()) break;
            std::this_thread::sleep_for(milliseconds(10));
        }
    }
    platform::FontFiles files;
    wall::Renderer renderer;
    std::unique_ptr<platform::GlSurface> surface;
};

// Pages through the whole rotation twice; returns the most texture memory
// held once each page's pictures had arrived.
long long most_resident(const SnapshotPtr& snapshot, int budget_mb) {
    Wall wall(budget_mb);
    long long most = 0;
    for (int page = 0; page < 12; ++page) {
        const double t = page * 10.0;
        for (double dt : {0.0, 0.6, 0.7}) wall.draw(snapshot, t + dt);  // the page change, after its fade, one more frame
        most = std::max(most, wall.renderer.texture_resident_bytes());
        CHECK(wall.renderer.texture_resident_bytes() > 0);  // the page on screen keeps its pictures
    }
    return most;
}

}  // namespace

TEST_CASE("picture textures stay within texture_budget_mb", "[render][budget]") {
    test::TempDir dir;
    const SnapshotPtr snapshot = pictures_snapshot(dir);
    // A budget that holds every picture: they all stay (more than 16 MB of them).
    const long long roomy = most_resident(snapshot, 256);
    CHECK(roomy > 20ll << 20);
    // 16 MB holds two pages but not the rotation: the oldest are released.
    const long long tight = most_resident(snapshot, 16);
    CHECK(tight <= 16ll << 20);
    CHECK(tight > 4ll << 20);
}

TEST_CASE("pictures no longer drawn are released after a minute, whatever the budget", "[render][budget]") {
    test::TempDir dir;
    const SnapshotPtr pictures = pictures_snapshot(dir);
    Wall wall(256);
    wall.draw(pictures, 0.0);
    const long long page = wall.renderer.texture_resident_bytes();
    REQUIRE(page > 2ll << 20);  // the first page's pictures

    // The screen's off hours: no frame for 8 hours, then the same page. The
    // gap is not idle time: no picture is released (the rotation has moved
    // on meanwhile, so this page's pictures join them).
    wall.draw(pictures, 8 * 3600.0);
    const long long morning = wall.renderer.texture_resident_bytes();
    CHECK(morning > page);

    // The posts leave the wall (rejected, kill switch, too old): a wall with
    // one text post, drawn every second.
    WallSnapshot text_only;
    text_only.version = 2;
    Post p;
    p.id = "text";
    p.author = "Ward 4";
    p.text = "Thank you to the night team";
    p.created = kNow - minutes(1);
    text_only.posts.push_back(p);
    const auto text = std::make_shared<const WallSnapshot>(std::move(text_only));
    const double start = 8 * 3600.0;
    for (int s = 1; s <= 30; ++s) wall.draw(text, start + s);
    CHECK(wall.renderer.texture_resident_bytes() == morning);  // half a minute: kept (they may come back)
    for (int s = 31; s <= 75; ++s) wall.draw(text, start + s);
    CHECK(wall.renderer.texture_resident_bytes() == 0);  // over a minute: released

    // They come back: decoded and drawn again.
    wall.draw(pictures, start + 80);
    CHECK(wall.renderer.texture_resident_bytes() > 2ll << 20);
}
