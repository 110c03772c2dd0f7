// Staff content and bookkeeping in the store: announcements, hashtag
// prompts, the audit log and the sources' poll state.
#include "store/store.h"

#include "store/sqlite.h"
#include "store/store_internal.h"

#include <fmt/format.h>

#include <stdexcept>

namespace lw {

using namespace store_detail;

Status Store::put_announcement(const Announcement& a, const Actor& actor, TimePoint now) {
    if (a.id.empty()) return Status::failure("an announcement needs an id");
    if (a.ends < a.starts) return Status::failure("an announcement cannot end before it starts");
    return write(
        [&](sqlite::Db& db) {
            db.prepare("INSERT INTO announcements (id, title, body, image_local_path, starts, "
                       "ends, updated_at, groups) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (id) DO "
                       "UPDATE SET groups = excluded.groups, "
                       "title = excluded.title, body = excluded.body, "
                       // A changed image path drops the media cache reference.
                       "image_url = CASE WHEN excluded.image_local_path = image_local_path "
                       "THEN image_url ELSE '' END, "
                       "image_local_path = excluded.image_local_path, starts = excluded.starts, "
                       "ends = excluded.ends, updated_at = excluded.updated_at")
                .bind(1, a.id).bind(2, a.title).bind(3, a.body).bind(4, a.image_local_path)
                .bind(5, to_unix(a.starts)).bind(6, to_unix(a.ends)).bind(7, to_unix(now))
                .bind(8, join_lines(a.groups))
                .run();
            insert_audit(db, now, actor, "announcement.put", a.id, a.title);
        },
        Durability::Full);
}

Status Store::delete_announcement(const std::string& id, const Actor& actor, TimePoint now) {
    return write(
        [&](sqlite::Db& db) {
            db.prepare("DELETE FROM announcements WHERE id = ?").bind(1, id).run();
            if (db.changes() == 0)
                throw std::runtime_error(fmt::format("no announcement with id {}", id));
            insert_audit(db, now, actor, "announcement.delete", id, "");
        },
        Durability::Full);
}

Status Store::set_announcement_image(const std::string& id, const std::string& image_url,
                                     const std::string& image_local_path,
                                     const std::string& details, const Actor& actor,
                                     TimePoint now) {
    if (image_url.empty() != image_local_path.empty())
        return Status::failure("an announcement image needs both its URL and its file");
    return write(
        [&](sqlite::Db& db) {
            db.prepare("UPDATE announcements SET image_url = ?, image_local_path = ?, "
                       "updated_at = ? WHERE id = ?")
                .bind(1, image_url).bind(2, image_local_path).bind(3, to_unix(now)).bind(4, id)
                .run();
            if (db.changes() == 0)
                throw std::runtime_error(fmt::format("no announcement with id {}", id));
            insert_audit(db, now, actor, "announcement.image", id, details);
        },
        Durability::Full);
}

Status Store::save_announcement(const Announcement& a, const std::string& image_url,
                                const std::string& image_details, const Actor& actor,
                                TimePoint now) {
    if (a.id.empty()) return Status::failure("an announcement needs an id");
    if (a.ends < a.starts) return Status::failure("an announcement cannot end before it starts");
    if (image_url.empty() != a.image_local_path.empty())
        return Status::failure("an announcement image needs both its URL and its file");
    return write(
        [&](sqlite::Db& db) {
            std::string old_path;
            bool existed = false;
            {
                auto st = db.prepare("SELECT image_local_path FROM announcements WHERE id = ?");
                st.bind(1, a.id);
                if (st.step()) {
                    existed = true;
                    old_path = st.column_text(0);
                }
            }
            db.prepare("INSERT INTO announcements (id, title, body, image_url, image_local_path, "
                       "starts, ends, updated_at, groups) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT "
                       "(id) DO UPDATE SET title = excluded.title, body = excluded.body, "
                       "groups = excluded.groups, "
                       "image_url = excluded.image_url, "
                       "image_local_path = excluded.image_local_path, starts = excluded.starts, "
                       "ends = excluded.ends, updated_at = excluded.updated_at")
                .bind(1, a.id).bind(2, a.title).bind(3, a.body).bind(4, image_url)
                .bind(5, a.image_local_path).bind(6, to_unix(a.starts)).bind(7, to_unix(a.ends))
                .bind(8, to_unix(now)).bind(9, join_lines(a.groups))
                .run();
            insert_audit(db, now, actor, "announcement.put", a.id, a.title);
            if (a.image_local_path != old_path && (existed || !a.image_local_path.empty()))
                insert_audit(db, now, actor, "announcement.image", a.id,
                             a.image_local_path.empty() ? "removed" : image_details);
        },
        Durability::Full);
}

Result<std::vector<Announcement>> Store::announcements() {
    std::vector<Announcement> out;
    Status s = read([&](sqlite::Db& db) {
        auto st = db.prepare("SELECT id, title, body, image_local_path, starts, ends, groups "
                             "FROM announcements ORDER BY starts DESC, id");
        while (st.step())
            out.push_back({st.column_text(0), st.column_text(1), st.column_text(2),
                           st.column_text(3), from_unix(st.column_int(4)),
                           from_unix(st.column_int(5)), split_lines(st.column_text(6))});
    });
    if (!s) return Result<std::vector<Announcement>>::failure(s.error);
    return Result<std::vector<Announcement>>(std::move(out));
}

Status Store::put_prompt(const HashtagPrompt& p, const Actor& actor, TimePoint now) {
    if (p.id.empty()) return Status::failure("a hashtag prompt needs an id");
    return write(
        [&](sqlite::Db& db) {
            // New prompts go last; an edited one keeps its place.
            db.prepare("INSERT INTO hashtag_prompts (id, text, hashtag, url, position, updated_at, "
                       "groups) VALUES (?1, ?2, ?3, ?4, "
                       "(SELECT coalesce(max(position), 0) + 1 FROM hashtag_prompts), ?5, ?6) "
                       "ON CONFLICT (id) DO UPDATE SET text = excluded.text, "
                       "groups = excluded.groups, "
                       "hashtag = excluded.hashtag, url = excluded.url, "
                       "updated_at = excluded.updated_at")
                .bind(1, p.id).bind(2, p.text).bind(3, p.hashtag).bind(4, p.url)
                .bind(5, to_unix(now)).bind(6, join_lines(p.groups))
                .run();
            insert_audit(db, now, actor, "prompt.put", p.id, "#" + p.hashtag);
        },
        Durability::Full);
}

Status Store::delete_prompt(const std::string& id, const Actor& actor, TimePoint now) {
    return write(
        [&](sqlite::Db& db) {
            db.prepare("DELETE FROM hashtag_prompts WHERE id = ?").bind(1, id).run();
            if (db.changes() == 0)
                throw std::runtime_error(fmt::format("no hashtag prompt with id {}", id));
            insert_audit(db, now, actor, "prompt.delete", id, "");
        },
        Durability::Full);
}

Result<std::vector<HashtagPrompt>> Store::prompts() {
    std::vector<HashtagPrompt> out;
    Status s = read([&](sqlite::Db& db) {
        auto st = db.prepare("SELECT id, text, hashtag, url, groups FROM hashtag_prompts "
                             "ORDER BY position, id");
        while (st.step())
            out.push_back({st.column_text(0), st.column_text(1), st.column_text(2),
                           st.column_text(3), split_lines(st.column_text(4))});
    });
    if (!s) return Result<std::vector<HashtagPrompt>>::failure(s.error);
    return Result<std::vector<HashtagPrompt>>(std::move(out));
}

Status Store::append_audit(const AuditEntry& e) {
    if (e.actor.empty() || e.action.empty())
        return Status::failure("an audit entry needs an actor and an action");
    return write(
        [&](sqlite::Db& db) {
            insert_audit(db, e.at, Actor{e.actor, e.address}, e.action, e.target, e.details);
        },
        Durability::Full);
}

Result<std::vector<AuditEntry>> Store::query_audit(const AuditQuery& q) {
    std::vector<AuditEntry> out;
    Status s = read([&](sqlite::Db& db) {
        // Unset filters bind NULL and match everything.
        auto st = db.prepare(
            "SELECT seq, at, actor, action, target, details, address FROM audit_log "
            "WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2) "
            "AND (?3 IS NULL OR target = ?3) AND (?4 IS NULL OR at >= ?4) "
            "AND (?5 IS NULL OR at < ?5) AND (?6 = 0 OR seq < ?6) "
            "AND (?8 IS NULL OR target IN (SELECT id FROM posts WHERE author LIKE ?8 ESCAPE '\\' "
            "OR handle LIKE ?8 ESCAPE '\\' OR text LIKE ?8 ESCAPE '\\')) "
            "ORDER BY seq DESC LIMIT ?7");
        st.bind(1, q.actor).bind(2, q.action).bind(3, q.target);
        if (q.post_text) {
            std::string pattern = "%";
            for (char c : *q.post_text) {
                if (c == '%' || c == '_' || c == '\\') pattern += '\\';
                pattern += c;
            }
            st.bind(8, pattern + "%");
        } else {
            st.bind_null(8);
        }
        if (q.since) st.bind(4, to_unix(*q.since)); else st.bind_null(4);
        if (q.until) st.bind(5, to_unix(*q.until)); else st.bind_null(5);
        st.bind(6, q.before_seq).bind(7, q.limit);
        while (st.step())
            out.push_back({st.column_int(0), from_unix(st.column_int(1)), st.column_text(2),
                           st.column_text(3), st.column_text(4), st.column_text(5),
                           st.column_text(6)});
    });
    if (!s) return Result<std::vector<AuditEntry>>::failure(s.error);
    return Result<std::vector<AuditEntry>>(std::move(out));
}

namespace {

SourceState read_source(sqlite::Statement& st) {
    SourceState s;
    s.source_id = st.column_text(0);
    s.kind = st.column_text(1);
    s.etag = st.column_text(2);
    s.last_modified = st.column_text(3);
    s.cursor = st.column_text(4);
    if (!st.column_is_null(5)) s.last_attempt = from_unix(st.column_int(5));
    if (!st.column_is_null(6)) s.last_success = from_unix(st.column_int(6));
    s.last_error = st.column_text(7);
    s.consecutive_failures = static_cast<int>(st.column_int(8));
    if (!st.column_is_null(9)) s.next_poll = from_unix(st.column_int(9));
    s.posts_seen = st.column_int(10);
    return s;
}

constexpr const char* kSourceColumns =
    "SELECT id, kind, etag, last_modified, cursor, last_attempt, last_success, last_error, "
    "consecutive_failures, next_poll, posts_seen FROM sources";

}  // namespace

Status Store::save_source_state(const SourceState& s) {
    if (s.source_id.empty()) return Status::failure("a source state needs a source id");
    // Poll state can be rebuilt by polling again: no fsync needed.
    return write(
        [&](sqlite::Db& db) {
            auto st = db.prepare(
                "INSERT INTO sources (id, kind, etag, last_modified, cursor, last_attempt, "
                "last_success, last_error, consecutive_failures, next_poll, posts_seen) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, etag = excluded.etag, "
                "last_modified = excluded.last_modified, cursor = excluded.cursor, "
                "last_attempt = excluded.last_attempt, last_success = excluded.last_success, "
                "last_error = excluded.last_error, "
                "consecutive_failures = excluded.consecutive_failures, next_poll = excluded.next_poll, "
                "posts_seen = excluded.posts_seen");
            st.bind(1, s.source_id).bind(2, s.kind).bind(3, s.etag).bind(4, s.last_modified)
                .bind(5, s.cursor);
            if (s.last_attempt) st.bind(6, to_unix(*s.last_attempt)); else st.bind_null(6);
            if (s.last_success) st.bind(7, to_unix(*s.last_success)); else st.bind_null(7);
            st.bind(8, s.last_error).bind(9, s.consecutive_failures);
            if (s.next_poll) st.bind(10, to_unix(*s.next_poll)); else st.bind_null(10);
            st.bind(11, s.posts_seen);
            st.run();
        },
        Durability::Normal);
}

Result<std::optional<SourceState>> Store::source_state(const std::string& source_id) {
    std::optional<SourceState> out;
    Status s = read([&](sqlite::Db& db) {
        auto st = db.prepare(std::string(kSourceColumns) + " WHERE id = ?");
        st.bind(1, source_id);
        if (st.step()) out = read_source(st);
    });
    if (!s) return Result<std::optional<SourceState>>::failure(s.error);
    return Result<std::optional<SourceState>>(std::move(out));
}

Result<std::vector<SourceState>> Store::source_states() {
    std::vector<SourceState> out;
    Status s = read([&](sqlite::Db& db) {
        auto st = db.prepare(std::string(kSourceColumns) + " ORDER BY id");
        while (st.step()) out.push_back(read_source(st));
    });
    if (!s) return Result<std::vector<SourceState>>::failure(s.error);
    return Result<std::vector<SourceState>>(std::move(out));
}

}  // namespace lw
