// The console's safety rules over real HTTP on 127.0.0.1 with a real store:
// a post held for patient details needs "approve anyway" on its own (bulk
// approval skips it), blocking acts on one author and can be undone, and
// failed logins neither lock colleagues out nor store what was typed.
#include "console_fixture.h"

#include "server/blocked_authors.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using namespace lw;
using namespace lw::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

ModerationState state_of(ConsoleFixture& f, const std::string& id) {
    auto sp = f.store().get_post(id);
    REQUIRE(sp.ok());
    REQUIRE(sp->has_value());
    return (**sp).state;
}

}  // namespace

TEST_CASE("console: a post held for patient details is approved only with approve anyway") {
    ConsoleFixture f;
    f.seed_pending("ok1", "Thank you to the night team", 300s);
    f.seed_pending("phone", "Call me on 07700 900123 about my dad", 200s);
    f.seed_pending("room", "Visiting Mrs Patel in room 214 after her knee replacement", 100s);
    f.seed_pending("ok2", "Lovely garden by the entrance", 50s);
    auto s = f.login();

    // The list says which posts are held and why, in words.
    auto list = json::parse(f.get(s, "/api/posts?state=pending")->body);
    for (const auto& p : list["posts"]) {
        INFO(p["id"]);
        const bool held = p["id"] == "phone" || p["id"] == "room";
        CHECK(p["held_for_privacy"].empty() == !held);
    }

    struct Case {
        const char* what;
        const char* body;
        int status;
        std::vector<const char*> approved;  // after the request
        std::size_t skipped;
    };
    const Case cases[] = {
        {"one held post, no confirmation", R"({"id":"phone","state":"approved"})", 409, {}, 1},
        {"two held posts in bulk", R"({"ids":["phone","room"],"state":"approved"})", 409, {}, 2},
        {"bulk with held posts skips them", R"({"ids":["ok1","phone","room","ok2"],"state":"approved"})",
         200, {"ok1", "ok2"}, 2},
        {"approve anyway in bulk is refused",
         R"({"ids":["phone","room"],"state":"approved","approve_anyway":"phone"})", 400, {"ok1", "ok2"}, 0},
        {"approve anyway naming another post is refused",
         R"({"ids":["phone"],"state":"approved","approve_anyway":"room"})", 400, {"ok1", "ok2"}, 0},
        {"approve anyway on its own", R"({"ids":["phone"],"state":"approved","approve_anyway":"phone"})",
         200, {"ok1", "ok2", "phone"}, 0},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        auto res = f.post(s, "/api/posts/decide", c.body);
        REQUIRE(res);
        CHECK(res->status == c.status);
        auto answer = json::parse(res->body);
        if (c.status == 409) CHECK(answer["held"].size() == c.skipped);
        if (c.status == 200) CHECK(answer["skipped_held"].size() == c.skipped);
        if (c.status != 200) CHECK(answer["error"].is_string());
        for (const char* id : c.approved) CHECK(state_of(f, id) == ModerationState::Approved);
    }
    CHECK(state_of(f, "room") == ModerationState::Pending);

    // The audit log says it was approved anyway, by whom, and why it was held.
    auto audit = f.store().query_audit({.actor = "ana", .action = "decision", .target = "phone"});
    REQUIRE(audit->size() == 1);
    CHECK(audit->front().details.find("approved anyway") != std::string::npos);
    CHECK(audit->front().details.find("looks like a phone number") != std::string::npos);

    // A rejected held post needs the same step to come back as approved.
    REQUIRE(f.post(s, "/api/posts/decide", R"({"id":"room","state":"rejected"})")->status == 200);
    CHECK(f.post(s, "/api/posts/decide", R"({"id":"room","state":"approved"})")->status == 409);
    CHECK(state_of(f, "room") == ModerationState::Rejected);
    // Taking an approved held post off the screen needs no confirmation.
    CHECK(f.post(s, "/api/posts/decide", R"({"id":"phone","state":"pending"})")->status == 200);
    CHECK(f.store().build_wall_content(f.clock().now(), 24h)->posts.size() == 2);
}

TEST_CASE("console: privacy reasons recorded by the rules hold a post too") {
    ConsoleFixture f;
    f.seed_pending("p", "Nothing to see in the text", 100s);
    // As the pipeline stores it: held, with the guard's reason (the finding
    // was in a field the fresh scan does not read, e.g. a since-changed rule).
    REQUIRE(f.store()
                .record_decision({"p", ModerationState::Pending, {"privacy: date of birth"},
                                  {"rules", ""}, f.clock().now()})
                .ok());
    auto s = f.login();
    auto res = f.post(s, "/api/posts/decide", R"({"id":"p","state":"approved"})");
    REQUIRE(res->status == 409);
    CHECK(json::parse(res->body)["held"][0]["reasons"][0] == "looks like a date of birth");
}

namespace {

// A web-feed item as the RSS parser stores it: the feed's title is the
// handle, the item's author (when the feed names one) the author.
void seed_feed_item(ConsoleFixture& f, const std::string& id, const std::string& author,
                    std::chrono::seconds age) {
    const Post p{.id = id, .source_id = "community-news", .source_kind = SourceKind::WebFeed,
                 .author = author, .handle = "Community News",
                 .text = "Item " + id + " from the community feed", .created = f.clock().now() - age};
    REQUIRE(f.store().upsert_posts({p}, f.clock().now())->new_ids.size() == 1);
}

}  // namespace

TEST_CASE("console: blocking a web-feed author blocks that person, not the feed") {
    ConsoleFixture f;
    seed_feed_item(f, "spam1", "Spammy Sam", 500s);
    seed_feed_item(f, "spam2", "Spammy Sam", 400s);
    seed_feed_item(f, "good", "Kind Kate", 300s);
    seed_feed_item(f, "nameless", "Community News", 200s);  // the feed names no author
    auto s = f.login();
    // spam2 is on the screen already.
    REQUIRE(f.post(s, "/api/posts/decide", R"({"id":"spam2","state":"approved"})")->status == 200);

    auto res = f.post(s, "/api/blocked-authors", R"({"post_id":"spam1"})");
    REQUIRE(res->status == 200);
    auto answer = json::parse(res->body);
    CHECK(answer["blocked"] == "Spammy Sam in the feed community-news");
    CHECK(answer["rejected"] == 1);
    CHECK(answer["removed_from_screen"] == 1);
    CHECK(state_of(f, "spam1") == ModerationState::Rejected);
    CHECK(state_of(f, "spam2") == ModerationState::Rejected);
    CHECK(state_of(f, "good") == ModerationState::Pending);
    CHECK(state_of(f, "nameless") == ModerationState::Pending);
    CHECK(f.store().build_wall_content(f.clock().now(), 24h)->posts.empty());
    auto list = json::parse(f.get(s, "/api/blocked-authors")->body);
    CHECK(list["authors"].empty());
    CHECK(list["feed_authors"] == json::parse(R"([{"source":"community-news","author":"spammy sam"}])"));
    // The pipeline's check rejects the next item by that author, not others.
    auto blocks = blocked_feed_authors(f.store());
    REQUIRE(blocks.ok());
    Post next;
    next.source_id = "community-news";
    next.source_kind = SourceKind::WebFeed;
    next.handle = "Community News";
    next.author = " spammy SAM ";
    CHECK(feed_author_block_reason(*blocks, next).has_value());
    next.author = "Kind Kate";
    CHECK_FALSE(feed_author_block_reason(*blocks, next).has_value());

    // An item without its own author: only the whole feed, and only when asked so.
    CHECK(f.post(s, "/api/blocked-authors", R"({"post_id":"nameless"})")->status == 409);
    CHECK(state_of(f, "nameless") == ModerationState::Pending);

    // Undo puts the block and both posts back where they were.
    auto undo = f.post(s, "/api/blocked-authors/undo",
                       json{{"undo", answer["undo"]}}.dump());
    REQUIRE(undo->status == 200);
    CHECK(json::parse(undo->body)["restored"] == 2);
    CHECK(state_of(f, "spam1") == ModerationState::Pending);
    CHECK(state_of(f, "spam2") == ModerationState::Approved);
    CHECK(json::parse(f.get(s, "/api/blocked-authors")->body)["feed_authors"].empty());
    // Once only.
    CHECK(f.post(s, "/api/blocked-authors/undo", json{{"undo", answer["undo"]}}.dump())->status == 410);

    // The whole feed, said so.
    auto feed = f.post(s, "/api/blocked-authors", R"({"post_id":"nameless","scope":"feed"})");
    REQUIRE(feed->status == 200);
    CHECK(json::parse(feed->body)["blocked"] == "the whole feed Community News");
    CHECK(state_of(f, "good") == ModerationState::Rejected);
}

TEST_CASE("console: unblocking is an admin's, and undo is the blocker's") {
    ConsoleFixture f;
    f.seed_pending("t1", "spam", 100s, "troll@example.social");
    auto ana = f.login();
    auto max = f.login(R"({"name":"max","password":"moderator's own password"})");
    auto block = f.post(max, "/api/blocked-authors", R"({"post_id":"t1"})");
    REQUIRE(block->status == 200);
    const std::string token = json::parse(block->body)["undo"];
    struct Case {
        const char* what;
        LoggedIn* who;
        const char* path;
        std::string body;
        int status;
    };
    const Case cases[] = {
        {"a moderator cannot unblock", &max, "/api/blocked-authors",
         R"({"handle":"troll@example.social","blocked":false})", 403},
        {"a wrong token", &max, "/api/blocked-authors/undo", R"({"undo":"undo-nope"})", 410},
        {"the blocker undoes", &max, "/api/blocked-authors/undo", json{{"undo", token}}.dump(), 200},
        {"blocked again", &max, "/api/blocked-authors", R"({"handle":"troll@example.social"})", 200},
        {"an admin unblocks", &ana, "/api/blocked-authors",
         R"({"handle":"troll@example.social","blocked":false})", 200},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        CHECK(f.post(*c.who, c.path, c.body)->status == c.status);
    }
    CHECK(json::parse(f.get(ana, "/api/blocked-authors")->body)["authors"].empty());
}

namespace {

httplib::Result save_form(ConsoleFixture& f, const LoggedIn& s, httplib::MultipartFormDataItems items) {
    return f.client().Post("/api/announcements/form", {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}},
                           items);
}

}  // namespace

TEST_CASE("console: an announcement form is saved whole or not at all") {
    ConsoleFixture f;
    auto s = f.login();
    const std::string ukrainian_1900 = [] {
        std::string t;
        for (int i = 0; i < 190; ++i) t += "Привіт, с ";  // 10 characters, 17 bytes
        return t;
    }();
    const std::string ukrainian_2001 = ukrainian_1900 + std::string(101, 'x');
    struct Case {
        const char* what;
        httplib::MultipartFormDataItems items;
        int status;
        const char* error_part;
        std::size_t announcements_after;
    };
    const Case cases[] = {
        {"a refused image saves nothing",
         {{"title", "Flu jabs", "", ""}, {"image", "not an image at all", "flu.png", "image/png"}},
         400, "not an image", 0},
        {"HTML is refused with the tag named", {{"title", "<b>Flu</b> jabs", "", ""}}, 400, "<b>", 0},
        {"1,900 Ukrainian characters fit", {{"body", ukrainian_1900, "", ""}}, 200, "", 1},
        {"2,001 characters do not", {{"body", ukrainian_2001, "", ""}}, 400, "2001 characters", 1},
        {"no title and no text", {{"starts", "2026-01-01T00:00:00Z", "", ""}}, 400, "title or a text", 1},
        {"a bad time", {{"title", "x", "", ""}, {"ends", "soon", "", ""}}, 400, "\"ends\"", 1},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        auto res = save_form(f, s, c.items);
        REQUIRE(res);
        CHECK(res->status == c.status);
        if (*c.error_part) CHECK(json::parse(res->body)["error"].get<std::string>().find(c.error_part) != std::string::npos);
        CHECK(f.store().announcements()->size() == c.announcements_after);
    }
    // The JSON route counts characters and refuses HTML the same way.
    CHECK(f.post(s, "/api/announcements", json{{"body", ukrainian_1900}}.dump())->status == 200);
    CHECK(f.post(s, "/api/announcements", R"({"title":"<script>x</script>"})")->status == 400);
    // A "<" that is no tag is text.
    CHECK(f.post(s, "/api/announcements", R"({"title":"Waits < 10 min"})")->status == 200);
}

TEST_CASE("console: prompt links must be https and the config's prompts are listed") {
    ConsoleOptions o = ConsoleFixture::default_options();
    o.config_prompts = {{"cfg", "Share your story", "StVKnee", "https://example.org/share"}};
    ConsoleFixture f(o);
    auto s = f.login();
    CHECK(f.post(s, "/api/prompts", R"({"text":"x","hashtag":"ok","url":"http://example.org"})")->status == 400);
    CHECK(f.post(s, "/api/prompts", R"({"text":"x","hashtag":"ok","url":"https://example.org"})")->status == 200);
    auto list = json::parse(f.get(s, "/api/prompts")->body);
    REQUIRE(list["config_prompts"].size() == 1);
    CHECK(list["config_prompts"][0]["hashtag"] == "StVKnee");
}

TEST_CASE("console: the audit log says which post, by whom, and finds it by its words") {
    ConsoleFixture f;
    f.seed_pending("p1", "Thank you to the whole knee team at St V for the kindness this week and more", 300s,
                   "grateful@example.social");
    f.seed_pending("p2", "Lovely garden", 200s);
    auto s = f.login();
    REQUIRE(f.post(s, "/api/posts/decide", R"({"ids":["p1","p2"],"state":"approved"})")->status == 200);
    struct Case {
        const char* query;
        std::vector<const char*> targets;
    };
    const Case cases[] = {
        {"/api/audit?action=decision&post=KNEE%20team", {"p1"}},
        {"/api/audit?action=decision&post=grateful@", {"p1"}},
        {"/api/audit?action=decision&post=garden", {"p2"}},
        {"/api/audit?action=decision&post=100%25", {}},  // % is a letter, not a wildcard
        {"/api/audit?action=decision", {"p2", "p1"}},
    };
    for (const Case& c : cases) {
        INFO(c.query);
        auto res = f.get(s, c.query);
        REQUIRE(res->status == 200);
        auto entries = json::parse(res->body)["entries"];
        REQUIRE(entries.size() == c.targets.size());
        for (std::size_t i = 0; i < entries.size(); ++i) CHECK(entries[i]["target"] == c.targets[i]);
    }
    auto one = json::parse(f.get(s, "/api/audit?action=decision&post=knee")->body)["entries"][0];
    CHECK(one["actor"] == "ana");
    CHECK(one["post"]["author"] == "A Visitor");
    CHECK(one["post"]["handle"] == "grateful@example.social");
    CHECK(one["post"]["words"] == "Thank you to the whole knee team at St V for the\u2026");
    CHECK(one["post"]["state"] == "approved");
}

TEST_CASE("console: the queue judges privacy with the hospital's own numbers, in the guard's words") {
    struct Case {
        const char* what;
        std::vector<std::string> public_numbers;
        bool held;
    };
    const Case cases[] = {
        {"no [privacy] numbers: a phone number is held", {}, true},
        {"the hospital's own number is not", {"0300 555 0100"}, false},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        ConsoleOptions o = ConsoleFixture::default_options();
        o.privacy.public_numbers = c.public_numbers;
        ConsoleFixture f(o);
        f.seed_pending("n", "Questions about visiting? Call 0300 555 0100 any day", 100s);
        auto s = f.login();
        auto post = json::parse(f.get(s, "/api/posts?state=pending")->body)["posts"][0];
        CHECK(post["held_for_privacy"].empty() == !c.held);
        CHECK(post["highlights"].empty() == !c.held);
        CHECK(f.post(s, "/api/posts/decide", R"({"id":"n","state":"approved"})")->status == (c.held ? 409 : 200));
    }

    // A highlight carries the guard's own reason, not only its kind.
    ConsoleFixture f;
    f.seed_pending("name", "Get well soon Maria Lopez! Dialysis day again, you are so brave", 100s);
    auto s = f.login();
    auto post = json::parse(f.get(s, "/api/posts?state=pending")->body)["posts"][0];
    REQUIRE_FALSE(post["highlights"].empty());
    const std::string why = post["highlights"][0]["why"];
    CHECK(why != "a person's name next to a diagnosis or procedure");
    CHECK(why.find("name") != std::string::npos);
}
