// Tests for the config drop-ins (DIR/conf.d/*.toml merged after the main
// file): what wins, and that every problem names its own file and line.
#include "core/config.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace lw;
namespace fs = std::filesystem;

namespace {

// A config folder in a fresh temporary directory, removed afterwards.
struct ConfigDir {
    fs::path root;
    ConfigDir() {
        root = fs::temp_directory_path() / ("lobbywall-dropins-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::remove_all(root);
        fs::create_directories(root / "conf.d");
    }
    ~ConfigDir() { fs::remove_all(root); }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(root / name, std::ios::binary) << text;
        return root / name;
    }
    fs::path main() const { return root / "lobbywall.toml"; }
};

}  // namespace

TEST_CASE("drop-ins merge after the main file, in name order", "[config][dropins]") {
    struct Case {
        const char* what;
        std::vector<std::pair<const char*, const char*>> files;  // name under root, text
        std::string hospital_name;
        std::string layout;
        std::size_t sources;
    };
    const Case cases[] = {
        {"no conf.d files: the main file alone",
         {{"lobbywall.toml", "[wall]\nhospital_name = \"Main\"\n"}}, "Main", "grid", 0},
        {"a drop-in key replaces the main file's, the other keys of its table stay",
         {{"lobbywall.toml", "[wall]\nhospital_name = \"Main\"\nlayout = \"masonry\"\n"},
          {"conf.d/50-provisioned.toml", "[wall]\nhospital_name = \"Ward 4\"\n"}},
         "Ward 4", "masonry", 0},
        {"later names win",
         {{"lobbywall.toml", ""},
          {"conf.d/90-local.toml", "[wall]\nhospital_name = \"Local\"\n"},
          {"conf.d/50-provisioned.toml", "[wall]\nhospital_name = \"Provisioned\"\n"}},
         "Local", "grid", 0},
        {"a [[source]] list in a drop-in replaces the whole list",
         {{"lobbywall.toml", "[[source]]\nname = \"a\"\nkind = \"web_feed\"\nurl = \"https://a.example/feed\"\n"
                             "[[source]]\nname = \"b\"\nkind = \"web_feed\"\nurl = \"https://b.example/feed\"\n"},
          {"conf.d/50-provisioned.toml", "[[source]]\nname = \"c\"\nkind = \"web_feed\"\nurl = \"https://c.example/feed\"\n"}},
         "lobbywall", "grid", 1},
        {"hidden files and other extensions are not read",
         {{"lobbywall.toml", "[wall]\nhospital_name = \"Main\"\n"},
          {"conf.d/.50-provisioned.toml", "[wall]\nhospital_name = \"Hidden\"\n"},
          {"conf.d/50-provisioned.toml.rejected", "[wall]\nhospital_name = \"Rejected\"\n"},
          {"conf.d/50-provisioned.toml.dpkg-old", "[wall]\nhospital_name = \"Old\"\n"}},
         "Main", "grid", 0},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        ConfigDir dir;
        for (const auto& [name, text] : c.files) dir.write(name, text);
        ConfigResult r = load_config_file(dir.main());
        for (const auto& p : r.problems) UNSCOPED_INFO(describe(p, "main"));
        REQUIRE(r.ok());
        CHECK(r.config.wall.hospital_name == c.hospital_name);
        CHECK(r.config.wall.layout == c.layout);
        CHECK(r.config.sources.size() == c.sources);
    }
}

TEST_CASE("every problem names the file and line it is on", "[config][dropins]") {
    struct Case {
        const char* what;
        const char* main_text;
        const char* drop_in;  // conf.d/50-provisioned.toml
        std::vector<std::string> expected;  // describe() of each problem, with DIR for the folder
    };
    const Case cases[] = {
        {"an unknown key in the drop-in", "[wall]\nlayout = \"grid\"\n", "\n[wall]\nlayot = \"grid\"\n",
         {"DIR/conf.d/50-provisioned.toml:3: unknown key 'wall.layot'"}},
        {"problems in both files, main first",
         "[wall]\npage_seconds = 1\n", "[display]\nmax_fps = 1000\n",
         {"DIR/lobbywall.toml:2: 'wall.page_seconds' must be between 3 and 3600",
          "DIR/conf.d/50-provisioned.toml:2: 'display.max_fps' must be between 10 and 240"}},
        {"a syntax error in a drop-in", "", "[wall\n", {"DIR/conf.d/50-provisioned.toml:1: "}},
        {"a source problem on the drop-in's line", "",
         "# provisioned\n[[source]]\nname = \"x\"\nkind = \"web_feed\"\nurl = \"http://news.example/feed\"\n",
         {"DIR/conf.d/50-provisioned.toml:2: [[source]] 'url' uses plain http"}},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        ConfigDir dir;
        dir.write("lobbywall.toml", c.main_text);
        dir.write("conf.d/50-provisioned.toml", c.drop_in);
        ConfigResult r = load_config_file(dir.main());
        REQUIRE(r.problems.size() == c.expected.size());
        for (std::size_t i = 0; i < c.expected.size(); ++i) {
            std::string expected = c.expected[i];
            expected.replace(0, 3, dir.root.string());
            const std::string got = describe(r.problems[i], "unused");
            INFO(got);
            CHECK(got.rfind(expected, 0) == 0);
        }
    }
}

TEST_CASE("an extra drop-in replaces the conf.d file of the same name", "[config][dropins]") {
    ConfigDir dir;
    dir.write("lobbywall.toml", "");
    dir.write("conf.d/50-provisioned.toml", "[wall]\nhospital_name = \"Installed\"\n");
    dir.write("conf.d/90-local.toml", "[wall]\nlayout = \"spotlight\"\n");
    fs::create_directories(dir.root / "candidate");
    const fs::path candidate = dir.write("candidate/50-provisioned.toml", "[wall]\nhospital_name = \"Candidate\"\n");
    ConfigResult r = load_config_files(dir.main(), {candidate});
    REQUIRE(r.ok());
    CHECK(r.config.wall.hospital_name == "Candidate");
    CHECK(r.config.wall.layout == "spotlight");
    REQUIRE(r.files.size() == 3);
    CHECK(r.files.back() == candidate.string());
}

TEST_CASE("a drop-in's relative theme files are relative to the drop-in", "[config][dropins]") {
    ConfigDir dir;
    dir.write("lobbywall.toml", "[theme]\nfont_bold = \"bold.ttf\"\n");
    dir.write("conf.d/50-provisioned.toml", "[theme]\nlogo = \"logo.png\"\n");
    ConfigResult r = load_config_file(dir.main());
    REQUIRE(r.ok());
    CHECK(r.config.theme.logo == (dir.root / "conf.d" / "logo.png").string());
    CHECK(r.config.theme.font_bold == (dir.root / "bold.ttf").string());
}

TEST_CASE("a UTF-8 byte order mark and CRLF line ends are read", "[config][dropins]") {
    ConfigDir dir;
    dir.write("lobbywall.toml", "\xEF\xBB\xBF[wall]\r\nhospital_name = \"Windows\"\r\n");
    ConfigResult r = load_config_file(dir.main());
    for (const auto& p : r.problems) UNSCOPED_INFO(describe(p, "main"));
    REQUIRE(r.ok());
    CHECK(r.config.wall.hospital_name == "Windows");
}
