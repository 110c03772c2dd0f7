// Tests for sources/mastodon: statuses and accounts to Posts, request URLs,
// and hostile bodies.
#include "sources/mastodon.h"

#include "core/time.h"
#include "fixture.h"

#include <catch2/catch.hpp>

#include <chrono>

using namespace lw;
using namespace lw::sources;

namespace {

ParseContext mastodon_ctx() {
    ParseContext ctx;
    ctx.source_id = "stv-knee";
    ctx.source_kind = SourceKind::MastodonHashtag;
    ctx.instance_host = "wall.example";
    return ctx;
}

}  // namespace

TEST_CASE("Mastodon tag timeline fixture maps to Posts", "[sources][mastodon]") {
    auto r = parse_mastodon_statuses(read_fixture("mastodon/tag_timeline.json"), mastodon_ctx());
    REQUIRE(r.ok());
    CHECK(r.newest_cursor == "113500000000000042");
    CHECK(r.skipped == 1);  // the followers-only status
    REQUIRE(r.item_errors.size() == 1);
    CHECK(r.item_errors[0] ==
          "status 5 (id 113499999999998300) has no valid created_at, skipped");
    REQUIRE(r.posts.size() == 3);

    for (const Post& p : r.posts) {
        CHECK(p.source_id == "stv-knee");
        CHECK(p.source_kind == SourceKind::MastodonHashtag);
    }

    SECTION("a boost becomes the original, marked as a repost") {
        const Post& p = r.posts[0];
        CHECK(p.id == "https://health.example/users/physio/statuses/113499999999999001");
        CHECK(p.permalink == "https://health.example/@physio/113499999999999001");
        CHECK(p.is_repost);
        CHECK(p.reposted_by == "@visitor@wall.example");
        CHECK(p.author == "St V Physio Team");
        CHECK(p.handle == "@physio@health.example");
        CHECK(p.avatar_url == "https://files.wall.example/cache/accounts/avatars/physio.png");
        CHECK(p.text == "Our new knee clinic opens today :tada: #StVKnee\n"
                        "Ask us anything at health.example/knee-clinic/que\xE2\x80\xA6");
        CHECK(format_rfc3339(p.created) == "2026-11-24T09:15:00Z");
        CHECK(p.language == "en");
        CHECK(p.tags == std::vector<std::string>{"stvknee"});
        REQUIRE(p.emojis.size() == 1);
        CHECK(p.emojis[0].shortcode == "tada");
        CHECK(p.emojis[0].url == "https://files.wall.example/emoji/tada.png");
        REQUIRE(p.media.size() == 1);
        const Media& m = p.media[0];
        CHECK(m.kind == Media::Kind::Image);
        CHECK(m.url == "https://files.wall.example/cache/media_attachments/original/clinic.jpg");
        CHECK(m.alt == "A bright waiting room with blue chairs");
        CHECK(m.width == 1600);
        CHECK(m.height == 900);
        CHECK(m.focus_x == Approx(-0.42));
        CHECK(m.focus_y == Approx(0.69));
        CHECK_FALSE(p.sensitive);
        CHECK_FALSE(p.is_reply);
    }
    SECTION("a reply with a content warning") {
        const Post& p = r.posts[1];
        CHECK(p.id == "https://wall.example/users/nurse/statuses/113499999999999000");
        CHECK(p.is_reply);
        CHECK_FALSE(p.is_repost);
        CHECK(p.content_warning == "Surgery photos");
        CHECK(p.sensitive);
        CHECK(p.handle == "@nurse@wall.example");
        CHECK(p.author == "Nurse Kim :nurse_heart:");
        CHECK(p.avatar_url == "https://files.wall.example/accounts/avatars/nurse_static.png");
        CHECK(p.text == "@visitor Healing well & walking again!\nDay 3 :nurse_heart:");
        REQUIRE(p.emojis.size() == 1);  // from the account: used in the display name
        CHECK(p.emojis[0].shortcode == "nurse_heart");
        REQUIRE(p.media.size() == 1);   // the audio attachment has nothing to show
        CHECK(p.media[0].kind == Media::Kind::VideoThumbnail);
        CHECK(p.media[0].url == "https://files.wall.example/media/walk_preview.png");
        CHECK(p.media[0].alt == "");
        CHECK(p.media[0].width == 720);
        CHECK(p.media[0].height == 1280);
    }
    SECTION("sensitive flag, empty display name, null url, card thumbnail") {
        const Post& p = r.posts[2];
        CHECK(p.sensitive);
        CHECK(p.content_warning.empty());
        CHECK(p.author == "fundraiser");
        CHECK(p.permalink == "https://wall.example/users/fundraiser/statuses/113499999999998400");
        CHECK(p.avatar_url == "https://files.wall.example/accounts/avatars/fundraiser.png");
        CHECK(p.language == "de");
        CHECK(p.text == "Spendenlauf f\xC3\xBCr die Kinderstation #Laufen");
        CHECK(p.tags == std::vector<std::string>{"laufen"});
        REQUIRE(p.media.size() == 1);
        CHECK(p.media[0].kind == Media::Kind::LinkThumbnail);
        CHECK(p.media[0].alt == "Charity run 2026");
        CHECK(p.media[0].width == 400);
    }
}

TEST_CASE("Mastodon handle uses the account URL host without an instance host", "[sources][mastodon]") {
    ParseContext ctx = mastodon_ctx();
    ctx.instance_host.clear();
    auto r = parse_mastodon_statuses(read_fixture("mastodon/tag_timeline.json"), ctx);
    REQUIRE(r.posts.size() == 3);
    CHECK(r.posts[1].handle == "@nurse@wall.example");
}

TEST_CASE("Mastodon newest id and account lookup", "[sources][mastodon]") {
    CHECK(mastodon_newest_id(read_fixture("mastodon/tag_timeline.json")) == "113500000000000042");
    CHECK(mastodon_newest_id("[]") == "");
    CHECK(mastodon_newest_id("[{\"id\":\"ZZZ-opaque\"},{\"id\":\"999\"}]") == "ZZZ-opaque");
    CHECK(mastodon_newest_id("not json") == "");

    auto a = parse_mastodon_account(read_fixture("mastodon/account_lookup.json"));
    REQUIRE(a.account);
    CHECK(a.account->id == "109000000000000777");
    CHECK(a.account->acct == "stvincent");
    CHECK(a.account->display_name == "St Vincent Hospital");

    struct Case { const char* body; const char* error; };
    const Case bad[] = {
        {R"({"error":"Record not found"})", "the server answered with an error: Record not found"},
        {"[]", "the body is not a JSON account object"},
        {R"({"id": {"nested": 1}})", "the account has no id"},
        {"", "the body is empty"},
    };
    for (const auto& c : bad) {
        INFO(c.body);
        auto r = parse_mastodon_account(c.body);
        CHECK_FALSE(r.account);
        CHECK(r.error == c.error);
    }
    CHECK(mastodon_error_message(R"({"error":"invalid_token","error_description":"The access token is invalid"})") ==
          "invalid_token: The access token is invalid");
}

TEST_CASE("Mastodon request URLs", "[sources][mastodon]") {
    struct Case { std::string got; std::string expected; };
    const Case cases[] = {
        {mastodon_tag_timeline_url("https://wall.example/", "#StVKnee", ""),
         "https://wall.example/api/v1/timelines/tag/StVKnee?limit=40"},
        {mastodon_tag_timeline_url("https://wall.example", "caf\xC3\xA9 x", "1135&x", 80, true),
         "https://wall.example/api/v1/timelines/tag/caf%C3%A9%20x?limit=40&min_id=1135%26x&local=true"},
        {mastodon_account_lookup_url("https://wall.example", "@stvincent@wall.example"),
         "https://wall.example/api/v1/accounts/lookup?acct=stvincent%40wall.example"},
        {mastodon_account_statuses_url("https://wall.example", "109000000000000777", "113", true, false),
         "https://wall.example/api/v1/accounts/109000000000000777/statuses?limit=40&min_id=113&exclude_replies=true"},
        {mastodon_account_statuses_url("https://wall.example", "9", "", false, true, 10),
         "https://wall.example/api/v1/accounts/9/statuses?limit=10&exclude_reblogs=true"},
    };
    for (const auto& c : cases) CHECK(c.got == c.expected);
}

TEST_CASE("Mastodon hostile bodies give one error and no crash", "[sources][mastodon]") {
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    std::string truncated = read_fixture("mastodon/tag_timeline.json").substr(0, 700);
    struct Case { const char* name; std::string body; std::string error_start; };
    const Case cases[] = {
        {"empty", "", "the body is empty"},
        {"truncated", truncated, "the body is not valid JSON (syntax error near byte"},
        {"object instead of array", "{\"statuses\": []}", "the body is not a JSON array"},
        {"server error", "{\"error\": \"This API requires an authenticated user\"}",
         "the server answered with an error: This API requires an authenticated user"},
        {"100k-deep nesting", deep, "the JSON is nested deeper than 128 levels"},
        {"html error page", "<html><body>502 Bad Gateway</body></html>", "the body is not valid JSON"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        auto r = parse_mastodon_statuses(c.body, mastodon_ctx());
        CHECK_FALSE(r.ok());
        CHECK(r.body_error.rfind(c.error_start, 0) == 0);
        CHECK(r.posts.empty());
    }
}

TEST_CASE("Mastodon wrong types skip only the bad items", "[sources][mastodon]") {
    const std::string good = R"({"id":"1","created_at":"2026-11-24T09:00:00Z","uri":"https://w.example/s/1",
        "content":"<p>ok</p>","account":{"acct":"a","username":"a","display_name":"A"}})";
    const std::string body = "[" + good + R"(,
        42, "string", null, [],
        {"id":"2","created_at":12345,"uri":"https://w.example/s/2","account":{}},
        {"id":"3","created_at":"2026-11-24T09:00:00Z","uri":["x"],"account":{"acct":"b"}},
        {"id":"4","created_at":"2026-11-24T09:00:00Z","uri":"https://w.example/s/4","account":"nope"},
        {"id":"5","created_at":"2026-11-24T09:00:00Z","uri":"https://w.example/s/5",
         "content":{"p":1},"sensitive":"yes","spoiler_text":7,"in_reply_to_id":null,
         "media_attachments":{"0":1},"tags":[{"name":5},"x",null],"emojis":"none",
         "account":{"acct":12,"username":"u","display_name":["x"],"avatar_static":false},
         "reblog":"not an object","language":3}
    ])";
    auto r = parse_mastodon_statuses(body, mastodon_ctx());
    REQUIRE(r.ok());
    REQUIRE(r.posts.size() == 2);
    CHECK(r.posts[0].text == "ok");
    CHECK(r.posts[0].handle == "@a@wall.example");
    const Post& odd = r.posts[1];
    CHECK(odd.id == "https://w.example/s/5");
    CHECK(odd.text.empty());
    CHECK_FALSE(odd.sensitive);
    CHECK_FALSE(odd.is_repost);
    CHECK(odd.author == "u");
    CHECK(odd.handle == "@u@wall.example");
    CHECK(odd.tags.empty());
    CHECK(r.item_errors.size() == 7);
    CHECK(r.item_errors[0] == "status 2 is not an object, skipped");
}

TEST_CASE("Mastodon big and broken text stays bounded and valid", "[sources][mastodon]") {
    std::string huge(1024 * 1024, 'x');
    std::string body = R"([{"id":"1","created_at":"2026-11-24T09:00:00Z","uri":"https://w.example/s/1",
        "content":"<p>)" + huge + R"(</p>","account":{"acct":"a"}},
        {"id":"2","created_at":"2026-11-24T09:00:00Z","uri":"https://w.example/s/2",
        "content":"<p>bad )" + std::string("\xC3\x28\xFF") + R"( bytes</p>","account":{"acct":"a","display_name":"\u0007Bell"}}])";
    ParseContext ctx = mastodon_ctx();
    auto start = std::chrono::steady_clock::now();
    auto r = parse_mastodon_statuses(body, ctx);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    REQUIRE(r.posts.size() == 2);
    CHECK(r.posts[0].text.size() <= ctx.max_text_bytes);
    CHECK(r.posts[0].text.substr(r.posts[0].text.size() - 3) == "\xE2\x80\xA6");
    CHECK(r.posts[1].text == "bad \xEF\xBF\xBD(\xEF\xBF\xBD bytes");
    CHECK(r.posts[1].author == "Bell");

    // A lone surrogate escape costs one character, not the whole page.
    auto lone = parse_mastodon_statuses(
        R"([{"id":"1","created_at":"2026-11-24T09:00:00Z","uri":"https://w.example/s/1",
            "content":"<p>broken \ud83d emoji \ud83d\ude00</p>","account":{"acct":"a"}}])", ctx);
    REQUIRE(lone.ok());
    REQUIRE(lone.posts.size() == 1);
    CHECK(lone.posts[0].text == "broken \xEF\xBF\xBD emoji \xF0\x9F\x98\x80");
}

TEST_CASE("Mastodon caps the number of items", "[sources][mastodon]") {
    std::string body = "[";
    for (int i = 0; i < 50; ++i) {
        if (i) body += ",";
        body += R"({"id":")" + std::to_string(1000 - i) +
                R"(","created_at":"2026-11-24T09:00:00Z","uri":"https://w.example/s/)" +
                std::to_string(i) + R"(","content":"x","account":{"acct":"a"}})";
    }
    body += "]";
    ParseContext ctx = mastodon_ctx();
    ctx.max_items = 10;
    auto r = parse_mastodon_statuses(body, ctx);
    CHECK(r.posts.size() == 10);
    REQUIRE(r.item_errors.size() == 1);
    CHECK(r.item_errors[0] == "kept the first 10 statuses and dropped the rest");
    CHECK(r.newest_cursor == "1000");
}
