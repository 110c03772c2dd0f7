// Tests for net/host_pacer: the per-host request budget over a sliding window,
// driven by a FixedClock so no test sleeps.
#include "net/host_pacer.h"

#include <catch2/catch.hpp>

using namespace lw;
using namespace lw::net;
using namespace std::chrono;

namespace {
const TimePoint t0 = sys_days{2026y / 11 / 25} + 9h;
}

TEST_CASE("HostPacer defaults stay under Mastodon's 300 per 5 minutes", "[pacer]") {
    FixedClock clock(t0);
    HostPacer pacer({}, clock);
    CHECK(pacer.options().budget == 240);
    CHECK(pacer.options().window == 300s);
    int granted = 0;
    for (int i = 0; i < 1000; ++i) {  // a burst: everything at the same second
        if (pacer.acquire("mastodon.social").granted) ++granted;
    }
    CHECK(granted == 240);
    CHECK(pacer.used("mastodon.social") == 240);
}

TEST_CASE("HostPacer answers wait-until when the budget is spent", "[pacer]") {
    FixedClock clock(t0);
    HostPacer pacer({.budget = 3, .window = 60s}, clock);
    struct Step { seconds advance; bool granted; TimePoint wait_until; };
    // Requests at t0, t0+10, t0+20 fill the budget; the 4th must wait for the
    // first to leave the window at t0+60, the 5th for the second at t0+70.
    const Step steps[] = {
        {0s, true, t0},
        {10s, true, t0 + 10s},
        {10s, true, t0 + 20s},
        {5s, false, t0 + 60s},
        {34s, false, t0 + 60s},  // t0+59: still one second early
        {1s, true, t0 + 60s},    // t0+60: the first request has aged out
        {0s, false, t0 + 70s},
        {10s, true, t0 + 70s},
    };
    int i = 0;
    for (const auto& s : steps) {
        INFO("step " << i++);
        clock.advance(s.advance);
        const auto slot = pacer.acquire("example.org");
        CHECK(slot.granted == s.granted);
        CHECK(slot.wait_until == s.wait_until);
    }
}

TEST_CASE("HostPacer keeps hosts apart", "[pacer]") {
    FixedClock clock(t0);
    HostPacer pacer({.budget = 2, .window = 60s}, clock);
    CHECK(pacer.acquire("a.example").granted);
    CHECK(pacer.acquire("a.example").granted);
    CHECK_FALSE(pacer.acquire("a.example").granted);
    CHECK(pacer.acquire("b.example").granted);
    CHECK(pacer.ready_at("a.example") == t0 + 60s);
    CHECK(pacer.ready_at("b.example") == t0);
    CHECK(pacer.ready_at("never-seen.example") == t0);
}

TEST_CASE("HostPacer never exceeds the budget in any window", "[pacer]") {
    FixedClock clock(t0);
    const PacerOptions options{.budget = 5, .window = 20s};
    HostPacer pacer(options, clock);
    std::vector<TimePoint> sent;
    // A poller that asks every second for 10 minutes (bounded loop).
    for (int second = 0; second < 600; ++second) {
        if (pacer.acquire("h").granted) sent.push_back(clock.now());
        clock.advance(1s);
    }
    REQUIRE(sent.size() >= 5 * 600 / 20 - 5);
    for (std::size_t i = 0; i + options.budget < sent.size(); ++i)
        CHECK(sent[i + options.budget] - sent[i] >= options.window);
}

TEST_CASE("HostPacer holds a host the server is rate-limiting", "[pacer]") {
    FixedClock clock(t0);
    HostPacer pacer({.budget = 100, .window = 300s}, clock);
    CHECK(pacer.acquire("m.example").granted);
    pacer.hold_until("m.example", t0 + 120s);
    pacer.hold_until("m.example", t0 + 60s);  // an earlier hold does not shorten it
    auto slot = pacer.acquire("m.example");
    CHECK_FALSE(slot.granted);
    CHECK(slot.wait_until == t0 + 120s);
    clock.advance(120s);
    CHECK(pacer.acquire("m.example").granted);
    CHECK(pacer.used("m.example") == 2);
}

TEST_CASE("HostPacer forgets idle hosts without losing live ones", "[pacer]") {
    FixedClock clock(t0);
    HostPacer pacer({.budget = 1, .window = 10s}, clock);
    CHECK(pacer.acquire("busy").granted);
    for (int i = 0; i < 200; ++i) {
        // Many one-off hosts; the pacer trims the idle ones as it goes.
        clock.advance(11s);
        CHECK(pacer.acquire("host-" + std::to_string(i)).granted);
    }
    CHECK(pacer.used("host-199") == 1);
    CHECK(pacer.used("busy") == 0);
    CHECK(pacer.acquire("busy").granted);
}
