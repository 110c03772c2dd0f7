// Posts in the store: storing new ones (deduplicated by canonical id),
// moderation decisions, pinning, the console's lists, the wall's content and
// the retention purge.
#include "store/store.h"

#include "core/log.h"
#include "store/sqlite.h"
#include "store/store_internal.h"

#include <fmt/format.h>

#include <stdexcept>

namespace lw {

using namespace store_detail;

namespace {

constexpr SourceKind kAllKinds[] = {
    SourceKind::Demo,        SourceKind::MastodonHashtag, SourceKind::MastodonAccount,
    SourceKind::BlueskyAuthor, SourceKind::BlueskyFeed,   SourceKind::BlueskySearch,
    SourceKind::WebFeed,     SourceKind::Staff,
};

SourceKind parse_source_kind(const std::string& text) {
    for (SourceKind k : kAllKinds)
        if (text == to_string(k)) return k;
    return SourceKind::Demo;
}

const char* media_kind_name(Media::Kind kind) {
    switch (kind) {
        case Media::Kind::Image: return "image";
        case Media::Kind::VideoThumbnail: return "video_thumbnail";
        case Media::Kind::LinkThumbnail: return "link_thumbnail";
    }
    return "image";
}

Media::Kind parse_media_kind(const std::string& text) {
    if (text == "video_thumbnail") return Media::Kind::VideoThumbnail;
    if (text == "link_thumbnail") return Media::Kind::LinkThumbnail;
    return Media::Kind::Image;
}

std::string local_path(const std::string& media_dir, const std::string& file) {
    if (file.empty() || media_dir.empty()) return file;
    return media_dir + "/" + file;
}

void insert_post(sqlite::Db& db, const Post& p, TimePoint now) {
    db.prepare("INSERT INTO posts (id, source_id, source_kind, author, handle, avatar_url, text, "
               "content_warning, language, permalink, created, first_seen, sensitive, is_reply, "
               "is_repost, reposted_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, p.id).bind(2, p.source_id).bind(3, to_string(p.source_kind))
        .bind(4, p.author).bind(5, p.handle).bind(6, p.avatar_url).bind(7, p.text)
        .bind(8, p.content_warning).bind(9, p.language).bind(10, p.permalink)
        .bind(11, to_unix(p.created)).bind(12, to_unix(now)).bind(13, p.sensitive)
        .bind(14, p.is_reply).bind(15, p.is_repost).bind(16, p.reposted_by)
        .run();
    auto media = db.prepare("INSERT INTO post_media (post_id, position, kind, url, alt, width, "
                            "height, focus_x, focus_y) VALUES (?,?,?,?,?,?,?,?,?)");
    for (size_t i = 0; i < p.media.size(); ++i) {
        const Media& m = p.media[i];
        media.bind(1, p.id).bind(2, static_cast<int>(i)).bind(3, media_kind_name(m.kind))
            .bind(4, m.url).bind(5, m.alt).bind(6, m.width).bind(7, m.height)
            .bind(8, static_cast<double>(m.focus_x)).bind(9, static_cast<double>(m.focus_y));
        media.run();
        media.reset();
    }
    auto tags = db.prepare("INSERT OR IGNORE INTO post_tags (post_id, tag) VALUES (?, ?)");
    for (const auto& tag : p.tags) {
        tags.bind(1, p.id).bind(2, tag).run();
        tags.reset();
    }
    auto emojis = db.prepare(
        "INSERT OR IGNORE INTO post_emojis (post_id, shortcode, url) VALUES (?, ?, ?)");
    for (const auto& e : p.emojis) {
        emojis.bind(1, p.id).bind(2, e.shortcode).bind(3, e.url).run();
        emojis.reset();
    }
    auto labels = db.prepare("INSERT OR IGNORE INTO post_labels (post_id, label) VALUES (?, ?)");
    for (const auto& label : p.labels) {
        labels.bind(1, p.id).bind(2, label).run();
        labels.reset();
    }
    db.prepare("INSERT INTO moderation (post_id, state) VALUES (?, 'pending')").bind(1, p.id).run();
}

}  // namespace

namespace store_detail {

std::vector<StoredPost> load_posts(sqlite::Db& db, const std::vector<std::string>& ids,
                                   const std::string& media_dir) {
    auto post_q = db.prepare(
        "SELECT p.source_id, p.source_kind, p.author, p.handle, p.avatar_url, p.text, "
        "p.content_warning, p.language, p.permalink, p.created, p.first_seen, p.sensitive, "
        "p.is_reply, p.is_repost, p.reposted_by, m.state, m.reasons, m.decided_by, "
        "m.decided_at, m.pinned, mf.file "
        "FROM posts p JOIN moderation m ON m.post_id = p.id "
        "LEFT JOIN media_urls mu ON mu.url = p.avatar_url "
        "LEFT JOIN media_files mf ON mf.hash = mu.hash WHERE p.id = ?");
    auto media_q = db.prepare(
        "SELECT pm.kind, pm.url, pm.alt, pm.width, pm.height, pm.focus_x, pm.focus_y, mf.file, "
        "mu.alt FROM post_media pm LEFT JOIN media_urls mu ON mu.url = pm.url "
        "LEFT JOIN media_files mf ON mf.hash = mu.hash WHERE pm.post_id = ? ORDER BY pm.position");
    auto tags_q = db.prepare("SELECT tag FROM post_tags WHERE post_id = ? ORDER BY rowid");
    auto emoji_q = db.prepare(
        "SELECT pe.shortcode, pe.url, mf.file FROM post_emojis pe LEFT JOIN media_urls mu ON mu.url = pe.url "
        "LEFT JOIN media_files mf ON mf.hash = mu.hash WHERE pe.post_id = ?");
    auto labels_q = db.prepare("SELECT label FROM post_labels WHERE post_id = ?");

    std::vector<StoredPost> out;
    out.reserve(ids.size());
    for (const auto& id : ids) {
        post_q.reset();
        post_q.bind(1, id);
        if (!post_q.step()) continue;
        StoredPost sp;
        Post& p = sp.post;
        p.id = id;
        p.source_id = post_q.column_text(0);
        p.source_kind = parse_source_kind(post_q.column_text(1));
        p.author = post_q.column_text(2);
        p.handle = post_q.column_text(3);
        p.avatar_url = post_q.column_text(4);
        p.text = post_q.column_text(5);
        p.content_warning = post_q.column_text(6);
        p.language = post_q.column_text(7);
        p.permalink = post_q.column_text(8);
        p.created = from_unix(post_q.column_int(9));
        sp.first_seen = from_unix(post_q.column_int(10));
        p.sensitive = post_q.column_int(11) != 0;
        p.is_reply = post_q.column_int(12) != 0;
        p.is_repost = post_q.column_int(13) != 0;
        p.reposted_by = post_q.column_text(14);
        sp.state = parse_moderation_state(post_q.column_text(15)).value_or(ModerationState::Pending);
        sp.reasons = split_lines(post_q.column_text(16));
        sp.decided_by = post_q.column_text(17);
        if (!post_q.column_is_null(18)) sp.decided_at = from_unix(post_q.column_int(18));
        sp.pinned = post_q.column_int(19) != 0;
        p.avatar_local_path = local_path(media_dir, post_q.column_text(20));

        media_q.reset();
        media_q.bind(1, id);
        while (media_q.step()) {
            Media m;
            m.kind = parse_media_kind(media_q.column_text(0));
            m.url = media_q.column_text(1);
            m.alt = media_q.column_text(2);
            if (m.alt.empty()) m.alt = media_q.column_text(8);
            m.width = static_cast<int>(media_q.column_int(3));
            m.height = static_cast<int>(media_q.column_int(4));
            m.focus_x = static_cast<float>(media_q.column_double(5));
            m.focus_y = static_cast<float>(media_q.column_double(6));
            m.local_path = local_path(media_dir, media_q.column_text(7));
            p.media.push_back(std::move(m));
        }
        tags_q.reset();
        tags_q.bind(1, id);
        while (tags_q.step()) p.tags.push_back(tags_q.column_text(0));
        emoji_q.reset();
        emoji_q.bind(1, id);
        while (emoji_q.step())
            p.emojis.push_back(
                {emoji_q.column_text(0), emoji_q.column_text(1), local_path(media_dir, emoji_q.column_text(2))});
        labels_q.reset();
        labels_q.bind(1, id);
        while (labels_q.step()) p.labels.push_back(labels_q.column_text(0));
        out.push_back(std::move(sp));
    }
    return out;
}

}  // namespace store_detail

Result<UpsertResult> Store::upsert_posts(const std::vector<Post>& posts, TimePoint now) {
    UpsertResult result;
    Status s = write(
        [&](sqlite::Db& db) {
            result = {};
            auto known = db.prepare("SELECT 1 FROM posts WHERE id = ?1 "
                                    "UNION ALL SELECT 1 FROM purged_posts WHERE post_id = ?1");
            auto sighting = db.prepare(
                "INSERT INTO post_sightings (post_id, source_id, reposted_by, seen_at) "
                "SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM posts WHERE id = ?1) "
                "ON CONFLICT DO UPDATE SET seen_at = excluded.seen_at");
            for (const Post& p : posts) {
                if (p.id.empty()) {
                    log::warn("store: dropped a post from source '{}' without an id", p.source_id);
                    continue;
                }
                known.reset();
                known.bind(1, p.id);
                bool is_known = known.step();
                if (is_known) {
                    result.known_ids.push_back(p.id);
                } else {
                    insert_post(db, p, now);
                    result.new_ids.push_back(p.id);
                }
                sighting.reset();
                sighting.bind(1, p.id).bind(2, p.source_id).bind(3, p.reposted_by)
                    .bind(4, to_unix(now));
                sighting.run();
            }
        },
        Durability::Normal);
    if (!s) return Result<UpsertResult>::failure("cannot store posts: " + s.error);
    return Result<UpsertResult>(std::move(result));
}

namespace {

void apply_decision(sqlite::Db& db, const Decision& d) {
    db.prepare("UPDATE moderation SET state = ?, reasons = ?, decided_by = ?, "
               "decided_at = ?, pinned = CASE WHEN ? = 'rejected' THEN 0 ELSE pinned END "
               "WHERE post_id = ?")
        .bind(1, to_string(d.state)).bind(2, join_lines(d.reasons))
        .bind(3, d.actor.name).bind(4, to_unix(d.at)).bind(5, to_string(d.state))
        .bind(6, d.post_id)
        .run();
    if (db.changes() == 0)
        throw std::runtime_error(fmt::format("no post with id {}", d.post_id));
    std::string details = to_string(d.state);
    if (!d.reasons.empty()) details += ": " + join_lines(d.reasons);
    insert_audit(db, d.at, d.actor, "decision", d.post_id, details);
}

}  // namespace

Status Store::record_decision(const Decision& d) {
    return write([&](sqlite::Db& db) { apply_decision(db, d); }, Durability::Full);
}

Status Store::record_decisions(const std::vector<Decision>& decisions) {
    if (decisions.empty()) return Status::success();
    return write(
        [&](sqlite::Db& db) {
            for (const Decision& d : decisions) apply_decision(db, d);
        },
        Durability::Full);
}

Status Store::set_pinned(const std::string& post_id, bool pinned, const Actor& actor,
                         TimePoint now) {
    return write(
        [&](sqlite::Db& db) {
            db.prepare("UPDATE moderation SET pinned = ? WHERE post_id = ? AND "
                       "(? = 0 OR state = 'approved')")
                .bind(1, pinned).bind(2, post_id).bind(3, pinned)
                .run();
            if (db.changes() == 0)
                throw std::runtime_error(fmt::format(
                    "cannot {} {}: no such approved post", pinned ? "pin" : "unpin", post_id));
            insert_audit(db, now, actor, pinned ? "pin" : "unpin", post_id, "");
        },
        Durability::Full);
}

Result<std::vector<StoredPost>> Store::list_posts(ModerationState state, int limit, int offset) {
    std::vector<StoredPost> out;
    Status s = read([&](sqlite::Db& db) {
        auto st = db.prepare("SELECT p.id FROM posts p JOIN moderation m ON m.post_id = p.id "
                             "WHERE m.state = ? ORDER BY p.created DESC, p.id LIMIT ? OFFSET ?");
        st.bind(1, to_string(state)).bind(2, limit).bind(3, offset);
        std::vector<std::string> ids;
        while (st.step()) ids.push_back(st.column_text(0));
        out = load_posts(db, ids, options_.media_dir);
    });
    if (!s) return Result<std::vector<StoredPost>>::failure(s.error);
    return Result<std::vector<StoredPost>>(std::move(out));
}

Result<std::optional<StoredPost>> Store::get_post(const std::string& post_id) {
    std::optional<StoredPost> out;
    Status s = read([&](sqlite::Db& db) {
        auto posts = load_posts(db, {post_id}, options_.media_dir);
        if (!posts.empty()) out = std::move(posts.front());
    });
    if (!s) return Result<std::optional<StoredPost>>::failure(s.error);
    return Result<std::optional<StoredPost>>(std::move(out));
}

Result<ModerationCounts> Store::moderation_counts() {
    ModerationCounts counts;
    Status s = read([&](sqlite::Db& db) {
        auto st = db.prepare("SELECT state, count(*) FROM moderation GROUP BY state");
        while (st.step()) {
            int n = static_cast<int>(st.column_int(1));
            switch (parse_moderation_state(st.column_text(0)).value_or(ModerationState::Pending)) {
                case ModerationState::Pending: counts.pending += n; break;
                case ModerationState::Approved: counts.approved += n; break;
                case ModerationState::Rejected: counts.rejected += n; break;
            }
        }
    });
    if (!s) return Result<ModerationCounts>::failure(s.error);
    return Result<ModerationCounts>(counts);
}

Result<std::vector<std::string>> Store::media_to_fetch(int limit) {
    std::vector<std::string> urls;
    Status s = read([&](sqlite::Db& db) {
        auto st = db.prepare(
            "SELECT url FROM ("
            "  SELECT pm.url AS url, p.created AS created FROM post_media pm"
            "  JOIN posts p ON p.id = pm.post_id JOIN moderation m ON m.post_id = p.id"
            "  WHERE m.state IN ('pending', 'approved') AND pm.position < 4 AND pm.url <> ''"
            "  UNION ALL"
            "  SELECT p.avatar_url, p.created FROM posts p JOIN moderation m ON m.post_id = p.id"
            "  WHERE m.state IN ('pending', 'approved') AND p.avatar_url <> ''"
            "  UNION ALL"  // Mastodon custom emoji, drawn inline as small images
            "  SELECT pe.url, p.created FROM post_emojis pe JOIN posts p ON p.id = pe.post_id"
            "  JOIN moderation m ON m.post_id = p.id WHERE m.state IN ('pending', 'approved') AND pe.url <> ''"
            ") WHERE url NOT IN (SELECT url FROM media_urls)"
            " GROUP BY url ORDER BY max(created) DESC LIMIT ?");
        st.bind(1, limit);
        while (st.step()) urls.push_back(st.column_text(0));
    });
    if (!s) return Result<std::vector<std::string>>::failure(s.error);
    return Result<std::vector<std::string>>(std::move(urls));
}

Result<WallSnapshot> Store::build_wall_content(TimePoint now, std::chrono::seconds max_age,
                                               int max_posts) {
    WallSnapshot snap;
    snap.built_at = now;
    Status s = read([&](sqlite::Db& db) {
        snap.kill_switch =
            db.query_text("SELECT value FROM settings WHERE key = 'kill_switch'") == "1";
        if (!snap.kill_switch) {
            auto st = db.prepare(
                "SELECT p.id, m.pinned FROM posts p JOIN moderation m ON m.post_id = p.id "
                "WHERE m.state = 'approved' AND (p.created >= ? OR m.pinned = 1) "
                "ORDER BY p.created DESC, p.id LIMIT ?");
            st.bind(1, to_unix(now - max_age)).bind(2, max_posts);
            std::vector<std::string> ids;
            while (st.step()) {
                ids.push_back(st.column_text(0));
                if (st.column_int(1)) snap.pinned_ids.push_back(ids.back());
            }
            for (auto& sp : load_posts(db, ids, options_.media_dir))
                snap.posts.push_back(std::move(sp.post));
        }
        auto ann = db.prepare(
            "SELECT id, title, body, image_local_path, starts, ends, groups FROM announcements "
            "WHERE starts <= ?1 AND (ends = starts OR ends > ?1) ORDER BY starts DESC, id");
        ann.bind(1, to_unix(now));
        while (ann.step())
            snap.announcements.push_back({ann.column_text(0), ann.column_text(1),
                                          ann.column_text(2), ann.column_text(3),
                                          from_unix(ann.column_int(4)),
                                          from_unix(ann.column_int(5)),
                                          split_lines(ann.column_text(6))});
        auto pr = db.prepare("SELECT id, text, hashtag, url, groups FROM hashtag_prompts "
                             "ORDER BY position, id");
        while (pr.step())
            snap.prompts.push_back({pr.column_text(0), pr.column_text(1), pr.column_text(2),
                                    pr.column_text(3), split_lines(pr.column_text(4))});
        // Offline: every source we know of is failing. Since the newest
        // success, or the oldest attempt when none ever succeeded.
        auto src = db.prepare(
            "SELECT count(*), sum(consecutive_failures > 0), max(last_success), "
            "min(last_attempt) FROM sources");
        if (src.step() && src.column_int(0) > 0 && src.column_int(0) == src.column_int(1)) {
            if (!src.column_is_null(2))
                snap.offline_since = from_unix(src.column_int(2));
            else if (!src.column_is_null(3))
                snap.offline_since = from_unix(src.column_int(3));
        }
    });
    if (!s) return Result<WallSnapshot>::failure(s.error);
    return Result<WallSnapshot>(std::move(snap));
}

Result<PurgeReport> Store::purge(TimePoint now) {
    PurgeReport report;
    const auto post_cutoff = to_unix(now - std::chrono::days(options_.post_retention_days));
    const auto rejected_cutoff =
        to_unix(now - std::chrono::hours(options_.rejected_retention_hours));
    const auto audit_cutoff = to_unix(now - std::chrono::days(options_.audit_retention_days));
    Status s = write(
        [&](sqlite::Db& db) {
            report = {};
            // Remember the ids so the feed cannot bring them back into the queue.
            db.prepare(
                  "INSERT OR REPLACE INTO purged_posts (post_id, purged_at, created) "
                  "SELECT p.id, ?1, p.created FROM posts p JOIN moderation m ON m.post_id = p.id "
                  "WHERE (p.created < ?2 AND m.pinned = 0) "
                  "   OR (m.state = 'rejected' AND m.decided_at < ?3)")
                .bind(1, to_unix(now)).bind(2, post_cutoff).bind(3, rejected_cutoff)
                .run();
            db.prepare("DELETE FROM posts WHERE id IN (SELECT post_id FROM purged_posts "
                       "WHERE purged_at = ?)")
                .bind(1, to_unix(now))
                .run();
            report.posts_purged = static_cast<int>(db.changes());
            // Past the post retention age a feed's copy is too old to be queued anyway.
            db.prepare("DELETE FROM purged_posts WHERE created < ?").bind(1, post_cutoff).run();

            // Open the gate to the cutoff (re-creating it if someone deleted it),
            // purge, and close it again before the commit.
            db.prepare("INSERT INTO audit_purge_gate (only_row, purge_before) VALUES (1, ?) "
                       "ON CONFLICT (only_row) DO UPDATE SET purge_before = excluded.purge_before")
                .bind(1, audit_cutoff)
                .run();
            db.prepare("DELETE FROM audit_log WHERE at < ?").bind(1, audit_cutoff).run();
            report.audit_entries_purged = static_cast<int>(db.changes());
            db.exec("UPDATE audit_purge_gate SET purge_before = 0 WHERE only_row = 1");

            if (report.posts_purged || report.audit_entries_purged)
                insert_audit(db, now, Actor{"system", ""}, "retention.purge", "",
                             fmt::format("{} posts, {} audit entries", report.posts_purged,
                                         report.audit_entries_purged));
        },
        Durability::Normal);
    if (!s) return Result<PurgeReport>::failure("retention purge failed: " + s.error);
    if (report.posts_purged || report.audit_entries_purged)
        log::info("store: purged {} posts and {} audit entries past retention",
                  report.posts_purged, report.audit_entries_purged);
    return Result<PurgeReport>(report);
}

}  // namespace lw
