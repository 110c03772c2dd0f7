// Sliding-window request budget per host (see host_pacer.h).
#include "net/host_pacer.h"

#include <algorithm>
#include <cassert>

namespace lw::net {

HostPacer::HostPacer(PacerOptions options, const Clock& clock) : options_(options), clock_(clock) {
    assert(options_.budget > 0 && options_.window.count() > 0);
    options_.budget = std::max(options_.budget, 1);
    options_.window = std::max(options_.window, std::chrono::seconds{1});
}

void HostPacer::prune(HostState& state, TimePoint now) const {
    while (!state.sent.empty() && state.sent.front() + options_.window <= now) state.sent.pop_front();
}

TimePoint HostPacer::ready_at(const HostState& state, TimePoint now) const {
    TimePoint at = now;
    // Count only the requests still inside the window ending now.
    const auto live = std::count_if(state.sent.begin(), state.sent.end(),
                                    [&](TimePoint t) { return t + options_.window > now; });
    if (live >= options_.budget) {
        // The slot frees when the oldest request that still counts leaves the window.
        const TimePoint oldest = state.sent[state.sent.size() - static_cast<std::size_t>(options_.budget)];
        at = oldest + options_.window;
    }
    return std::max(at, state.held_until);
}

void HostPacer::forget_idle(TimePoint now) {
    // Hosts with nothing in the window and no hold carry no state worth keeping.
    for (auto it = hosts_.begin(); it != hosts_.end();) {
        prune(it->second, now);
        if (it->second.sent.empty() && it->second.held_until <= now)
            it = hosts_.erase(it);
        else
            ++it;
    }
}

HostPacer::Slot HostPacer::acquire(std::string_view host) {
    const TimePoint now = clock_.now();
    auto it = hosts_.find(host);
    if (it == hosts_.end()) {
        if (hosts_.size() >= 64) forget_idle(now);
        it = hosts_.emplace(std::string(host), HostState{}).first;
    }
    HostState& state = it->second;
    prune(state, now);
    const TimePoint at = ready_at(state, now);
    if (at > now) return Slot{false, at};
    state.sent.push_back(now);
    while (state.sent.size() > static_cast<std::size_t>(options_.budget)) state.sent.pop_front();
    return Slot{true, now};
}

TimePoint HostPacer::ready_at(std::string_view host) const {
    const TimePoint now = clock_.now();
    auto it = hosts_.find(host);
    if (it == hosts_.end()) return now;
    return ready_at(it->second, now);
}

void HostPacer::hold_until(std::string_view host, TimePoint until) {
    auto it = hosts_.find(host);
    if (it == hosts_.end()) it = hosts_.emplace(std::string(host), HostState{}).first;
    it->second.held_until = std::max(it->second.held_until, until);
}

int HostPacer::used(std::string_view host) const {
    const TimePoint now = clock_.now();
    auto it = hosts_.find(host);
    if (it == hosts_.end()) return 0;
    return static_cast<int>(std::count_if(it->second.sent.begin(), it->second.sent.end(),
                                          [&](TimePoint t) { return t + options_.window > now; }));
}

}  // namespace lw::net
