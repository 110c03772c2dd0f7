// Schema migrations: from an empty file, from every earlier version (built
// with that version's own SQL), refusing newer and foreign databases, and
// rolling back a migration that fails half-way.
#include "store/schema.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <string>

using namespace lw;

namespace {

StoreOptions options_for(const test::TempDir& dir) {
    StoreOptions o;
    o.path = dir.file("lobbywall.db");
    o.media_dir = dir.file("media");
    return o;
}

bool has_table(sqlite::Db& db, const std::string& name) {
    auto st = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    st.bind(1, name);
    return st.step();
}

// Data as each old version could hold it, written with raw SQL because the
// Store API always speaks the newest schema.
void fill_version(sqlite::Db& db, int version) {
    if (version >= 1) {
        db.exec("INSERT INTO posts (id, source_id, source_kind, author, text, created, first_seen) "
                "VALUES ('https://example.social/1', 'tag', 'mastodon_hashtag', 'Ana', "
                "'Thank you, ward 3', 1764000000, 1764000000);"
                "INSERT INTO post_tags VALUES ('https://example.social/1', 'thanks');"
                "INSERT INTO moderation (post_id, state, decided_by, decided_at) "
                "VALUES ('https://example.social/1', 'approved', 'sam', 1764000100);"
                "INSERT INTO audit_log (at, actor, action, target) "
                "VALUES (1764000100, 'sam', 'decision', 'https://example.social/1');"
                "INSERT INTO settings VALUES ('kill_switch', '1');");
    }
    if (version >= 2) {
        db.exec("INSERT INTO hashtag_prompts (id, text, hashtag, url, updated_at) "
                "VALUES ('p1', 'Share', 'StV', 'https://x', 1764000000);"
                "INSERT INTO announcements (id, title, image_local_path, starts, ends, updated_at) "
                "VALUES ('a1', 'Flu jabs', '/media/old.jpg', 1764000000, 1764000000, 1764000000);");
    }
    if (version >= 3) {
        db.exec("UPDATE sources SET posts_seen = 7, next_poll = 1764000300;");
    }
    if (version >= 4) {
        db.exec("UPDATE announcements SET image_url = 'upload:announcement/a1';");
    }
}

}  // namespace

TEST_CASE("migrations: versions are 1, 2, 3... without gaps", "[schema]") {
    int expected = 1;
    for (const auto& m : schema::migrations()) {
        CHECK(m.version == expected);
        CHECK_FALSE(m.sql.empty());
        ++expected;
    }
    CHECK(schema::latest_version() == expected - 1);
}

TEST_CASE("migrations: an empty file becomes the newest schema", "[schema]") {
    test::TempDir dir;
    auto store = Store::open(options_for(dir));
    REQUIRE(store.ok());
    store->reset();
    sqlite::Db db(dir.file("lobbywall.db"), sqlite::Db::Mode::ReadOnly);
    CHECK(db.query_int("PRAGMA user_version") == schema::latest_version());
    CHECK(db.query_int("PRAGMA application_id") == schema::kApplicationId);
    CHECK(db.query_text("PRAGMA journal_mode") == "wal");
    for (const char* table : {"posts", "moderation", "audit_log", "sources", "settings",
                              "announcements", "hashtag_prompts", "media_files"})
        CHECK(has_table(db, table));
}

TEST_CASE("migrations: every earlier version is brought up to date with its data", "[schema]") {
    for (int from = 1; from < schema::latest_version() + 1; ++from) {
        DYNAMIC_SECTION("from version " << from) {
            test::TempDir dir;
            {
                sqlite::Db db(dir.file("lobbywall.db"), sqlite::Db::Mode::ReadWrite);
                REQUIRE(schema::migrate(db, from).ok());
                REQUIRE(db.query_int("PRAGMA user_version") == from);
                fill_version(db, from);
            }
            auto store = Store::open(options_for(dir));
            REQUIRE(store.ok());
            auto post = (*store)->get_post("https://example.social/1");
            REQUIRE(post.ok());
            REQUIRE(post->has_value());
            CHECK((*post)->post.text == "Thank you, ward 3");
            CHECK((*post)->post.tags == std::vector<std::string>{"thanks"});
            CHECK((*post)->state == ModerationState::Approved);
            CHECK((*store)->kill_switch().value == std::optional<bool>(true));
            auto audit = (*store)->query_audit({});
            REQUIRE(audit.ok());
            CHECK(audit->size() == 1);
            // The newest tables work after the migration.
            CHECK((*store)->put_prompt({"p2", "Say hi", "Hi", "https://y"}, {"sam", ""},
                                       TimePoint(std::chrono::seconds(1764000200)))
                      .ok());
            auto db = sqlite::Db(dir.file("lobbywall.db"), sqlite::Db::Mode::ReadOnly);
            CHECK(db.query_int("PRAGMA user_version") == schema::latest_version());
            if (from >= 2) {
                // Version 4: the announcement keeps its image; one from before
                // version 4 has no media cache reference yet.
                auto anns = (*store)->announcements();
                REQUIRE(anns.ok());
                REQUIRE(anns->size() == 1);
                CHECK(anns->front().image_local_path == "/media/old.jpg");
                CHECK(db.query_text("SELECT image_url FROM announcements WHERE id = 'a1'") ==
                      (from >= 4 ? "upload:announcement/a1" : ""));
            }
        }
    }
}

TEST_CASE("migrations: refused databases are left untouched", "[schema]") {
    struct Case {
        const char* name;
        const char* setup_sql;   // run on a fresh file before opening
        bool migrate_first;
        const char* error_part;
        int user_version_after;  // -1: newest + 1
    };
    const Case cases[] = {
        {"newer schema", "", true, "refusing to downgrade", -1},
        {"another program's file", "CREATE TABLE t (x); PRAGMA application_id = 42;", false,
         "not a lobbywall database", 0},
        {"tables but no version", "CREATE TABLE t (x);", false, "no lobbywall schema version", 0},
    };
    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.name) {
            test::TempDir dir;
            int expected_version = c.user_version_after;
            {
                sqlite::Db db(dir.file("lobbywall.db"), sqlite::Db::Mode::ReadWrite);
                if (c.migrate_first) {
                    REQUIRE(schema::migrate(db).ok());
                    expected_version = schema::latest_version() + 1;
                    db.exec("PRAGMA user_version = " + std::to_string(expected_version));
                }
                db.exec(c.setup_sql);
            }
            auto store = Store::open(options_for(dir));
            REQUIRE_FALSE(store.ok());
            CHECK_THAT(store.error, Catch::Contains(c.error_part));
            sqlite::Db db(dir.file("lobbywall.db"), sqlite::Db::Mode::ReadOnly);
            CHECK(db.query_int("PRAGMA user_version") == expected_version);
        }
    }
}

TEST_CASE("migrations: a step that fails rolls the whole migration back", "[schema]") {
    test::TempDir dir;
    {
        sqlite::Db db(dir.file("lobbywall.db"), sqlite::Db::Mode::ReadWrite);
        REQUIRE(schema::migrate(db, 1).ok());
        // Version 2 creates this table; finding it already there makes step 2 fail.
        db.exec("CREATE TABLE media_urls (x)");
    }
    auto store = Store::open(options_for(dir));
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.error, Catch::Contains("left unchanged"));
    sqlite::Db db(dir.file("lobbywall.db"), sqlite::Db::Mode::ReadOnly);
    CHECK(db.query_int("PRAGMA user_version") == 1);
    CHECK_FALSE(has_table(db, "announcements"));
}
