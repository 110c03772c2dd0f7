// Tests for Prometheus metrics: the registry's text exposition format, the
// store's numbers over a real SQLite file, GET /metrics over real HTTP on
// 127.0.0.1, Debian's promtool judging the output and the example alert
// rules, and a real Prometheus scraping a running MetricsServer.
#include "core/metrics.h"
#include "server/metrics_server.h"
#include "store/store.h"

#include "child_process.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace lw;
using lw::test::ChildProcess;
using lw::test::TempDir;

namespace {

const TimePoint kT0 = TimePoint(std::chrono::seconds(1'800'000'000));

struct Promtool {
    int rc = -1;
    std::string output;
};

// Runs promtool with `args`, the text on its standard input.
Promtool promtool(const std::string& args, const std::string& input = {}) {
    TempDir dir;
    std::ofstream(dir.file("in.txt"), std::ios::binary) << input;
    const std::string command =
        "promtool " + args + " < " + dir.file("in.txt") + " > " + dir.file("out.txt") + " 2>&1";
    Promtool result;
    const int status = std::system(command.c_str());
    result.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(dir.file("out.txt"));
    std::ostringstream text;
    text << in.rdbuf();
    result.output = text.str();
    return result;
}

bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

Post make_post(const std::string& id, TimePoint created) {
    Post p;
    p.id = id;
    p.source_id = "tag";
    p.source_kind = SourceKind::MastodonHashtag;
    p.author = "Ana";
    p.text = "Thank you, ward 4 " + id;
    p.created = created;
    return p;
}

struct StoreFixture {
    TempDir dir;
    FixedClock clock{kT0};
    std::unique_ptr<Store> store;

    StoreFixture() {
        StoreOptions o;
        o.path = dir.file("lobbywall.db");
        o.media_dir = dir.file("media");
        auto opened = Store::open(o);
        REQUIRE(opened.ok());
        store = std::move(*opened);
    }
};

}  // namespace

TEST_CASE("the registry writes the text exposition format", "[metrics]") {
    metrics::Registry registry;
    registry.counter("test_requests_total", "Requests.", {{"route", "a\"b\\c\nd"}}).inc(3);
    registry.counter("test_requests_total", "Requests.", {{"route", "plain"}}).inc();
    registry.gauge("test_temperature_celsius", "A gauge.").set(21.5);
    std::string text;
    {
        auto handle = registry.add_collector([](metrics::Writer& w) {
            w.family("test_collected", metrics::Type::Gauge, "From a collector,\nwith a line break.");
            w.sample("test_collected", {{"kind", "x"}}, 7);
        });
        text = registry.render();
    }
    struct Case {
        const char* line;
    };
    const Case cases[] = {
        {"# HELP test_collected From a collector,\\nwith a line break."},
        {"# TYPE test_collected gauge"},
        {"test_collected{kind=\"x\"} 7"},
        {"# TYPE test_requests_total counter"},
        {"test_requests_total{route=\"a\\\"b\\\\c\\nd\"} 3"},
        {"test_requests_total{route=\"plain\"} 1"},
        {"test_temperature_celsius 21.5"},
    };
    for (const Case& c : cases) {
        INFO(c.line);
        CHECK(has_line(text, c.line));
    }
    // Families in name order, each with its HELP and TYPE once.
    CHECK(text.find("test_collected") < text.find("test_requests_total"));
    CHECK(text.find("test_requests_total") < text.find("test_temperature_celsius"));
    const Promtool checked = promtool("check metrics", text);
    INFO(checked.output);
    CHECK(checked.rc == 0);

    // The collector's handle is gone: its family is too.
    CHECK(registry.render().find("test_collected") == std::string::npos);
}

TEST_CASE("values are written as Prometheus reads them", "[metrics]") {
    struct Case {
        double value;
        const char* text;
    };
    const Case cases[] = {{0, "0"},       {42, "42"},          {-3, "-3"},  {1.5, "1.5"},
                          {1e300, "1.0000000000000001e+300"},    {NAN, "NaN"}, {INFINITY, "+Inf"},
                          {-INFINITY, "-Inf"}, {1796497796, "1796497796"}};
    for (const Case& c : cases) {
        INFO(c.text);
        CHECK(metrics::format_value(c.value) == c.text);
    }
}

TEST_CASE_METHOD(StoreFixture, "the store's numbers: posts by state, the queue, the kill switch, sources",
                 "[metrics]") {
    std::vector<Post> posts;
    for (int i = 0; i < 5; ++i) posts.push_back(make_post("p" + std::to_string(i), kT0 - std::chrono::hours(3)));
    REQUIRE(store->upsert_posts({posts[0], posts[1]}, kT0 - std::chrono::minutes(90)).ok());
    REQUIRE(store->upsert_posts({posts[2], posts[3], posts[4]}, kT0 - std::chrono::minutes(10)).ok());
    for (const auto& [id, state] : {std::pair{"p0", ModerationState::Approved}, std::pair{"p2", ModerationState::Rejected},
                                    std::pair{"p3", ModerationState::Approved}}) {
        Decision d;
        d.post_id = id;
        d.state = state;
        d.actor = {"ana", ""};
        d.at = kT0;
        REQUIRE(store->record_decision(d).ok());
    }
    REQUIRE(store->set_kill_switch(true, {"ana", ""}, kT0).ok());
    SourceState failing;
    failing.source_id = "news \"east\"";
    failing.kind = "web_feed";
    failing.last_attempt = kT0 - std::chrono::minutes(1);
    failing.last_success = kT0 - std::chrono::hours(2);
    failing.consecutive_failures = 4;
    failing.last_error = "the proxy asks for credentials";
    SourceState working;
    working.source_id = "tag";
    working.kind = "mastodon_hashtag";
    working.last_attempt = working.last_success = kT0 - std::chrono::minutes(2);
    working.posts_seen = 5;
    SourceState forgotten;  // removed from the config three days ago
    forgotten.source_id = "old";
    forgotten.last_attempt = kT0 - std::chrono::hours(72);
    for (const SourceState& s : {failing, working, forgotten}) REQUIRE(store->save_source_state(s).ok());

    metrics::Registry& registry = metrics::registry();
    std::string text;
    {
        auto handle = collect_store_metrics(*store, nullptr, clock);
        text = registry.render();
    }
    struct Case {
        const char* line;
    };
    const Case cases[] = {
        {"lobbywall_store_up 1"},
        {"lobbywall_posts{state=\"pending\"} 2"},
        {"lobbywall_posts{state=\"approved\"} 2"},
        {"lobbywall_posts{state=\"rejected\"} 1"},
        {"lobbywall_queue_length 2"},
        {"lobbywall_queue_oldest_waiting_seconds 5400"},  // p1, first seen 90 min ago
        {"lobbywall_kill_switch 1"},
        {"lobbywall_source_failing{source=\"news \\\"east\\\"\"} 1"},
        {"lobbywall_source_consecutive_failures{source=\"news \\\"east\\\"\"} 4"},
        {"lobbywall_source_last_success_timestamp_seconds{source=\"news \\\"east\\\"\"} 1799992800"},
        {"lobbywall_source_failing{source=\"tag\"} 0"},
        {"lobbywall_source_last_success_timestamp_seconds{source=\"tag\"} 1799999880"},
        {"lobbywall_source_posts_seen_total{source=\"tag\"} 5"},
        {"# TYPE lobbywall_source_posts_seen_total counter"},
    };
    for (const Case& c : cases) {
        INFO(c.line);
        CHECK(has_line(text, c.line));
    }
    CHECK(text.find("source=\"old\"") == std::string::npos);
    const Promtool checked = promtool("check metrics", text);
    INFO(text << checked.output);
    CHECK(checked.rc == 0);
    // Once the handle is gone a scrape no longer reads the store.
    CHECK(registry.render().find("lobbywall_queue_length") == std::string::npos);
}

TEST_CASE("GET /metrics over HTTP, and nothing else", "[metrics]") {
    metrics::frames_drawn().inc();
    metrics::source_polls("news", "failed").inc();
    MetricsServer server;
    REQUIRE(server.start("127.0.0.1:0").ok());
    httplib::Client client("127.0.0.1", server.port());
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(5, 0);
    auto res = client.Get("/metrics");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    CHECK(res->body.find("\nlobbywall_frames_drawn_total ") != std::string::npos);
    CHECK(has_line(res->body, "lobbywall_source_polls_total{source=\"news\",outcome=\"failed\"} 1"));
    const Promtool checked = promtool("check metrics", res->body);
    INFO(checked.output);
    CHECK(checked.rc == 0);
    auto other = client.Get("/api/status");
    REQUIRE(other);
    CHECK(other->status == 404);

    struct Case {
        const char* listen;
        const char* error;
    };
    const Case bad[] = {
        {"9464", "the metrics address \"9464\" is not HOST:PORT (e.g. 127.0.0.1:9464)"},
        {"127.0.0.1:99999", "the metrics address \"127.0.0.1:99999\" is not HOST:PORT (e.g. 127.0.0.1:9464)"},
        {"192.0.2.1:9464", "cannot listen on 192.0.2.1:9464 for metrics (address not on this box, or port in use)"},
    };
    for (const Case& c : bad) {
        INFO(c.listen);
        MetricsServer other_server;
        CHECK(other_server.start(c.listen).error == c.error);
    }
    const std::string taken = "127.0.0.1:" + std::to_string(server.port());
    MetricsServer second;
    CHECK(second.start(taken).error ==
          "cannot listen on " + taken + " for metrics (address not on this box, or port in use)");
}

TEST_CASE("the example alert rules pass promtool's checks and unit tests", "[metrics]") {
    const std::string dir = LOBBYWALL_SOURCE_DIR "/packaging/prometheus/";
    for (const std::string& args : {"check rules " + dir + "lobbywall-alerts.yml",
                                   "check config " + dir + "prometheus-scrape.yml",
                                   "test rules " + dir + "lobbywall-alerts-test.yml"}) {
        INFO(args);
        const Promtool result = promtool(args);
        INFO(result.output);
        CHECK(result.rc == 0);
        CHECK(result.output.find("SUCCESS") != std::string::npos);
    }
}

TEST_CASE_METHOD(StoreFixture, "a real Prometheus scrapes a running lobbywall", "[metrics][prometheus]") {
    REQUIRE(store->set_kill_switch(true, {"ana", ""}, kT0).ok());
    auto handle = collect_store_metrics(*store, nullptr, clock);
    MetricsServer server;
    REQUIRE(server.start("127.0.0.1:0").ok());

    const int web_port = lw::test::unused_port();
    std::ofstream(dir.file("prometheus.yml"))
        << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        << "rule_files:\n  - " << LOBBYWALL_SOURCE_DIR << "/packaging/prometheus/lobbywall-alerts.yml\n"
        << "scrape_configs:\n  - job_name: lobbywall\n    static_configs:\n      - targets: ['127.0.0.1:"
        << server.port() << "']\n";
    ChildProcess prometheus({"prometheus", "--config.file=" + dir.file("prometheus.yml"),
                             "--storage.tsdb.path=" + dir.file("tsdb"),
                             "--web.listen-address=127.0.0.1:" + std::to_string(web_port)},
                            dir.path() / "prometheus.log");
    httplib::Client api("127.0.0.1", web_port);
    api.set_connection_timeout(2, 0);
    api.set_read_timeout(5, 0);
    // Prometheus starts, scrapes every second: the kill switch and the
    // target's health arrive within a minute on a loaded machine.
    auto query = [&](const std::string& promql) -> std::string {
        auto res = api.Get("/api/v1/query?query=" + httplib::detail::encode_query_param(promql));
        if (!res || res->status != 200) return {};
        const auto body = nlohmann::json::parse(res->body, nullptr, false);
        if (body.is_discarded() || body["data"]["result"].empty()) return {};
        return body["data"]["result"][0]["value"][1].get<std::string>();
    };
    std::string kill, up;
    for (int i = 0; i < 600 && (kill.empty() || up.empty()) && prometheus.running(); ++i) {
        kill = query("lobbywall_kill_switch{job=\"lobbywall\"}");
        up = query("up{job=\"lobbywall\"}");
        if (kill.empty() || up.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    INFO(prometheus.log());
    CHECK(up == "1");
    CHECK(kill == "1");
    // The rules loaded and evaluate without errors against our series.
    auto rules = api.Get("/api/v1/rules");
    REQUIRE(rules);
    const auto body = nlohmann::json::parse(rules->body, nullptr, false);
    REQUIRE(!body.is_discarded());
    int healthy = 0;
    for (const auto& group : body["data"]["groups"])
        for (const auto& rule : group["rules"]) healthy += rule["health"] == "ok" || rule["health"] == "unknown";
    CHECK(healthy == 6);
}
