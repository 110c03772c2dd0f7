// The console API's post handlers: the lists, decisions (with the second,
// deliberate step for a post the privacy guard holds), pins, and blocked
// authors with their undo. See console_api.h and docs/server.md.
#include "server/console_api.h"

#include "server/blocked_authors.h"
#include "server/console_request.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace lw {

using namespace capi;

// --- posts ---------------------------------------------------------------------

ApiResponse ConsoleApi::list_posts(const ApiRequest& req) {
    auto it = req.query.find("state");
    std::string state_name = it == req.query.end() ? "pending" : it->second;
    auto state = parse_moderation_state(state_name);
    if (!state) return error(400, "\"state\" must be pending, approved or rejected");
    int limit = query_int(req, "limit", 100, 1, 500);
    int offset = query_int(req, "offset", 0, 0, 1000000);
    auto posts = store_.list_posts(*state, limit, offset);
    if (!posts) return store_failure(posts.error);
    std::string body = fmt::format("{{\"state\":\"{}\",\"posts\":[", to_string(*state));
    for (std::size_t i = 0; i < posts->size(); ++i) {
        if (i) body += ',';
        body += post_to_json((*posts)[i], options_.privacy);
    }
    body += "]}";
    ApiResponse r;
    r.body = std::move(body);
    return r;
}

// A post the privacy guard holds is approved only as its own request naming
// it in "approve_anyway" (the page's second, deliberate step); otherwise it
// is skipped, so "select all, approve" can never publish one. Skipped posts
// are named in the answer; when nothing else was decided the answer is 409.
ApiResponse ConsoleApi::decide(const Call& call) {
    json body = parse_object(call.req.body);
    auto ids = get_ids(body);
    std::string to_name = get_string(body, "state", true, 16);
    auto to = parse_moderation_state(to_name);
    if (!to) return error(400, "\"state\" must be pending, approved or rejected");
    const std::string anyway = get_string(body, "approve_anyway", false, 2048);
    if (!anyway.empty() && (ids.size() != 1 || ids.front() != anyway))
        return error(400, "a post held for patient details is approved anyway on its own: send "
                          "its id alone, in both \"ids\" and \"approve_anyway\"");
    const TimePoint now = clock_.now();
    std::vector<Decision> decisions;
    json held = json::array();
    for (const auto& id : ids) {
        auto sp = store_.get_post(id);
        if (!sp) return store_failure(sp.error);
        if (!*sp) return error(404, "that post is no longer stored (it may have been purged)");
        std::string why = (*sp)->state == ModerationState::Pending || *to != ModerationState::Pending
                              ? ""
                              : fmt::format("staff: undo {}", to_string((*sp)->state));
        if (*to == ModerationState::Approved && (*sp)->state != ModerationState::Approved) {
            auto privacy = privacy_hold_reasons(**sp, options_.privacy);
            if (!privacy.empty()) {
                if (anyway != id) {
                    held.push_back({{"id", id}, {"reasons", privacy}});
                    continue;
                }
                std::string list;
                for (const auto& r : privacy) list += (list.empty() ? "" : "; ") + r;
                why = "staff: approved anyway, though held for patient details (" + list + ")";
            }
        }
        decisions.push_back({id, *to, staff_reasons(**sp, *to, why), call.actor(), now});
    }
    if (decisions.empty()) {
        json out = {{"error", held.size() == 1
                                  ? "this post is held for patient details: check it and choose "
                                    "\"Approve anyway\" to show it on the screen"
                                  : "these posts are held for patient details: approve each one "
                                    "on its own after checking it"},
                    {"held", held}};
        return reply(409, out);
    }
    Status s = store_.record_decisions(decisions);
    if (!s) return store_failure(s.error);
    changed();
    return reply(200, {{"ok", true}, {"count", decisions.size()}, {"state", to_string(*to)},
                       {"skipped_held", held}});
}

ApiResponse ConsoleApi::pin(const Call& call) {
    json body = parse_object(call.req.body);
    std::string id = get_string(body, "id", true, 2048);
    bool pinned = *get_bool(body, "pinned", true);
    auto sp = store_.get_post(id);
    if (!sp) return store_failure(sp.error);
    if (!*sp) return error(404, fmt::format("no post with id {}", id));
    if (pinned && (*sp)->state != ModerationState::Approved)
        return error(409, "only approved posts can be pinned");
    Status s = store_.set_pinned(id, pinned, call.actor(), clock_.now());
    if (!s) return store_failure(s.error);
    changed();
    return ok();
}

ApiResponse ConsoleApi::blocked_list() {
    auto list = blocked_authors(store_);
    if (!list) return store_failure(list.error);
    auto feed = blocked_feed_authors(store_);
    if (!feed) return store_failure(feed.error);
    json feed_authors = json::array();
    for (const auto& b : *feed) feed_authors.push_back({{"source", b.source_id}, {"author", b.author}});
    return reply(200, {{"authors", *list}, {"feed_authors", feed_authors}});
}

namespace {

constexpr auto kBlockUndoWindow = std::chrono::minutes(15);

// What a block names, from the request: a post ("post_id", with "scope"
// "author" or "feed" for a web-feed post), a "handle", or a web-feed
// "source" and "author".
struct BlockTarget {
    std::string handle;
    std::optional<FeedAuthorBlock> feed_author;
    std::string words;  // "troll@example.social", "Jane Doe in the feed news"
};

BlockTarget block_target(Store& store, const json& body) {
    BlockTarget t;
    const std::string post_id = get_string(body, "post_id", false, 2048);
    if (!post_id.empty()) {
        auto sp = store.get_post(post_id);
        if (!sp || !*sp) throw BadRequest{404, "that post is no longer stored"};
        const Post& p = (*sp)->post;
        const std::string scope = get_string(body, "scope", false, 16);
        if (p.source_kind == SourceKind::WebFeed && scope != "feed") {
            t.feed_author = feed_author_of(p);
            if (!t.feed_author)
                throw BadRequest{409, "this feed does not name the item's author: only the whole "
                                      "feed can be blocked (send \"scope\": \"feed\")"};
            t.words = p.author + " in the feed " + p.source_id;
            return t;
        }
        t.handle = normalize_handle(p.handle);
        t.words = p.source_kind == SourceKind::WebFeed ? "the whole feed " + p.handle : t.handle;
        if (t.handle.empty()) throw BadRequest{400, "this post has no author to block"};
        return t;
    }
    const std::string source = get_string(body, "source", false, 200);
    if (!source.empty()) {
        std::string author = normalize_author(get_string(body, "author", true, 300));
        if (author.empty()) throw BadRequest{400, "\"author\" is empty"};
        t.feed_author = FeedAuthorBlock{source, author};
        t.words = author + " in the feed " + source;
        return t;
    }
    t.handle = normalize_handle(get_string(body, "handle", true, 300));
    if (t.handle.empty()) throw BadRequest{400, "\"handle\" is empty"};
    t.words = t.handle;
    return t;
}

bool blocked_by(const BlockTarget& t, const Post& p) {
    if (t.feed_author) {
        auto mine = feed_author_of(p);
        return mine && *mine == *t.feed_author;
    }
    return normalize_handle(p.handle) == t.handle || normalize_handle(p.reposted_by) == t.handle;
}

}  // namespace

// Blocking is a safety step any staff may take; lifting one is an admin's
// (or, for a while, an undo by the person who blocked). A new block rejects
// the author's waiting posts and takes their approved ones off the screen.
ApiResponse ConsoleApi::block_author(const Call& call) {
    json body = parse_object(call.req.body);
    bool blocked = get_bool(body, "blocked", false).value_or(true);
    if (!blocked && !call.admin()) return admin_only("unblock an author");
    BlockTarget target = block_target(store_, body);
    const TimePoint now = clock_.now();
    std::vector<Decision> rejections;
    std::vector<std::pair<std::string, ModerationState>> restore;
    std::string token;
    int removed = 0;
    {
        std::lock_guard lock(blocked_mutex_);
        Status s = target.feed_author
                       ? set_feed_author_blocked(store_, *target.feed_author, blocked, call.actor(), now)
                       : set_author_blocked(store_, target.handle, blocked, call.actor(), now);
        if (!s) return store_failure(s.error);
        if (blocked) {
            for (ModerationState from : {ModerationState::Pending, ModerationState::Approved}) {
                auto posts = store_.list_posts(from, 5000);
                if (!posts) return store_failure(posts.error);
                for (const auto& sp : *posts) {
                    if (!blocked_by(target, sp.post)) continue;
                    rejections.push_back({sp.post.id, ModerationState::Rejected,
                                          staff_reasons(sp, ModerationState::Rejected,
                                                        "staff: blocked author " + target.words),
                                          call.actor(), now});
                    restore.emplace_back(sp.post.id, from);
                    removed += from == ModerationState::Approved;
                }
            }
            s = store_.record_decisions(rejections);
            if (!s) return store_failure(s.error);
            for (auto it = block_undos_.begin(); it != block_undos_.end();)
                it = it->second.expires <= now ? block_undos_.erase(it) : std::next(it);
            token = new_id("undo-");
            block_undos_[token] = {call.session.user, target.handle, target.feed_author,
                                   std::move(restore), now + kBlockUndoWindow};
        }
    }
    changed();
    return reply(200, {{"ok", true},
                       {"blocked", target.words},
                       {"rejected", rejections.size() - removed},
                       {"removed_from_screen", removed},
                       {"undo", token}});
}

// Lifts a block made moments ago and puts its posts back where they were.
ApiResponse ConsoleApi::undo_block(const Call& call) {
    json body = parse_object(call.req.body);
    const std::string token = get_string(body, "undo", true, 64);
    const TimePoint now = clock_.now();
    BlockUndo undo;
    std::size_t restored = 0;
    {
        std::lock_guard lock(blocked_mutex_);
        auto it = block_undos_.find(token);
        if (it == block_undos_.end() || it->second.expires <= now)
            return error(410, "this block can no longer be undone here; an admin can lift it "
                              "under Blocked authors");
        if (it->second.user != call.session.user && !call.admin())
            return admin_only("undo another person's block");
        undo = std::move(it->second);
        block_undos_.erase(it);
        Status s = undo.feed_author
                       ? set_feed_author_blocked(store_, *undo.feed_author, false, call.actor(), now)
                       : set_author_blocked(store_, undo.handle, false, call.actor(), now);
        if (!s) return store_failure(s.error);
        std::vector<Decision> back;
        for (const auto& [id, state] : undo.restore) {
            auto sp = store_.get_post(id);
            if (!sp) return store_failure(sp.error);
            if (!*sp || (*sp)->state != ModerationState::Rejected) continue;  // purged or moved since
            back.push_back({id, state, staff_reasons(**sp, state, "staff: undo block"),
                            call.actor(), now});
        }
        s = store_.record_decisions(back);
        if (!s) return store_failure(s.error);
        restored = back.size();
    }
    changed();
    return reply(200, {{"ok", true}, {"restored", restored}});
}

}  // namespace lw
