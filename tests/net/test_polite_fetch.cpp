// Tests for net/polite_fetch (and the ScriptedHttpClient it is tested with):
// backoff first, then per-host pacing, then the fetch, and a log sentence
// that says what failed and when the next try is. FixedClock, no sleeping.
#include "net/polite_fetch.h"
#include "net/scripted_client.h"

#include <catch2/catch.hpp>

using namespace lw;
using namespace lw::net;
using namespace std::chrono;

namespace {

const TimePoint t0 = sys_days{2026y / 11 / 25} + 9h;
const std::string tag_url = "https://mastodon.example/api/v1/timelines/tag/hospital?limit=40";
const std::string account_url = "https://mastodon.example/api/v1/accounts/1/statuses";

struct World {
    FixedClock clock{t0};
    ScriptedHttpClient client;
    HostPacer pacer{{.budget = 3, .window = 60s}, clock};
    PoliteFetcher fetcher{client, pacer, clock};
    Backoff backoff{{.base = 30s, .cap = 30min}, clock, [] { return 0.5; }};
    Backoff other_backoff{{.base = 30s, .cap = 30min}, clock, [] { return 0.5; }};
};

Request get(const std::string& url) {
    Request r;
    r.url = url;
    return r;
}

}  // namespace

TEST_CASE_METHOD(World, "a fresh body, then a 304 with the stored validators", "[polite]") {
    client.push(scripted_reply(200, "[]", {{"ETag", "W/\"1\""}}));
    client.push(scripted_reply(304));
    PollResult first = fetcher.poll(get(tag_url), backoff, "mastodon #hospital");
    CHECK(first.status == PollStatus::Fresh);
    CHECK(first.response.body == "[]");
    CHECK(first.not_before == t0);
    CHECK(first.log_line.empty());

    Request again = get(tag_url);
    again.etag = first.response.etag();
    PollResult second = fetcher.poll(again, backoff, "mastodon #hospital");
    CHECK(second.status == PollStatus::NotModified);
    CHECK(second.response.body.empty());
    REQUIRE(client.requests().size() == 2);
    CHECK(client.requests()[1].etag == "W/\"1\"");
}

TEST_CASE_METHOD(World, "a failure backs off and defers the next poll without sending it", "[polite]") {
    Response down;
    down.error_kind = ErrorKind::Timeout;
    down.error = "mastodon.example did not finish answering within 30 s";
    client.push(down);
    client.push(scripted_reply(200, "[]"));

    PollResult failed = fetcher.poll(get(tag_url), backoff, "mastodon #hospital");
    CHECK(failed.status == PollStatus::Failed);
    CHECK(failed.not_before == t0 + 15s);
    CHECK(failed.log_line ==
          "mastodon #hospital: mastodon.example did not finish answering within 30 s; trying again in 15 s");

    clock.advance(10s);
    PollResult early = fetcher.poll(get(tag_url), backoff, "mastodon #hospital");
    CHECK(early.status == PollStatus::Deferred);
    CHECK(early.not_before == t0 + 15s);
    CHECK(client.requests().size() == 1);

    clock.advance(5s);
    CHECK(fetcher.poll(get(tag_url), backoff, "mastodon #hospital").status == PollStatus::Fresh);
    CHECK(backoff.failures() == 0);
}

TEST_CASE_METHOD(World, "a 429 holds every source on that host until the server's time", "[polite]") {
    client.push(scripted_reply(429, "", {{"Retry-After", "120"}}));
    PollResult limited = fetcher.poll(get(tag_url), backoff, "mastodon #hospital");
    CHECK(limited.status == PollStatus::Failed);
    CHECK(limited.not_before == t0 + 120s);
    CHECK(limited.log_line == "mastodon #hospital is rate-limited by mastodon.example; trying again in 2 min");

    // Another source on the same host has its own clean backoff, but the host is held.
    PollResult other = fetcher.poll(get(account_url), other_backoff, "mastodon @news");
    CHECK(other.status == PollStatus::Deferred);
    CHECK(other.not_before == t0 + 120s);
    CHECK(client.requests().size() == 1);
}

TEST_CASE_METHOD(World, "X-RateLimit-Remaining 0 waits for the reset, for the whole host", "[polite]") {
    client.push(scripted_reply(200, "[]", {{"X-RateLimit-Remaining", "0"},
                                           {"X-RateLimit-Reset", "2026-11-25T09:05:00.000Z"}}));
    PollResult last = fetcher.poll(get(tag_url), backoff, "mastodon #hospital");
    CHECK(last.status == PollStatus::Fresh);
    CHECK(last.not_before == t0 + 5min);
    CHECK(fetcher.poll(get(account_url), other_backoff, "mastodon @news").status == PollStatus::Deferred);
    CHECK(pacer.ready_at("mastodon.example") == t0 + 5min);
}

TEST_CASE_METHOD(World, "401, 403 and 422 say the server wants a token or a login", "[polite]") {
    for (int status : {401, 403, 422}) {
        INFO(status);
        World w;
        w.client.push(scripted_reply(status, "{\"error\":\"This method requires an authenticated user\"}"));
        PollResult r = w.fetcher.poll(get(tag_url), w.backoff, "mastodon #hospital");
        CHECK(r.status == PollStatus::Failed);
        CHECK(r.needs_credentials);
        CHECK(r.log_line == "the server wants a token or a login for mastodon #hospital (the scripted server "
                            "answered with status " + std::to_string(status) + "); trying again in 15 s");
    }
    client.push(scripted_reply(500));
    CHECK_FALSE(fetcher.poll(get(tag_url), backoff, "x").needs_credentials);
}

TEST_CASE_METHOD(World, "the host budget defers polls beyond it", "[polite]") {
    for (int i = 0; i < 3; ++i) client.push(scripted_reply(200, "[]"));
    for (int i = 0; i < 3; ++i) CHECK(fetcher.poll(get(tag_url), backoff, "s").status == PollStatus::Fresh);
    PollResult fourth = fetcher.poll(get(account_url), other_backoff, "t");
    CHECK(fourth.status == PollStatus::Deferred);
    CHECK(fourth.not_before == t0 + 60s);
    CHECK(client.requests().size() == 3);
    // Another host is not affected.
    client.push(scripted_reply(200, "{}"));
    CHECK(fetcher.poll(get("https://public.api.bsky.example/xrpc/x"), other_backoff, "u").status ==
          PollStatus::Fresh);
}

TEST_CASE_METHOD(World, "a cancelled poll leaves the backoff alone", "[polite]") {
    std::stop_source stop;
    stop.request_stop();
    Request req = get(tag_url);
    req.stop = stop.get_token();
    PollResult r = fetcher.poll(req, backoff, "s");
    CHECK(r.status == PollStatus::Cancelled);
    CHECK(backoff.failures() == 0);
    CHECK(r.log_line.empty());
}

TEST_CASE_METHOD(World, "the scripted client keeps the URL policy and says when it runs dry", "[polite]") {
    Response refused = client.fetch(get("http://feeds.example/rss"));
    CHECK(refused.error_kind == ErrorKind::SchemeRefused);
    Request opted_in = get("http://feeds.example/rss");
    opted_in.allow_plain_http = true;
    Response dry = client.fetch(opted_in);
    CHECK(dry.error_kind == ErrorKind::Network);
    CHECK(dry.error == "the scripted client has no reply left for feeds.example");
    client.answer_with([](const Request& r) { return scripted_reply(200, r.url); });
    CHECK(client.fetch(get(tag_url)).body == tag_url);
    CHECK(client.requests().size() == 3);
}

TEST_CASE("wait_words words waits for log lines", "[polite]") {
    struct Case { seconds wait; const char* words; };
    const Case cases[] = {
        {-5s, "0 s"}, {0s, "0 s"}, {15s, "15 s"}, {59s, "59 s"}, {60s, "1 min"}, {119s, "2 min"},
        {30min, "30 min"}, {1h, "1 h"}, {65min, "1 h 5 min"}, {2h + 59min + 50s, "3 h"},
    };
    for (const auto& c : cases) {
        INFO(c.wait.count());
        CHECK(wait_words(t0 + c.wait, t0) == c.words);
    }
}
