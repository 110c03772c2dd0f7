// Login throttling: see login_throttle.h.
#include "server/login_throttle.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace lw {

std::chrono::seconds LoginThrottle::wait_before_attempt(const std::string& name,
                                                        const std::string& address,
                                                        TimePoint now) {
    std::lock_guard lock(mutex_);
    std::chrono::seconds wait{0};
    for (const std::string& key : {"user:" + name, "addr:" + address}) {
        auto it = entries_.find(key);
        if (it != entries_.end() && it->second.locked_until > now)
            wait = std::max(wait, it->second.locked_until - now);
    }
    return wait;
}

void LoginThrottle::record_failure(const std::string& name, const std::string& address,
                                   TimePoint now) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= options_.max_entries) forget_old(now);
    fail("user:" + name, options_.free_failures, now);
    fail("addr:" + address, options_.address_free_failures, now);
}

void LoginThrottle::record_success(const std::string& name, const std::string& address) {
    std::lock_guard lock(mutex_);
    entries_.erase("user:" + name);
    // The address keeps its count: one good login among many names tried
    // from it must not wipe the others' failures.
    (void)address;
}

void LoginThrottle::fail(const std::string& key, int free_failures, TimePoint now) {
    Entry& e = entries_[key];
    // A quiet spell as long as the longest wait starts the count afresh.
    if (e.failures > 0 && now - e.last_failure > options_.max_delay) e = Entry{};
    ++e.failures;
    e.last_failure = now;
    int over = e.failures - free_failures;
    if (over <= 0) return;
    auto delay = options_.base_delay;
    for (int i = 1; i < over && delay < options_.max_delay; ++i) delay *= 2;
    e.locked_until = now + std::min(delay, options_.max_delay);
}

void LoginThrottle::forget_old(TimePoint now) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (now - it->second.last_failure > options_.max_delay && it->second.locked_until <= now)
            it = entries_.erase(it);
        else
            ++it;
    }
    // Still full (a flood of fresh failures): drop the oldest half.
    if (entries_.size() >= options_.max_entries) {
        std::vector<std::pair<TimePoint, std::string>> by_age;
        for (auto& [k, e] : entries_) by_age.emplace_back(e.last_failure, k);
        std::sort(by_age.begin(), by_age.end());
        for (std::size_t i = 0; i < by_age.size() / 2; ++i) entries_.erase(by_age[i].second);
    }
}

}  // namespace lw
