// The hub's sync API: see sync_api.h. Translates HTTP to fleet::Hub and back;
// the rules (tokens, versions, pairing) live in fleet/hub.cpp.
#include "server/sync_api.h"

#include "core/log.h"
#include "fleet/hub.h"
#include "fleet/sync_document.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace lw {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxStatusBytes = 16 * 1024;

// The hub's clock in Unix milliseconds on every sync answer: the screen
// compares it with its own (docs/fleet.md, "Clock").
void stamp_time(fleet::Hub& hub, httplib::Response& res) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(hub.now().time_since_epoch()).count();
    res.set_header("X-Lobbywall-Time", std::to_string(ms));
}

void reply(httplib::Response& res, int status, const Json& body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(), "application/json");
}

void refuse(httplib::Response& res, int status, const std::string& message) {
    reply(res, status, Json{{"error", message}});
}

std::string bearer(const httplib::Request& req) {
    const std::string h = req.get_header_value("Authorization");
    if (h.rfind("Bearer ", 0) != 0) return {};
    return h.substr(7);
}

// The screen behind the request, or a 401 already written.
std::optional<fleet_store::ScreenRecord> screen_of(fleet::Hub& hub, const httplib::Request& req,
                                                   httplib::Response& res) {
    auto screen = hub.authenticate(bearer(req));
    if (!screen) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"lobbywall\"");
        refuse(res, 401, "unknown or revoked screen token: pair this screen again");
    }
    return screen;
}

bool etag_matches(const std::string& header, const std::string& etag) {
    if (header.empty()) return false;
    if (header == "*") return true;
    std::size_t at = 0;
    while (at < header.size()) {
        std::size_t end = header.find(',', at);
        if (end == std::string::npos) end = header.size();
        std::string part = header.substr(at, end - at);
        const auto first = part.find_first_not_of(' ');
        const auto last = part.find_last_not_of(' ');
        if (first != std::string::npos && part.substr(first, last - first + 1) == etag) return true;
        at = end + 1;
    }
    return false;
}

void wall(fleet::Hub& hub, const httplib::Request& req, httplib::Response& res) {
    stamp_time(hub, res);
    auto screen = screen_of(hub, req, res);
    if (!screen) return;
    const std::string group = req.get_param_value("group");
    if (group != screen->group) {  // a token reads its own group's wall only
        reply(res, 409, Json{{"error", "this screen belongs to another group"}, {"group", screen->group}});
        return;
    }
    auto doc = hub.document(group);
    if (!doc) {
        log::error("fleet: cannot build the wall document for group \"{}\" ({})", group, doc.error);
        refuse(res, 503, "the hub cannot build the wall now");
        return;
    }
    // Caches (nginx in front) may keep it, but must ask again before reuse.
    res.set_header("Cache-Control", "no-cache");
    res.set_header("ETag", doc->etag);
    res.set_header("X-Lobbywall-Version", std::to_string(doc->version));
    if (etag_matches(req.get_header_value("If-None-Match"), doc->etag)) {
        res.status = 304;
        return;
    }
    res.status = 200;
    res.set_content(*doc->body, "application/json");
}

// For nginx's auth_request in front of its cache (packaging/nginx/): 200
// when the token may read `group`'s wall, 401 or 403 otherwise; no body.
void auth(fleet::Hub& hub, const httplib::Request& req, httplib::Response& res) {
    auto screen = hub.authenticate(bearer(req));
    res.set_header("Cache-Control", "no-store");
    if (!screen) res.status = 401;
    else if (!req.get_param_value("group").empty() && req.get_param_value("group") != screen->group) res.status = 403;
    else res.status = 200;  // not 204: nginx caches a 200 more plainly
}

void media(fleet::Hub& hub, const httplib::Request& req, httplib::Response& res) {
    if (!screen_of(hub, req, res)) return;
    const std::string hash = req.matches[1];
    auto path = fleet::is_hash(hash) ? hub.media_path(hash) : std::nullopt;
    if (!path) {
        refuse(res, 404, "no current picture has that hash");
        return;
    }
    std::ifstream in(*path, std::ios::binary);
    if (!in) {
        refuse(res, 404, "the picture left the hub's cache");
        return;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    res.status = 200;
    res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    res.set_header("ETag", "\"" + hash + "\"");
    const bool png = path->size() > 4 && path->compare(path->size() - 4, 4, ".png") == 0;
    res.set_content(std::move(bytes).str(), png ? "image/png" : "image/jpeg");
}

void status(fleet::Hub& hub, const httplib::Request& req, httplib::Response& res) {
    auto screen = screen_of(hub, req, res);
    if (!screen) return;
    if (req.body.size() > kMaxStatusBytes) {
        log::warn("fleet: the screen \"{}\" sent a status report of {} bytes (at most {}); refused", screen->name,
                  req.body.size(), kMaxStatusBytes);
        return refuse(res, 400, "a status report is at most 16 KB");
    }
    auto r = fleet::parse_status(req.body);
    if (!r) {
        log::warn("fleet: the screen \"{}\" sent a status report that is refused: {}", screen->name, r.error);
        return refuse(res, 400, r.error);
    }
    hub.report(screen->id, std::move(*r));  // its own row only: the id comes from the token
    reply(res, 200, Json{{"ok", true}, {"group", screen->group}});
}

void pair(fleet::Hub& hub, const httplib::Request& req, httplib::Response& res) {
    if (req.body.size() > 16 * 1024) return refuse(res, 413, "a pairing request is at most 16 KB");
    Json body = Json::parse(req.body, nullptr, false);
    if (!body.is_object()) return refuse(res, 400, "a pairing request is a JSON object");
    auto text = [&](const char* key) {
        auto it = body.find(key);
        return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    fleet::PairReply r = hub.pair(text("code"), text("claim"), text("name"), text("enrolment_key"));
    if (r.status != 200) return refuse(res, r.status, r.message);
    Json out{{"state", r.state}};
    if (r.state == "paired") {
        out["token"] = r.token;
        out["screen_id"] = r.screen_id;
        out["group"] = r.group;
    }
    reply(res, 200, out);
}

}  // namespace

void install_sync_routes(httplib::Server& s, fleet::Hub& hub) {
    s.Get("/api/sync/v1/wall", [&hub](const httplib::Request& req, httplib::Response& res) { wall(hub, req, res); });
    s.Get("/api/sync/v1/auth", [&hub](const httplib::Request& req, httplib::Response& res) { auth(hub, req, res); });
    s.Get(R"(/api/sync/v1/media/([0-9a-f]{64}))",
          [&hub](const httplib::Request& req, httplib::Response& res) { media(hub, req, res); });
    s.Post("/api/sync/v1/status", [&hub](const httplib::Request& req, httplib::Response& res) { status(hub, req, res); });
    s.Post("/api/sync/v1/pair", [&hub](const httplib::Request& req, httplib::Response& res) { pair(hub, req, res); });
}

}  // namespace lw
