// Login throttling, per account name and per client address: after a few
// free failures every further failure doubles the wait before the next
// attempt is even looked at (1 s, 2 s, 4 s … up to 15 min), so guessing a
// password over the network costs days, not minutes. The wait falls on the
// failing account only: a colleague at the same ward PC, or behind the same
// hospital proxy, logs in as usual. The address has its own count with far
// more free failures (a whole NAT of staff mistyping does not reach it; one
// client spraying many names does). In memory: a restart forgets, which
// costs an attacker a restart of the box they cannot cause.
#pragma once

#include "core/post.h"

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lw {

struct ThrottleOptions {
    int free_failures = 5;                        // failures of one account before any wait
    int address_free_failures = 60;               // failures from one address before any wait
    std::chrono::seconds base_delay{1};           // the first wait, doubled each failure
    std::chrono::seconds max_delay{15 * 60};      // the longest wait (a lockout)
    std::size_t max_entries = 10000;              // memory bound: oldest are forgotten
};

class LoginThrottle {
public:
    explicit LoginThrottle(ThrottleOptions options = {}) : options_(options) {}

    // How long the client must wait before this attempt may be checked; zero
    // when it may go ahead.
    std::chrono::seconds wait_before_attempt(const std::string& name, const std::string& address,
                                             TimePoint now);
    void record_failure(const std::string& name, const std::string& address, TimePoint now);
    void record_success(const std::string& name, const std::string& address);

private:
    struct Entry {
        int failures = 0;
        TimePoint locked_until{};
        TimePoint last_failure{};
    };
    void fail(const std::string& key, int free_failures, TimePoint now);
    void forget_old(TimePoint now);

    ThrottleOptions options_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;  // "user:NAME", "addr:ADDRESS"
};

}  // namespace lw
