// A hub and screens over real HTTP on 127.0.0.1: pairing, approval and
// retraction on every screen, the kill switch acknowledged by each, what a
// screen token may reach, revocation, and a screen cut off from its hub
// (a settable clock runs the grace period out).
#include "fleet_fixture.h"

#include "fleet/sync_document.h"
#include "store/store_fleet.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

using namespace lw;
using namespace lw::test;
using Json = nlohmann::json;

namespace {

const Actor kAna{"ana", "127.0.0.1"};

std::vector<std::string> ids(std::initializer_list<const char*> list) { return {list.begin(), list.end()}; }

// Steps every screen once (each is its own thread in the product).
void sync_all(std::vector<ScreenFixture*> screens) {
    for (ScreenFixture* s : screens) {
        s->sync->step();
        s->sync->publish();
    }
}

// Two maternity screens and one in the emergency department, paired and synced.
void pair_three(HubFixture& hub, ScreenFixture& s1, ScreenFixture& s2, ScreenFixture& s3) {
    hub.pair(*s1.sync, "Maternity 1", "maternity");
    hub.pair(*s2.sync, "Maternity 2", "maternity");
    hub.pair(*s3.sync, "ED 1", "emergency");
    sync_all({&s1, &s2, &s3});
}

std::string token_of(ScreenFixture& screen) {
    auto values = fleet_store::local_values(*screen.store);
    REQUIRE(values.ok());
    return (*values)["token"];
}

}  // namespace

TEST_CASE("a screen pairs with the code it shows, then shows the hub's approved wall with its pictures") {
    HubFixture hub;
    Post p = make_post("post-1", "The new garden opens today");
    p.media.push_back({Media::Kind::Image, "https://example.org/cake.jpg", hub.cached_picture("https://example.org/cake.jpg", "images/cake.jpg"), "cake"});
    p.avatar_url = "https://example.org/avatar.png";
    p.avatar_local_path = hub.cached_picture(p.avatar_url, "avatars/person2.png");
    hub.publish({p});

    ScreenFixture screen(hub.url(), hub.clock);
    // Unpaired: the wall shows the code and the hub it asks, nothing else.
    screen.sync->step();
    screen.sync->publish();
    CHECK(screen.sync->state() == "pairing");
    const std::string code = screen.sync->pairing_code();
    REQUIRE(code.size() == 9);
    auto wall = screen.wall();
    CHECK(wall->posts.empty());
    REQUIRE(wall->pairing.has_value());
    CHECK(wall->pairing->heading == "Pair this screen");
    CHECK(wall->pairing->code == code);
    CHECK_THAT(wall->pairing->hub, Catch::Contains("127.0.0.1"));

    // A wrong code pairs nothing; the right one does.
    CHECK_FALSE(hub.hub->approve("ZZZZ-ZZZZ", "Maternity 1", "maternity", kAna).ok());
    auto approved = hub.hub->approve(code, "Maternity 1", "maternity", kAna);
    REQUIRE(approved.ok());
    screen.sync->step();  // collects its token
    CHECK(screen.sync->state() == "live");
    screen.sync->step();  // the wall
    wall = screen.wall();
    REQUIRE(screen.post_ids() == ids({"post-1"}));
    CHECK_FALSE(wall->pairing.has_value());
    REQUIRE(wall->posts[0].media.size() == 1);
    // The pictures arrived, were checked against their hash and are in the screen's own cache.
    CHECK(std::filesystem::exists(wall->posts[0].media[0].local_path));
    CHECK(wall->posts[0].media[0].local_path.rfind(screen.dir.path().string(), 0) == 0);
    CHECK(std::filesystem::exists(wall->posts[0].avatar_local_path));
    CHECK(wall->prompts.size() == 1);
    // The token is stored hashed on the hub, never in clear.
    auto screens = fleet_store::screens(*hub.store);
    REQUIRE(screens->size() == 1);
    CHECK(screens->at(0).token_hash == fleet::content_hash(token_of(screen)));
    CHECK(token_of(screen).size() == 64);  // 256 bits
    // Audited with who paired it.
    AuditQuery q;
    q.action = "screen.pair";
    auto audit = hub.store->query_audit(q);
    REQUIRE(audit->size() == 1);
    CHECK(audit->at(0).actor == "ana");
}

TEST_CASE("approved on the hub: on every screen - rejected after approval: gone from every screen") {
    HubFixture hub;
    hub.publish({make_post("a", "first")});
    ScreenFixture s1(hub.url(), hub.clock), s2(hub.url(), hub.clock), s3(hub.url(), hub.clock);
    pair_three(hub, s1, s2, s3);
    for (ScreenFixture* s : {&s1, &s2, &s3}) CHECK(s->post_ids() == ids({"a"}));

    hub.publish({make_post("b", "second"), make_post("a", "first")});
    sync_all({&s1, &s2, &s3});
    for (ScreenFixture* s : {&s1, &s2, &s3}) CHECK(s->post_ids() == ids({"b", "a"}));
    const auto version = s1.sync->applied_version();

    hub.publish({make_post("b", "second")});  // "a" rejected after approval
    sync_all({&s1, &s2, &s3});
    for (ScreenFixture* s : {&s1, &s2, &s3}) CHECK(s->post_ids() == ids({"b"}));
    CHECK(s1.sync->applied_version() > version);

    // Nothing changed: the hub answers 304 and the version stays.
    hub.publish({make_post("b", "second")});
    sync_all({&s1});
    CHECK(s1.sync->applied_version() == s2.sync->applied_version());
}

TEST_CASE("the kill switch is state every screen applies and confirms - the console names who has not") {
    HubFixture hub;
    hub.publish({make_post("a", "first")});
    ScreenFixture s1(hub.url(), hub.clock), s2(hub.url(), hub.clock), s3(hub.url(), hub.clock);
    pair_three(hub, s1, s2, s3);

    hub.publish({}, /*kill=*/true);
    sync_all({&s1, &s2});  // ED 1 has not asked yet
    CHECK(s1.wall()->kill_switch);
    CHECK(s1.wall()->posts.empty());
    auto k = hub.hub->kill_summary();
    CHECK(k.any_on);
    CHECK(k.total == 3);
    CHECK(k.confirmed == 2);
    CHECK(k.unconfirmed == ids({"ED 1"}));
    sync_all({&s3});
    k = hub.hub->kill_summary();
    CHECK(k.confirmed == 3);
    CHECK(k.unconfirmed.empty());

    // Off again, then one group's own kill switch.
    hub.publish({make_post("a", "first")});
    sync_all({&s1, &s2, &s3});
    for (ScreenFixture* s : {&s1, &s2, &s3}) CHECK_FALSE(s->wall()->kill_switch);
    REQUIRE(hub.hub->set_group_kill("emergency", true, kAna).ok());
    sync_all({&s1, &s2, &s3});
    CHECK(s3.wall()->kill_switch);
    CHECK(s3.wall()->posts.empty());
    CHECK_FALSE(s1.wall()->kill_switch);
    CHECK(s1.post_ids() == ids({"a"}));

    // The hub restarts: the group's kill state and versions are still there,
    // and a screen that saw a version is not served other content under it.
    const auto before = s3.sync->applied_version();
    hub.stop();
    hub.start();
    sync_all({&s1, &s2, &s3});
    CHECK(s3.wall()->kill_switch);
    CHECK(s3.sync->applied_version() == before);
    CHECK(hub.hub->kill_summary().confirmed == 3);

    // The screen restarts: its kill state comes back from its own store.
    s3.close();
    s3.open();
    CHECK(s3.wall()->kill_switch);
    CHECK(s3.wall()->posts.empty());
}

TEST_CASE("a screen token reads its own group's wall and posts its own status, nothing else") {
    HubFixture hub;
    hub.publish({make_post("a", "first")});
    ScreenFixture s1(hub.url(), hub.clock);
    hub.pair(*s1.sync, "Maternity 1", "maternity");
    const std::string token = token_of(s1);
    httplib::Client c("127.0.0.1", hub.port);
    const httplib::Headers bearer{{"Authorization", "Bearer " + token}};
    struct Case {
        const char* what;
        const char* method;
        std::string path;
        httplib::Headers headers;
        int status;
    };
    const Case cases[] = {
        {"its group's wall", "GET", "/api/sync/v1/wall?group=maternity", bearer, 200},
        {"another group's wall", "GET", "/api/sync/v1/wall?group=emergency", bearer, 409},
        {"no token", "GET", "/api/sync/v1/wall?group=maternity", {}, 401},
        {"a made-up token", "GET", "/api/sync/v1/wall?group=maternity", {{"Authorization", "Bearer " + std::string(64, 'f')}}, 401},
        {"a picture no document names", "GET", "/api/sync/v1/media/" + std::string(64, 'a'), bearer, 404},
        {"the staff queue", "GET", "/api/posts?state=pending", bearer, 401},
        {"the audit log", "GET", "/api/audit", bearer, 401},
        {"the Screens page", "GET", "/api/screens", bearer, 401},
        {"the kill switch", "POST", "/api/kill-switch", bearer, 401},
        {"pairing another screen", "POST", "/api/screens/pair", bearer, 401},
        {"its own status", "POST", "/api/sync/v1/status", bearer, 200},
    };
    for (const Case& k : cases) {
        INFO(k.what);
        auto res = std::string(k.method) == "GET" ? c.Get(k.path.c_str(), k.headers)
                                                  : c.Post(k.path.c_str(), k.headers, "{}", "application/json");
        REQUIRE(res);
        CHECK(res->status == k.status);
    }
    // The 409 names the screen's group (a regrouped screen follows it).
    auto res = c.Get("/api/sync/v1/wall?group=emergency", bearer);
    CHECK(Json::parse(res->body)["group"] == "maternity");
    // The document is cacheable and conditional.
    res = c.Get("/api/sync/v1/wall?group=maternity", bearer);
    const std::string etag = res->get_header_value("ETag");
    CHECK(etag.front() == '"');
    CHECK(res->get_header_value("Cache-Control") == "no-cache");
    httplib::Headers conditional = bearer;
    conditional.emplace("If-None-Match", etag);
    res = c.Get("/api/sync/v1/wall?group=maternity", conditional);
    CHECK(res->status == 304);
}

TEST_CASE("a regrouped screen follows - a revoked one pairs again and keeps its wall until the grace ends") {
    HubFixture hub;
    hub.publish({make_post("a", "first")});
    ScreenFixture s1(hub.url(), hub.clock);
    const std::string id = hub.pair(*s1.sync, "Maternity 1", "maternity");
    sync_all({&s1});
    REQUIRE(hub.hub->set_group_kill("emergency", true, kAna).ok());
    REQUIRE(hub.hub->regroup(id, "emergency", kAna).ok());
    sync_all({&s1, &s1});  // 409 -> new group -> its wall
    CHECK(s1.wall()->kill_switch);
    REQUIRE(hub.hub->set_group_kill("emergency", false, kAna).ok());
    sync_all({&s1});
    CHECK(s1.post_ids() == ids({"a"}));

    REQUIRE(hub.hub->revoke(id, kAna).ok());
    sync_all({&s1});  // 401
    CHECK(s1.sync->state() == "pairing");
    sync_all({&s1});  // asks to pair with a new code
    CHECK(s1.post_ids() == ids({"a"}));  // the wall stays during the grace period
    hub.clock.advance(std::chrono::minutes(61));
    s1.sync->publish();
    CHECK(s1.wall()->posts.empty());
    REQUIRE(s1.wall()->pairing.has_value());
    CHECK(s1.wall()->pairing->heading == "This screen needs pairing again");
    CHECK(s1.wall()->pairing->code == s1.sync->pairing_code());
    AuditQuery q;
    q.action = "screen.revoke";
    CHECK(hub.store->query_audit(q)->size() == 1);
}

TEST_CASE("cut off from the hub a screen keeps its wall, also after a restart, then shows only announcements") {
    HubFixture hub;
    Announcement ann{"ann-1", "Flu clinic", "Today 9-5", "", kFleetT0, kFleetT0};
    hub.publish({make_post("a", "first"), make_post("b", "second")}, false, {ann});
    ScreenFixture s1(hub.url(), hub.clock);
    hub.pair(*s1.sync, "Maternity 1", "maternity");
    sync_all({&s1});
    REQUIRE(s1.post_ids() == ids({"a", "b"}));

    hub.stop();
    hub.clock.advance(std::chrono::minutes(1));
    sync_all({&s1});
    CHECK(s1.sync->state() == "offline");
    CHECK(s1.post_ids() == ids({"a", "b"}));
    CHECK(s1.wall()->offline_since.has_value());  // the header's offline mark
    CHECK(s1.wall()->offline_shows == OfflineShows::LastWall);

    s1.close();  // a reboot without the hub
    s1.open();
    CHECK(s1.post_ids() == ids({"a", "b"}));
    sync_all({&s1});
    CHECK(s1.post_ids() == ids({"a", "b"}));

    hub.clock.advance(std::chrono::minutes(60));  // past offline_grace_minutes
    sync_all({&s1});
    CHECK(s1.wall()->posts.empty());
    CHECK(s1.wall()->announcements.size() == 1);
    CHECK(s1.wall()->prompts.size() == 1);
    CHECK(s1.wall()->offline_since.has_value());
    CHECK(s1.wall()->offline_shows == OfflineShows::AnnouncementsOnly);
    CHECK_FALSE(s1.wall()->pairing.has_value());  // still paired: its announcements, not the pairing page

    // The hub comes back, with a retraction the screen could not hear.
    hub.publish({make_post("b", "second")}, false, {ann});
    hub.start();
    sync_all({&s1});
    CHECK(s1.sync->state() == "live");
    CHECK(s1.post_ids() == ids({"b"}));
    CHECK_FALSE(s1.wall()->offline_since.has_value());
}

TEST_CASE("with the enrolment key a screen waits for approval and the admin approves it from the list") {
    fleet::HubOptions options;
    options.enrolment_key = "a long random enrolment key";
    HubFixture hub(options);
    hub.publish({make_post("a", "first")});
    fleet::ScreenOptions so;
    so.enrolment_key = "a long random enrolment key";
    so.screen_name = "box-17";
    ScreenFixture s1(hub.url(), hub.clock, so);
    ScreenFixture stranger(hub.url(), hub.clock);  // no key: must show its code
    sync_all({&s1, &stranger});
    CHECK(s1.sync->state() == "waiting_for_approval");
    REQUIRE(s1.wall()->pairing.has_value());
    CHECK(s1.wall()->pairing->heading == "Waiting for approval");
    CHECK(s1.wall()->pairing->code.empty());
    CHECK(stranger.sync->state() == "pairing");
    auto pending = hub.hub->pending();
    REQUIRE(pending.size() == 2);
    auto enrolled = std::find_if(pending.begin(), pending.end(), [](const auto& p) { return p.enrolled; });
    REQUIRE(enrolled != pending.end());
    CHECK(enrolled->name == "box-17");
    // The code of a screen without the key is never listed: a person must read it off the screen.
    for (const auto& p : pending)
        if (!p.enrolled) CHECK(p.code.empty());
    REQUIRE(hub.hub->approve(enrolled->code, "Maternity 3", "maternity", kAna).ok());
    sync_all({&s1, &s1});
    CHECK(s1.sync->state() == "live");
    CHECK(s1.post_ids() == ids({"a"}));
}

TEST_CASE("the Screens page API: an admin pairs by code over the console, a moderator may not") {
    HubFixture hub;
    hub.publish({make_post("a", "first")});
    ScreenFixture s1(hub.url(), hub.clock);
    sync_all({&s1});
    httplib::Client c("127.0.0.1", hub.port);
    auto login = [&](const char* name, const char* password) {
        auto res = c.Post("/api/login", Json{{"name", name}, {"password", password}}.dump(), "application/json");
        REQUIRE(res);
        REQUIRE(res->status == 200);
        std::string cookie = res->get_header_value("Set-Cookie");
        cookie = cookie.substr(0, cookie.find(';'));
        return httplib::Headers{{"Cookie", cookie}, {"X-CSRF-Token", Json::parse(res->body)["csrf"].get<std::string>()}};
    };
    const auto max = login("max", "moderator's own password");
    const Json pair{{"code", s1.sync->pairing_code()}, {"name", "Maternity 1"}, {"group", "maternity"}};
    auto res = c.Post("/api/screens/pair", max, pair.dump(), "application/json");
    CHECK(res->status == 403);
    const auto ana = login("ana", "correct horse battery");
    res = c.Post("/api/screens/pair", ana, pair.dump(), "application/json");
    REQUIRE(res->status == 200);
    sync_all({&s1, &s1});
    CHECK(s1.post_ids() == ids({"a"}));
    res = c.Get("/api/screens", ana);
    REQUIRE(res->status == 200);
    Json page = Json::parse(res->body);
    REQUIRE(page["screens"].size() == 1);
    CHECK(page["screens"][0]["name"] == "Maternity 1");
    CHECK(page["screens"][0]["state"] == "online");
    CHECK(page["kill"]["total"] == 1);
    // A moderator pulls one group's kill switch; the screen confirms.
    res = c.Post("/api/screens/kill", max, Json{{"group", "maternity"}, {"on", true}}.dump(), "application/json");
    REQUIRE(res->status == 200);
    sync_all({&s1});
    page = Json::parse(c.Get("/api/screens", ana)->body);
    CHECK(page["kill"]["any_on"] == true);
    CHECK(page["kill"]["confirmed"] == 1);
    CHECK(page["screens"][0]["kill_confirmed"] == true);
    // Silent for over 2 minutes (stale), then past its grace period: worded by what it shows by now.
    struct Silence {
        int minutes;  // since it was last heard
        const char* state;
    };
    int elapsed = 0;
    for (const Silence& k : {Silence{3, "stale"}, Silence{30, "offline_showing_last_wall"}, Silence{90, "offline"}}) {
        INFO(k.minutes);
        hub.clock.advance(std::chrono::minutes(k.minutes - elapsed));
        elapsed = k.minutes;
        CHECK(hub.hub->screens().at(0).connection == k.state);
    }
}

TEST_CASE("a source aimed at some groups reaches only their screens, with its pins") {
    fleet::HubOptions options;
    options.source_groups["maternity-news"] = {"maternity"};
    HubFixture hub(options);
    Post everyone = make_post("everyone", "for all");
    Post baby = make_post("baby", "for maternity");
    baby.source_id = "maternity-news";
    hub.publish({everyone, baby});
    {
        WallSnapshot pinned = *hub.channel.current();
        pinned.pinned_ids = {"baby"};
        hub.channel.publish(pinned);
    }
    ScreenFixture s1(hub.url(), hub.clock), s2(hub.url(), hub.clock), s3(hub.url(), hub.clock);
    pair_three(hub, s1, s2, s3);
    CHECK(s1.post_ids() == ids({"everyone", "baby"}));
    CHECK(s1.wall()->pinned_ids == ids({"baby"}));
    CHECK(s3.post_ids() == ids({"everyone"}));
    CHECK(s3.wall()->pinned_ids.empty());
    // SIGHUP with the source for every group: the emergency screens get it too.
    hub.hub->set_source_groups({});
    sync_all({&s3});
    CHECK(s3.post_ids() == ids({"everyone", "baby"}));
}

TEST_CASE("announcements and prompts aimed at some groups reach only their screens") {
    HubFixture hub;
    const TimePoint t = kFleetT0 - std::chrono::hours(1);
    auto ann = [&](const char* id, std::vector<std::string> groups) {
        return Announcement{id, id, "", "", t, t, std::move(groups)};
    };
    WallSnapshot wall;
    wall.posts = {make_post("everyone", "for all")};
    wall.announcements = {ann("all", {}), ann("maternity-only", {"maternity"}),
                          ann("both", {"maternity", "emergency"}), ann("elsewhere", {"radiology"})};
    wall.prompts = {HashtagPrompt{"p-all", "Share", "StV", "", {}},
                    HashtagPrompt{"p-ed", "Thanks", "StVED", "", {"emergency"}}};
    hub.channel.publish(wall);
    ScreenFixture s1(hub.url(), hub.clock), s2(hub.url(), hub.clock), s3(hub.url(), hub.clock);
    pair_three(hub, s1, s2, s3);
    auto announcement_ids = [](ScreenFixture& s) {
        std::vector<std::string> out;
        for (const Announcement& a : s.wall()->announcements) out.push_back(a.id);
        return out;
    };
    auto prompt_ids = [](ScreenFixture& s) {
        std::vector<std::string> out;
        for (const HashtagPrompt& p : s.wall()->prompts) out.push_back(p.id);
        return out;
    };
    struct Case {
        const char* name;
        ScreenFixture* screen;
        std::vector<std::string> announcements, prompts;
    };
    for (const Case& c : {Case{"maternity 1", &s1, ids({"all", "maternity-only", "both"}), ids({"p-all"})},
                          Case{"maternity 2", &s2, ids({"all", "maternity-only", "both"}), ids({"p-all"})},
                          Case{"emergency", &s3, ids({"all", "both"}), ids({"p-all", "p-ed"})}}) {
        INFO(c.name);
        CHECK(announcement_ids(*c.screen) == c.announcements);
        CHECK(prompt_ids(*c.screen) == c.prompts);
        CHECK(c.screen->post_ids() == ids({"everyone"}));
    }
    // Re-aimed at every group: the emergency screen gets it at its next sync.
    wall.announcements[1].groups.clear();
    hub.channel.publish(wall);
    sync_all({&s3});
    CHECK(announcement_ids(s3) == ids({"all", "maternity-only", "both"}));
}
