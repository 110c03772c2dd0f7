// Tests for `lobbywall backup` / `restore` (store/backup.h): a backup taken
// while a writer thread keeps recording acknowledged decisions holds every
// one acknowledged before it began, the staff accounts, every database in
// the state folder (tables a later version adds included) and the media the
// store indexes; restored into fresh folders, the store, the media cache and
// the accounts open and work. Real SQLite files, real threads.
#include "server/accounts.h"
#include "store/backup.h"
#include "store/image_codec.h"
#include "store/media_cache.h"
#include "store/sqlite.h"
#include "store/store.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

using namespace lw;
using lw::test::TempDir;
namespace fs = std::filesystem;

namespace {

const TimePoint kNow = TimePoint(std::chrono::seconds(1'800'000'000));

Image picture(int seed) {
    Image img{64, 48, std::vector<std::uint8_t>(64 * 48 * 4)};
    for (std::size_t i = 0; i < img.rgba.size(); ++i)
        img.rgba[i] = static_cast<std::uint8_t>(i % 4 == 3 ? 255 : (i * 7 + seed * 53) & 255);
    return img;
}

Post make_post(int n) {
    Post p;
    p.id = "post-" + std::to_string(n);
    p.source_id = "tag";
    p.source_kind = SourceKind::MastodonHashtag;
    p.author = "Ana";
    p.text = "Thanks to the staff of ward " + std::to_string(n);
    p.created = kNow;
    return p;
}

struct Box {
    TempDir dir;
    fs::path state() const { return dir.path() / "state"; }
    fs::path media() const { return dir.path() / "cache" / "media"; }
    Box() {
        fs::create_directories(state());
        fs::create_directories(media());
    }
    Result<std::unique_ptr<Store>> open_store() const {
        StoreOptions o;
        o.path = (state() / "lobbywall.db").string();
        o.media_dir = media().string();
        return Store::open(o);
    }
};

Decision approve(const std::string& id) {
    Decision d;
    d.post_id = id;
    d.state = ModerationState::Approved;
    d.actor = {"ana", "10.0.0.7"};
    d.at = kNow;
    return d;
}

}  // namespace

TEST_CASE("a backup taken under load restores every acknowledged decision, account and picture", "[backup]") {
    Box box;
    auto store = box.open_store();
    REQUIRE(store.ok());
    MediaCacheOptions media_options;
    media_options.dir = box.media().string();
    auto media = MediaCache::open(**store, media_options);
    REQUIRE(media.ok());
    auto accounts = Accounts::open(Accounts::default_file(box.state()));
    REQUIRE(accounts.ok());
    REQUIRE((*accounts)->add_user("ana", Role::Admin, "correct horse battery", kNow).ok());
    // A database a later version adds (a hub's screens): backed up without being named.
    {
        sqlite::Db fleet((box.state() / "fleet.db").string(), sqlite::Db::Mode::ReadWrite);
        fleet.exec("CREATE TABLE screen_tokens (screen TEXT PRIMARY KEY, token_hash TEXT NOT NULL);"
                   "INSERT INTO screen_tokens VALUES ('maternity-1', 'b2c1');");
    }
    std::vector<std::string> hashes;
    for (int i = 0; i < 6; ++i) {
        auto encoded = encode_for_cache(picture(i), 85);
        REQUIRE(encoded.ok());
        auto cached = (*media)->store("https://m.example/" + std::to_string(i) + ".jpg", encoded->bytes, "", kNow);
        REQUIRE(cached.ok());
        hashes.push_back(cached->hash);
    }
    REQUIRE((*store)->set_kill_switch(true, {"ana", ""}, kNow).ok());

    // The writer keeps storing posts and acknowledged decisions throughout.
    std::atomic<int> acknowledged{0};
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        for (int n = 0; !stop.load() && n < 100000; ++n) {
            if (!(*store)->upsert_posts({make_post(n)}, kNow).ok()) break;
            if (!(*store)->record_decision(approve(make_post(n).id)).ok()) break;
            acknowledged = n + 1;
        }
    });
    for (int i = 0; i < 2000 && acknowledged.load() < 50; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const int acknowledged_before = acknowledged.load();
    REQUIRE(acknowledged_before >= 50);

    const fs::path target = box.dir.path() / "backups" / "monday";
    Result<BackupReport> report = backup_box(box.state(), box.media(), target);
    const int acknowledged_after = acknowledged.load();
    stop = true;
    writer.join();
    REQUIRE(report.error == "");
    CHECK(report->databases == std::vector<std::string>{"accounts.db", "fleet.db", "lobbywall.db"});
    CHECK(report->media_files == 6);
    CHECK(report->media_missing == 0);
    CHECK(fs::exists(target / "lobbywall-backup.txt"));
    CHECK(!fs::exists(fs::path(target.string() + ".partial")));
    CHECK((fs::status(target).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    CHECK(acknowledged_after > acknowledged_before);  // the program kept writing during the backup

    // A new box: restore into fresh folders, then open everything.
    Box fresh;
    Result<RestoreReport> restored = restore_box(target, fresh.state(), fresh.media(), false);
    REQUIRE(restored.error == "");
    CHECK(restored->media_files == 6);
    auto reopened = fresh.open_store();
    REQUIRE(reopened.ok());
    CHECK((*reopened)->integrity_check().value.value_or("") == "ok");
    for (int n = 0; n < acknowledged_before; ++n) {
        auto post = (*reopened)->get_post(make_post(n).id);
        REQUIRE(post.ok());
        INFO(make_post(n).id);
        REQUIRE(post->has_value());
        CHECK((*post)->state == ModerationState::Approved);
    }
    // One transaction's view: no post without its decision beyond the last acknowledged one.
    auto counts = (*reopened)->moderation_counts();
    REQUIRE(counts.ok());
    CHECK(counts->approved >= acknowledged_before);
    CHECK(counts->approved <= acknowledged_after + 1);
    CHECK(counts->pending <= 1);
    CHECK((*reopened)->kill_switch().value.value_or(false));
    auto audit = (*reopened)->query_audit(AuditQuery{.action = std::string("kill_switch")});
    REQUIRE(audit.ok());
    CHECK(audit->size() == 1);

    MediaCacheOptions fresh_media;
    fresh_media.dir = fresh.media().string();
    auto media_again = MediaCache::open(**reopened, fresh_media);
    REQUIRE(media_again.ok());
    CHECK((*media_again)->file_count() == 6);
    for (const std::string& hash : hashes) CHECK((*media_again)->load(hash).ok());

    auto accounts_again = Accounts::open(Accounts::default_file(fresh.state()));
    REQUIRE(accounts_again.ok());
    CHECK((*accounts_again)->check_login("ana", "correct horse battery").has_value());
    sqlite::Db fleet((fresh.state() / "fleet.db").string(), sqlite::Db::Mode::ReadOnly);
    CHECK(fleet.query_text("SELECT token_hash FROM screen_tokens WHERE screen = 'maternity-1'") == "b2c1");
}

TEST_CASE("backup and restore refuse what would lose or mix data, in one sentence", "[backup]") {
    Box box;
    {
        auto store = box.open_store();
        REQUIRE(store.ok());
        REQUIRE((*store)->upsert_posts({make_post(1)}, kNow).ok());
    }
    const fs::path good = box.dir.path() / "good";
    REQUIRE(backup_box(box.state(), box.media(), good).ok());

    const fs::path not_empty = box.dir.path() / "not-empty";
    fs::create_directories(not_empty);
    std::ofstream(not_empty / "x") << "x";
    const fs::path damaged = box.dir.path() / "damaged";
    fs::copy(good, damaged, fs::copy_options::recursive);
    std::ofstream(damaged / "state" / "accounts.db", std::ios::binary) << std::string(4096, 'z');
    Box empty_box;
    Box occupied;
    REQUIRE(occupied.open_store().ok());

    struct Case {
        const char* what;
        std::function<std::string()> run;
        std::string expect;  // the start of the sentence
    };
    const Case cases[] = {
        {"backup into a folder with files", [&] { return backup_box(box.state(), box.media(), not_empty).error; },
         not_empty.string() + " already exists and is not empty; name a new folder"},
        {"backup of a folder that is not a state folder",
         [&] { return backup_box(empty_box.state(), empty_box.media(), box.dir.path() / "b").error; },
         "there is no lobbywall.db in " + empty_box.state().string()},
        {"restore from a folder that is no backup",
         [&] { return restore_box(not_empty, empty_box.state(), empty_box.media(), false).error; },
         not_empty.string() + " is not a lobbywall backup"},
        {"restore of a damaged backup",
         [&] { return restore_box(damaged, empty_box.state(), empty_box.media(), false).error; },
         "the backup cannot be read ("},
        {"restore over a box that has a database",
         [&] { return restore_box(good, occupied.state(), occupied.media(), false).error; },
         occupied.state().string() + " already holds lobbywall.db; stop lobbywall and restore with --force"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        const std::string error = c.run();
        CHECK(error.starts_with(c.expect));
    }
    CHECK(fs::is_empty(empty_box.state()));  // the refused restore wrote nothing

    // --force sets the current files aside and restores.
    Result<RestoreReport> forced = restore_box(good, occupied.state(), occupied.media(), true);
    REQUIRE(forced.error == "");
    CHECK(fs::exists(forced->set_aside / "lobbywall.db"));
    auto store = occupied.open_store();
    REQUIRE(store.ok());
    auto post = (*store)->get_post(make_post(1).id);
    REQUIRE(post.ok());
    CHECK(post->has_value());
}

TEST_CASE("the backup and restore commands print one line", "[backup]") {
    Box box;
    REQUIRE(box.open_store().ok());
    struct Case {
        std::vector<std::string> args;
        bool restore;
        int status;
        std::string out_start;
        std::string err_start;
    };
    const std::string target = (box.dir.path() / "copy").string();
    const Case cases[] = {
        {{}, false, 2, "", "usage: lobbywall [--config FILE] backup DIR"},
        {{"a", "b"}, false, 2, "", "usage: lobbywall [--config FILE] backup DIR"},
        {{target}, false, 0, "backed up 1 database(s) (", ""},
        {{target}, false, 1, "", "lobbywall backup: " + target + " already exists and is not empty"},
        {{}, true, 2, "", "usage: lobbywall [--config FILE] restore DIR [--force]"},
        {{target}, true, 1, "", "lobbywall restore: " + box.state().string() + " already holds lobbywall.db"},
        {{target, "--force"}, true, 0, "restored 1 database(s) and 0 media files into ", ""},
    };
    for (const Case& c : cases) {
        INFO((c.restore ? "restore" : "backup") << " " << c.args.size());
        std::ostringstream out, err;
        const int status = c.restore ? run_restore_command(c.args, box.state(), box.media(), out, err)
                                     : run_backup_command(c.args, box.state(), box.media(), out, err);
        CHECK(status == c.status);
        CHECK(out.str().starts_with(c.out_start));
        CHECK(err.str().starts_with(c.err_start));
        if (!c.out_start.empty()) CHECK(err.str().empty());
    }
}
