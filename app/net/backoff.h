// When to try a source again after a reply: exponential backoff with full
// jitter on failures (30 s doubling up to 30 min by default), the server's
// own word on 429 (Retry-After as seconds or an HTTP-date, Mastodon's
// X-RateLimit-Reset as RFC 3339), a pause until the reset when
// X-RateLimit-Remaining reaches 0, and a reset on success.
//
// Pure: an injectable clock and random source, no sleeping. One Backoff per
// source; the poller polls at max(its regular schedule, next_attempt()).
#pragma once

#include "core/time.h"
#include "net/http_client.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace lw::net {

struct BackoffOptions {
    std::chrono::seconds base{30};     // ceiling of the first delay
    std::chrono::seconds cap{30 * 60}; // ceiling of every delay we choose
    // The longest a server may park us with Retry-After / X-RateLimit-Reset;
    // beyond this we come back anyway (a broken header must not stop a wall).
    std::chrono::seconds max_server_wait{60 * 60};
};

// What happened, and what the poller should do next.
enum class Verdict {
    Success,      // use the body (or a 304); the backoff is reset
    RateLimited,  // the server asked us to wait; next_attempt() says how long
    Failed,       // transport error or 5xx etc.; backed off with jitter
};

class Backoff {
public:
    // `uniform01` returns numbers in [0, 1); empty uses a seeded PRNG.
    Backoff(BackoffOptions options, const Clock& clock, std::function<double()> uniform01 = {});

    // Classifies a reply and moves next_attempt() accordingly.
    Verdict on_response(const Response& response);

    void on_success();
    TimePoint on_failure();  // returns the new next_attempt()
    TimePoint on_rate_limited(const Headers& headers);

    TimePoint next_attempt() const { return next_; }
    bool ready() const { return clock_.now() >= next_; }
    int failures() const { return failures_; }

    const BackoffOptions& options() const { return options_; }

private:
    std::chrono::seconds ceiling() const;  // min(cap, base * 2^(failures-1))
    TimePoint server_wait(TimePoint until) const;

    BackoffOptions options_;
    const Clock& clock_;
    std::function<double()> uniform01_;
    int failures_ = 0;
    TimePoint next_{};
};

// When the server says we may come back: Retry-After first, then
// X-RateLimit-Reset. nullopt when it says neither (readably).
std::optional<TimePoint> server_retry_time(const Headers& headers, TimePoint now);

// X-RateLimit-Remaining is present and 0: the next request would be refused.
bool rate_limit_exhausted(const Headers& headers);

// A 401, 403 or 422 means the source needs credentials: returns the log
// sentence "the server wants a token or a login for <source>", else nullopt.
std::optional<std::string> auth_problem(int status, std::string_view source);

}  // namespace lw::net
