// The Screens page API: see screens_api.h.
#include "server/screens_api.h"

#include "core/time.h"
#include "fleet/hub.h"

#include <nlohmann/json.hpp>

namespace lw {
namespace {

using Json = nlohmann::json;

ApiResponse answer(int status, const Json& body) {
    ApiResponse r;
    r.status = status;
    r.body = body.dump();
    return r;
}

ApiResponse failure(int status, const std::string& message) { return answer(status, Json{{"error", message}}); }

ApiResponse done(const Status& s) { return s ? answer(200, Json{{"ok", true}}) : failure(400, s.error); }

Json optional_time(const std::optional<TimePoint>& t) { return t ? Json(format_rfc3339(*t)) : Json(nullptr); }

// A report as the page shows it: the screen's own fields and when it came.
Json status_of(const fleet::StatusReport& r) {
    Json out = Json::parse(fleet::status_json(r));
    out["received"] = format_rfc3339(r.received);
    return out;
}

ApiResponse history(fleet::Hub& hub, const std::string& id) {
    Json list = Json::array();
    for (const fleet::StatusReport& r : hub.history(id)) list.push_back(status_of(r));
    return answer(200, Json{{"id", id}, {"history", std::move(list)}});
}

ApiResponse overview(fleet::Hub& hub) {
    Json screens = Json::array();
    for (const fleet::ScreenView& v : hub.screens()) {
        const fleet_store::ScreenRecord& r = v.record;
        const std::string state = r.revoked ? "revoked" : v.connection;
        screens.push_back({{"id", r.id},
                           {"name", r.name},
                           {"group", r.group},
                           {"state", state},
                           {"revoked", r.revoked},
                           {"last_seen", optional_time(v.last_seen)},
                           {"version", r.applied_version},
                           {"media_pending", r.media_pending},
                           {"showing", r.showing},
                           {"kill_wanted", v.kill_wanted},
                           {"kill_confirmed", v.kill_confirmed},
                           {"paired_by", r.paired_by},
                           {"paired_at", format_rfc3339(r.paired_at)},
                           {"status", v.status ? status_of(*v.status) : Json(nullptr)}});
    }
    Json pending = Json::array();
    for (const fleet_store::PairingRequest& p : hub.pending())
        pending.push_back({{"name", p.name}, {"enrolled", p.enrolled}, {"code", p.code},
                           {"asked_at", format_rfc3339(p.created)}});
    Json groups = Json::array();
    for (const fleet_store::GroupState& g : hub.groups())
        groups.push_back({{"name", g.group}, {"version", g.version}, {"kill", g.group_kill}});
    const fleet::KillSummary k = hub.kill_summary();
    return answer(200, Json{{"screens", std::move(screens)},
                            {"pending", std::move(pending)},
                            {"groups", std::move(groups)},
                            {"kill", {{"any_on", k.any_on},
                                      {"confirmed", k.confirmed},
                                      {"total", k.total},
                                      {"unconfirmed", k.unconfirmed}}},
                            {"changes", hub.changes()}});
}

std::string text(const Json& body, const char* key) {
    auto it = body.find(key);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ApiResponse screens_api(fleet::Hub& hub, const ApiRequest& req, const Session& session) {
    const std::string& p = req.path;
    if (p == "/api/screens" && (req.method == "GET" || req.method == "HEAD")) return overview(hub);
    if (p.rfind("/api/screens/history/", 0) == 0 && req.method == "GET")
        return history(hub, p.substr(std::string_view("/api/screens/history/").size()));
    if (req.method != "POST") return failure(404, "no API route " + req.method + " " + p);
    Json body = Json::parse(req.body, nullptr, false);
    if (!body.is_object()) return failure(400, "the request body must be a JSON object");
    const Actor actor{session.user, req.address};
    if (p == "/api/screens/kill") {
        auto on = body.find("on");
        if (on == body.end() || !on->is_boolean()) return failure(400, "'on' must be true or false");
        return done(hub.set_group_kill(text(body, "group"), on->get<bool>(), actor));
    }
    if (session.role != Role::Admin) return failure(403, "only an admin can pair, rename, regroup or revoke screens");
    if (p == "/api/screens/pair") {
        auto screen = hub.approve(text(body, "code"), text(body, "name"), text(body, "group"), actor);
        if (!screen) return failure(400, screen.error);
        return answer(200, Json{{"ok", true}, {"id", screen->id}});
    }
    if (p == "/api/screens/rename") return done(hub.rename(text(body, "id"), text(body, "name"), actor));
    if (p == "/api/screens/group") return done(hub.regroup(text(body, "id"), text(body, "group"), actor));
    if (p == "/api/screens/revoke") return done(hub.revoke(text(body, "id"), actor));
    return failure(404, "no API route POST " + p);
}

}  // namespace lw
