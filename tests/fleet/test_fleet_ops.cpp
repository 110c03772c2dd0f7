// Running a fleet (issue 14): each screen's status report (health, what it
// shows, its clock), the hub's history of them, the refusals, the console's
// screen alerts and the hub's screen metrics, with a real hub and real sync
// clients over HTTP on 127.0.0.1.
#include "fleet_fixture.h"

#include "core/metrics.h"
#include "server/alerts_api.h"
#include "server/metrics_server.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sys/wait.h>

using namespace lw;
using namespace lw::test;
using Json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

// The console's login, for its API.
httplib::Headers login(httplib::Client& c) {
    auto res = c.Post("/api/login", Json{{"name", "ana"}, {"password", "correct horse battery"}}.dump(),
                      "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    std::string cookie = res->get_header_value("Set-Cookie");
    cookie = cookie.substr(0, cookie.find(';'));
    return httplib::Headers{{"Cookie", cookie}, {"X-CSRF-Token", Json::parse(res->body)["csrf"].get<std::string>()}};
}

const fleet::ScreenView& only_screen(const std::vector<fleet::ScreenView>& screens) {
    REQUIRE(screens.size() == 1);
    return screens.front();
}

// A screen whose render loop "drew" at `frame` and whose hours say on.
struct Health {
    std::atomic<double> frame{0};
    std::atomic<bool> on{true};
    fleet::ScreenOptions options() {
        fleet::ScreenOptions o;
        o.version = "9.8.7";
        o.layout = "grid";
        o.last_frame_unix = [this]() -> std::optional<double> {
            const double f = frame.load();
            return f > 0 ? std::optional<double>(f) : std::nullopt;
        };
        o.scheduled_on = [this]() -> std::optional<bool> { return on.load(); };
        return o;
    }
};

std::vector<std::string> kinds(const std::vector<Alert>& alerts) {
    std::vector<std::string> out;
    for (const Alert& a : alerts) out.push_back(a.kind);
    return out;
}

}  // namespace

TEST_CASE("a screen reports its health - the hub keeps the latest and a short history - the console shows it",
          "[fleet][status]") {
    HubFixture hub;
    hub.publish({make_post("a", "first"), make_post("b", "second")});
    Health health;
    health.frame = static_cast<double>(kFleetT0.time_since_epoch().count());
    ScreenFixture s1(hub.url(), hub.clock, health.options());
    const std::string id = hub.pair(*s1.sync, "Maternity 1", "maternity");
    s1.sync->step();
    s1.sync->publish();
    s1.sync->step();  // reports what it now shows

    auto status = only_screen(hub.hub->screens()).status;
    REQUIRE(status);
    CHECK(status->version == "9.8.7");
    CHECK(status->layout == "grid");
    CHECK(status->post_ids == std::vector<std::string>{"a", "b"});
    CHECK(status->last_frame_unix == health.frame.load());
    CHECK(status->scheduled_on == true);
    CHECK(status->showing == "live");
    REQUIRE(status->resident_bytes);
    CHECK(*status->resident_bytes > 0);
    REQUIRE(status->free_store_bytes);
    CHECK(*status->free_store_bytes > 0);
    REQUIRE(status->free_cache_bytes);
    REQUIRE(status->clock_offset_seconds);
    CHECK(std::abs(*status->clock_offset_seconds) <= 2);  // same clock, a loopback round trip
    CHECK(status->uptime_seconds == 0);
    CHECK(status->errors.empty());
    const std::size_t reports = hub.hub->history(id).size();

    SECTION("nothing changed and the minute is not over: no report - a change: one at once - then every 60 s") {
        s1.sync->step();
        CHECK(hub.hub->history(id).size() == reports);
        hub.publish({make_post("a", "first")});  // b retracted
        s1.sync->step();
        s1.sync->publish();
        s1.sync->step();
        CHECK(hub.hub->history(id).back().post_ids == std::vector<std::string>{"a"});
        const std::size_t after_change = hub.hub->history(id).size();
        CHECK(after_change > reports);
        health.on = false;  // the display's hours end
        s1.sync->step();
        CHECK(hub.hub->history(id).back().scheduled_on == false);
        hub.clock.advance(61s);
        const std::size_t before_beat = hub.hub->history(id).size();
        s1.sync->step();
        CHECK(hub.hub->history(id).size() == before_beat + 1);
        CHECK(hub.hub->history(id).back().uptime_seconds == 61);
    }
    SECTION("the history is bounded") {
        for (int i = 0; i < 40; ++i) {
            hub.clock.advance(61s);
            s1.sync->step();
        }
        CHECK(hub.hub->history(id).size() == fleet::Hub::kStatusHistory);
    }
    SECTION("online, then stale after 2 minutes without a word, offline after 5") {
        CHECK(only_screen(hub.hub->screens()).connection == "online");
        hub.clock.advance(90s);
        CHECK(only_screen(hub.hub->screens()).connection == "online");
        hub.clock.advance(60s);
        CHECK(only_screen(hub.hub->screens()).connection == "stale");
        hub.clock.advance(160s);
        CHECK(only_screen(hub.hub->screens()).connection == "offline_showing_last_wall");
    }
    SECTION("the Screens page API carries the report and the history") {
        httplib::Client c("127.0.0.1", hub.port);
        const auto ana = login(c);
        auto res = c.Get("/api/screens", ana);
        REQUIRE(res);
        REQUIRE(res->status == 200);
        const Json screen = Json::parse(res->body)["screens"][0];
        CHECK(screen["status"]["version"] == "9.8.7");
        CHECK(screen["status"]["post_ids"] == Json::array({"a", "b"}));
        CHECK(screen["status"]["received"].is_string());
        res = c.Get(("/api/screens/history/" + id).c_str(), ana);
        REQUIRE(res);
        CHECK(Json::parse(res->body)["history"].size() == reports);
    }
}

TEST_CASE("garbage or oversized status is refused with 400 and leaves the last report", "[fleet][status]") {
    HubFixture hub;
    hub.publish({make_post("a", "first")});
    ScreenFixture s1(hub.url(), hub.clock);
    const std::string id = hub.pair(*s1.sync, "Maternity 1", "maternity");
    s1.sync->step();
    auto values = fleet_store::local_values(*s1.store);
    REQUIRE(values.ok());
    const httplib::Headers bearer{{"Authorization", "Bearer " + (*values)["token"]}};
    const std::size_t reports = hub.hub->history(id).size();
    REQUIRE(reports > 0);
    struct Case {
        const char* what;
        std::string body;
        int status;
    };
    const Case cases[] = {
        {"not JSON", "version 1.0, all fine", 400},
        {"a list", "[1, 2]", 400},
        {"a version that is a number", R"({"version": 3})", 400},
        {"negative uptime", R"({"uptime_seconds": -5})", 400},
        {"uptime as text", R"({"uptime_seconds": "long"})", 400},
        {"a temperature as text", R"({"cpu_temperature": "hot"})", 400},
        {"scheduled_on not a flag", R"({"scheduled_on": "yes"})", 400},
        {"post ids not texts", R"({"post_ids": [1, 2]})", 400},
        {"too many post ids", Json{{"post_ids", std::vector<std::string>(101, "p")}}.dump(), 400},
        {"an error line of 1 KB", Json{{"errors", {std::string(1024, 'e')}}}.dump(), 400},
        {"oversized: 17 KB", Json{{"layout", "grid"}, {"pad", std::string(17 * 1024, ' ')}}.dump(), 400},
        {"a minimal report", R"({"applied_version": 1})", 200},
        {"unknown fields are ignored", R"({"applied_version": 1, "future": {"x": 1}})", 200},
    };
    httplib::Client c("127.0.0.1", hub.port);
    std::size_t accepted = 0;
    for (const Case& k : cases) {
        INFO(k.what);
        auto res = c.Post("/api/sync/v1/status", bearer, k.body, "application/json");
        REQUIRE(res);
        CHECK(res->status == k.status);
        if (k.status == 400) CHECK(Json::parse(res->body, nullptr, false).contains("error"));
        accepted += k.status == 200;
        CHECK(hub.hub->history(id).size() == reports + accepted);
    }
}

TEST_CASE("a screen's clock is checked against the hub's - off by more than 2 minutes it is a console alert",
          "[fleet][status][alerts]") {
    HubFixture hub;
    hub.publish({make_post("a", "first")});
    struct Case {
        const char* what;
        std::chrono::seconds skew;   // the screen's clock minus the hub's
        bool alert;
    };
    const Case cases[] = {
        {"in step", 0s, false},
        {"90 s ahead", 90s, false},
        {"3 min ahead", 180s, true},
        {"10 min behind", -600s, true},
    };
    for (const Case& k : cases) {
        INFO(k.what);
        SharedClock screen_clock(kFleetT0 + k.skew);
        ScreenFixture s1(hub.url(), screen_clock);
        hub.pair(*s1.sync, k.what, "maternity");
        s1.sync->step();
        REQUIRE(s1.sync->clock_offset());
        CHECK(std::abs(*s1.sync->clock_offset() + static_cast<double>(k.skew.count())) <= 2);
        std::vector<Alert> clock_alerts;
        for (const Alert& a : screen_alerts(hub.hub->screens(), hub.clock.now()))
            if (a.kind == "screen_clock" && a.subject == k.what) clock_alerts.push_back(a);
        CHECK(clock_alerts.size() == (k.alert ? 1u : 0u));
        if (k.alert) CHECK(clock_alerts[0].message.find(k.skew > 0s ? "ahead of" : "behind") != std::string::npos);
    }
    // Over the console: GET /api/alerts carries them.
    httplib::Client c("127.0.0.1", hub.port);
    auto res = c.Get("/api/alerts", login(c));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    int clock_alerts = 0;
    INFO(res->body);
    const Json alerts = Json::parse(res->body)["alerts"];
    for (const Json& a : alerts) clock_alerts += a["kind"] == "screen_clock";
    CHECK(clock_alerts == 2);
}

TEST_CASE("a screen offline or not drawing during its opening hours is an alert - outside them it is not",
          "[fleet][status][alerts]") {
    HubFixture hub;
    hub.publish({make_post("a", "first")});
    Health health;
    health.frame = static_cast<double>(kFleetT0.time_since_epoch().count());
    ScreenFixture s1(hub.url(), hub.clock, health.options());
    hub.pair(*s1.sync, "Maternity 1", "maternity");
    s1.sync->step();
    CHECK(kinds(screen_alerts(hub.hub->screens(), hub.clock.now())).empty());

    SECTION("offline while its hours say on") {
        hub.clock.advance(6min);
        const auto alerts = screen_alerts(hub.hub->screens(), hub.clock.now());
        CHECK(kinds(alerts) == std::vector<std::string>{"screen_offline"});
        CHECK(alerts[0].message.find("Maternity 1") != std::string::npos);
        CHECK(alerts[0].message.find("6 min") != std::string::npos);
    }
    SECTION("offline after its hours ended") {
        health.on = false;
        s1.sync->step();  // a change: reported at once
        hub.clock.advance(6min);
        CHECK(kinds(screen_alerts(hub.hub->screens(), hub.clock.now())).empty());
    }
    SECTION("answering but no frame for 5 minutes while due on") {
        hub.clock.advance(61s);
        s1.sync->step();
        CHECK(kinds(screen_alerts(hub.hub->screens(), hub.clock.now())).empty());
        hub.clock.advance(5min);
        s1.sync->step();
        CHECK(kinds(screen_alerts(hub.hub->screens(), hub.clock.now())) ==
              std::vector<std::string>{"screen_not_drawing"});
    }
}

TEST_CASE("the hub's /metrics has its screens by state, last seen and sync lag, and promtool accepts it",
          "[fleet][metrics]") {
    HubFixture hub;
    hub.publish({make_post("a", "first")});
    ScreenFixture s1(hub.url(), hub.clock);
    ScreenFixture s2(hub.url(), hub.clock);
    hub.pair(*s1.sync, "Maternity \"1\"", "maternity");
    hub.pair(*s2.sync, "ED 1", "emergency");
    s1.sync->step();
    s2.sync->step();
    const auto handle = collect_screen_metrics(*hub.hub);
    hub.publish({make_post("a", "first"), make_post("b", "second")});
    hub.clock.advance(3min);
    s1.sync->step();  // Maternity 1 takes the new wall; ED 1 does not ask for 3 minutes
    hub.hub->screens();
    const std::string text = metrics::registry().render();
    INFO(text);
    auto has = [&](const std::string& line) { return ("\n" + text).find("\n" + line) != std::string::npos; };
    CHECK(has("lobbywall_screens{state=\"online\"} 1\n"));
    CHECK(has("lobbywall_screens{state=\"stale\"} 1\n"));
    CHECK(has("lobbywall_screens{state=\"offline\"} 0\n"));
    CHECK(has("# TYPE lobbywall_screen_last_seen_timestamp_seconds gauge\n"));
    CHECK(has("lobbywall_screen_last_seen_timestamp_seconds{screen=\"ED 1\","));
    CHECK(has("lobbywall_screen_sync_lag_seconds{screen=\"Maternity \\\"1\\\"\","));
    CHECK(text.find("group=\"emergency\"} 180\n") != std::string::npos);  // ED 1: behind for 3 min
    TempDir dir;
    std::ofstream(dir.file("metrics.txt"), std::ios::binary) << text;
    const std::string command = "promtool check metrics < " + dir.file("metrics.txt") + " > " + dir.file("out.txt") + " 2>&1";
    const int status = std::system(command.c_str());
    std::ifstream out(dir.file("out.txt"));
    const std::string verdict((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
    INFO(verdict);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}
