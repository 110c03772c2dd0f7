// Render tests: the real renderer draws into a real OpenGL context (a hidden
// GLFW window under Xvfb, or EGL surfaceless when there is no display), and
// the frame is checked by its pixels.
#include "render_frame.h"

#include "core/contrast.h"
#include "temp_dir.h"

#include <fstream>

using namespace lw;
using namespace lw::test_wall;
using namespace std::chrono;

TEST_CASE("the demo wall at 1920x1080 shows cards, text, images and a prompt", "[render]") {
    Frame f = render(demo_snapshot(), 1920, 1080);
    const auto& g = f.layout;
    REQUIRE(g.slots.size() == 6);

    // Not blank: the background is there, and plenty of other colours too.
    const wall::Rect all{0, 0, 1920, 1080};
    CHECK(f.count(all, [](Rgb c) { return Frame::near(c, rgb_of(kTheme.background), 4); }) > 100000);
    CHECK(f.count(all, is_text) > 20000);

    // Card regions: three cards across the first row; two cards and the prompt in the second.
    const int row1 = int(g.slots[0].y + 8);
    const int row2 = int(g.slots[3].y + 8);
    CHECK(f.runs(row1, rgb_of(kTheme.card), 300) == 3);
    CHECK(f.runs(row2, rgb_of(kTheme.card), 300) == 2);
    CHECK(f.runs(row2, rgb_of(kTheme.prompt_card), 300) == 1);

    // Text inside every card.
    for (size_t i = 0; i + 1 < g.slots.size(); ++i) {
        INFO("slot " << i);
        CHECK(f.count(g.slots[i], is_text) > 1500);
    }
    // The pinned news post (slot 1, after the announcement) shows its picture
    // of the new wing: sky-blue pixels in the card; the text-only cards have
    // at most a few (anti-aliased text edges), not a picture's worth.
    CHECK(f.count(g.slots[1], is_sky) > 20000);
    CHECK(f.count(g.slots[0], is_sky) < 3000);
    CHECK(f.count(g.slots[2], is_sky) < 3000);
    // The prompt card's QR code: pure black modules on white.
    CHECK(f.count(g.slots[5], [](Rgb c) { return c.r < 10 && c.g < 10 && c.b < 10; }) > 5000);
    CHECK(f.count(g.slots[5], [](Rgb c) { return c.r > 245 && c.g > 245 && c.b > 245; }) > 5000);
}

TEST_CASE("fonts prepared on a worker before the GL context draw the same frame", "[render]") {
    // Latin, CJK and emoji, so every part of the atlas (fallback font, colour glyphs, boxes) is covered.
    auto snapshot = std::make_shared<WallSnapshot>(*demo_snapshot());
    snapshot->posts.front().text += " \xE3\x81\x82\xE3\x82\x8A\xE3\x81\x8C\xE3\x81\xA8\xE3\x81\x86 \xE2\x9D\xA4\xEF\xB8\x8F \xEF\xBF\xBD";
    const SnapshotPtr shown = snapshot;
    Frame direct = render(shown, 1280, 720);
    Frame prepared = render(shown, 1280, 720, {0.0}, {}, {}, true, true, std::pair{1280, 720});
    REQUIRE(direct.rgba.size() == prepared.rgba.size());
    CHECK(direct.rgba == prepared.rgba);
    // Prepared for the wrong size (a full-screen guess that missed): the first frame rebuilds, same picture.
    Frame wrong_guess = render(shown, 1280, 720, {0.0}, {}, {}, true, true, std::pair{3840, 2160});
    CHECK(direct.rgba == wrong_guess.rgba);
}

TEST_CASE("the demo wall in portrait 1080x1920", "[render]") {
    Frame f = render(demo_snapshot(), 1080, 1920);
    const auto& g = f.layout;
    REQUIRE(g.slots.size() == 8);
    for (int row = 0; row < 3; ++row) {
        INFO("row " << row);
        CHECK(f.runs(int(g.slots[size_t(row) * 2].y + 8), rgb_of(kTheme.card), 250) == 2);
    }
    const int last = int(g.slots[6].y + 8);
    CHECK(f.runs(last, rgb_of(kTheme.card), 250) == 1);
    CHECK(f.runs(last, rgb_of(kTheme.prompt_card), 250) == 1);
    for (size_t i = 0; i + 1 < g.slots.size(); ++i) CHECK(f.count(g.slots[i], is_text) > 1000);
    CHECK(f.count(g.slots[1], is_sky) > 15000);
}

TEST_CASE("a post whose image is corrupt or missing still shows its text", "[render]") {
    WallSnapshot s;
    for (const char* path : {LOBBYWALL_TEST_DATA "/wall/corrupt.jpg", LOBBYWALL_TEST_DATA "/wall/no-such-file.jpg"}) {
        Post p;
        p.id = path;
        p.author = "Test Author";
        p.handle = "@test@example.org";
        p.text = "This post's picture could not be decoded, but its words still reach the lobby.";
        p.created = kNow - minutes(3);
        Media m;
        m.local_path = path;
        m.alt = "A photo of the hospital garden in spring.";
        p.media.push_back(m);
        s.posts.push_back(p);
    }
    Frame f = render(std::make_shared<const WallSnapshot>(s), 1920, 1080);
    for (size_t i = 0; i < 2; ++i) {
        INFO("slot " << i);
        const wall::Rect& r = f.layout.slots[i];
        CHECK(f.count(r, is_text) > 300);
        // The alt text is written (in the muted colour) in place of the picture.
        CHECK(f.count(r, [](Rgb c) { return Frame::near(c, rgb_of(kTheme.muted_text), 30); }) > 800);
    }
}

TEST_CASE("paging cross-fades without a dark frame", "[render]") {
    WallConfig wall;
    wall.page_seconds = 10;
    wall.transition_ms = 1000;
    SnapshotPtr snapshot = demo_snapshot();
    const Rgb bg = rgb_of(kTheme.background);
    // Start, mid-fade and after the fade.
    for (double t : {10.3, 10.5, 10.8, 11.5}) {
        INFO("t=" << t);
        Frame f = render(snapshot, 1280, 720, {0.0, 10.0, t}, wall);
        CHECK(f.page == 1);
        const wall::Rect all{0, 0, 1280, 720};
        // Nothing darker than the background, outside the QR codes.
        wall::Rect cards = f.layout.content;
        cards.w = f.layout.slots[1].right() - cards.x;  // the first two columns have no QR code
        const int luma_bg = bg.r + bg.g + bg.b;
        CHECK(f.count(cards, [&](Rgb c) { return c.r + c.g + c.b < luma_bg - 12; }) == 0);
        // The cards stay cards all through the fade: no dip towards the background.
        for (size_t i = 0; i < 5; ++i) {
            wall::Rect top = f.layout.slots[i];
            top.h = 6;  // the card's top padding, where no text is drawn
            top.x += 20;
            top.w -= 40;
            CHECK(f.count(top, [](Rgb c) { return Frame::near(c, rgb_of(kTheme.card), 6); }) > top.w * 5);
        }
        (void)all;
    }
}

TEST_CASE("theme: the light palette, the logo in the header, readable text", "[render][theme]") {
    ThemeConfig light = light_theme();
    light.logo = LOBBYWALL_SOURCE_DIR "/assets/demo/logo.png";
    SnapshotPtr snapshot = demo_snapshot();
    Frame with = render(snapshot, 1280, 720, {0.0}, {}, light);
    ThemeConfig plain = light_theme();
    Frame without = render(snapshot, 1280, 720, {0.0}, {}, plain);
    const wall::GridLayout& g = with.layout;
    // The palette: light background between the cards, white cards, white header.
    const int gap_x = int(g.slots[0].right() + g.gap / 2);
    CHECK(Frame::near(with.at(gap_x, int(g.slots[0].y + g.slots[0].h / 2)), rgb_of(light.background), 4));
    CHECK(Frame::near(with.at(int(g.slots[1].x + g.slots[1].w / 2), int(g.slots[1].y + 4)), rgb_of(light.card), 4));
    CHECK(Frame::near(with.at(int(g.header.x + g.header.w / 2), int(g.header.y + 3)), rgb_of(light.header), 4));
    // Dark text on the light cards.
    auto dark_text = [&](Rgb c) { return Frame::near(c, rgb_of(light.text), 40); };
    CHECK(with.count(g.slots[1], dark_text) > 500);
    // The logo: its teal disc left of the name, only when configured.
    wall::Rect logo_area = g.header;
    logo_area.w = g.header.h * 1.5f;
    logo_area.h -= 8;  // above the accent line
    auto teal = [](Rgb c) { return Frame::near(c, {0x4F, 0xD1, 0xC5}, 12); };
    const int disc = with.count(logo_area, teal);
    INFO("teal pixels " << disc);
    CHECK(disc > int(g.header.h * g.header.h * 0.1f));
    CHECK(without.count(logo_area, teal) == 0);
    // Its transparent corners show the header, not a dark square: inside the
    // disc's bounding box only the cross (about a quarter of it) is dark.
    int x0 = with.width, y0 = with.height, x1 = 0, y1 = 0;
    for (int y = int(logo_area.y); y < int(logo_area.bottom()); ++y)
        for (int x = int(logo_area.x); x < int(logo_area.right()); ++x)
            if (teal(with.at(x, y))) {
                x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
            }
    REQUIRE(x1 > x0);
    const wall::Rect box{float(x0), float(y0), float(x1 - x0 + 1), float(y1 - y0 + 1)};
    CHECK(box.w == Approx(box.h).margin(2));  // a disc, not cut off
    const int dark = with.count(box, [](Rgb c) { return c.r + c.g + c.b < 200; });
    CHECK(dark > int(box.w * box.h * 0.1f));   // the cross is there
    CHECK(dark < int(box.w * box.h * 0.25f));  // the corners are not
    CHECK(Frame::near(with.at(x0 + 1, y0 + 1), rgb_of(light.header), 8));  // a corner shows the header
}

TEST_CASE("paging slides, eased, without a dark frame", "[render]") {
    WallConfig wall;
    wall.page_seconds = 10;
    wall.transition_ms = 1000;
    wall.transition = "slide";
    SnapshotPtr snapshot = demo_snapshot();
    const Rgb bg = rgb_of(kTheme.background);
    const Rgb card = rgb_of(kTheme.card);
    auto is_card = [&](Rgb c) { return Frame::near(c, card, 6); };
    auto is_bg = [&](Rgb c) { return Frame::near(c, bg, 6); };
    for (double t : {10.0, 10.1, 10.3, 10.5, 10.8, 11.5}) {
        INFO("t=" << t);
        Frame f = render(snapshot, 1280, 720, {0.0, 10.0, t}, wall);
        CHECK(f.page == 1);
        CHECK(f.info.animating == (t < 11.0));
        const wall::GridLayout& g = f.layout;
        // Nothing in the content area darker than the background, outside the
        // two prompts' QR codes (black by design), which move with their pages.
        const float span = g.content.w + g.gap;
        const float x = std::clamp(float(t - 10.0), 0.0f, 1.0f);
        const float e = x * x * (3 - 2 * x);
        wall::Rect old_prompt = g.slots[5], new_prompt = g.slots[5];
        old_prompt.x -= std::round(e * span);
        new_prompt.x += std::round((1 - e) * span);
        auto in = [](const wall::Rect& r, int px, int py) {
            return px >= r.x - 1 && px <= r.right() + 1 && py >= r.y - 1 && py <= r.bottom() + 1;
        };
        const int luma_bg = bg.r + bg.g + bg.b;
        int dark = 0, dark_in_prompts = 0;
        for (int py = int(g.content.y); py < int(g.content.bottom()); ++py)
            for (int px = int(g.content.x); px < int(g.content.right()); ++px) {
                const Rgb c = f.at(px, py);
                if (c.r + c.g + c.b >= luma_bg - 12) continue;
                if (in(old_prompt, px, py) || in(new_prompt, px, py)) ++dark_in_prompts;
                else ++dark;
            }
        CHECK(dark == 0);
        CHECK(dark_in_prompts > 1000);  // the QR codes are where the prompts were put
        // The header does not move.
        wall::Rect header_strip = g.header;
        header_strip.h = 4;
        CHECK(f.count(header_strip, [&](Rgb c) { return Frame::near(c, rgb_of(kTheme.header), 6); }) >
              header_strip.w * 3);
        // The top padding row of the first card row, where no text is drawn.
        const int y = int(g.slots[0].y + 3);
        const wall::Rect& s0 = g.slots[0];
        const int centre0 = int(s0.x + s0.w / 2);
        const int gap01 = int(s0.right() + g.gap / 2);
        if (t == 10.0 || t >= 11.0) {
            // At rest: cards in their slots, background between them.
            CHECK(is_card(f.at(centre0, y)));
            CHECK(is_bg(f.at(gap01, y)));
        } else if (t == 10.1) {
            // Eased: after 10% of the time the page has moved about 3% of the
            // way (smoothstep), not 10%: the first card's right edge is just left
            // of where it was.
            CHECK(is_bg(f.at(int(s0.right() - 0.015f * span), y)));
            CHECK(is_card(f.at(int(s0.right() - 0.06f * span), y)));
        } else if (t == 10.5) {
            // Half way: everything has moved half a page width (1.5 columns), so
            // the gaps between cards are where the slots' centres were.
            CHECK(is_bg(f.at(centre0, y)));
            CHECK(is_card(f.at(gap01, y)));
        }
    }
}

namespace {

SnapshotPtr one_post(const std::string& text) {
    WallSnapshot s;
    Post p;
    p.id = "script-test";
    p.author = "Script Test";
    p.handle = "@script@example.org";
    p.text = text;
    p.created = kNow - minutes(1);
    s.posts.push_back(p);
    return std::make_shared<const WallSnapshot>(s);
}

// Pixels that differ between two frames inside a rectangle.
int differing(const Frame& a, const Frame& b, const wall::Rect& r) {
    int n = 0;
    for (int y = int(r.y); y < int(r.bottom()); ++y)
        for (int x = int(r.x); x < int(r.right()); ++x) n += !Frame::near(a.at(x, y), b.at(x, y), 8);
    return n;
}

}  // namespace

TEST_CASE("world scripts: Greek, Cyrillic, CJK and Thai draw glyphs, unknown characters draw boxes", "[render][text]") {
    const std::string boxes = "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD";  // six U+FFFD
    struct Case { const char* name; std::string text; bool has_glyphs; };
    const Case cases[] = {
        {"Japanese", "\xE3\x81\x82\xE3\x82\x8A\xE3\x81\x8C\xE3\x81\xA8\xE3\x81\x86\xE3\x80\x82", true},   // ありがとう。
        {"Chinese", "\xE8\xB0\xA2\xE8\xB0\xA2\xE4\xBD\xA0\xE4\xBB\xAC\xE7\x9A\x84", true},                    // 谢谢你们的
        {"Korean", "\xEA\xB0\x90\xEC\x82\xAC\xED\x95\xA9\xEB\x8B\x88\xEB\x8B\xA4", true},                     // 감사합니다
        {"Greek", "\xCE\x95\xCF\x85\xCF\x87\xCE\xB1\xCF\x81\xCE\xB9", true},                                   // Ευχαρι
        {"Cyrillic", "\xD0\xA1\xD0\xBF\xD0\xB0\xD1\x81\xD0\xB8\xD0\xB1", true},                                // Спасиб
        {"Thai", "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5", true},           // สวัสดี
        // Egyptian hieroglyphs: in no font of ours.
        {"Egyptian hieroglyphs (no font)", "\xF0\x93\x80\x80\xF0\x93\x80\x81\xF0\x93\x80\x82\xF0\x93\x80\x83\xF0\x93\x80\x84\xF0\x93\x80\x85", false},
    };
    Frame box_frame = render(one_post(boxes.substr(0, 9)), 1280, 720);  // three boxes
    for (const Case& c : cases) {
        INFO(c.name);
        Frame f = render(one_post(c.text), 1280, 720);
        wall::Rect text_area = f.layout.slots[0];
        text_area.y += 110 * f.layout.scale;  // below the byline
        text_area.h = 60 * f.layout.scale;
        CHECK(f.count(text_area, is_text) > 50);  // something is drawn
        if (c.has_glyphs) {
            CHECK(differing(f, box_frame, text_area) > 200);  // and it is not a row of boxes
        } else {
            // Six characters no font has look exactly like six boxes.
            Frame six_boxes = render(one_post(boxes), 1280, 720);
            CHECK(differing(f, six_boxes, text_area) == 0);
            CHECK(differing(f, box_frame, text_area) > 100);
        }
    }
    // Without the CJK fallback font, Japanese falls back to boxes: the font really is what draws it.
    Frame with_font = render(one_post(cases[0].text), 1280, 720);
    Frame without_font = render(one_post(cases[0].text), 1280, 720, {0.0}, {}, {}, false);
    wall::Rect text_area = with_font.layout.slots[0];
    text_area.y += 110 * with_font.layout.scale;
    text_area.h = 60 * with_font.layout.scale;
    CHECK(differing(with_font, without_font, text_area) > 200);
}

TEST_CASE("colour emoji: coloured pixels where the emoji are, boxes without the emoji font", "[render][emoji]") {
    // Red hearts, a family (one ZWJ sequence) and a flag.
    const std::string text = "Thank you \xE2\x9D\xA4\xEF\xB8\x8F\xE2\x9D\xA4\xEF\xB8\x8F\xE2\x9D\xA4\xEF\xB8\x8F "
                             "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 "
                             "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5";
    auto red = [](Rgb c) { return c.r > 180 && c.g < 90 && c.b < 90; };
    auto colourful = [](Rgb c) { return std::max({c.r, c.g, c.b}) - std::min({c.r, c.g, c.b}) > 90; };
    Frame with_font = render(one_post(text), 1280, 720);
    wall::Rect text_area = with_font.layout.slots[0];
    text_area.y += 100 * with_font.layout.scale;
    text_area.h = 70 * with_font.layout.scale;
    CHECK(with_font.count(text_area, red) > 150);          // three hearts
    CHECK(with_font.count(text_area, colourful) > 400);
    Frame without_font = render(one_post(text), 1280, 720, {0.0}, {}, {}, true, false);
    CHECK(without_font.count(text_area, red) == 0);
    CHECK(without_font.count(text_area, colourful) < 20);
}

TEST_CASE("Mastodon custom emoji draw as small images in the text and the name", "[render][emoji]") {
    lw::test::TempDir dir;
    // Our own emoji: a magenta square with a transparent corner, and a damaged file.
    const int side = 64;
    std::vector<std::uint8_t> rgba(side * side * 4);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            std::uint8_t* p = &rgba[(y * side + x) * 4];
            p[0] = 230, p[1] = 0, p[2] = 200, p[3] = (x < 8 && y < 8) ? 0 : 255;
        }
    const std::string good = (dir.path() / "blobheart.png").string();
    REQUIRE(platform::write_png(good, side, side, rgba));
    const std::string damaged = (dir.path() / "broken.png").string();
    {
        std::string bytes;
        REQUIRE(platform::encode_png(side, side, rgba, bytes));
        std::ofstream(damaged, std::ios::binary).write(bytes.data(), 40);  // cut off after the header
    }
    auto magenta = [](Rgb c) { return c.r > 180 && c.g < 60 && c.b > 150; };

    auto snapshot_with = [&](const std::string& path) {
        WallSnapshot s;
        Post p;
        p.id = "custom-emoji";
        p.author = "Ward 4 :blobheart:";
        p.handle = "@ward4@example.org";
        p.text = "Thank you :blobheart: :blobheart: for everything";
        p.created = kNow - minutes(1);
        p.emojis.push_back({"blobheart", "https://example.org/emoji/blobheart.png", path});
        s.posts.push_back(p);
        return std::make_shared<const WallSnapshot>(s);
    };
    Frame with_image = render(snapshot_with(good), 1280, 720);
    const wall::Rect card = with_image.layout.slots[0];
    // Two in the text and one after the name: three squares of ~30 px at 720p.
    const int shown = with_image.count(card, magenta);
    CHECK(shown > 3 * 300);
    // Not cached yet (no local file): the shortcode stays as text, no magenta.
    Frame not_cached = render(snapshot_with(""), 1280, 720);
    CHECK(not_cached.count(card, magenta) == 0);
    // A damaged file: the same as not cached, the text stays and nothing breaks
    // (the text comes back with a cross-fade, so look 2 s later).
    Frame broken = render(snapshot_with(damaged), 1280, 720, {0.0, 2.0});
    CHECK(broken.count(card, magenta) == 0);
    CHECK(differing(broken, not_cached, card) == 0);
    CHECK(broken.count(card, is_text) > 400);
}

TEST_CASE("a fleet screen's pairing page: the code big and centred, the hub, nothing of the wall", "[render][pairing]") {
    struct Case {
        const char* name;
        int width, height;
        std::string code;
    };
    for (const Case& c : {Case{"landscape 1920x1080", 1920, 1080, "ABCD-EFGH"},
                          Case{"portrait 1080x1920", 1080, 1920, "WXYZ-2345"},
                          Case{"waiting for approval: no code", 1280, 720, ""}}) {
        INFO(c.name);
        WallSnapshot s = *demo_snapshot();
        s.pairing = PairingPage{c.code.empty() ? "Waiting for approval" : "Pair this screen", c.code,
                                "https://hub.example.org", "On the hub's console: Screens, Pair a screen."};
        Frame f = render(std::make_shared<const WallSnapshot>(std::move(s)), c.width, c.height);
        if (const char* dir = std::getenv("LOBBYWALL_PAIRING_PNG_DIR"))
            platform::write_png(std::string(dir) + "/pairing-" + std::to_string(c.width) + "x" +
                                    std::to_string(c.height) + ".png",
                                f.width, f.height, f.rgba);
        // No cards, no header: the wall's posts are not drawn behind it.
        const wall::Rect all{0, 0, float(c.width), float(c.height)};
        CHECK(f.count(all, [](Rgb p) { return Frame::near(p, rgb_of(kTheme.card), 3); }) == 0);
        CHECK(f.count(all, [](Rgb p) { return Frame::near(p, rgb_of(kTheme.header), 3); }) == 0);
        // The code in the accent colour: its box is centred, and its letters
        // are a sixth of the screen high (legible at 10 m on a 43" screen).
        int left = c.width, right = -1, top = c.height, bottom = -1;
        for (int y = 0; y < c.height; ++y)
            for (int x = 0; x < c.width; ++x)
                if (Frame::near(f.at(x, y), rgb_of(kTheme.accent), 30)) {
                    left = std::min(left, x);
                    right = std::max(right, x);
                    top = std::min(top, y);
                    bottom = std::max(bottom, y);
                }
        if (c.code.empty()) {
            CHECK(right < 0);  // no code, no accent
        } else {
            REQUIRE(right > left);
            CHECK(std::abs((left + right) / 2 - c.width / 2) < c.width / 50);
            CHECK(right - left > c.width / 3);
            CHECK(bottom - top > std::min(c.width, c.height) / 8);
            CHECK(top > c.height / 4);
            CHECK(bottom < c.height * 3 / 4);
        }
        // The heading and the hub's line in the text colour, above and below the code.
        CHECK(f.count(wall::Rect{0, 0, float(c.width), float(c.height) / 2}, is_text) > 300);
        CHECK(f.count(wall::Rect{0, float(c.height) / 2, float(c.width), float(c.height) / 2}, is_text) > 300);
    }
}

TEST_CASE("the header's offline mark says what a cut-off fleet screen still shows", "[render][offline]") {
    // Muted-text pixels in the header: the date, plus the offline mark when there is one.
    auto mark_pixels = [](std::optional<OfflineShows> shows) {
        WallSnapshot s = *demo_snapshot();
        if (shows) {
            s.offline_since = kNow - minutes(20);
            s.offline_shows = *shows;
        }
        Frame f = render(std::make_shared<const WallSnapshot>(std::move(s)), 1920, 1080);
        if (const char* dir = std::getenv("LOBBYWALL_PAIRING_PNG_DIR"))
            platform::write_png(std::string(dir) + "/offline-" + std::to_string(shows ? int(*shows) : -1) + ".png",
                                f.width, f.height, f.rgba);
        return f.count(f.layout.header, [](Rgb c) { return Frame::near(c, rgb_of(kTheme.muted_text), 30); });
    };
    const int none = mark_pixels(std::nullopt);
    const int posts = mark_pixels(OfflineShows::Posts);             // "offline since 14:10"
    const int last_wall = mark_pixels(OfflineShows::LastWall);      // "..., showing the last wall"
    const int house = mark_pixels(OfflineShows::AnnouncementsOnly); // "..., announcements only"
    CHECK(posts > none + 300);
    CHECK(last_wall > posts + 200);
    CHECK(house > posts + 200);
    CHECK(last_wall != house);
}
