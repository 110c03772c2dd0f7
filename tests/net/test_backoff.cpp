// Tests for net/backoff: exponential backoff with full jitter, the server's
// own retry hints, and the auth sentence. A FixedClock and a scripted random
// source make every delay exact.
#include "net/backoff.h"

#include <catch2/catch.hpp>

using namespace lw;
using namespace lw::net;
using namespace std::chrono;

namespace {

const TimePoint t0 = sys_days{2026y / 11 / 25} + 9h;

Response reply(int status, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Response r;
    r.status = status;
    for (auto& [k, v] : headers) r.headers.add(k, v);
    if (status != 304 && (status < 200 || status >= 300)) {
        r.error_kind = ErrorKind::HttpStatus;
        r.error = "status";
    }
    return r;
}

Response transport_error(ErrorKind kind) {
    Response r;
    r.error_kind = kind;
    r.error = "failed";
    return r;
}

}  // namespace

TEST_CASE("Backoff ceilings double from the base up to the cap", "[backoff]") {
    FixedClock clock(t0);
    // r = 1 - epsilon: the delay is (just under) the ceiling itself.
    Backoff backoff({.base = 30s, .cap = 30min}, clock, [] { return 0.999999999; });
    const seconds expected[] = {29s, 59s, 119s, 239s, 479s, 959s, 1799s, 1799s, 1799s};
    int attempt = 1;
    for (seconds e : expected) {
        INFO("failure " << attempt++);
        CHECK(backoff.on_failure() == t0 + e);
    }
    CHECK(backoff.failures() == 9);
}

TEST_CASE("Backoff jitter spans zero to the ceiling", "[backoff]") {
    FixedClock clock(t0);
    struct Case { double r; int failures; seconds expected; };
    const Case cases[] = {
        {0.0, 1, 0s}, {0.5, 1, 15s}, {0.5, 3, 60s}, {0.25, 4, 60s}, {0.5, 20, 15min},
    };
    for (const auto& c : cases) {
        INFO("r " << c.r << " failures " << c.failures);
        Backoff backoff({.base = 30s, .cap = 30min}, clock, [r = c.r] { return r; });
        TimePoint next{};
        for (int i = 0; i < c.failures; ++i) next = backoff.on_failure();
        CHECK(next == t0 + c.expected);
    }
}

TEST_CASE("Backoff with the real random source stays within the ceiling", "[backoff]") {
    FixedClock clock(t0);
    Backoff backoff({.base = 10s, .cap = 100s}, clock);
    for (int i = 1; i <= 50; ++i) {
        const TimePoint next = backoff.on_failure();
        CHECK(next >= t0);
        CHECK(next <= t0 + 100s);
    }
}

TEST_CASE("Backoff resets on success", "[backoff]") {
    FixedClock clock(t0);
    Backoff backoff({.base = 30s, .cap = 30min}, clock, [] { return 0.5; });
    backoff.on_failure();
    backoff.on_failure();
    CHECK_FALSE(backoff.ready());
    clock.advance(10min);
    CHECK(backoff.on_response(reply(200)) == Verdict::Success);
    CHECK(backoff.failures() == 0);
    CHECK(backoff.ready());
    CHECK(backoff.on_failure() == clock.now() + 15s);  // back to the first ceiling
    CHECK(backoff.on_response(reply(304)) == Verdict::Success);
    CHECK(backoff.failures() == 0);
}

TEST_CASE("Backoff honours the server's retry hints on 429", "[backoff]") {
    struct Case {
        const char* name;
        int status;
        std::vector<std::pair<std::string, std::string>> headers;
        Verdict verdict;
        seconds wait;
        int failures;
    };
    const Case cases[] = {
        {"Retry-After seconds", 429, {{"Retry-After", "120"}}, Verdict::RateLimited, 120s, 0},
        {"Retry-After date", 429, {{"retry-after", "Wed, 25 Nov 2026 09:05:00 GMT"}}, Verdict::RateLimited,
         5min, 0},
        {"Mastodon reset", 429,
         {{"X-RateLimit-Limit", "300"}, {"X-RateLimit-Remaining", "0"},
          {"X-RateLimit-Reset", "2026-11-25T09:04:30.123Z"}},
         Verdict::RateLimited, 270s, 0},
        {"Retry-After wins over reset", 429,
         {{"Retry-After", "10"}, {"X-RateLimit-Reset", "2026-11-25T10:00:00Z"}}, Verdict::RateLimited, 10s, 0},
        {"a reset in the past means now", 429, {{"X-RateLimit-Reset", "2026-11-25T08:00:00Z"}},
         Verdict::RateLimited, 0s, 0},
        {"a far reset is capped", 429, {{"Retry-After", "86400"}}, Verdict::RateLimited, 1h, 0},
        {"429 without a hint backs off", 429, {}, Verdict::RateLimited, 15s, 1},
        {"unreadable hint backs off", 429, {{"Retry-After", "later"}}, Verdict::RateLimited, 15s, 1},
        {"503 with Retry-After", 503, {{"Retry-After", "60"}}, Verdict::RateLimited, 60s, 0},
        {"500 backs off", 500, {}, Verdict::Failed, 15s, 1},
        {"401 backs off", 401, {}, Verdict::Failed, 15s, 1},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        FixedClock clock(t0);
        Backoff backoff({.base = 30s, .cap = 30min, .max_server_wait = 1h}, clock, [] { return 0.5; });
        CHECK(backoff.on_response(reply(c.status, c.headers)) == c.verdict);
        CHECK(backoff.next_attempt() == t0 + c.wait);
        CHECK(backoff.failures() == c.failures);
    }
}

TEST_CASE("Backoff waits for the reset when X-RateLimit-Remaining reaches 0", "[backoff]") {
    FixedClock clock(t0);
    Backoff backoff({}, clock, [] { return 0.5; });
    const Response some_left = reply(200, {{"X-RateLimit-Remaining", "3"},
                                           {"X-RateLimit-Reset", "2026-11-25T09:03:00Z"}});
    CHECK(backoff.on_response(some_left) == Verdict::Success);
    CHECK(backoff.next_attempt() == t0);
    const Response none_left = reply(200, {{"X-RateLimit-Remaining", "0"},
                                           {"X-RateLimit-Reset", "2026-11-25T09:03:00Z"}});
    CHECK(backoff.on_response(none_left) == Verdict::Success);
    CHECK(backoff.next_attempt() == t0 + 3min);
    CHECK(rate_limit_exhausted(none_left.headers));
    CHECK_FALSE(rate_limit_exhausted(some_left.headers));
}

TEST_CASE("Backoff treats every transport error as a failure", "[backoff]") {
    const ErrorKind kinds[] = {ErrorKind::Timeout, ErrorKind::Dns, ErrorKind::Refused, ErrorKind::Tls,
                               ErrorKind::TooLarge, ErrorKind::Incomplete, ErrorKind::RedirectRefused,
                               ErrorKind::SchemeRefused};
    for (ErrorKind kind : kinds) {
        INFO(to_string(kind));
        FixedClock clock(t0);
        Backoff backoff({.base = 30s, .cap = 30min}, clock, [] { return 0.5; });
        CHECK(backoff.on_response(transport_error(kind)) == Verdict::Failed);
        CHECK(backoff.next_attempt() == t0 + 15s);
    }
}

TEST_CASE("auth_problem names the source for 401, 403 and 422 only", "[backoff]") {
    struct Case { int status; bool problem; };
    const Case cases[] = {{401, true}, {403, true}, {422, true}, {200, false}, {404, false},
                          {429, false}, {500, false}};
    for (const auto& c : cases) {
        INFO(c.status);
        auto sentence = auth_problem(c.status, "mastodon #hospital");
        CHECK(sentence.has_value() == c.problem);
        if (sentence) CHECK(*sentence == "the server wants a token or a login for mastodon #hospital");
    }
}
