// Tests for sources/sources: payload dispatch and probe JSON Lines records.
#include "sources/sources.h"

#include "fixture.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using namespace lw;
using namespace lw::sources;

TEST_CASE("payload kinds by name and by source kind", "[sources][api]") {
    CHECK(payload_kind_from_name("mastodon") == PayloadKind::Mastodon);
    CHECK(payload_kind_from_name("bluesky") == PayloadKind::Bluesky);
    CHECK(payload_kind_from_name("feed") == PayloadKind::WebFeed);
    CHECK_FALSE(payload_kind_from_name("rss"));
    struct Case { SourceKind kind; PayloadKind expected; };
    const Case cases[] = {
        {SourceKind::MastodonHashtag, PayloadKind::Mastodon}, {SourceKind::MastodonAccount, PayloadKind::Mastodon},
        {SourceKind::BlueskyAuthor, PayloadKind::Bluesky},    {SourceKind::BlueskyFeed, PayloadKind::Bluesky},
        {SourceKind::BlueskySearch, PayloadKind::Bluesky},    {SourceKind::WebFeed, PayloadKind::WebFeed},
    };
    for (const auto& c : cases) CHECK(payload_kind_for(c.kind) == c.expected);
}

TEST_CASE("parse_payload reaches each parser", "[sources][api]") {
    ParseContext ctx;
    ctx.source_kind = SourceKind::MastodonHashtag;
    struct Case { PayloadKind kind; const char* fixture; std::size_t posts; };
    const Case cases[] = {
        {PayloadKind::Mastodon, "mastodon/tag_timeline.json", 3},
        {PayloadKind::Bluesky, "bluesky/author_feed.json", 4},
        {PayloadKind::Bluesky, "bluesky/search_posts.json", 2},
        {PayloadKind::WebFeed, "webfeed/news.rss", 5},
        {PayloadKind::WebFeed, "webfeed/feed.json", 3},
    };
    for (const auto& c : cases) {
        INFO(c.fixture);
        auto r = parse_payload(c.kind, read_fixture(c.fixture), ctx);
        CHECK(r.ok());
        CHECK(r.posts.size() == c.posts);
    }
    // The wrong parser for a body says so instead of inventing posts.
    CHECK_FALSE(parse_payload(PayloadKind::Mastodon, read_fixture("webfeed/feed.json"), ctx).ok());
    CHECK_FALSE(parse_payload(PayloadKind::WebFeed, read_fixture("mastodon/tag_timeline.json"), ctx).ok());
}

TEST_CASE("probe_json_line has exactly the promised fields", "[sources][api]") {
    ParseContext ctx;
    ctx.source_kind = SourceKind::MastodonHashtag;
    ctx.instance_host = "wall.example";
    auto r = parse_mastodon_statuses(read_fixture("mastodon/tag_timeline.json"), ctx);
    REQUIRE(r.posts.size() == 3);
    std::string line = probe_json_line(r.posts[1]);
    CHECK(line.find('\n') == std::string::npos);
    auto j = nlohmann::json::parse(line);
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
    CHECK(keys == std::vector<std::string>{"author", "avatar", "created_at", "handle", "id", "kind", "media",
                                           "reply", "repost", "sensitive", "tags", "text", "url"});
    CHECK(j["kind"] == "mastodon_hashtag");
    CHECK(j["created_at"] == "2026-11-24T09:00:00Z");
    CHECK(j["reply"] == true);
    CHECK(j["repost"] == false);
    CHECK(j["sensitive"] == true);
    CHECK(j["text"] == "@visitor Healing well & walking again!\nDay 3 :nurse_heart:");
    REQUIRE(j["media"].size() == 1);
    CHECK(j["media"][0]["width"] == 720);
    CHECK(j["media"][0]["alt"] == "");

    Post bare;
    bare.media.push_back({Media::Kind::Image, "https://x.example/a.png", "", "", 0, 0});
    auto b = nlohmann::json::parse(probe_json_line(bare));
    CHECK(b["media"][0]["width"].is_null());
    CHECK(b["media"][0]["height"].is_null());
    CHECK(b["tags"].is_array());
}
