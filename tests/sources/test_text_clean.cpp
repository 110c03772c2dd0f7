// Tests for sources/text_clean: UTF-8 repair, line cleaning, clamping, tag
// folding, stable hashes, the JSON depth pre-scan and URL helpers.
#include "sources/text_clean.h"

#include <catch2/catch.hpp>

using namespace lw;
using namespace lw::sources;

TEST_CASE("to_valid_utf8 replaces every invalid sequence", "[sources][text]") {
    struct Case { std::string in; std::string expected; };
    const Case cases[] = {
        {"plain", "plain"},
        {"caf\xC3\xA9 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xF0\x9F\x98\x80"},   // é and an emoji
        {"a\xFF" "b", "a\xEF\xBF\xBD" "b"},                                  // stray byte
        {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                            // overlong '/'
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},            // surrogate
        {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // > U+10FFFF
        {"cut \xE2\x82", "cut \xEF\xBF\xBD\xEF\xBF\xBD"},                    // truncated sequence
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(to_valid_utf8(c.in) == c.expected);
    }
}

TEST_CASE("clean_line and strip_controls", "[sources][text]") {
    CHECK(clean_line("  two\t\twords \n here  ") == "two words here");
    CHECK(clean_line(std::string("bell\x07" "ed\x1b" "[31m")) == "belled[31m");
    CHECK(clean_line("c1\xC2\x85x") == "c1x");
    CHECK(strip_controls("a\nb\tc\rd", true) == "a\nb cd");
    CHECK(strip_controls("a\nb", false) == "a b");
}

TEST_CASE("clamp_utf8 never splits a character", "[sources][text]") {
    struct Case { std::string in; std::size_t max; std::string expected; };
    const Case cases[] = {
        {"short", 10, "short"},
        {"abcdefghij", 6, "abc\xE2\x80\xA6"},
        {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 6, "\xC3\xA9\xE2\x80\xA6"},
        {"ab \xF0\x9F\x98\x80\xF0\x9F\x98\x80", 8, "ab\xE2\x80\xA6"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(clamp_utf8(c.in, c.max) == c.expected);
    }
}

TEST_CASE("fold_tag drops '#' and folds case", "[sources][text]") {
    struct Case { const char* in; const char* expected; };
    const Case cases[] = {
        {"#StVKnee", "stvknee"}, {"Caf\xC3\x89", "caf\xC3\xA9"}, {"##x", "x"},
        {"#", ""}, {"  Spaced ", "spaced"}, {"STRASSE", "strasse"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(fold_tag(c.in) == c.expected);
    }
}

TEST_CASE("stable_hash is stable and spreads", "[sources][text]") {
    CHECK(stable_hash("") == "cbf29ce484222325");  // the FNV-1a offset basis
    CHECK(stable_hash("a") == "af63dc4c8601ec8c");
    CHECK(stable_hash("https://example.org/1") != stable_hash("https://example.org/2"));
}

TEST_CASE("json_nesting_exceeds counts only structure", "[sources][text]") {
    CHECK_FALSE(json_nesting_exceeds(R"({"a":[1,{"b":2}]})", 3));
    CHECK(json_nesting_exceeds(R"({"a":[1,{"b":2}]})", 2));
    CHECK_FALSE(json_nesting_exceeds(R"({"s":"[[[[[[[[\"{{{{"})", 1));
    std::string deep(100000, '[');
    CHECK(json_nesting_exceeds(deep, kMaxJsonDepth));
}

TEST_CASE("URL helpers", "[sources][url]") {
    CHECK(is_http_url("https://example.org"));
    CHECK(is_http_url("HTTP://example.org/x"));
    CHECK_FALSE(is_http_url("javascript:alert(1)"));
    CHECK_FALSE(is_http_url("https://"));
    CHECK_FALSE(is_http_url("https:///path"));
    CHECK_FALSE(is_http_url("https://exa mple.org"));

    CHECK(url_host("https://User@Mastodon.Social:443/@x") == "mastodon.social");
    CHECK(url_host("https://[::1]:8080/") == "[::1]");
    CHECK(url_host("nope") == "");

    CHECK(percent_encode("caf\xC3\xA9 #1/x") == "caf%C3%A9%20%231%2Fx");

    struct Case { const char* base; const char* ref; const char* expected; };
    const Case cases[] = {
        {"https://example.org/news/feed.xml", "item/1", "https://example.org/news/item/1"},
        {"https://example.org/news/feed.xml", "/img/a.jpg", "https://example.org/img/a.jpg"},
        {"https://example.org/news/", "//cdn.example.net/a.png", "https://cdn.example.net/a.png"},
        {"https://example.org", "a.png", "https://example.org/a.png"},
        {"https://example.org/a?b=1#c", "?page=2", "https://example.org/a?page=2"},
        {"https://example.org/a#c", "#top", "https://example.org/a#top"},
        {"https://example.org/", "https://other.example/x", "https://other.example/x"},
        {"https://example.org/", "javascript:alert(1)", ""},
        {"https://example.org/", "data:image/png;base64,AAAA", ""},
        {"https://example.org/", "  JavaScript:alert(1)", ""},
        {"", "relative.html", ""},
        {"https://example.org/", "", ""},
    };
    for (const auto& c : cases) {
        INFO(c.base << " + " << c.ref);
        CHECK(resolve_url(c.base, c.ref) == c.expected);
    }
}

TEST_CASE("finalize_post makes every field safe", "[sources][text]") {
    ParseContext ctx;
    ctx.source_id = "src";
    ctx.source_kind = SourceKind::WebFeed;
    ctx.max_text_bytes = 20;
    Post p;
    p.author = "Dr\n\x01 Who";
    p.text = "line one\nline two is long enough to be cut";
    p.permalink = "javascript:alert(1)";
    p.avatar_url = "https://example.org/a.png";
    p.tags = {"#Knee", "knee", "", "Hip"};
    p.media.push_back({Media::Kind::Image, "data:x", "", "", 0, 0});
    p.media.push_back({Media::Kind::Image, "https://example.org/i.jpg", "", "alt\ntext", -5, 7});
    p.emojis = {{"blob", "https://example.org/b.png"}, {"blob", "https://example.org/c.png"},
                {"bad", "ftp://x"}};
    finalize_post(p, ctx);
    CHECK(p.source_id == "src");
    CHECK(p.source_kind == SourceKind::WebFeed);
    CHECK(p.author == "Dr Who");
    CHECK(p.text == "line one\nline two\xE2\x80\xA6");
    CHECK(p.permalink.empty());
    CHECK(p.avatar_url == "https://example.org/a.png");
    CHECK(p.tags == std::vector<std::string>{"knee", "hip"});
    REQUIRE(p.media.size() == 1);
    CHECK(p.media[0].alt == "alt text");
    CHECK(p.media[0].width == 0);
    CHECK(p.media[0].height == 0);
    REQUIRE(p.emojis.size() == 1);
    CHECK(p.emojis[0].url == "https://example.org/b.png");
}

TEST_CASE("repair_json_surrogates mends only lone surrogate escapes", "[sources][text]") {
    struct Case { std::string in; std::string expected; };
    const Case cases[] = {
        {R"({"t":"ok \ud83d\ude00"})", R"({"t":"ok \ud83d\ude00"})"},   // a valid pair stays
        {R"({"t":"lone \ud83d end"})", R"({"t":"lone \ufffd end"})"},
        {R"({"t":"low \ude00"})", R"({"t":"low \ufffd"})"},
        {R"({"t":"two \ud83d\ud83d\ude00"})", R"({"t":"two \ufffd\ud83d\ude00"})"},
        {R"({"t":"escaped \\ud83d"})", R"({"t":"escaped \\ud83d"})"},  // a backslash, then text
        {R"({"t":"\"\ud83d"})", R"({"t":"\"\ufffd"})"},
        {R"({"\ud83d":1})", R"({"\ufffd":1})"},
        {R"(["cut \ud8)", R"(["cut \ud8)"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(repair_json_surrogates(c.in) == c.expected);
    }
}
