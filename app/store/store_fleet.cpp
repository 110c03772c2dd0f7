// The fleet's tables: see store_fleet.h.
#include "store/store_fleet.h"

#include "store/sqlite.h"
#include "store/store_internal.h"

#include <stdexcept>

namespace lw::fleet_store {

using namespace store_detail;

Status ensure_tables(Store& store) {
    return store.write(
        [](sqlite::Db& db) {
            db.exec(
                "CREATE TABLE IF NOT EXISTS fleet_screens (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                "grp TEXT NOT NULL, token_hash TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, "
                "paired_at INTEGER NOT NULL, paired_by TEXT NOT NULL, last_status INTEGER, "
                "applied_version INTEGER NOT NULL DEFAULT 0, kill_shown INTEGER NOT NULL DEFAULT 0, "
                "media_pending INTEGER NOT NULL DEFAULT 0, showing TEXT NOT NULL DEFAULT '');"
                "CREATE TABLE IF NOT EXISTS fleet_pairings (code TEXT PRIMARY KEY, claim_hash TEXT NOT NULL, "
                "name TEXT NOT NULL, enrolled INTEGER NOT NULL, created INTEGER NOT NULL, "
                "token TEXT NOT NULL DEFAULT '', screen_id TEXT NOT NULL DEFAULT '');"
                "CREATE TABLE IF NOT EXISTS fleet_groups (grp TEXT PRIMARY KEY, version INTEGER NOT NULL, "
                "content_hash TEXT NOT NULL, kill INTEGER NOT NULL, kill_version INTEGER NOT NULL, "
                "group_kill INTEGER NOT NULL DEFAULT 0);"
                "CREATE TABLE IF NOT EXISTS fleet_local (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
        },
        Durability::Full);
}

Result<std::vector<ScreenRecord>> screens(Store& store) {
    std::vector<ScreenRecord> out;
    Status s = store.read([&](sqlite::Db& db) {
        auto q = db.prepare(
            "SELECT id, name, grp, token_hash, revoked, paired_at, paired_by, last_status, applied_version, "
            "kill_shown, media_pending, showing FROM fleet_screens ORDER BY name, id");
        while (q.step()) {
            ScreenRecord r;
            r.id = q.column_text(0);
            r.name = q.column_text(1);
            r.group = q.column_text(2);
            r.token_hash = q.column_text(3);
            r.revoked = q.column_int(4) != 0;
            r.paired_at = from_unix(q.column_int(5));
            r.paired_by = q.column_text(6);
            if (!q.column_is_null(7)) r.last_status = from_unix(q.column_int(7));
            r.applied_version = static_cast<std::uint64_t>(q.column_int(8));
            r.kill_shown = q.column_int(9) != 0;
            r.media_pending = static_cast<int>(q.column_int(10));
            r.showing = q.column_text(11);
            out.push_back(std::move(r));
        }
    });
    if (!s) return Result<std::vector<ScreenRecord>>::failure(s.error);
    return out;
}

namespace {

void upsert_screen(sqlite::Db& db, const ScreenRecord& r) {
    db.prepare("INSERT OR REPLACE INTO fleet_screens (id, name, grp, token_hash, revoked, paired_at, paired_by, "
               "last_status, applied_version, kill_shown, media_pending, showing) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, r.id).bind(2, r.name).bind(3, r.group).bind(4, r.token_hash).bind(5, r.revoked)
        .bind(6, to_unix(r.paired_at)).bind(7, r.paired_by)
        .bind(8, r.last_status ? std::optional<std::int64_t>(to_unix(*r.last_status)) : std::nullopt)
        .bind(9, static_cast<std::int64_t>(r.applied_version)).bind(10, r.kill_shown).bind(11, r.media_pending).bind(12, r.showing)
        .run();
}

}  // namespace

Status put_screen(Store& store, const ScreenRecord& screen, const Actor& actor, TimePoint now,
                  const std::string& audit_action, const std::string& details) {
    return store.write(
        [&](sqlite::Db& db) {
            upsert_screen(db, screen);
            insert_audit(db, now, actor, audit_action, screen.id, details);
        },
        Durability::Full);
}

void save_report(Store& store, const ScreenRecord& screen) {
    store.write_detached(
        [screen](sqlite::Db& db) {
            db.prepare("UPDATE fleet_screens SET last_status = ?, applied_version = ?, kill_shown = ?, "
                       "media_pending = ?, showing = ? WHERE id = ?")
                .bind(1, screen.last_status ? to_unix(*screen.last_status) : 0)
                .bind(2, static_cast<std::int64_t>(screen.applied_version)).bind(3, screen.kill_shown).bind(4, screen.media_pending)
                .bind(5, screen.showing).bind(6, screen.id)
                .run();
        },
        Durability::Normal);
}

Result<std::vector<PairingRequest>> pairings(Store& store) {
    std::vector<PairingRequest> out;
    Status s = store.read([&](sqlite::Db& db) {
        auto q = db.prepare("SELECT code, claim_hash, name, enrolled, created, token, screen_id FROM fleet_pairings "
                            "ORDER BY created");
        while (q.step())
            out.push_back({q.column_text(0), q.column_text(1), q.column_text(2), q.column_int(3) != 0,
                           from_unix(q.column_int(4)), q.column_text(5), q.column_text(6)});
    });
    if (!s) return Result<std::vector<PairingRequest>>::failure(s.error);
    return out;
}

Status put_pairing(Store& store, const PairingRequest& r) {
    return store.write(
        [&](sqlite::Db& db) {
            db.prepare("INSERT OR REPLACE INTO fleet_pairings (code, claim_hash, name, enrolled, created, token, "
                       "screen_id) VALUES (?,?,?,?,?,?,?)")
                .bind(1, r.code).bind(2, r.claim_hash).bind(3, r.name).bind(4, r.enrolled)
                .bind(5, to_unix(r.created)).bind(6, r.token).bind(7, r.screen_id)
                .run();
        },
        Durability::Full);
}

Status delete_pairing(Store& store, const std::string& code) {
    return store.write([&](sqlite::Db& db) { db.prepare("DELETE FROM fleet_pairings WHERE code = ?").bind(1, code).run(); },
                       Durability::Full);
}

Result<std::vector<GroupState>> groups(Store& store) {
    std::vector<GroupState> out;
    Status s = store.read([&](sqlite::Db& db) {
        auto q = db.prepare("SELECT grp, version, content_hash, kill, kill_version, group_kill FROM fleet_groups "
                            "ORDER BY grp");
        while (q.step())
            out.push_back({q.column_text(0), static_cast<std::uint64_t>(q.column_int(1)), q.column_text(2),
                           q.column_int(3) != 0, static_cast<std::uint64_t>(q.column_int(4)), q.column_int(5) != 0});
    });
    if (!s) return Result<std::vector<GroupState>>::failure(s.error);
    return out;
}

Status put_group(Store& store, const GroupState& g) {
    return store.write(
        [&](sqlite::Db& db) {
            db.prepare("INSERT INTO fleet_groups (grp, version, content_hash, kill, kill_version, group_kill) "
                       "VALUES (?,?,?,?,?,?) ON CONFLICT (grp) DO UPDATE SET version = excluded.version, "
                       "content_hash = excluded.content_hash, kill = excluded.kill, "
                       "kill_version = excluded.kill_version")
                .bind(1, g.group).bind(2, static_cast<std::int64_t>(g.version)).bind(3, g.content_hash)
                .bind(4, g.kill).bind(5, static_cast<std::int64_t>(g.kill_version)).bind(6, g.group_kill)
                .run();
        },
        Durability::Full);
}

Status set_group_kill(Store& store, const std::string& group, bool on, const Actor& actor, TimePoint now) {
    return store.write(
        [&](sqlite::Db& db) {
            db.prepare("INSERT INTO fleet_groups (grp, version, content_hash, kill, kill_version, group_kill) "
                       "VALUES (?, 0, '', 0, 0, ?) ON CONFLICT (grp) DO UPDATE SET group_kill = excluded.group_kill")
                .bind(1, group).bind(2, on)
                .run();
            insert_audit(db, now, actor, "kill_switch.group", group, on ? "on" : "off");
        },
        Durability::Full);
}

Status delete_group(Store& store, const std::string& group, const Actor& actor, TimePoint now) {
    return store.write(
        [&](sqlite::Db& db) {
            db.prepare("DELETE FROM fleet_groups WHERE grp = ?").bind(1, group).run();
            insert_audit(db, now, actor, "group.delete", group, "");
        },
        Durability::Full);
}

Result<std::map<std::string, std::string>> local_values(Store& store) {
    std::map<std::string, std::string> out;
    Status s = store.read([&](sqlite::Db& db) {
        auto q = db.prepare("SELECT key, value FROM fleet_local");
        while (q.step()) out[q.column_text(0)] = q.column_text(1);
    });
    if (!s) return Result<std::map<std::string, std::string>>::failure(s.error);
    return out;
}

Status set_local_values(Store& store, const std::map<std::string, std::string>& values, Durability durability) {
    return store.write(
        [&](sqlite::Db& db) {
            for (const auto& [key, value] : values)
                db.prepare("INSERT OR REPLACE INTO fleet_local (key, value) VALUES (?, ?)").bind(1, key).bind(2, value).run();
        },
        durability);
}

}  // namespace lw::fleet_store
