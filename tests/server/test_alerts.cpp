// Tests for the console's alerts (server/alerts_api.h): which states of the
// store raise which sentence (a table over the pure function), and
// GET /api/alerts over real HTTP behind the console's login.
#include "server/alerts_api.h"

#include "console_fixture.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace lw;
using namespace std::chrono;
using lw::test::ConsoleFixture;
using lw::test::kConsoleT0;

namespace {

SourceState source(const std::string& name, int failures, std::optional<minutes> last_success_ago,
                   minutes last_attempt_ago = minutes(1)) {
    SourceState s;
    s.source_id = name;
    s.consecutive_failures = failures;
    s.last_attempt = kConsoleT0 - last_attempt_ago;
    if (last_success_ago) s.last_success = kConsoleT0 - *last_success_ago;
    if (failures)
        s.last_error = "'" + name + "' (web feed): the proxy 10.0.0.1 port 3128 asks for credentials; trying again in 4 min";
    return s;
}

}  // namespace

TEST_CASE("alerts: a source failing too long and a queue waiting too long", "[alerts]") {
    struct Case {
        const char* what;
        OpsState state;
        std::vector<std::string> messages;
    };
    OpsState waiting;
    waiting.counts.pending = 3;
    waiting.oldest_pending = kConsoleT0 - minutes(80);
    OpsState one_waiting;
    one_waiting.counts.pending = 1;
    one_waiting.oldest_pending = kConsoleT0 - minutes(59);
    OpsState sources;
    sources.sources = {source("news", 5, minutes(45)), source("tag", 2, minutes(20)), source("fine", 0, minutes(1)),
                       source("new", 3, std::nullopt), source("newer", 2, std::nullopt),
                       source("gone", 9, minutes(5000), minutes(3 * 24 * 60))};
    const Case cases[] = {
        {"nothing wrong", OpsState{}, {}},
        {"the queue over an hour", waiting, {"3 posts are waiting for a moderator; the oldest for 1 h 20 min."}},
        {"the queue under an hour", one_waiting, {}},
        {"sources",
         sources,
         {"The source 'news' has not worked for 45 min; the wall keeps showing what it has.",
          "The source 'new' has not worked yet (3 tries); check its settings."}},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        std::vector<std::string> got;
        for (const Alert& a : alerts_from(c.state, kConsoleT0)) got.push_back(a.message);
        CHECK(got == c.messages);
    }
    const std::vector<Alert> list = alerts_from(sources, kConsoleT0);
    REQUIRE(list.size() == 2);
    CHECK(list[0].kind == "source_failing");
    CHECK(list[0].subject == "news");
    CHECK(list[0].detail == "'news' (web feed): the proxy 10.0.0.1 port 3128 asks for credentials");
    CHECK(list[0].since == kConsoleT0 - minutes(45));
}

TEST_CASE("duration_words", "[alerts]") {
    struct Case {
        seconds s;
        const char* text;
    };
    const Case cases[] = {{seconds(30), "0 min"}, {minutes(45), "45 min"}, {minutes(60), "1 h"},
                          {minutes(125), "2 h 5 min"}, {hours(47), "47 h"}, {hours(72), "3 days"}};
    for (const Case& c : cases) CHECK(duration_words(c.s) == c.text);
}

TEST_CASE("GET /api/alerts needs a login and says what needs staff", "[alerts]") {
    ConsoleFixture f;
    auto anonymous = f.client().Get("/api/alerts");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);

    const auto session = f.login();
    auto empty = f.get(session, "/api/alerts");
    REQUIRE(empty);
    CHECK(empty->status == 200);
    CHECK(nlohmann::json::parse(empty->body) == nlohmann::json{{"alerts", nlohmann::json::array()}});

    f.seed_pending("p1", "Lovely garden", minutes(10));
    REQUIRE(f.store().save_source_state(source("news", 4, minutes(90))).ok());
    f.clock().advance(hours(2));  // the post has waited two hours, the source failed for 3.5 h
    auto res = f.get(f.login(), "/api/alerts");  // a new session: the first one idled out
    REQUIRE(res);
    CHECK(res->status == 200);
    const auto body = nlohmann::json::parse(res->body);
    REQUIRE(body["alerts"].size() == 2);
    CHECK(body["alerts"][0]["kind"] == "source_failing");
    CHECK(body["alerts"][0]["message"] == "The source 'news' has not worked for 3 h 30 min; the wall keeps showing what it has.");
    CHECK(body["alerts"][0]["since"] == format_rfc3339(kConsoleT0 - minutes(90)));
    CHECK(body["alerts"][1]["kind"] == "queue_waiting");
    CHECK(body["alerts"][1]["message"] == "1 post is waiting for a moderator; the oldest for 2 h.");
}
