// Tests for sources/bluesky: feed and search responses to Posts, facets,
// labels, embeds, the stop-at-known helper, sessions and request URLs.
#include "sources/bluesky.h"

#include "core/time.h"
#include "fixture.h"

#include <catch2/catch.hpp>

#include <set>

using namespace lw;
using namespace lw::sources;

namespace {

ParseContext bluesky_ctx(SourceKind kind = SourceKind::BlueskyAuthor) {
    ParseContext ctx;
    ctx.source_id = "stv-bsky";
    ctx.source_kind = kind;
    return ctx;
}

}  // namespace

TEST_CASE("Bluesky author feed fixture maps to Posts", "[sources][bluesky]") {
    auto r = parse_bluesky_feed(read_fixture("bluesky/author_feed.json"), bluesky_ctx());
    REQUIRE(r.ok());
    REQUIRE(r.item_errors.size() == 1);
    CHECK(r.item_errors[0] ==
          "post 5 (at://did:plc:stv00000000000000000000/app.bsky.feed.post/3lbq2stv0005) has no record, skipped");
    REQUIRE(r.posts.size() == 4);
    for (const Post& p : r.posts) CHECK(p.source_kind == SourceKind::BlueskyAuthor);

    SECTION("a repost is the original with multibyte text before its facets") {
        const Post& p = r.posts[0];
        CHECK(p.id == "at://did:plc:physio0000000000000000/app.bsky.feed.post/3lbq2physio1");
        CHECK(p.permalink == "https://bsky.app/profile/physio.health.example/post/3lbq2physio1");
        CHECK(p.is_repost);
        CHECK(p.reposted_by == "stvincent.example");
        CHECK(p.author == "St V Physio");
        CHECK(p.handle == "physio.health.example");
        CHECK(p.text == "Gr\xC3\xBC\xC3\x9F" "e aus der Klinik \xF0\x9F\x8F\xA5 #StVKnee mehr: example.org/kne...");
        CHECK(p.tags == std::vector<std::string>{"stvknee"});
        CHECK(p.language == "de");
        CHECK(format_rfc3339(p.created) == "2026-11-24T09:15:00Z");
        CHECK_FALSE(p.sensitive);
        CHECK_FALSE(p.is_reply);
        REQUIRE(p.media.size() == 2);
        CHECK(p.media[0].url == "https://cdn.bsky.example/img/feed_fullsize/plain/did:plc:physio/bafkrei1@jpeg");
        CHECK(p.media[0].alt == "Physiotherapists with a patient on parallel bars");
        CHECK(p.media[0].width == 2000);
        CHECK(p.media[0].height == 1500);
        CHECK(p.media[1].width == 0);
    }
    SECTION("a reply with tags from facet slices and record.tags, external thumbnail") {
        const Post& p = r.posts[1];
        CHECK(p.is_reply);
        CHECK_FALSE(p.is_repost);
        CHECK(p.author == "stvincent.example");  // blank display name
        CHECK(p.tags == std::vector<std::string>{"rehab", "walking", "physio"});
        CHECK(p.language == "en");
        REQUIRE(p.media.size() == 1);
        CHECK(p.media[0].kind == Media::Kind::LinkThumbnail);
        CHECK(p.media[0].alt == "Rehab at home");
    }
    SECTION("post labels mark it sensitive; negations are ignored; author labels kept") {
        const Post& p = r.posts[2];
        CHECK(p.sensitive);
        CHECK(p.labels == std::vector<std::string>{"graphic-media", "!no-unauthenticated"});
        CHECK(p.permalink == "https://bsky.app/profile/did%3Aplc%3Aother000000000000000000/post/3lbq2other3");
        CHECK(format_rfc3339(p.created) == "2026-11-24T08:30:00Z");  // indexedAt fallback
        REQUIRE(p.media.size() == 1);  // recordWithMedia: its media only
        CHECK(p.media[0].alt == "A scar");
        CHECK(p.media[0].width == 3);
    }
    SECTION("self-labels on the record; video thumbnail; a pin is no repost") {
        const Post& p = r.posts[3];
        CHECK(p.sensitive);
        CHECK(p.labels == std::vector<std::string>{"!warn"});
        CHECK_FALSE(p.is_repost);
        REQUIRE(p.media.size() == 1);
        CHECK(p.media[0].kind == Media::Kind::VideoThumbnail);
        CHECK(p.media[0].url == "https://video.bsky.example/watch/did:plc:stv/bafkreivideo/thumbnail.jpg");
        CHECK(p.media[0].alt == "Walking down the corridor");
        CHECK(p.media[0].height == 1920);
    }
}

TEST_CASE("Bluesky search response and author labels", "[sources][bluesky]") {
    auto r = parse_bluesky_feed(read_fixture("bluesky/search_posts.json"),
                                bluesky_ctx(SourceKind::BlueskySearch));
    REQUIRE(r.ok());
    CHECK(r.item_errors.empty());
    REQUIRE(r.posts.size() == 2);
    CHECK(r.posts[0].sensitive);  // "sexual" on the author
    CHECK(r.posts[0].labels == std::vector<std::string>{"sexual"});
    CHECK(r.posts[0].tags.empty());  // a hashtag without a facet is only text
    CHECK_FALSE(r.posts[1].sensitive);
    CHECK(r.posts[1].source_kind == SourceKind::BlueskySearch);
}

TEST_CASE("facet_slice honours UTF-8 byte offsets", "[sources][bluesky]") {
    const std::string text = "\xF0\x9F\x8F\xA5 caf\xC3\xA9 #tag";  // 🏥 café #tag
    struct Case { long long start, end; std::optional<std::string> expected; };
    const Case cases[] = {
        {11, 15, std::string("#tag")},
        {5, 10, std::string("caf\xC3\xA9")},
        {0, 4, std::string("\xF0\x9F\x8F\xA5")},
        {1, 4, std::nullopt},    // starts inside the emoji
        {5, 9, std::nullopt},    // ends inside é
        {11, 16, std::nullopt},  // past the end
        {-1, 3, std::nullopt},
        {4, 4, std::nullopt},
    };
    for (const auto& c : cases) {
        INFO(c.start << ".." << c.end);
        auto got = facet_slice(text, c.start, c.end);
        REQUIRE(got.has_value() == c.expected.has_value());
        if (got) CHECK(std::string(*got) == *c.expected);
    }
}

TEST_CASE("bluesky_new_posts stops at the first known post", "[sources][bluesky]") {
    auto make = [](const char* id, bool repost) {
        Post p;
        p.id = id;
        p.is_repost = repost;
        return p;
    };
    struct Case { const char* name; std::set<std::string> known; std::vector<std::string> expected; };
    const Case cases[] = {
        {"nothing known", {}, {"a", "b", "c", "d"}},
        {"stops at c", {"c", "d"}, {"a", "b"}},
        {"known repost on top is skipped", {"a", "c"}, {"b"}},
        {"all known", {"a", "b", "c", "d"}, {}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        std::vector<Post> page = {make("a", true), make("b", false), make("c", false), make("d", false)};
        auto fresh = bluesky_new_posts(page, [&](const std::string& uri) { return c.known.count(uri) > 0; });
        std::vector<std::string> ids;
        for (const auto& p : fresh) ids.push_back(p.id);
        CHECK(ids == c.expected);
    }
}

TEST_CASE("Bluesky sessions", "[sources][bluesky]") {
    auto r = parse_bluesky_session(read_fixture("bluesky/create_session.json"));
    REQUIRE(r.session);
    CHECK(r.session->did == "did:plc:stv00000000000000000000");
    CHECK(r.session->handle == "stvincent.example");
    CHECK(r.session->access_jwt.rfind("eyJ0eXAiOiJhdCtqd3Qi", 0) == 0);
    CHECK(r.session->refresh_jwt.rfind("eyJ0eXAiOiJyZWZyZXNo", 0) == 0);
    REQUIRE(r.session->access_expires);
    CHECK(format_rfc3339(*r.session->access_expires) == "2026-11-24T11:28:20Z");

    struct Case { const char* body; const char* error; };
    const Case bad[] = {
        {R"({"error":"AuthenticationRequired","message":"Invalid identifier or password"})",
         "the server refused the login: AuthenticationRequired: Invalid identifier or password"},
        {R"({"accessJwt":"a.b.c","did":"did:plc:x"})", "the session answer lacks accessJwt, refreshJwt or did"},
        {"{\"accessJwt\":", "the body is not valid JSON (syntax error near byte 14)"},
    };
    for (const auto& c : bad) {
        INFO(c.body);
        auto s = parse_bluesky_session(c.body);
        CHECK_FALSE(s.session);
        CHECK(s.error == c.error);
    }
    CHECK_FALSE(jwt_expiry("not-a-jwt"));
    CHECK_FALSE(jwt_expiry("a.!!!.c"));
    CHECK_FALSE(jwt_expiry("a.eyJleHAiOiJzb29uIn0.c"));  // {"exp":"soon"}
    CHECK(bluesky_create_session_body("stv.example", "abcd-\"efgh\"-ijkl") ==
          R"({"identifier":"stv.example","password":"abcd-\"efgh\"-ijkl"})");
}

TEST_CASE("Bluesky request URLs", "[sources][bluesky]") {
    struct Case { std::string got; std::string expected; };
    const Case cases[] = {
        {bluesky_author_feed_url(kBlueskyPublicApi, "@stvincent.example"),
         "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=stvincent.example&limit=30&filter=posts_and_author_threads"},
        {bluesky_author_feed_url("https://api.example/", "did:plc:x", 500, ""),
         "https://api.example/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Ax&limit=100"},
        {bluesky_feed_url(kBlueskyPublicApi, "at://did:plc:x/app.bsky.feed.generator/hospital", 20),
         "https://public.api.bsky.app/xrpc/app.bsky.feed.getFeed?feed=at%3A%2F%2Fdid%3Aplc%3Ax%2Fapp.bsky.feed.generator%2Fhospital&limit=20"},
        {bluesky_search_url(kBlueskyDefaultService, "#StVKnee lang:en"),
         "https://bsky.social/xrpc/app.bsky.feed.searchPosts?q=%23StVKnee%20lang%3Aen&sort=latest&limit=30"},
        {bluesky_create_session_url(kBlueskyDefaultService), "https://bsky.social/xrpc/com.atproto.server.createSession"},
        {bluesky_refresh_session_url(kBlueskyDefaultService), "https://bsky.social/xrpc/com.atproto.server.refreshSession"},
    };
    for (const auto& c : cases) CHECK(c.got == c.expected);
}

TEST_CASE("Bluesky hostile bodies", "[sources][bluesky]") {
    std::string deep = "{\"feed\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    struct Case { const char* name; std::string body; std::string error_start; };
    const Case cases[] = {
        {"empty", "  ", "the body is empty"},
        {"truncated", read_fixture("bluesky/author_feed.json").substr(0, 500), "the body is not valid JSON"},
        {"no feed", R"({"cursor":"x"})", "the body has neither a feed[] nor a posts[] array"},
        {"feed is a string", R"({"feed":"x"})", "the body has neither a feed[] nor a posts[] array"},
        {"xrpc error", R"({"error":"InvalidRequest","message":"Profile not found"})",
         "the server answered with an error: InvalidRequest: Profile not found"},
        {"deep nesting", deep, "the JSON is nested deeper than"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        auto r = parse_bluesky_feed(c.body, bluesky_ctx());
        CHECK_FALSE(r.ok());
        CHECK(r.body_error.rfind(c.error_start, 0) == 0);
    }

    const std::string wrong_types = R"({"feed":[
        1, null, {"post": 5}, {"post": {"uri": 7}},
        {"post": {"uri": "at://did:plc:a/app.bsky.feed.post/1", "record": [], "author": {}}},
        {"post": {"uri": "at://did:plc:a/app.bsky.feed.post/2", "record": {"text": 5, "createdAt": "2026-11-24T09:00:00Z",
                  "facets": [{"index": {"byteStart": 0, "byteEnd": 99999999999}, "features": [{"$type": "app.bsky.richtext.facet#tag"}]}],
                  "tags": [1, null, "ok"], "labels": "x", "langs": [7]},
                  "author": {"handle": 3, "labels": {"val": "porn"}}, "labels": [{"val": 1}, "porn"],
                  "embed": {"$type": "app.bsky.embed.images#view", "images": [{"fullsize": 4}, "x"]}},
         "reason": "repost"}
    ]})";
    auto r = parse_bluesky_feed(wrong_types, bluesky_ctx());
    REQUIRE(r.ok());
    CHECK(r.item_errors.size() == 5);
    REQUIRE(r.posts.size() == 1);
    const Post& p = r.posts[0];
    CHECK(p.text.empty());
    CHECK(p.tags == std::vector<std::string>{"ok"});
    CHECK(p.labels.empty());
    CHECK_FALSE(p.sensitive);
    CHECK(p.media.empty());
    CHECK_FALSE(p.is_repost);
    CHECK(p.permalink == "https://bsky.app/profile/did%3Aplc%3Aa/post/2");
}
