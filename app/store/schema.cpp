// Schema versions and the migration runner: see schema.h and docs/store.md.
// Never edit a released version's SQL; add a new version instead.
#include "store/schema.h"

#include "core/log.h"
#include "store/sqlite.h"

#include <fmt/format.h>

namespace lw::schema {
namespace {

// Version 1: sources and their poll state, posts with their media, tags,
// emoji and labels, moderation state, settings, and the append-only audit log.
constexpr std::string_view kVersion1 = R"sql(
PRAGMA application_id = 1279416140;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE sources (
    id                   TEXT PRIMARY KEY,  -- the configured source name
    kind                 TEXT NOT NULL DEFAULT '',
    etag                 TEXT NOT NULL DEFAULT '',
    last_modified        TEXT NOT NULL DEFAULT '',
    cursor               TEXT NOT NULL DEFAULT '',  -- newest id (Mastodon min_id) or uri seen
    last_attempt         INTEGER,
    last_success         INTEGER,
    last_error           TEXT NOT NULL DEFAULT '',
    consecutive_failures INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE posts (
    id              TEXT PRIMARY KEY,      -- canonical id/uri, the same for every source
    source_id       TEXT NOT NULL,         -- the first source that brought it
    source_kind     TEXT NOT NULL,
    author          TEXT NOT NULL DEFAULT '',
    handle          TEXT NOT NULL DEFAULT '',
    avatar_url      TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL DEFAULT '',
    content_warning TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT '',
    permalink       TEXT NOT NULL DEFAULT '',
    created         INTEGER NOT NULL,      -- unix seconds, UTC
    first_seen      INTEGER NOT NULL,
    sensitive       INTEGER NOT NULL DEFAULT 0,
    is_reply        INTEGER NOT NULL DEFAULT 0,
    is_repost       INTEGER NOT NULL DEFAULT 0,
    reposted_by     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX posts_created ON posts(created);

-- Every time a source delivered the post (directly or as a boost).
CREATE TABLE post_sightings (
    post_id     TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    source_id   TEXT NOT NULL,
    reposted_by TEXT NOT NULL DEFAULT '',
    seen_at     INTEGER NOT NULL,
    PRIMARY KEY (post_id, source_id, reposted_by)
) STRICT, WITHOUT ROWID;

CREATE TABLE post_media (
    post_id  TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    url      TEXT NOT NULL,
    alt      TEXT NOT NULL DEFAULT '',
    width    INTEGER NOT NULL DEFAULT 0,
    height   INTEGER NOT NULL DEFAULT 0,
    focus_x  REAL NOT NULL DEFAULT 0,
    focus_y  REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (post_id, position)
) STRICT;
CREATE INDEX post_media_url ON post_media(url);

CREATE TABLE post_tags (
    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    tag     TEXT NOT NULL,
    PRIMARY KEY (post_id, tag)
) STRICT;  -- with rowid: tags come back in the order the post has them
CREATE INDEX post_tags_tag ON post_tags(tag);

CREATE TABLE post_emojis (
    post_id   TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    shortcode TEXT NOT NULL,
    url       TEXT NOT NULL,
    PRIMARY KEY (post_id, shortcode)
) STRICT, WITHOUT ROWID;

CREATE TABLE post_labels (
    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    label   TEXT NOT NULL,
    PRIMARY KEY (post_id, label)
) STRICT, WITHOUT ROWID;

CREATE TABLE moderation (
    post_id    TEXT PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    state      TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
    reasons    TEXT NOT NULL DEFAULT '',   -- one reason per line
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at INTEGER,
    pinned     INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1))
) STRICT;
CREATE INDEX moderation_state ON moderation(state);

-- Ids of purged posts, so a feed that delivers them again does not put them
-- back in the queue; kept as long as posts themselves are.
CREATE TABLE purged_posts (
    post_id   TEXT PRIMARY KEY,
    purged_at INTEGER NOT NULL,
    created   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE audit_log (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after a purge
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);

-- The audit log is append-only. The only way to delete is the retention
-- purge, which opens this gate to its cutoff and closes it again inside one
-- transaction; entries at or after the gate can never be deleted.
CREATE TABLE audit_purge_gate (
    only_row     INTEGER PRIMARY KEY CHECK (only_row = 1),
    purge_before INTEGER NOT NULL
) STRICT;
INSERT INTO audit_purge_gate VALUES (1, 0);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN OLD.at >= COALESCE((SELECT purge_before FROM audit_purge_gate WHERE only_row = 1), 0)
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only: only entries past retention may be purged');
END;
)sql";

// Version 2: staff content (announcements, hashtag prompts) and the media
// cache index (files by content hash, URLs pointing at them).
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE announcements (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL DEFAULT '',
    image_local_path TEXT NOT NULL DEFAULT '',
    starts           INTEGER NOT NULL,
    ends             INTEGER NOT NULL,   -- equal to starts: no end
    updated_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE hashtag_prompts (
    id         TEXT PRIMARY KEY,
    text       TEXT NOT NULL DEFAULT '',
    hashtag    TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE media_files (
    hash       TEXT PRIMARY KEY,   -- BLAKE2b-256 of the downloaded bytes
    file       TEXT NOT NULL,      -- name inside the media folder
    bytes      INTEGER NOT NULL,   -- size of the stored file
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    checksum   TEXT NOT NULL,      -- BLAKE2b-256 of the stored file
    stored_at  INTEGER NOT NULL,
    last_shown INTEGER NOT NULL
) STRICT;
CREATE INDEX media_files_last_shown ON media_files(last_shown);

CREATE TABLE media_urls (
    url        TEXT PRIMARY KEY,
    hash       TEXT NOT NULL REFERENCES media_files(hash) ON DELETE CASCADE,
    alt        TEXT NOT NULL DEFAULT '',
    fetched_at INTEGER NOT NULL
) STRICT;
CREATE INDEX media_urls_hash ON media_urls(hash);
)sql";

// Source health for the console and the logs: when the source is asked
// next, and how many posts it has delivered.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE sources ADD COLUMN next_poll INTEGER;
ALTER TABLE sources ADD COLUMN posts_seen INTEGER NOT NULL DEFAULT 0;
)sql";

// An announcement's uploaded image: the media cache URL it is stored under
// ("upload:announcement/ID"), so garbage collection and eviction keep it.
constexpr const char* kVersion4 = R"sql(
ALTER TABLE announcements ADD COLUMN image_url TEXT NOT NULL DEFAULT '';
)sql";

// Fleet: announcements and hashtag prompts aimed at some screen groups only
// (one group name a line; empty: every group).
constexpr const char* kVersion5 = R"sql(
ALTER TABLE announcements ADD COLUMN groups TEXT NOT NULL DEFAULT '';
ALTER TABLE hashtag_prompts ADD COLUMN groups TEXT NOT NULL DEFAULT '';
)sql";

constexpr Migration kMigrations[] = {
    {1, "posts, moderation, sources, settings, audit log", kVersion1},
    {2, "announcements, hashtag prompts, media cache index", kVersion2},
    {3, "source health: next poll, posts seen", kVersion3},
    {4, "announcement images kept by the media cache", kVersion4},
    {5, "announcements and prompts for some screen groups", kVersion5},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_version() { return kMigrations[std::size(kMigrations) - 1].version; }

Status migrate(sqlite::Db& db, int target) {
    if (target <= 0) target = latest_version();
    try {
        sqlite::Transaction tx(db);
        // Read inside the write transaction: two programs starting at once
        // cannot both run the same step.
        int current = static_cast<int>(db.query_int("PRAGMA user_version"));
        int app_id = static_cast<int>(db.query_int("PRAGMA application_id"));
        if (app_id != 0 && app_id != kApplicationId)
            return Status::failure(fmt::format(
                "{} is not a lobbywall database (application_id {:#x}); refusing to touch it",
                db.path(), static_cast<unsigned>(app_id)));
        if (current > latest_version())
            return Status::failure(fmt::format(
                "{} has schema version {} but this lobbywall knows only up to {}; "
                "refusing to downgrade it: install the newer lobbywall or move the file away",
                db.path(), current, latest_version()));
        if (current > target)
            return Status::failure(fmt::format(
                "{} has schema version {}, newer than the requested {}", db.path(), current,
                target));
        if (current == 0 && app_id == 0 &&
            db.query_int("SELECT count(*) FROM sqlite_schema") != 0)
            return Status::failure(fmt::format(
                "{} holds tables but no lobbywall schema version; refusing to touch it",
                db.path()));
        if (current == target) return Status::success();
        for (const Migration& m : kMigrations) {
            if (m.version <= current || m.version > target) continue;
            db.exec(m.sql);
            db.exec(fmt::format("PRAGMA user_version = {}", m.version));
        }
        tx.commit();
        log::info("store: migrated {} from schema version {} to {}", db.path(), current, target);
        return Status::success();
    } catch (const sqlite::Error& e) {
        return Status::failure(
            fmt::format("cannot migrate {}: {}; the database was left unchanged", db.path(),
                        e.what()));
    }
}

}  // namespace lw::schema
