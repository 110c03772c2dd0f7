// The console's JSON API: routing, sessions, CSRF, login throttling and the
// session-less login, settings, source health, the audit log and files.
// Posts and blocks are in console_posts.cpp, announcements and prompts in
// console_staff.cpp. See console_api.h and docs/server.md.
#include "server/console_api.h"

#include "core/log.h"
#include "server/alerts_api.h"
#include "server/blocked_authors.h"
#include "server/console_request.h"
#include "server/screens_api.h"
#include "store/image_codec.h"
#include "store/media_cache.h"
#include "store/sqlite.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace lw {

using namespace capi;

ConsoleApi::ConsoleApi(Store& store, Accounts& accounts, const Clock& clock, MediaCache* media,
                       ConsoleHooks hooks, const ConsoleOptions& options)
    : store_(store), accounts_(accounts), clock_(clock), media_(media), hooks_(std::move(hooks)),
      options_(options), throttle_(options.throttle) {}

void ConsoleApi::changed() {
    ++version_;
    if (hooks_.on_content_changed) hooks_.on_content_changed();
}

std::string ConsoleApi::cookie(const std::string& value, std::chrono::seconds max_age,
                               bool secure) const {
    return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookie,
                       value, max_age.count(), secure ? "; Secure" : "");
}

std::string announcement_image_url(const std::string& announcement_id) {
    return "upload:announcement/" + announcement_id;
}

ApiResponse ConsoleApi::handle(const ApiRequest& req) {
    try {
        const std::string& p = req.path;
        // JSON bodies have their own, smaller limit than the image upload
        // (the HTTP layer lets bodies up to the upload limit through).
        if (p != kImageUploadRoute && p != kAnnouncementFormRoute &&
            req.body.size() > options_.max_body_bytes)
            return error(413, fmt::format("the request is {}, over the {} limit",
                                          human_size(req.body.size()),
                                          human_size(options_.max_body_bytes)));
        const bool get = req.method == "GET" || req.method == "HEAD";
        const bool post = req.method == "POST";
        // A browser names the page's origin on every POST; a different one is
        // another site driving the moderator's browser (login included, so no
        // site can log a moderator into an account of its choosing).
        const bool foreign_origin =
            !req.origin.empty() && req.origin != (req.secure ? "https://" : "http://") + req.host;
        if (p == "/api/login") {
            if (!post) return error(405, "use POST to log in");
            return foreign_origin ? error(403, "cross-site request refused") : login(req);
        }

        const TimePoint now = clock_.now();
        std::optional<Session> session;
        if (!req.session_token.empty())
            session = accounts_.find_session(req.session_token, now, options_.sessions,
                                             !req.background);
        if (!session) return error(401, "log in first (no session, or it expired)");

        if (!get) {
            if (foreign_origin) return error(403, "cross-site request refused");
            const std::string& want = session->csrf_token;
            if (req.csrf_header.size() != want.size() ||
                sodium_memcmp(req.csrf_header.data(), want.data(), want.size()) != 0)
                return error(403, "missing or wrong CSRF token (X-CSRF-Token)");
        }
        const Call call{req, *session};

        if (p == "/api/logout" && post) return logout(req, *session);
        if (p == "/api/session" && get) return session_info(*session);
        if (p == "/api/status" && get) return status();
        if (p == "/api/posts" && get) return list_posts(req);
        if (p == "/api/posts/decide" && post) return decide(call);
        if (p == "/api/posts/pin" && post) return pin(call);
        if (p == "/api/blocked-authors" && get) return blocked_list();
        if (p == "/api/blocked-authors" && post) return block_author(call);
        if (p == "/api/blocked-authors/undo" && post) return undo_block(call);
        if (p == "/api/announcements" && get) return list_announcements();
        if (p == "/api/announcements" && post) return put_announcement(call);
        if (p == "/api/announcements/delete" && post) return delete_announcement(call);
        if (p == kImageUploadRoute && post) return put_announcement_image(call);
        if (p == kAnnouncementFormRoute && post) return save_announcement_form(call);
        if (p == "/api/announcements/image/delete" && post) return delete_announcement_image(call);
        if (p == "/api/prompts" && get) return list_prompts();
        if (p == "/api/prompts" && post)
            return call.admin() ? put_prompt(call) : admin_only("change hashtag prompts");
        if (p == "/api/prompts/delete" && post)
            return call.admin() ? delete_prompt(call) : admin_only("delete hashtag prompts");
        if (p == "/api/kill-switch" && get) return kill_switch_state();
        if (p == "/api/kill-switch" && post) return set_kill_switch(call);
        if (p == "/api/sources" && get) return sources();
        if (p == "/api/alerts" && get) return alerts_reply(store_, now, hooks_.fleet_hub);
        if (p == "/api/audit" && get) return audit(call);
        if (p == "/api/screen.png" && get) return screenshot();
        if (p == "/api/account/password" && post) return change_own_password(call);
        if (p.rfind("/api/media/", 0) == 0 && get) return media_file(req);
        if (p.rfind("/api/screens", 0) == 0 && hooks_.fleet_hub) return screens_api(*hooks_.fleet_hub, req, *session);
        return error(404, fmt::format("no API route {} {}", req.method, p));
    } catch (const BadRequest& bad) {
        return error(bad.status, bad.message);
    } catch (const std::exception& e) {
        log::error("Console request {} {} failed: {}", req.method, req.path, e.what());
        return error(500, "internal error");
    }
}

// --- sessions ------------------------------------------------------------------

ApiResponse ConsoleApi::login(const ApiRequest& req) {
    json body = parse_object(req.body);
    std::string name = get_string(body, "name", true, 64);
    std::string password = get_string(body, "password", true, kMaxPasswordLength);
    const TimePoint now = clock_.now();
    auto wait = throttle_.wait_before_attempt(name, req.address, now);
    if (wait.count() > 0) {
        ApiResponse r = error(429, "too many failed logins for this account: try again in " +
                                       human_duration(wait));
        r.retry_after_s = static_cast<int>(wait.count());
        return r;
    }
    auto account = accounts_.check_login(name, password);
    sodium_memzero(password.data(), password.size());
    if (!account) {
        throttle_.record_failure(name, req.address, now);
        // A name that is no account may be a password typed into the wrong
        // box: the log keeps only a keyed hash of it, enough to see the same
        // text tried again (until a restart changes the key), never the text.
        auto known = accounts_.user(name);
        const bool exists = known.ok() && known->has_value();
        std::string shown = exists ? name : "unknown account";
        std::string details = exists ? "wrong password"
                                     : "typed name not kept; its hash " + unknown_name_hash(name);
        store_.append_audit({0, now, shown, "login.failed", shown, details, req.address});
        return error(401, "wrong user name or password");
    }
    throttle_.record_success(name, req.address);
    accounts_.end_expired_sessions(now, options_.sessions);
    auto ns = accounts_.create_session(*account, req.address, now);
    if (!ns) return store_failure(ns.error);
    store_.append_audit({0, now, account->name, "login", account->name, "", req.address});
    ApiResponse r = session_info(ns->session);
    r.set_cookie = cookie(ns->token, options_.sessions.absolute, !options_.tls_cert.empty());
    return r;
}

ApiResponse ConsoleApi::logout(const ApiRequest& req, const Session& session) {
    accounts_.end_session(req.session_token);
    store_.append_audit({0, clock_.now(), session.user, "logout", session.user, "", req.address});
    ApiResponse r = ok();
    r.set_cookie = cookie("", std::chrono::seconds(0), !options_.tls_cert.empty());
    return r;
}

ApiResponse ConsoleApi::session_info(const Session& s) {
    return reply(200, {{"user", s.user},
                       {"role", to_string(s.role)},
                       {"csrf", s.csrf_token},
                       {"time_zone", options_.time_zone},
                       {"idle_timeout_s", options_.sessions.idle.count()}});
}

ApiResponse ConsoleApi::status() {
    json counts = {{"pending", 0}, {"approved", 0}, {"rejected", 0}};
    std::string newest_pending;
    // Counts straight from the moderation table (store.h has no count call).
    Status s = store_.read([&](sqlite::Db& db) {
        auto st = db.prepare("SELECT state, count(*) FROM moderation GROUP BY state");
        while (st.step()) counts[st.column_text(0)] = st.column_int(1);
    });
    if (!s) return store_failure(s.error);
    auto newest = store_.list_posts(ModerationState::Pending, 1);
    if (!newest) return store_failure(newest.error);
    if (!newest->empty()) newest_pending = newest->front().post.id;
    auto kill = store_.kill_switch();
    if (!kill) return store_failure(kill.error);
    return reply(200, {{"version", version_.load()},
                       {"counts", counts},
                       {"newest_pending", newest_pending},
                       {"kill_switch", *kill}});
}

// --- settings, health, audit -----------------------------------------------------------

ApiResponse ConsoleApi::kill_switch_state() {
    auto on = store_.kill_switch();
    if (!on) return store_failure(on.error);
    return reply(200, {{"on", *on}});
}

ApiResponse ConsoleApi::set_kill_switch(const Call& call) {
    json body = parse_object(call.req.body);
    bool on = *get_bool(body, "on", true);
    Status s = store_.set_kill_switch(on, call.actor(), clock_.now());
    if (!s) return store_failure(s.error);
    log::warn("Kill switch turned {} by {} from {}", on ? "on" : "off", call.session.user,
              call.req.address);
    changed();
    return reply(200, {{"ok", true}, {"on", on}});
}

ApiResponse ConsoleApi::sources() {
    auto list = store_.source_states();
    if (!list) return store_failure(list.error);
    json out = json::array();
    for (const auto& s : *list)
        out.push_back({{"source_id", s.source_id},
                       {"kind", s.kind},
                       {"last_attempt", time_or_empty(s.last_attempt)},
                       {"last_success", time_or_empty(s.last_success)},
                       {"last_error", s.last_error},
                       {"consecutive_failures", s.consecutive_failures},
                       {"next_poll", time_or_empty(s.next_poll)},
                       {"posts_seen", s.posts_seen},
                       {"healthy", s.last_error.empty() && s.last_success.has_value()}});
    return reply(200, {{"sources", out}});
}

ApiResponse ConsoleApi::audit(const Call& call) {
    const ApiRequest& req = call.req;
    AuditQuery q;
    auto text = [&](const char* key) -> std::optional<std::string> {
        auto it = req.query.find(key);
        if (it == req.query.end() || it->second.empty()) return std::nullopt;
        return it->second;
    };
    q.actor = text("actor");
    // A moderator reads their own entries; the whole log is an admin's.
    if (!call.admin()) {
        if (q.actor && *q.actor != call.session.user)
            return admin_only("read other people's audit entries");
        q.actor = call.session.user;
    }
    q.action = text("action");
    q.target = text("target");
    q.post_text = text("post");
    for (auto [key, slot] : {std::pair{"since", &q.since}, std::pair{"until", &q.until}})
        if (auto s = text(key)) {
            auto t = parse_rfc3339(*s);
            if (!t) return error(400, fmt::format("\"{}\" must be a time like 2026-11-24T09:00:00Z", key));
            *slot = t;
        }
    q.before_seq = query_int(req, "before", 0, 0, 2000000000);
    q.limit = query_int(req, "limit", 100, 1, 500);
    auto entries = store_.query_audit(q);
    if (!entries) return store_failure(entries.error);
    json out = json::array();
    std::map<std::string, json> posts;  // the same post named by many entries
    for (const auto& e : *entries) {
        json entry = {{"seq", e.seq}, {"at", format_rfc3339(e.at)}, {"actor", e.actor},
                      {"action", e.action}, {"target", e.target}, {"details", e.details},
                      {"address", e.address}};
        // A post's author, first words and link are read from the post while
        // it is stored, never copied into the log: the log is kept a year,
        // posts (and any patient details in them) only days.
        if (e.action == "decision" || e.action == "pin" || e.action == "unpin") {
            auto [it, fresh] = posts.try_emplace(e.target, nullptr);
            if (fresh) {
                auto sp = store_.get_post(e.target);
                if (sp && *sp) it->second = audit_post_summary(**sp);
            }
            entry["post"] = it->second;
        }
        out.push_back(std::move(entry));
    }
    return reply(200, {{"entries", out},
                       {"next_before", entries->empty() ? 0 : entries->back().seq},
                       {"scope", call.admin() ? "all" : "own"}});
}

// --- files -------------------------------------------------------------------------

ApiResponse ConsoleApi::media_file(const ApiRequest& req) {
    // Only names the media cache writes: <64 hex>.jpg|png. Nothing else, so no
    // "..", no slash, no other file of the box can be named.
    static const std::regex name_re("[0-9a-f]{64}\\.(jpg|png)");
    std::string name = req.path.substr(std::string("/api/media/").size());
    if (!std::regex_match(name, name_re) || store_.options().media_dir.empty())
        return error(404, "no such media file");
    std::filesystem::path file = std::filesystem::path(store_.options().media_dir) / name;
    std::ifstream in(file, std::ios::binary);
    if (!in) return error(404, "no such media file");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    ApiResponse r;
    r.content_type = name.ends_with(".png") ? "image/png" : "image/jpeg";
    r.body = std::move(bytes).str();
    return r;
}

ApiResponse ConsoleApi::screenshot() {
    std::optional<std::string> png;
    if (hooks_.screenshot_png) png = hooks_.screenshot_png();
    if (!png) return error(503, "no screenshot of the wall is available");
    ApiResponse r;
    r.content_type = "image/png";
    r.body = std::move(*png);
    return r;
}

// POST /api/account/password {"current": "...", "new": "..."}: staff change
// their own password. The current one is checked as a login is (and counts
// towards the same throttle); every session of the account ends, this one
// too, so the page logs in again with the new password.
ApiResponse ConsoleApi::change_own_password(const Call& call) {
    json body = parse_object(call.req.body);
    std::string current = get_string(body, "current", true, kMaxPasswordLength);
    std::string next = get_string(body, "new", true, kMaxPasswordLength);
    const std::string& name = call.session.user;
    const TimePoint now = clock_.now();
    auto forget = [&] {
        sodium_memzero(current.data(), current.size());
        sodium_memzero(next.data(), next.size());
    };
    auto wait = throttle_.wait_before_attempt(name, call.req.address, now);
    if (wait.count() > 0) {
        forget();
        ApiResponse r = error(429, fmt::format("too many wrong passwords: try again in {} s", wait.count()));
        r.retry_after_s = static_cast<int>(wait.count());
        return r;
    }
    if (!accounts_.check_login(name, current)) {
        forget();
        throttle_.record_failure(name, call.req.address, now);
        store_.append_audit({0, now, name, "password.failed", name, "", call.req.address});
        return error(403, "the current password is wrong");
    }
    throttle_.record_success(name, call.req.address);
    if (auto problem = check_password(next)) {
        forget();
        return error(400, *problem);
    }
    Status changed = accounts_.set_password(name, next);
    forget();
    if (!changed) return store_failure(changed.error);
    store_.append_audit({0, now, name, "password.changed", name, "", call.req.address});
    ApiResponse r = reply(200, {{"relogin", true}});
    r.set_cookie = cookie("", std::chrono::seconds(0), !options_.tls_cert.empty());
    return r;
}

}  // namespace lw
