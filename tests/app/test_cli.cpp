// Tests of the lobbywall program as people run it: exit codes, messages,
// and the PNG a headless screenshot writes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include "store/media_cache.h"
#include "store/store.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace {

struct Run {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

Run run(const std::string& args, const std::string& env = "") {
    const std::string command = env + " " LOBBYWALL_EXE " " + args + " 2>&1";
    Run r;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buffer{};
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

int count_lines(const std::string& s) {
    int n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

const std::string kNoDisplay = "env -u DISPLAY -u WAYLAND_DISPLAY";

}  // namespace

TEST_CASE("check-config accepts the documented example", "[cli]") {
    Run r = run("check-config " LOBBYWALL_SOURCE_DIR "/packaging/lobbywall.toml");
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains(": ok"));
}

TEST_CASE("check-config prints each problem with its line and fails", "[cli]") {
    Run r = run("check-config " LOBBYWALL_TEST_DATA "/core/bad.toml");
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK(count_lines(r.output) == 5);
    CHECK_THAT(r.output, Catch::Contains("bad.toml:4: 'wall.page_seconds' must be between 3 and 3600"));
    CHECK_THAT(r.output, Catch::Contains("bad.toml:6: unknown key 'wall.colour'"));
}

TEST_CASE("without a display the wall says what to do in one sentence", "[cli]") {
    Run r = run("--demo", kNoDisplay);
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("no display found"));
    CHECK_THAT(r.output, Catch::Contains("--screenshot"));
    CHECK_THAT(r.output, !Catch::Contains("GLFW"));
    CHECK(count_lines(r.output) <= 2);  // the demo-content line and the error
}

TEST_CASE("a bad config stops the wall with the problems listed", "[cli]") {
    Run r = run("--config " LOBBYWALL_TEST_DATA "/core/bad.toml --screenshot /dev/null");
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("5 problem(s)"));
}

TEST_CASE("screenshot mode writes a PNG of the demo wall, with or without a display", "[cli]") {
    struct Case { const char* size; int w, h; bool display; };
    const Case cases[] = {{"1920x1080", 1920, 1080, true}, {"1080x1920", 1080, 1920, true},
                          {"1280x720", 1280, 720, false}};
    for (const Case& c : cases) {
        if (c.display && !std::getenv("DISPLAY")) continue;  // the EGL case still runs
        const std::string out = std::string(LOBBYWALL_BINARY_DIR) + "/test-shot-" + c.size + ".png";
        std::filesystem::remove(out);
        Run r = run(std::string("--demo --screenshot ") + out + " --size " + c.size, c.display ? "" : kNoDisplay);
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        int w = 0, h = 0, comp = 0;
        REQUIRE(stbi_info(out.c_str(), &w, &h, &comp));
        CHECK(w == c.w);
        CHECK(h == c.h);
        CHECK(std::filesystem::file_size(out) > 50000);  // a real picture compresses to more than a blank one
        if (!c.display) CHECK_THAT(r.output, Catch::Contains("EGL surfaceless"));
    }
}

TEST_CASE("the screenshot size is validated", "[cli]") {
    Run r = run("--demo --screenshot /tmp/x.png --size huge");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("--size must look like 1920x1080"));
}

TEST_CASE("probe parses a saved payload into JSON lines with exactly the promised fields", "[cli][probe]") {
    Run r = run("probe --kind feed --file " LOBBYWALL_TEST_DATA "/sources/webfeed/news.rss");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.output);
    std::string line;
    int n = 0;
    const std::vector<std::string> fields = {"author", "avatar", "created_at", "handle", "id", "kind", "media",
                                             "reply", "repost", "sensitive", "tags", "text", "url"};
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] != '{') continue;  // stderr's notes about skipped items
        ++n;
        auto j = nlohmann::json::parse(line);
        std::vector<std::string> keys;
        for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
        CHECK(keys == fields);
    }
    CHECK(n > 0);
}

TEST_CASE("probe --moderate adds the decision and its reasons", "[cli][probe]") {
    Run r = run("probe --kind mastodon --moderate --file " LOBBYWALL_TEST_DATA "/sources/mastodon/tag_timeline.json");
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.output);
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] != '{') continue;
        auto j = nlohmann::json::parse(line);
        ++n;
        CHECK((j["decision"] == "hold" || j["decision"] == "reject" || j["decision"] == "approve"));
        CHECK(j["reasons"].is_array());
        CHECK(j["decision"] != "approve");  // hashtag content is never approved by default
    }
    CHECK(n > 0);
}

TEST_CASE("probe refuses malformed input with exit code 2 and one line", "[cli][probe]") {
    struct Case { const char* args; const char* fragment; };
    const Case cases[] = {
        {"probe --kind mastodon --file " LOBBYWALL_TEST_DATA "/core/bad.toml", "not valid JSON"},
        {"probe --kind myspace --file " LOBBYWALL_TEST_DATA "/core/bad.toml", "--kind must be"},
        {"probe --kind feed --file /nonexistent/feed.xml", "cannot read"},
        {"probe --config " LOBBYWALL_SOURCE_DIR "/packaging/lobbywall.toml --source nope", "no [[source]] named 'nope'"},
    };
    for (const Case& c : cases) {
        Run r = run(c.args);
        INFO(c.args << "\n" << r.output);
        CHECK(r.exit_code == 2);
        CHECK(count_lines(r.output) == 1);
        CHECK_THAT(r.output, Catch::Contains(c.fragment));
    }
}

namespace {

std::string solid_png(int w, int h, unsigned char r, unsigned char g, unsigned char b) {
    std::vector<unsigned char> rgb(static_cast<size_t>(w) * h * 3);
    for (size_t i = 0; i < rgb.size(); i += 3) {
        rgb[i] = r;
        rgb[i + 1] = g;
        rgb[i + 2] = b;
    }
    std::string out;
    stbi_write_png_to_func([](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<size_t>(size));
    }, &out, w, h, 3, rgb.data(), w * 3);
    return out;
}

}  // namespace

TEST_CASE("offline start: cached posts and their images are on screen with every source unreachable", "[cli][offline]") {
    using namespace std::chrono;
    const auto dir = std::filesystem::temp_directory_path() / ("lobbywall-offline-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "state");
    std::filesystem::create_directories(dir / "cache" / "media");
    const lw::TimePoint now = time_point_cast<seconds>(system_clock::now());
    {
        lw::StoreOptions options;
        options.path = (dir / "state" / "lobbywall.db").string();
        options.media_dir = (dir / "cache" / "media").string();
        auto store = lw::Store::open(options);
        REQUIRE(store);
        auto media = lw::MediaCache::open(**store, lw::MediaCacheOptions{options.media_dir});
        REQUIRE(media);
        std::vector<lw::Post> posts;
        for (int i = 0; i < 3; ++i) {
            lw::Post p;
            p.id = "https://mastodon.example/statuses/" + std::to_string(i);
            p.source_id = "knee";
            p.source_kind = lw::SourceKind::MastodonHashtag;
            p.author = "Visitor " + std::to_string(i);
            p.handle = "@visitor" + std::to_string(i) + "@mastodon.example";
            p.text = "Saved before the network went away, number " + std::to_string(i) + ".";
            p.created = now - minutes(30 + i);
            lw::Media m;
            m.url = "http://127.0.0.1:1/image" + std::to_string(i) + ".png";
            m.alt = "A magenta square";
            p.media.push_back(m);
            posts.push_back(p);
        }
        REQUIRE((*store)->upsert_posts(posts, now));
        std::vector<lw::Decision> decisions;
        for (const lw::Post& p : posts) {
            REQUIRE((*media)->store(p.media[0].url, solid_png(400, 300, 200, 40, 160), "", now));
            decisions.push_back({p.id, lw::ModerationState::Approved, {"staff"}, {"alice", "10.0.0.5"}, now});
        }
        REQUIRE((*store)->record_decisions(decisions));
    }
    const auto config = dir / "lobbywall.toml";
    {
        std::ofstream out(config);
        out << "[wall]\nhospital_name = \"Offline test\"\n"
            << "[paths]\nstate_dir = \"" << (dir / "state").string() << "\"\ncache_dir = \"" << (dir / "cache").string() << "\"\n"
            << "[server]\nenabled = false\n"
            << "[[source]]\nname = \"knee\"\nkind = \"mastodon_hashtag\"\ninstance = \"http://127.0.0.1:1\"\ntag = \"StVKnee\"\n";
    }
    const std::string shot = std::string(LOBBYWALL_BINARY_DIR) + "/test-offline-start.png";
    Run r = run("--config " + config.string() + " --screenshot " + shot + " --size 1280x720", kNoDisplay);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    int w = 0, h = 0, comp = 0;
    unsigned char* pixels = stbi_load(shot.c_str(), &w, &h, &comp, 3);
    REQUIRE(pixels);
    int magenta = 0, card = 0;
    for (int i = 0; i < w * h; ++i) {
        const unsigned char* p = pixels + static_cast<size_t>(i) * 3;
        magenta += std::abs(p[0] - 200) < 30 && std::abs(p[1] - 40) < 30 && std::abs(p[2] - 160) < 30;
        card += std::abs(p[0] - 0x1C) < 5 && std::abs(p[1] - 0x33) < 5 && std::abs(p[2] - 0x50) < 5;
    }
    stbi_image_free(pixels);
    CHECK(magenta > 3 * 20000);  // three cached images, each a large part of its card
    CHECK(card > 3 * 40000);     // three cards
    std::filesystem::remove_all(dir);
}

TEST_CASE("the prompt card's QR code decodes to its URL", "[cli][qr]") {
    // zbarimg (zbar-tools) reads the code from the screenshot as a phone would.
    const std::string out = std::string(LOBBYWALL_BINARY_DIR) + "/test-qr.png";
    Run shot = run("--demo --screenshot " + out + " --size 1280x720", kNoDisplay);
    REQUIRE(shot.exit_code == 0);
    FILE* pipe = popen(("zbarimg -q --raw " + out + " 2>/dev/null").c_str(), "r");
    REQUIRE(pipe);
    std::string decoded;
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe)) decoded += buffer;
    const int status = pclose(pipe);
    INFO("zbarimg said: " << decoded);
    CHECK(WIFEXITED(status));
    CHECK_THAT(decoded, Catch::Contains("https://mastodon.example/tags/StVincentsCares"));
}

TEST_CASE("a config refused by first-boot provisioning is shown on the wall for IT", "[cli][provision]") {
    const auto dir = std::filesystem::temp_directory_path() / ("lobbywall-notice-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "state");
    const auto config = dir / "lobbywall.toml";
    std::ofstream(config) << "[wall]\nhospital_name = \"Notice test\"\n[paths]\nstate_dir = \"" << (dir / "state").string()
                          << "\"\ncache_dir = \"" << (dir / "cache").string() << "\"\n[server]\nenabled = false\n";
    const std::string shot = std::string(LOBBYWALL_BINARY_DIR) + "/test-setup-notice.png";
    // Band pixels: the notice's dark red, over the header (the top fifth of
    // the screen), and never lower, where the cards are.
    auto red_band_pixels = [&](bool top) {
        int w = 0, h = 0, comp = 0;
        unsigned char* pixels = stbi_load(shot.c_str(), &w, &h, &comp, 3);
        REQUIRE(pixels);
        int red = 0;
        for (int y = top ? 0 : h / 5; y < (top ? h / 5 : h); ++y)
            for (int x = 0; x < w; ++x) {
                const unsigned char* p = pixels + (static_cast<size_t>(y) * w + x) * 3;
                red += std::abs(p[0] - 0x8A) < 12 && std::abs(p[1] - 0x1C) < 12 && std::abs(p[2] - 0x1C) < 12;
            }
        stbi_image_free(pixels);
        return red;
    };
    SECTION("no error file: no band") {
        Run r = run("--config " + config.string() + " --screenshot " + shot + " --size 1280x720", kNoDisplay);
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        CHECK(red_band_pixels(true) == 0);
        CHECK(r.output.find("provisioning") == std::string::npos);
    }
    SECTION("the provisioning script's error file: a band with the problems, and a log line") {
        std::ofstream(dir / "state" / "provision-error.txt")
            << "Setup problem: the new settings were not used; the wall runs on the previous ones.\n"
               "/boot/firmware/lobbywall.toml:12: unknown key \"colour\" in [theme]\n\x1b[31mcontrol\x07 bytes dropped\n";
        Run r = run("--config " + config.string() + " --screenshot " + shot + " --size 1280x720", kNoDisplay);
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        CHECK(red_band_pixels(true) > 1280 * 50);
        CHECK(red_band_pixels(false) == 0);
        CHECK(r.output.find("setup notice: Setup problem: the new settings were not used") != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}
