// The console's JSON API: routing, sessions, CSRF, login throttling and the
// session-less login; the handlers for posts, staff content, settings and
// the audit log are in this file too, each a few lines over the store.
// See console_api.h and docs/server.md.
#include "server/console_api.h"

#include "core/log.h"
#include "server/alerts_api.h"
#include "server/blocked_authors.h"
#include "store/image_codec.h"
#include "store/media_cache.h"
#include "store/sqlite.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace lw {
namespace {

using nlohmann::json;

ApiResponse reply(int status, const json& body) {
    ApiResponse r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

ApiResponse error(int status, const std::string& message) {
    ApiResponse r;
    r.status = status;
    r.body = json_error(message);
    return r;
}

ApiResponse ok() { return reply(200, {{"ok", true}}); }

// What only an admin may do, refused for a moderator with one sentence
// (docs/server.md, "Roles").
ApiResponse admin_only(const char* what) {
    return error(403, fmt::format("only an admin may {}; you are logged in as a moderator", what));
}

// The route name of a cached file, or empty when there is none.
std::string media_route(const std::string& local_path) {
    if (local_path.empty()) return {};
    return "/api/media/" + std::filesystem::path(local_path).filename().string();
}

// An uploaded file's name for the audit log: printable ASCII, at most 100 bytes.
std::string printable_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        if (out.size() >= 100) break;
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out.empty() ? "(no name)" : out;
}

// A failure from the store is ours, not the client's: 500, logged.
ApiResponse store_failure(const std::string& what) {
    log::error("Console request failed in the store: {}", what);
    return error(500, what);
}

// The reply when announcement `id` does not exist (404) or the store cannot
// say (500); nothing when it exists.
std::optional<ApiResponse> unless_announcement_exists(Store& store, const std::string& id) {
    auto list = store.announcements();
    if (!list) return store_failure(list.error);
    if (std::none_of(list->begin(), list->end(), [&](const auto& a) { return a.id == id; }))
        return error(404, fmt::format("no announcement with id {}", id));
    return std::nullopt;
}

// Thrown by the field readers below and caught in handle(): a client error.
struct BadRequest {
    int status;
    std::string message;
};

json parse_object(const std::string& body) {
    if (body.empty()) throw BadRequest{400, "the request needs a JSON body"};
    json j;
    try {
        j = json::parse(body);
    } catch (const json::parse_error& e) {
        throw BadRequest{400, fmt::format("the request body is not valid JSON (at byte {})",
                                          e.byte)};
    }
    if (!j.is_object()) throw BadRequest{400, "the request body must be a JSON object"};
    return j;
}

std::string get_string(const json& j, const char* key, bool required, std::size_t max_len) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) throw BadRequest{400, fmt::format("\"{}\" is missing", key)};
        return {};
    }
    if (!it->is_string()) throw BadRequest{400, fmt::format("\"{}\" must be a string", key)};
    std::string s = it->get<std::string>();
    if (s.size() > max_len)
        throw BadRequest{400, fmt::format("\"{}\" is too long (at most {} bytes)", key, max_len)};
    return s;
}

std::optional<bool> get_bool(const json& j, const char* key, bool required) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) throw BadRequest{400, fmt::format("\"{}\" is missing", key)};
        return std::nullopt;
    }
    if (!it->is_boolean()) throw BadRequest{400, fmt::format("\"{}\" must be true or false", key)};
    return it->get<bool>();
}

std::optional<TimePoint> get_time(const json& j, const char* key) {
    std::string s = get_string(j, key, false, 64);
    if (s.empty()) return std::nullopt;
    auto t = parse_rfc3339(s);
    if (!t) throw BadRequest{400, fmt::format("\"{}\" must be a time like 2026-11-24T09:00:00Z", key)};
    return t;
}

// ids as ["a", "b"] or a single "id".
std::vector<std::string> get_ids(const json& j) {
    std::vector<std::string> ids;
    if (auto it = j.find("ids"); it != j.end()) {
        if (!it->is_array()) throw BadRequest{400, "\"ids\" must be an array of strings"};
        for (const auto& v : *it) {
            if (!v.is_string() || v.get<std::string>().empty())
                throw BadRequest{400, "\"ids\" must be an array of strings"};
            ids.push_back(v.get<std::string>());
        }
    } else {
        ids.push_back(get_string(j, "id", true, 2048));
    }
    if (ids.empty()) throw BadRequest{400, "\"ids\" is empty"};
    if (ids.size() > 500) throw BadRequest{400, "at most 500 posts at a time"};
    return ids;
}

bool valid_id(const std::string& id) {
    static const std::regex re("[A-Za-z0-9._-]{1,64}");
    return std::regex_match(id, re);
}

std::string new_id(const char* prefix) {
    unsigned char b[6];
    randombytes_buf(b, sizeof b);
    char hex[sizeof b * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, b, sizeof b);
    return std::string(prefix) + hex;
}

int query_int(const ApiRequest& req, const char* key, int fallback, int lo, int hi) {
    auto it = req.query.find(key);
    if (it == req.query.end() || it->second.empty()) return fallback;
    try {
        std::size_t used = 0;
        long long v = std::stoll(it->second, &used);
        if (used != it->second.size() || v < lo || v > hi) throw std::out_of_range(key);
        return static_cast<int>(v);
    } catch (const std::exception&) {
        throw BadRequest{400, fmt::format("\"{}\" must be a number from {} to {}", key, lo, hi)};
    }
}

std::string time_or_empty(const std::optional<TimePoint>& t) {
    return t ? format_rfc3339(*t) : std::string();
}

// The reasons a staff decision records: what the person did, then the
// rules' reasons it overrides (so the approved list still says why it was held).
std::vector<std::string> staff_reasons(const StoredPost& sp, ModerationState to,
                                       const std::string& why) {
    std::vector<std::string> out;
    out.push_back(why.empty() ? fmt::format("staff: {}", to_string(to)) : why);
    for (const auto& r : sp.reasons)
        if (r.rfind("staff:", 0) != 0) out.push_back(r);
    return out;
}

}  // namespace

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
        if (p != kImageUploadRoute && req.body.size() > options_.max_body_bytes)
            return error(413, fmt::format("the request body is {} bytes, over the {}-byte limit",
                                          req.body.size(), options_.max_body_bytes));
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
            session = accounts_.find_session(req.session_token, now, options_.sessions);
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
        if (p == "/api/announcements" && get) return list_announcements();
        if (p == "/api/announcements" && post) return put_announcement(call);
        if (p == "/api/announcements/delete" && post) return delete_announcement(call);
        if (p == kImageUploadRoute && post) return put_announcement_image(call);
        if (p == "/api/announcements/image/delete" && post) return delete_announcement_image(call);
        if (p == "/api/prompts" && get) return list_prompts();
        if (p == "/api/prompts" && post)
            return call.admin() ? put_prompt(call) : admin_only("change hashtag prompts");
        if (p == "/api/prompts/delete" && post)
            return call.admin() ? delete_prompt(call) : admin_only("delete hashtag prompts");
        if (p == "/api/kill-switch" && get) return kill_switch_state();
        if (p == "/api/kill-switch" && post) return set_kill_switch(call);
        if (p == "/api/sources" && get) return sources();
        if (p == "/api/alerts" && get) return alerts_reply(store_, now);
        if (p == "/api/audit" && get) return audit(call);
        if (p == "/api/screen.png" && get) return screenshot();
        if (p == "/api/account/password" && post) return change_own_password(call);
        if (p.rfind("/api/media/", 0) == 0 && get) return media_file(req);
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
        ApiResponse r = error(429, fmt::format("too many failed logins: try again in {} s",
                                               wait.count()));
        r.retry_after_s = static_cast<int>(wait.count());
        return r;
    }
    auto account = accounts_.check_login(name, password);
    sodium_memzero(password.data(), password.size());
    if (!account) {
        throttle_.record_failure(name, req.address, now);
        // The attempted name is not trusted text: keep it short and printable.
        std::string shown = check_user_name(name) ? "(invalid name)" : name;
        store_.append_audit({0, now, shown, "login.failed", shown, "", req.address});
        return error(401, "wrong user name or password");
    }
    throttle_.record_success(name, req.address);
    accounts_.end_expired_sessions(now, options_.sessions);
    auto ns = accounts_.create_session(*account, req.address, now);
    if (!ns) return store_failure(ns.error);
    store_.append_audit({0, now, account->name, "login", account->name, "", req.address});
    ApiResponse r = reply(200, {{"user", account->name},
                                {"role", to_string(account->role)},
                                {"csrf", ns->session.csrf_token}});
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
    return reply(200, {{"user", s.user}, {"role", to_string(s.role)}, {"csrf", s.csrf_token}});
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
        body += post_to_json((*posts)[i]);
    }
    body += "]}";
    ApiResponse r;
    r.body = std::move(body);
    return r;
}

ApiResponse ConsoleApi::decide(const Call& call) {
    json body = parse_object(call.req.body);
    auto ids = get_ids(body);
    std::string to_name = get_string(body, "state", true, 16);
    auto to = parse_moderation_state(to_name);
    if (!to) return error(400, "\"state\" must be pending, approved or rejected");
    const TimePoint now = clock_.now();
    std::vector<Decision> decisions;
    for (const auto& id : ids) {
        auto sp = store_.get_post(id);
        if (!sp) return store_failure(sp.error);
        if (!*sp) return error(404, fmt::format("no post with id {}", id));
        std::string why = (*sp)->state == ModerationState::Pending || *to != ModerationState::Pending
                              ? ""
                              : fmt::format("staff: undo {}", to_string((*sp)->state));
        decisions.push_back({id, *to, staff_reasons(**sp, *to, why), call.actor(), now});
    }
    Status s = store_.record_decisions(decisions);
    if (!s) return store_failure(s.error);
    changed();
    return reply(200, {{"ok", true}, {"count", decisions.size()}, {"state", to_string(*to)}});
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
    return reply(200, {{"authors", *list}});
}

ApiResponse ConsoleApi::block_author(const Call& call) {
    json body = parse_object(call.req.body);
    std::string handle = normalize_handle(get_string(body, "handle", true, 300));
    if (handle.empty()) return error(400, "\"handle\" is empty");
    bool blocked = get_bool(body, "blocked", false).value_or(true);
    // Blocking is a safety step any staff may take; lifting one is an admin's.
    if (!blocked && !call.admin()) return admin_only("unblock an author");
    const TimePoint now = clock_.now();
    std::vector<Decision> rejections;
    {
        std::lock_guard lock(blocked_mutex_);
        Status s = set_author_blocked(store_, handle, blocked, call.actor(), now);
        if (!s) return store_failure(s.error);
        if (blocked) {
            // Their posts waiting in the queue go too, in one transaction.
            auto pending = store_.list_posts(ModerationState::Pending, 1000);
            if (!pending) return store_failure(pending.error);
            for (const auto& sp : *pending)
                if (normalize_handle(sp.post.handle) == handle ||
                    normalize_handle(sp.post.reposted_by) == handle)
                    rejections.push_back({sp.post.id, ModerationState::Rejected,
                                          staff_reasons(sp, ModerationState::Rejected,
                                                        "staff: blocked author " + handle),
                                          call.actor(), now});
            s = store_.record_decisions(rejections);
            if (!s) return store_failure(s.error);
        }
    }
    changed();
    return reply(200, {{"ok", true}, {"rejected", rejections.size()}});
}

// --- staff content ---------------------------------------------------------------

ApiResponse ConsoleApi::list_announcements() {
    auto list = store_.announcements();
    if (!list) return store_failure(list.error);
    json out = json::array();
    for (const auto& a : *list)
        out.push_back({{"id", a.id}, {"title", a.title}, {"body", a.body},
                       {"has_image", !a.image_local_path.empty()},
                       {"image", media_route(a.image_local_path)},
                       {"starts", format_rfc3339(a.starts)},
                       {"ends", a.ends == a.starts ? "" : format_rfc3339(a.ends)}});
    return reply(200, {{"announcements", out}});
}

ApiResponse ConsoleApi::put_announcement(const Call& call) {
    json body = parse_object(call.req.body);
    Announcement a;
    a.id = get_string(body, "id", false, 64);
    if (a.id.empty()) a.id = new_id("ann-");
    if (!valid_id(a.id)) return error(400, "\"id\" may hold only letters, digits, '.', '_', '-'");
    a.title = get_string(body, "title", false, 200);
    a.body = get_string(body, "body", false, 2000);
    if (a.title.empty() && a.body.empty()) return error(400, "an announcement needs a title or a body");
    const TimePoint now = clock_.now();
    a.starts = get_time(body, "starts").value_or(now);
    a.ends = get_time(body, "ends").value_or(a.starts);
    if (a.ends < a.starts) return error(400, "an announcement cannot end before it starts");
    // An edit keeps the image the announcement already has.
    if (auto list = store_.announcements())
        for (const auto& old : *list)
            if (old.id == a.id) a.image_local_path = old.image_local_path;
    Status s = store_.put_announcement(a, call.actor(), now);
    if (!s) return store_failure(s.error);
    changed();
    return reply(200, {{"ok", true}, {"id", a.id}});
}

ApiResponse ConsoleApi::delete_announcement(const Call& call) {
    json body = parse_object(call.req.body);
    std::string id = get_string(body, "id", true, 64);
    if (auto missing = unless_announcement_exists(store_, id)) return *missing;
    Status s = store_.delete_announcement(id, call.actor(), clock_.now());
    if (!s) return store_failure(s.error);
    changed();
    return ok();
}

ApiResponse ConsoleApi::put_announcement_image(const Call& call) {
    const ApiRequest& req = call.req;
    if (!media_) return error(503, "image uploads are off: the media cache is not running");
    if (!req.multipart)
        return error(400, "send the image as multipart/form-data with the fields \"id\" and "
                          "\"image\"");
    auto id_part = req.parts.find("id");
    if (id_part == req.parts.end() || id_part->second.content.empty())
        return error(400, "\"id\" is missing: which announcement gets the image?");
    const std::string id = id_part->second.content;
    if (!valid_id(id)) return error(400, "\"id\" may hold only letters, digits, '.', '_', '-'");
    auto file = req.parts.find("image");
    if (file == req.parts.end() || file->second.content.empty())
        return error(400, "\"image\" is missing or empty: choose an image file");
    const std::string& bytes = file->second.content;
    if (bytes.size() > options_.max_upload_bytes)
        return error(413, fmt::format("the image is {} bytes, over the {}-byte upload limit",
                                      bytes.size(), options_.max_upload_bytes));
    // Judged by its first bytes, never by its name or the browser's type.
    if (sniff_image_format(bytes) == ImageFormat::Unknown)
        return error(400, "the file is not an image: upload a PNG, JPEG, GIF or WebP");
    if (auto missing = unless_announcement_exists(store_, id)) return *missing;

    const TimePoint now = clock_.now();
    const std::string url = announcement_image_url(id);
    // The same checks as a feed's images: size cap, pixel limit from the
    // header before decoding, decoded, scaled, re-encoded, stored by hash.
    // A media garbage collection between storing the file and naming it in
    // the announcement would take it (nothing referred to it yet): then the
    // second round stores it again, now kept, since the announcement names it.
    Result<CachedImage> cached;
    for (int round = 0; round < 2; ++round) {
        cached = media_->store(url, bytes, "", now);
        if (!cached) {
            const std::string refused = "refused " + url + ": ";
            if (cached.error.rfind(refused, 0) == 0)
                return error(400, "the image was refused: " + cached.error.substr(refused.size()));
            return store_failure(cached.error);
        }
        const std::string details = fmt::format("{} ({} bytes, stored {}x{})",
                                                printable_name(file->second.filename),
                                                bytes.size(), cached->width, cached->height);
        Status s = store_.set_announcement_image(id, url, cached->path, details, call.actor(), now);
        if (!s) return store_failure(s.error);
        if (media_->lookup(url)) break;
    }
    changed();
    return reply(200, {{"ok", true}, {"id", id}, {"image", media_route(cached->path)},
                       {"width", cached->width}, {"height", cached->height}});
}

ApiResponse ConsoleApi::delete_announcement_image(const Call& call) {
    json body = parse_object(call.req.body);
    std::string id = get_string(body, "id", true, 64);
    if (auto missing = unless_announcement_exists(store_, id)) return *missing;
    // The file itself goes with the next media garbage collection.
    Status s = store_.set_announcement_image(id, "", "", "removed", call.actor(), clock_.now());
    if (!s) return store_failure(s.error);
    changed();
    return ok();
}

ApiResponse ConsoleApi::list_prompts() {
    auto list = store_.prompts();
    if (!list) return store_failure(list.error);
    json out = json::array();
    for (const auto& p : *list)
        out.push_back({{"id", p.id}, {"text", p.text}, {"hashtag", p.hashtag}, {"url", p.url}});
    return reply(200, {{"prompts", out}});
}

ApiResponse ConsoleApi::put_prompt(const Call& call) {
    json body = parse_object(call.req.body);
    HashtagPrompt p;
    p.id = get_string(body, "id", false, 64);
    if (p.id.empty()) p.id = new_id("prompt-");
    if (!valid_id(p.id)) return error(400, "\"id\" may hold only letters, digits, '.', '_', '-'");
    p.text = get_string(body, "text", true, 300);
    p.hashtag = get_string(body, "hashtag", true, 100);
    if (!p.hashtag.empty() && p.hashtag.front() == '#') p.hashtag.erase(0, 1);
    if (p.hashtag.empty() ||
        p.hashtag.find_first_of(" \t\r\n#,;/?&") != std::string::npos)
        return error(400, "\"hashtag\" must be one word, like StVKnee");
    p.url = get_string(body, "url", false, 500);
    if (!p.url.empty() && p.url.rfind("https://", 0) != 0 && p.url.rfind("http://", 0) != 0)
        return error(400, "\"url\" must start with https://");
    Status s = store_.put_prompt(p, call.actor(), clock_.now());
    if (!s) return store_failure(s.error);
    changed();
    return reply(200, {{"ok", true}, {"id", p.id}});
}

ApiResponse ConsoleApi::delete_prompt(const Call& call) {
    json body = parse_object(call.req.body);
    std::string id = get_string(body, "id", true, 64);
    auto list = store_.prompts();
    if (!list) return store_failure(list.error);
    if (std::none_of(list->begin(), list->end(), [&](const auto& p) { return p.id == id; }))
        return error(404, fmt::format("no hashtag prompt with id {}", id));
    Status s = store_.delete_prompt(id, call.actor(), clock_.now());
    if (!s) return store_failure(s.error);
    changed();
    return ok();
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
    for (const auto& e : *entries)
        out.push_back({{"seq", e.seq}, {"at", format_rfc3339(e.at)}, {"actor", e.actor},
                       {"action", e.action}, {"target", e.target}, {"details", e.details},
                       {"address", e.address}});
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
