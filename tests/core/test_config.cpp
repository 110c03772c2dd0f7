// Tests for core/config: good files, bad files, and the line numbers of errors.
#include "core/config.h"

#include <catch2/catch.hpp>

using namespace lw;

TEST_CASE("an empty config gives the defaults", "[config]") {
    ConfigResult r = parse_config("");
    REQUIRE(r.ok());
    CHECK(r.config.wall.layout == "grid");
    CHECK(r.config.display.fullscreen);
    CHECK(r.config.wall.show_authors);
}

TEST_CASE("values are read from their sections", "[config]") {
    ConfigResult r = parse_config(R"(
[wall]
hospital_name = "St. Vincent's Hospital"
page_seconds = 20
show_authors = false

[display]
fullscreen = false
width = 1280
height = 720

[theme]
mode = "light"
accent = "#112233"

[[prompt]]
text = "Tell us about your stay"
hashtag = "#StVKnee"
url = "https://mastodon.example/tags/StVKnee"
)");
    INFO((r.problems.empty() ? "" : r.problems[0].message));
    REQUIRE(r.ok());
    CHECK(r.config.wall.hospital_name == "St. Vincent's Hospital");
    CHECK(r.config.wall.page_seconds == 20);
    CHECK_FALSE(r.config.wall.show_authors);
    CHECK_FALSE(r.config.display.fullscreen);
    CHECK(r.config.display.width == 1280);
    CHECK_FALSE(r.config.theme.dark);
    CHECK(r.config.theme.accent == 0x112233FF);
    CHECK(r.config.theme.background == 0xEEF2F6FF);  // light default
    REQUIRE(r.config.prompts.size() == 1);
    CHECK(r.config.prompts[0].hashtag == "StVKnee");  // leading '#' dropped
    CHECK(r.config.prompts[0].text == "Tell us about your stay");
}

TEST_CASE("every problem is reported with its line", "[config]") {
    ConfigResult r = load_config_file(LOBBYWALL_TEST_DATA "/core/bad.toml");
    struct Expected { int line; const char* fragment; };
    const Expected expected[] = {
        {4, "'wall.page_seconds' must be between 3 and 3600"},
        {5, "'wall.show_authors' must be true or false"},
        {6, "unknown key 'wall.colour'"},
        {9, "'theme.accent' must be a colour"},
        {11, "'hashtag' must be one word"},
    };
    REQUIRE(r.problems.size() == std::size(expected));
    for (size_t i = 0; i < std::size(expected); ++i) {
        INFO(r.problems[i].line << ": " << r.problems[i].message);
        CHECK(r.problems[i].line == expected[i].line);
        CHECK_THAT(r.problems[i].message, Catch::Contains(expected[i].fragment));
    }
}

TEST_CASE("a TOML syntax error is one problem on its line", "[config]") {
    ConfigResult r = load_config_file(LOBBYWALL_TEST_DATA "/core/syntax.toml");
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].line == 4);
}

TEST_CASE("a missing file is a problem, not a crash", "[config]") {
    ConfigResult r = load_config_file("/nonexistent/lobbywall.toml");
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].line == 0);
    CHECK_THAT(r.problems[0].message, Catch::Contains("cannot read"));
}

TEST_CASE("unknown sections and wrong section types are errors", "[config]") {
    ConfigResult r = parse_config("wall = 3\n[monitor]\nsize = 1\n");
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].line == 1);
    CHECK_THAT(r.problems[0].message, Catch::Contains("must be a table"));
    CHECK(r.problems[1].line == 2);
    CHECK_THAT(r.problems[1].message, Catch::Contains("unknown key 'monitor'"));
}

TEST_CASE("the documented example config is valid", "[config]") {
    ConfigResult r = load_config_file(LOBBYWALL_SOURCE_DIR "/packaging/lobbywall.toml");
    for (const auto& p : r.problems) UNSCOPED_INFO(p.line << ": " << p.message);
    CHECK(r.ok());
}

TEST_CASE("parse_color", "[config]") {
    Rgba c = 0;
    CHECK(parse_color("#1C3350", c));
    CHECK(c == 0x1C3350FF);
    CHECK(parse_color("#1c335080", c));
    CHECK(c == 0x1C335080);
    CHECK_FALSE(parse_color("1C3350", c));
    CHECK_FALSE(parse_color("#1C335", c));
    CHECK_FALSE(parse_color("#GGGGGG", c));
}

TEST_CASE("sources are read with their rules", "[config]") {
    ConfigResult r = parse_config(R"(
[[source]]
name = "news"
kind = "mastodon_account"
instance = "https://mastodon.example/"
account = "news@mastodon.example"
approval = "auto"
block_words = ["idiot"]

[[source]]
name = "tag"
kind = "mastodon_hashtag"
instance = "https://mastodon.example"
tag = "#StVKnee"
sensitive = "reject"

[[source]]
name = "blog"
kind = "web_feed"
url = "http://127.0.0.1:8000/feed.xml"

[[source]]
name = "sky"
kind = "bluesky_author"
account = "stvincents.bsky.social"

[moderation]
block_words = ["go away"]

[privacy]
public_numbers = ["0300 555 0100"]
public_domains = ["stmarys.example.org"]
)");
    for (const auto& p : r.problems) UNSCOPED_INFO(p.line << ": " << p.message);
    REQUIRE(r.ok());
    REQUIRE(r.config.sources.size() == 4);
    const SourceConfig& news = r.config.sources[0];
    CHECK(news.kind == SourceKind::MastodonAccount);
    CHECK(news.instance == "https://mastodon.example");  // trailing slash dropped
    CHECK(news.rules.approval == std::optional<std::string>("auto"));
    CHECK(news.rules.block_words == std::vector<std::string>{"idiot"});
    CHECK_FALSE(news.rules.replies.has_value());  // unset: the kind's default applies
    CHECK(r.config.sources[1].tag == "StVKnee");
    CHECK(r.config.sources[1].rules.sensitive == std::optional<std::string>("reject"));
    CHECK(r.config.sources[2].url == "http://127.0.0.1:8000/feed.xml");  // loopback may be plain http
    CHECK(r.config.sources[3].instance == "https://public.api.bsky.app");
    CHECK(r.config.moderation.block_words == std::vector<std::string>{"go away"});
    CHECK(r.config.moderation.public_numbers == std::vector<std::string>{"0300 555 0100"});
    CHECK(r.config.moderation.public_domains == std::vector<std::string>{"stmarys.example.org"});
}

TEST_CASE("bad sources are reported on their lines", "[config]") {
    ConfigResult r = parse_config(R"([[source]]
name = "a"
kind = "mastodon_hashtag"
instance = "https://mastodon.example"

[[source]]
name = "a"
kind = "web_feed"
url = "http://feeds.example.org/rss"

[[source]]
name = "c"
kind = "myspace"

[[source]]
name = "d"
kind = "web_feed"
url = "ftp://example.org/feed"
approval = "sometimes"
block_words = "idiot"
)");
    struct Expected { int line; const char* fragment; };
    const Expected expected[] = {
        {1, "of kind mastodon_hashtag needs 'tag'"},
        {6, "name 'a' is used twice"},
        {6, "uses plain http"},
        {13, "'source.kind' must be one of"},
        {15, "must be an https:// address"},
        {19, "'source.approval' must be one of \"manual\", \"auto\""},
        {20, "'source.block_words' must be a list of strings"},
    };
    for (const auto& p : r.problems) UNSCOPED_INFO(p.line << ": " << p.message);
    REQUIRE(r.problems.size() == std::size(expected));
    for (size_t i = 0; i < std::size(expected); ++i) {
        CHECK(r.problems[i].line == expected[i].line);
        CHECK_THAT(r.problems[i].message, Catch::Contains(expected[i].fragment));
    }
}
