// The console's announcement image upload and its roles, over real HTTP on
// 127.0.0.1 with a real store and media cache: multipart uploads checked
// like feed images (not an image -> 400, too big -> 413, damaged or a
// decompression bomb by its header -> 400, a
// good PNG stored by hash, served, audited, in the next WallSnapshot, kept
// by garbage collection until the announcement lets go of it), and what a
// moderator may not do (403 with one sentence, nothing changed).
#include "console_fixture.h"

#include "store/image_codec.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>

using namespace lw;
using namespace lw::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A picture with seeded noise (so its PNG does not compress away) and an
// alpha ramp, so the cache keeps it as a PNG.
std::string make_png(int w, int h, unsigned seed) {
    Image img{w, h, std::vector<std::uint8_t>(static_cast<size_t>(w) * h * 4)};
    unsigned state = seed * 2654435761u + 1;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            state = state * 1664525u + 1013904223u;
            auto* p = &img.rgba[(static_cast<size_t>(y) * w + x) * 4];
            p[0] = static_cast<std::uint8_t>(state >> 24);
            p[1] = static_cast<std::uint8_t>(y * 255 / h);
            p[2] = static_cast<std::uint8_t>(state >> 16);
            p[3] = static_cast<std::uint8_t>(128 + x * 127 / w);
        }
    auto png = encode_for_cache(img, 85);
    REQUIRE(png.ok());
    REQUIRE(png->format == ImageFormat::Png);
    return png->bytes;
}

// A valid PNG header claiming width x height RGBA pixels and a token IDAT:
// a decompression bomb, refused from its header before anything is decoded.
std::string bomb_png(std::uint32_t width, std::uint32_t height) {
    auto crc32 = [](std::string_view data) {
        std::uint32_t crc = 0xFFFFFFFFu;
        for (unsigned char c : data) {
            crc ^= c;
            for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
        return ~crc;
    };
    auto be32 = [](std::string& s, std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((v >> shift) & 255);
    };
    auto chunk = [&](std::string& png, std::string_view type, std::string_view data) {
        be32(png, static_cast<std::uint32_t>(data.size()));
        std::string body = std::string(type) + std::string(data);
        png += body;
        be32(png, crc32(body));
    };
    std::string png = "\x89PNG\r\n\x1A\n";
    std::string ihdr;
    be32(ihdr, width);
    be32(ihdr, height);
    ihdr += std::string("\x08\x06\x00\x00\x00", 5);
    chunk(png, "IHDR", ihdr);
    chunk(png, "IDAT", std::string("\x78\x9C\x03\x00\x00\x00\x00\x01", 8));
    chunk(png, "IEND", "");
    return png;
}

constexpr const char* kUploadPath = "/api/announcements/image";

httplib::Result upload(ConsoleFixture& f, const LoggedIn& s, const std::string& id,
                       const std::string& bytes, const std::string& filename = "poster.png") {
    httplib::MultipartFormDataItems items = {{"id", id, "", ""},
                                             {"image", bytes, filename, "image/png"}};
    return f.client().Post(kUploadPath, {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}}, items);
}

std::size_t files_in(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

LoggedIn login_moderator(ConsoleFixture& f) {
    return f.login(R"({"name":"max","password":"moderator's own password"})");
}

}  // namespace

TEST_CASE("console: an announcement image is uploaded, checked, shown and kept") {
    ConsoleOptions o = ConsoleFixture::default_options();
    o.max_upload_bytes = 64 * 1024;  // small, so "too big" is cheap to send
    ConsoleFixture f(o);
    auto s = f.login();
    auto made = f.post(s, "/api/announcements", R"({"title":"Flu jabs today","body":"Ground floor"})");
    REQUIRE(made->status == 200);
    const std::string id = json::parse(made->body)["id"];
    const int changes_before = f.changes();

    struct Refused {
        const char* name;
        std::string bytes;
        int status;
        const char* error_part;
    };
    const std::string good = make_png(120, 90, 1);
    REQUIRE(good.size() < o.max_upload_bytes);
    const std::string big = make_png(200, 200, 2);  // noise: ~160 KB as PNG
    REQUIRE(big.size() > o.max_upload_bytes);
    REQUIRE(big.size() < o.max_body_bytes);
    for (const Refused& c : {
             Refused{"text named .png", "hello, I am not a picture", 400, "not an image"},
             Refused{"an SVG", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 400, "not an image"},
             Refused{"empty file", "", 400, "choose an image file"},
             Refused{"truncated PNG", good.substr(0, good.size() / 2), 400, "the image was refused"},
             Refused{"30000x30000 PNG header (a bomb)", bomb_png(30000, 30000), 400,
                     "30000x30000 pixels, over the 40 MP limit"},
             Refused{"over the upload limit", big, 413, "over the 64 KB upload limit"},
             Refused{"over what HTTP reads", std::string(300 * 1024, 'x'), 413, "too large"},
         }) {
        INFO(c.name);
        auto res = upload(f, s, id, c.bytes);
        REQUIRE(res);
        CHECK(res->status == c.status);
        CHECK(res->get_header_value("Content-Type") == "application/json");
        CHECK(res->body.find(c.error_part) != std::string::npos);
        CHECK(res->body.find('\n') == std::string::npos);
        CHECK(json::parse(res->body).contains("error"));
    }
    CHECK(files_in(f.media_dir()) == 0);
    CHECK(f.changes() == changes_before);

    // No session, a wrong CSRF token, an unknown announcement, JSON instead of a form.
    httplib::MultipartFormDataItems items = {{"id", id, "", ""}, {"image", good, "p.png", "image/png"}};
    CHECK(f.client().Post(kUploadPath, items)->status == 401);
    CHECK(f.client().Post(kUploadPath, {{"Cookie", s.cookie}, {"X-CSRF-Token", "nope"}}, items)->status ==
          403);
    CHECK(upload(f, s, "no-such-announcement", good)->status == 404);
    auto as_json = f.post(s, kUploadPath, R"({"id":"x"})");
    CHECK(as_json->status == 400);
    CHECK(as_json->body.find("multipart/form-data") != std::string::npos);
    CHECK(files_in(f.media_dir()) == 0);

    // A good PNG: stored by hash, served, audited, published.
    auto res = upload(f, s, id, good, "flu\tposter.png");
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    auto answer = json::parse(res->body);
    CHECK(answer["width"] == 120);
    CHECK(answer["height"] == 90);
    const std::string src = answer["image"];
    REQUIRE(src.rfind("/api/media/", 0) == 0);
    const std::string file_name = src.substr(std::string("/api/media/").size());
    CHECK(file_name.size() == 64 + 4);
    CHECK(file_name.ends_with(".png"));
    const fs::path file = f.media_dir() / file_name;
    CHECK(fs::exists(file));
    CHECK(f.changes() == changes_before + 1);
    auto served = f.get(s, src);
    REQUIRE(served->status == 200);
    CHECK(served->get_header_value("Content-Type") == "image/png");
    CHECK(decode_image(served->body, ImageLimits{})->width == 120);
    auto listed = json::parse(f.get(s, "/api/announcements")->body)["announcements"];
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]["image"] == src);
    CHECK(listed[0]["has_image"] == true);
    auto audit = f.store().query_audit({.actor = "ana", .action = "announcement.image"});
    REQUIRE(audit->size() == 1);
    CHECK(audit->front().target == id);
    CHECK(audit->front().address == "127.0.0.1");
    CHECK(audit->front().details.find("flu?poster.png") == 0);  // the name, made printable

    auto wall = f.store().build_wall_content(f.clock().now(), 24h);
    REQUIRE(wall.ok());
    REQUIRE(wall->announcements.size() == 1);
    CHECK(fs::path(wall->announcements[0].image_local_path) == file);

    // Editing the text keeps the image; garbage collection keeps the file
    // though no post refers to it.
    REQUIRE(f.post(s, "/api/announcements",
                   json{{"id", id}, {"title", "Flu jabs until 4 pm"}}.dump())->status == 200);
    CHECK(*f.media().collect_garbage() == 0);
    CHECK(fs::exists(file));
    wall = f.store().build_wall_content(f.clock().now(), 24h);
    REQUIRE(wall->announcements.size() == 1);
    CHECK(wall->announcements[0].title == "Flu jabs until 4 pm");
    CHECK(fs::path(wall->announcements[0].image_local_path) == file);

    // A second upload replaces the image; the first file is garbage then.
    auto second = upload(f, s, id, make_png(90, 90, 3));
    REQUIRE(second->status == 200);
    CHECK(*f.media().collect_garbage() == 1);
    CHECK_FALSE(fs::exists(file));
    const fs::path file2 = f.media_dir() / std::string(json::parse(second->body)["image"]).substr(11);
    CHECK(fs::exists(file2));

    // Taking the image away: audited, off the wall, collected.
    REQUIRE(f.post(s, "/api/announcements/image/delete", json{{"id", id}}.dump())->status == 200);
    wall = f.store().build_wall_content(f.clock().now(), 24h);
    CHECK(wall->announcements[0].image_local_path.empty());
    CHECK(*f.media().collect_garbage() == 1);
    CHECK(files_in(f.media_dir()) == 0);
    CHECK(f.store().query_audit({.actor = "ana", .action = "announcement.image"})->size() == 3);
}

TEST_CASE("console: a moderator gets 403 where only an admin may act") {
    ConsoleFixture f;
    f.seed_pending("p1", "Thank you, ward 3", 1h);
    auto admin = f.login();
    REQUIRE(f.post(admin, "/api/prompts",
                   R"({"id":"p","text":"Share your story","hashtag":"StV","url":"https://stv.example"})")
                ->status == 200);
    REQUIRE(f.post(admin, "/api/blocked-authors", R"({"handle":"troll@example.social"})")->status ==
            200);

    auto mod = login_moderator(f);
    CHECK(json::parse(f.get(mod, "/api/session")->body)["role"] == "moderator");

    struct Refused {
        const char* path;
        const char* body;
        const char* error_part;
    };
    for (const Refused& c : {
             Refused{"/api/prompts", R"({"id":"p","text":"Other","hashtag":"X","url":"https://evil.example"})",
                     "only an admin may change hashtag prompts"},
             Refused{"/api/prompts", R"({"text":"New","hashtag":"Y"})",
                     "only an admin may change hashtag prompts"},
             Refused{"/api/prompts/delete", R"({"id":"p"})", "only an admin may delete hashtag prompts"},
             Refused{"/api/blocked-authors", R"({"handle":"troll@example.social","blocked":false})",
                     "only an admin may unblock an author"},
         }) {
        INFO(c.path << " " << c.body);
        auto res = f.post(mod, c.path, c.body);
        REQUIRE(res);
        CHECK(res->status == 403);
        CHECK(res->body.find(c.error_part) != std::string::npos);
        CHECK(res->body.find('\n') == std::string::npos);
    }
    auto other = f.get(mod, "/api/audit?actor=ana");
    CHECK(other->status == 403);
    CHECK(other->body.find("only an admin may read other people's audit entries") !=
          std::string::npos);
    // Nothing changed.
    auto prompts = f.store().prompts();
    REQUIRE(prompts->size() == 1);
    CHECK(prompts->front().url == "https://stv.example");
    CHECK(json::parse(f.get(mod, "/api/blocked-authors")->body)["authors"] ==
          json::array({"troll@example.social"}));
    CHECK(f.store().query_audit({.actor = "max", .action = "prompt.put"})->empty());

    // What any staff may do: the queue, blocking, announcements, the kill switch both ways.
    CHECK(f.post(mod, "/api/posts/decide", R"({"id":"p1","state":"approved"})")->status == 200);
    CHECK(f.post(mod, "/api/blocked-authors", R"({"handle":"spam@example.social"})")->status == 200);
    CHECK(f.post(mod, "/api/announcements", R"({"title":"Cafe closed"})")->status == 200);
    CHECK(f.post(mod, "/api/kill-switch", R"({"on":true})")->status == 200);
    CHECK(f.post(mod, "/api/kill-switch", R"({"on":false})")->status == 200);
    CHECK(f.get(mod, "/api/prompts")->status == 200);
    CHECK(f.get(mod, "/api/sources")->status == 200);

    // A moderator's audit log is their own entries; an admin's is everyone's.
    auto own = json::parse(f.get(mod, "/api/audit")->body);
    CHECK(own["scope"] == "own");
    REQUIRE(own["entries"].size() >= 5);
    for (const auto& e : own["entries"]) CHECK(e["actor"] == "max");
    CHECK(f.get(mod, "/api/audit?actor=max")->status == 200);
    auto all = json::parse(f.get(admin, "/api/audit?limit=500")->body);
    CHECK(all["scope"] == "all");
    bool saw_ana = false, saw_max = false;
    for (const auto& e : all["entries"]) {
        saw_ana |= e["actor"] == "ana";
        saw_max |= e["actor"] == "max";
    }
    CHECK(saw_ana);
    CHECK(saw_max);
    CHECK(f.get(admin, "/api/audit?actor=max")->status == 200);
    // The admin may do what the moderator may not.
    CHECK(f.post(admin, "/api/blocked-authors", R"({"handle":"troll@example.social","blocked":false})")
              ->status == 200);
    CHECK(f.post(admin, "/api/prompts/delete", R"({"id":"p"})")->status == 200);
}

TEST_CASE("console: announcements and prompts are aimed at screen groups, empty for all") {
    ConsoleFixture f;
    auto s = f.login();
    struct Case {
        const char* name;
        std::string typed;
        json stored;
    };
    for (const Case& c : {Case{"empty: every group", "", json::array()},
                          Case{"one", "Maternity", json{"Maternity"}},
                          Case{"spaces and repeats", " Maternity , Emergency department,,Maternity ",
                               json{"Maternity", "Emergency department"}}}) {
        INFO(c.name);
        httplib::MultipartFormDataItems items = {{"title", "Flu jabs", "", ""}, {"groups", c.typed, "", ""}};
        auto saved = f.client().Post("/api/announcements/form", {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}},
                                     items);
        REQUIRE(saved);
        REQUIRE(saved->status == 200);
        const std::string id = json::parse(saved->body)["id"];
        auto prompt = f.post(s, "/api/prompts",
                             json{{"text", "Share"}, {"hashtag", "StV"}, {"groups", c.typed}}.dump());
        REQUIRE(prompt->status == 200);
        const std::string prompt_id = json::parse(prompt->body)["id"];
        for (const auto& a : json::parse(f.get(s, "/api/announcements")->body)["announcements"])
            if (a["id"] == id) CHECK(a["groups"] == c.stored);
        for (const auto& p : json::parse(f.get(s, "/api/prompts")->body)["prompts"])
            if (p["id"] == prompt_id) CHECK(p["groups"] == c.stored);
    }
    // A group name with a line break or past 60 characters is refused, nothing saved.
    for (const std::string& bad : {std::string("Mater\nnity"), std::string(61, 'x')}) {
        auto res = f.post(s, "/api/prompts", json{{"text", "Share"}, {"hashtag", "StV"}, {"groups", bad}}.dump());
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(res->body.find("screen group") != std::string::npos);
    }
    CHECK(json::parse(f.get(s, "/api/prompts")->body)["prompts"].size() == 3);
}
