// The store's API on a real SQLite file: storing and deduplicating posts,
// decisions and their audit trail, pinning, the kill switch, the wall's
// content, staff content, source state, the append-only audit log and the
// retention purge.
#include "store/sqlite.h"
#include "store/store.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/resource.h>

#include <thread>

using namespace lw;
using namespace std::chrono_literals;

namespace {

const TimePoint kNow = TimePoint(std::chrono::seconds(1764000000));  // 2025-11-24T16:00:00Z

struct Fixture {
    test::TempDir dir;
    std::unique_ptr<Store> store;

    explicit Fixture(StoreOptions o = {}) {
        o.path = dir.file("lobbywall.db");
        o.media_dir = dir.file("media");
        auto opened = Store::open(o);
        REQUIRE(opened.ok());
        store = std::move(*opened);
    }
};

Post make_post(const std::string& id, TimePoint created, const std::string& source = "tag") {
    Post p;
    p.id = id;
    p.source_id = source;
    p.source_kind = SourceKind::MastodonHashtag;
    p.author = "Ana";
    p.handle = "@ana@example.social";
    p.text = "Thanks to the night staff of " + id;
    p.created = created;
    p.tags = {"thanks", "stv"};
    p.emojis = {{"heart", "https://example.social/heart.png"}};
    Media m;
    m.url = "https://example.social/" + id + ".jpg";
    m.alt = "a bunch of flowers";
    m.width = 800;
    m.height = 600;
    m.focus_x = 0.25f;
    p.media.push_back(m);
    return p;
}

Decision decide(const std::string& id, ModerationState state, TimePoint at = kNow) {
    return Decision{id, state, {"looks fine"}, {"sam", "10.0.0.7"}, at};
}

}  // namespace

TEST_CASE("store: a post is stored once, whoever brings it", "[store]") {
    Fixture f;
    Post original = make_post("https://example.social/1", kNow - 1h);
    Post boost = original;  // the source gives the original's fields for a boost
    boost.source_id = "hospital";
    boost.is_repost = true;
    boost.reposted_by = "@stvincent@example.social";
    boost.text = "edited later";  // must not replace what the moderator saw

    struct Step {
        std::vector<Post> batch;
        std::vector<std::string> new_ids;
        std::vector<std::string> known_ids;
    };
    const Step steps[] = {
        {{original, original}, {original.id}, {original.id}},  // a batch repeating itself
        {{boost}, {}, {original.id}},
        {{make_post("https://example.social/2", kNow)}, {"https://example.social/2"}, {}},
    };
    for (const auto& step : steps) {
        auto r = f.store->upsert_posts(step.batch, kNow);
        REQUIRE(r.ok());
        CHECK(r->new_ids == step.new_ids);
        CHECK(r->known_ids == step.known_ids);
    }
    auto stored = f.store->get_post(original.id);
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    const Post& p = (*stored)->post;
    CHECK(p.text == original.text);
    CHECK(p.source_id == "tag");
    CHECK(p.tags == original.tags);
    REQUIRE(p.media.size() == 1);
    CHECK(p.media[0].alt == "a bunch of flowers");
    CHECK(p.media[0].focus_x == Approx(0.25));
    CHECK(p.emojis.size() == 1);
    CHECK((*stored)->state == ModerationState::Pending);

    sqlite::Db db(f.dir.file("lobbywall.db"), sqlite::Db::Mode::ReadOnly);
    CHECK(db.query_int("SELECT count(*) FROM posts") == 2);
    CHECK(db.query_int("SELECT count(*) FROM post_sightings WHERE post_id = "
                       "'https://example.social/1'") == 2);
}

TEST_CASE("store: decisions are recorded, listed and audited", "[store]") {
    Fixture f;
    std::vector<Post> posts;
    for (int i = 0; i < 4; ++i)
        posts.push_back(make_post("p" + std::to_string(i), kNow - std::chrono::minutes(i)));
    REQUIRE(f.store->upsert_posts(posts, kNow).ok());

    REQUIRE(f.store->record_decision(decide("p0", ModerationState::Approved)).ok());
    REQUIRE(f.store->record_decision(decide("p1", ModerationState::Rejected)).ok());
    REQUIRE(f.store->record_decision(decide("p2", ModerationState::Approved)).ok());
    auto missing = f.store->record_decision(decide("nope", ModerationState::Approved));
    CHECK_THAT(missing.error, Catch::Contains("no post with id nope"));

    struct Case { ModerationState state; std::vector<std::string> ids; };
    const Case cases[] = {
        {ModerationState::Approved, {"p0", "p2"}},
        {ModerationState::Rejected, {"p1"}},
        {ModerationState::Pending, {"p3"}},
    };
    for (const auto& c : cases) {
        auto list = f.store->list_posts(c.state);
        REQUIRE(list.ok());
        std::vector<std::string> ids;
        for (const auto& sp : *list) ids.push_back(sp.post.id);
        CHECK(ids == c.ids);
    }
    auto counts = f.store->moderation_counts();
    REQUIRE(counts.ok());
    CHECK(counts->approved == 2);
    CHECK(counts->rejected == 1);
    CHECK(counts->pending == 1);
    auto p1 = f.store->get_post("p1");
    CHECK((*p1)->decided_by == "sam");
    CHECK((*p1)->reasons == std::vector<std::string>{"looks fine"});
    CHECK((*p1)->decided_at == kNow);

    auto audit = f.store->query_audit({.action = "decision"});
    REQUIRE(audit.ok());
    REQUIRE(audit->size() == 3);  // the failed one left nothing
    CHECK((*audit)[0].target == "p2");
    CHECK((*audit)[0].address == "10.0.0.7");
    CHECK((*audit)[1].details == "rejected: looks fine");
}

TEST_CASE("store: a batch of decisions is recorded whole or not at all", "[store]") {
    Fixture f;
    REQUIRE(f.store->upsert_posts({make_post("a", kNow), make_post("b", kNow)}, kNow).ok());
    auto bad = f.store->record_decisions({decide("a", ModerationState::Approved),
                                          decide("missing", ModerationState::Approved)});
    CHECK_THAT(bad.error, Catch::Contains("no post with id missing"));
    CHECK(f.store->list_posts(ModerationState::Approved)->empty());
    CHECK(f.store->query_audit({})->empty());
    REQUIRE(f.store->record_decisions({decide("a", ModerationState::Approved),
                                       decide("b", ModerationState::Rejected)}).ok());
    CHECK(f.store->list_posts(ModerationState::Approved)->size() == 1);
    CHECK(f.store->list_posts(ModerationState::Rejected)->size() == 1);
    CHECK(f.store->query_audit({})->size() == 2);
}

TEST_CASE("store: a database that cannot be opened is one clear error", "[store]") {
    test::TempDir dir;
    StoreOptions o;
    o.path = dir.file("no-such-folder/lobbywall.db");
    auto store = Store::open(o);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error == "cannot open the database " + o.path + ": unable to open database file");
}

TEST_CASE("store: pinning needs an approved post; rejecting unpins", "[store]") {
    Fixture f;
    REQUIRE(f.store->upsert_posts({make_post("a", kNow), make_post("b", kNow)}, kNow).ok());
    REQUIRE(f.store->record_decision(decide("a", ModerationState::Approved)).ok());
    CHECK_FALSE(f.store->set_pinned("b", true, {"sam", ""}, kNow).ok());
    REQUIRE(f.store->set_pinned("a", true, {"sam", ""}, kNow).ok());
    CHECK((*f.store->get_post("a"))->pinned);
    REQUIRE(f.store->record_decision(decide("a", ModerationState::Rejected)).ok());
    CHECK_FALSE((*f.store->get_post("a"))->pinned);
}

TEST_CASE("store: the wall's content", "[store]") {
    Fixture f;
    std::vector<Post> posts = {
        make_post("new", kNow - 1h), make_post("older", kNow - 5h),
        make_post("ancient", kNow - 30 * 24h), make_post("pinned-old", kNow - 40 * 24h),
        make_post("pending", kNow), make_post("rejected", kNow)};
    REQUIRE(f.store->upsert_posts(posts, kNow).ok());
    for (const char* id : {"new", "older", "ancient", "pinned-old"})
        REQUIRE(f.store->record_decision(decide(id, ModerationState::Approved)).ok());
    REQUIRE(f.store->record_decision(decide("rejected", ModerationState::Rejected)).ok());
    REQUIRE(f.store->set_pinned("pinned-old", true, {"sam", ""}, kNow).ok());
    Actor sam{"sam", ""};
    REQUIRE(f.store->put_announcement({"now", "Flu jabs", "Ask at desk", "", kNow - 1h, kNow + 1h},
                                      sam, kNow).ok());
    REQUIRE(f.store->put_announcement({"open", "Cafe", "Open", "", kNow - 1h, kNow - 1h}, sam,
                                      kNow).ok());
    REQUIRE(f.store->put_announcement({"later", "Choir", "", "", kNow + 1h, kNow + 2h}, sam,
                                      kNow).ok());
    REQUIRE(f.store->put_announcement({"over", "Old", "", "", kNow - 2h, kNow - 1h}, sam,
                                      kNow).ok());
    CHECK_FALSE(f.store->put_announcement({"bad", "", "", "", kNow, kNow - 1h}, sam, kNow).ok());
    REQUIRE(f.store->put_prompt({"p1", "Share your story", "StVKnee", "https://a"}, sam, kNow).ok());
    REQUIRE(f.store->put_prompt({"p2", "Say thanks", "StVThanks", "https://b"}, sam, kNow).ok());
    REQUIRE(f.store->put_prompt({"p1", "Share your day", "StVKnee", "https://a"}, sam, kNow).ok());

    auto snap = f.store->build_wall_content(kNow, 14 * 24h);
    REQUIRE(snap.ok());
    std::vector<std::string> ids;
    for (const auto& p : snap->posts) ids.push_back(p.id);
    CHECK(ids == std::vector<std::string>{"new", "older", "pinned-old"});
    CHECK(snap->pinned_ids == std::vector<std::string>{"pinned-old"});
    std::vector<std::string> ann;
    for (const auto& a : snap->announcements) ann.push_back(a.id);
    CHECK(ann == std::vector<std::string>{"now", "open"});
    REQUIRE(snap->prompts.size() == 2);
    CHECK(snap->prompts[0].text == "Share your day");  // edited in place, kept its position
    CHECK_FALSE(snap->kill_switch);
    CHECK_FALSE(snap->offline_since.has_value());

    REQUIRE(f.store->set_kill_switch(true, sam, kNow).ok());
    snap = f.store->build_wall_content(kNow, 14 * 24h);
    REQUIRE(snap.ok());
    CHECK(snap->kill_switch);
    CHECK(snap->posts.empty());
    CHECK(snap->announcements.size() == 2);  // house content stays

    REQUIRE(f.store->delete_announcement("now", sam, kNow).ok());
    CHECK_FALSE(f.store->delete_announcement("now", sam, kNow).ok());
    REQUIRE(f.store->delete_prompt("p2", sam, kNow).ok());
    CHECK(f.store->prompts()->size() == 1);
    CHECK(f.store->announcements()->size() == 3);
}

TEST_CASE("store: announcements and prompts keep the screen groups they are for", "[store]") {
    Fixture f;
    Actor sam{"sam", ""};
    struct Case {
        const char* name;
        std::vector<std::string> groups;
    };
    for (const Case& c : {Case{"every group", {}}, Case{"one group", {"maternity"}},
                          Case{"two groups", {"maternity", "Emergency department"}}}) {
        INFO(c.name);
        Announcement a{"a1", "Flu jabs", "", "", kNow - 1h, kNow - 1h, c.groups};
        REQUIRE(f.store->put_announcement(a, sam, kNow).ok());
        REQUIRE(f.store->announcements()->at(0).groups == c.groups);
        a.title = "Flu jabs today";
        REQUIRE(f.store->save_announcement(a, "", "", sam, kNow).ok());
        REQUIRE(f.store->put_prompt({"p1", "Share", "StVKnee", "", c.groups}, sam, kNow).ok());
        CHECK(f.store->announcements()->at(0).groups == c.groups);
        CHECK(f.store->prompts()->at(0).groups == c.groups);
        auto snap = f.store->build_wall_content(kNow, 14 * 24h);
        REQUIRE(snap.ok());
        REQUIRE(snap->announcements.size() == 1);
        CHECK(snap->announcements[0].groups == c.groups);
        REQUIRE(snap->prompts.size() == 1);
        CHECK(snap->prompts[0].groups == c.groups);
    }
}

TEST_CASE("store: source poll state and the offline mark", "[store]") {
    Fixture f;
    SourceState a{"tag", "mastodon_hashtag", "\"abc\"", "Mon, 24 Nov 2025 10:00:00 GMT", "1099",
                  kNow - 10min, kNow - 10min, "", 0};
    SourceState b{"feed", "web_feed", "", "", "", kNow - 5min, kNow - 2h, "timed out", 3};
    REQUIRE(f.store->save_source_state(a).ok());
    REQUIRE(f.store->save_source_state(b).ok());
    auto got = f.store->source_state("feed");
    REQUIRE(got.ok());
    REQUIRE(got->has_value());
    CHECK((*got)->last_error == "timed out");
    CHECK((*got)->consecutive_failures == 3);
    CHECK((*got)->last_success == kNow - 2h);
    CHECK_FALSE(f.store->source_state("none")->has_value());
    CHECK_FALSE(f.store->build_wall_content(kNow, 24h)->offline_since.has_value());

    a.consecutive_failures = 1;
    a.last_error = "connection refused";
    REQUIRE(f.store->save_source_state(a).ok());
    CHECK(f.store->source_states()->size() == 2);
    // Both failing: offline since the newest success.
    CHECK(f.store->build_wall_content(kNow, 24h)->offline_since == kNow - 10min);
}

TEST_CASE("store: audit queries filter and page", "[store]") {
    Fixture f;
    struct Entry { const char* actor; const char* action; const char* target; int minutes_ago; };
    const Entry entries[] = {
        {"sam", "login", "", 50}, {"sam", "decision", "p1", 40}, {"kim", "decision", "p2", 30},
        {"kim", "kill_switch", "", 20}, {"sam", "decision", "p1", 10},
    };
    for (const auto& e : entries)
        REQUIRE(f.store->append_audit({0, kNow - std::chrono::minutes(e.minutes_ago), e.actor,
                                       e.action, e.target, "", "10.0.0.1"}).ok());
    CHECK_FALSE(f.store->append_audit({}).ok());

    struct Case { AuditQuery query; size_t count; };
    const Case cases[] = {
        {{}, 5},
        {{.actor = "sam"}, 3},
        {{.action = "decision"}, 3},
        {{.actor = "sam", .target = "p1"}, 2},
        {{.since = kNow - 35min}, 3},
        {{.since = kNow - 35min, .until = kNow - 15min}, 2},
        {{.limit = 2}, 2},
    };
    for (const auto& c : cases) CHECK(f.store->query_audit(c.query)->size() == c.count);
    auto newest = f.store->query_audit({.limit = 2});
    auto next = f.store->query_audit({.before_seq = (*newest)[1].seq});
    CHECK(next->size() == 3);
    CHECK((*next)[0].action == "decision");
    CHECK((*next)[0].actor == "kim");
}

TEST_CASE("store: the audit log cannot be changed or deleted, only purged past retention",
          "[store]") {
    Fixture f;
    REQUIRE(f.store->append_audit({0, kNow - 400 * 24h, "sam", "login", "", "", ""}).ok());
    REQUIRE(f.store->append_audit({0, kNow - 1h, "sam", "login", "", "", ""}).ok());
    {
        sqlite::Db db(f.dir.file("lobbywall.db"), sqlite::Db::Mode::ReadWrite);
        const char* attacks[] = {
            "UPDATE audit_log SET actor = 'someone else'",
            "DELETE FROM audit_log",
            "DELETE FROM audit_log WHERE at > 0",
            "DELETE FROM audit_purge_gate",  // the gate missing means nothing may go
        };
        for (const char* sql : attacks) {
            INFO(sql);
            try {
                db.exec(sql);
                // Only the gate's deletion succeeds; a later delete must still fail.
                CHECK(std::string(sql) == "DELETE FROM audit_purge_gate");
                CHECK_THROWS_WITH(db.exec("DELETE FROM audit_log"), Catch::Contains("append-only"));
            } catch (const sqlite::Error& e) {
                CHECK_THAT(e.what(), Catch::Contains("append-only"));
            }
        }
        CHECK(db.query_int("SELECT count(*) FROM audit_log") == 2);
    }
    auto report = f.store->purge(kNow);
    REQUIRE(report.ok());
    CHECK(report->audit_entries_purged == 1);
    auto left = f.store->query_audit({});
    REQUIRE(left->size() == 2);  // the recent login and the purge's own entry
    CHECK((*left)[0].action == "retention.purge");
    sqlite::Db db(f.dir.file("lobbywall.db"), sqlite::Db::Mode::ReadOnly);
    CHECK(db.query_int("SELECT purge_before FROM audit_purge_gate") == 0);
}

TEST_CASE("store: retention purges old and rejected posts and remembers their ids", "[store]") {
    Fixture f;
    REQUIRE(f.store->upsert_posts({make_post("fresh", kNow - 1h), make_post("old", kNow - 15 * 24h),
                                   make_post("old-pinned", kNow - 20 * 24h),
                                   make_post("rejected-long-ago", kNow - 3h),
                                   make_post("rejected-now", kNow - 3h)},
                                  kNow - 2h).ok());
    REQUIRE(f.store->record_decision(decide("old-pinned", ModerationState::Approved)).ok());
    REQUIRE(f.store->set_pinned("old-pinned", true, {"sam", ""}, kNow).ok());
    REQUIRE(f.store->record_decision(
        decide("rejected-long-ago", ModerationState::Rejected, kNow - 25h)).ok());
    REQUIRE(f.store->record_decision(
        decide("rejected-now", ModerationState::Rejected, kNow - 1h)).ok());

    auto report = f.store->purge(kNow);
    REQUIRE(report.ok());
    CHECK(report->posts_purged == 2);
    struct Case { const char* id; bool kept; };
    const Case cases[] = {{"fresh", true}, {"old", false}, {"old-pinned", true},
                          {"rejected-long-ago", false}, {"rejected-now", true}};
    for (const auto& c : cases) {
        INFO(c.id);
        CHECK(f.store->get_post(c.id)->has_value() == c.kept);
    }
    sqlite::Db db(f.dir.file("lobbywall.db"), sqlite::Db::Mode::ReadOnly);
    CHECK(db.query_int("SELECT count(*) FROM post_media") == 3);  // cascaded
    CHECK(db.query_int("SELECT count(*) FROM post_tags") == 6);

    // The feed delivers the rejected post again: it stays gone.
    auto again = f.store->upsert_posts({make_post("rejected-long-ago", kNow - 3h)}, kNow);
    REQUIRE(again.ok());
    CHECK(again->new_ids.empty());
    CHECK(f.store->list_posts(ModerationState::Pending)->size() == 1);  // just "fresh"
}

TEST_CASE("store: writers and readers on several threads at once", "[store]") {
    Fixture f;
    constexpr int kThreads = 4, kPerThread = 25;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
                if (!f.store->upsert_posts({make_post(id, kNow)}, kNow).ok()) ++failures;
                if (!f.store->record_decision(decide(id, ModerationState::Approved)).ok())
                    ++failures;
                if (!f.store->build_wall_content(kNow, 24h).ok()) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    CHECK(f.store->list_posts(ModerationState::Approved, 1000)->size() == kThreads * kPerThread);
    CHECK(*f.store->integrity_check() == "ok");
}

TEST_CASE("store: when the disk refuses writes, calls fail cleanly and reads go on", "[store]") {
    Fixture f;
    REQUIRE(f.store->upsert_posts({make_post("a", kNow), make_post("b", kNow)}, kNow).ok());
    REQUIRE(f.store->record_decision(decide("a", ModerationState::Approved)).ok());

    // A file size limit of one byte makes every write fail as a full disk does.
    auto old_handler = signal(SIGXFSZ, SIG_IGN);
    rlimit old_limit{};
    getrlimit(RLIMIT_FSIZE, &old_limit);
    rlimit tiny = old_limit;
    tiny.rlim_cur = 1;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &tiny) == 0);
    Status refused = f.store->record_decision(decide("b", ModerationState::Approved));
    auto upsert = f.store->upsert_posts({make_post("c", kNow)}, kNow);
    auto wall = f.store->build_wall_content(kNow, 24h);
    setrlimit(RLIMIT_FSIZE, &old_limit);
    signal(SIGXFSZ, old_handler);

    CHECK_FALSE(refused.ok());
    CHECK_FALSE(upsert.ok());
    REQUIRE(wall.ok());  // the wall keeps what was stored
    REQUIRE(wall->posts.size() == 1);
    CHECK(wall->posts[0].id == "a");
    // Nothing half-written: b is still pending, and writes work again.
    CHECK((*f.store->get_post("b"))->state == ModerationState::Pending);
    REQUIRE(f.store->record_decision(decide("b", ModerationState::Approved)).ok());
    CHECK(f.store->list_posts(ModerationState::Approved)->size() == 2);
    CHECK(*f.store->integrity_check() == "ok");
}
