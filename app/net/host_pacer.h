// Per-host pacing: never more than `budget` requests to one host in any
// sliding `window`. Mastodon allows about 300 requests per 5 minutes per IP
// (fewer for paged requests), so the default stays well under that.
//
// Pure bookkeeping with an injectable clock: the pacer never sleeps, it
// answers "go now" or "wait until T", and the poller decides what to do.
// Not thread-safe; the poller owns one and uses it from its own thread.
#pragma once

#include "core/time.h"

#include <chrono>
#include <deque>
#include <map>
#include <string>
#include <string_view>

namespace lw::net {

struct PacerOptions {
    int budget = 240;                      // requests per window per host
    std::chrono::seconds window{300};
};

class HostPacer {
public:
    HostPacer(PacerOptions options, const Clock& clock);

    struct Slot {
        bool granted = false;  // true: go now, the request has been counted
        TimePoint wait_until{};  // when granted is false: ask again at this time
    };

    // Counts a request to `host` if the budget allows one now.
    Slot acquire(std::string_view host);

    // When a request to `host` could go (now or later), without taking a slot.
    TimePoint ready_at(std::string_view host) const;

    // The server said it is rate-limiting us (429, or X-RateLimit-Remaining 0):
    // no slot for this host before `until`, whatever the count says.
    void hold_until(std::string_view host, TimePoint until);

    // Requests counted for `host` in the current window.
    int used(std::string_view host) const;

    const PacerOptions& options() const { return options_; }

private:
    struct HostState {
        std::deque<TimePoint> sent;  // oldest first, at most `budget`
        TimePoint held_until{};
    };
    void prune(HostState& state, TimePoint now) const;
    TimePoint ready_at(const HostState& state, TimePoint now) const;
    void forget_idle(TimePoint now);

    PacerOptions options_;
    const Clock& clock_;
    std::map<std::string, HostState, std::less<>> hosts_;
};

}  // namespace lw::net
