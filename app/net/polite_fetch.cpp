// Backoff, pacing and the fetch composed into one poll (see polite_fetch.h).
#include "net/polite_fetch.h"

#include "net/url_policy.h"

#include <fmt/format.h>

namespace lw::net {

const char* to_string(PollStatus status) {
    switch (status) {
        case PollStatus::Fresh: return "fresh";
        case PollStatus::NotModified: return "not_modified";
        case PollStatus::Deferred: return "deferred";
        case PollStatus::Failed: return "failed";
        case PollStatus::Cancelled: return "cancelled";
    }
    return "unknown";
}

std::string wait_words(TimePoint then, TimePoint now) {
    const long long s = then > now ? (then - now).count() : 0;
    if (s < 60) return fmt::format("{} s", s);
    if (s < 3600) return fmt::format("{} min", (s + 30) / 60);
    const long long minutes = (s % 3600 + 30) / 60;
    if (minutes == 0 || minutes == 60) return fmt::format("{} h", (s + 1800) / 3600);
    return fmt::format("{} h {} min", s / 3600, minutes);
}

PoliteFetcher::PoliteFetcher(HttpClient& client, HostPacer& pacer, const Clock& clock)
    : client_(client), pacer_(pacer), clock_(clock) {}

PollResult PoliteFetcher::poll(const Request& request, Backoff& backoff, std::string_view source_name) {
    PollResult result;
    if (!backoff.ready()) {
        result.not_before = backoff.next_attempt();
        return result;
    }
    const std::string host = host_key(request.url);
    const HostPacer::Slot slot = pacer_.acquire(host);
    if (!slot.granted) {
        result.not_before = slot.wait_until;
        return result;
    }

    result.response = client_.fetch(request);
    const Response& r = result.response;
    if (r.error_kind == ErrorKind::Cancelled) {
        // Shutting down is not the server's fault: the backoff is left alone.
        result.status = PollStatus::Cancelled;
        result.not_before = backoff.next_attempt();
        return result;
    }

    const Verdict verdict = backoff.on_response(r);
    const TimePoint now = clock_.now();
    result.not_before = backoff.next_attempt();
    // The server's limit is per host (per IP, really): every source on this
    // host waits, not just the one that was told.
    if (verdict == Verdict::RateLimited || (verdict == Verdict::Success && result.not_before > now))
        pacer_.hold_until(host, result.not_before);

    if (verdict == Verdict::Success) {
        result.status = r.not_modified() ? PollStatus::NotModified : PollStatus::Fresh;
        return result;
    }

    result.status = PollStatus::Failed;
    const std::string next = result.not_before > now
                                 ? fmt::format("trying again in {}", wait_words(result.not_before, now))
                                 : std::string("trying again at the next poll");
    if (auto auth = auth_problem(r.status, source_name)) {
        result.needs_credentials = true;
        result.log_line = fmt::format("{} ({}); {}", *auth, r.error, next);
    } else if (verdict == Verdict::RateLimited) {
        result.log_line = fmt::format("{} is rate-limited by {}; {}", source_name, host, next);
    } else {
        result.log_line = fmt::format("{}: {}; {}", source_name, r.error, next);
    }
    return result;
}

}  // namespace lw::net
