// The console's alerts: see alerts_api.h.
#include "server/alerts_api.h"

#include "core/log.h"
#include "server/console_api.h"
#include "server/metrics_server.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lw {

std::string duration_words(std::chrono::seconds how_long) {
    const long long minutes = std::max<long long>(0, how_long.count()) / 60;
    if (minutes < 60) return fmt::format("{} min", minutes);
    if (minutes < 48 * 60) {
        const long long rest = minutes % 60;
        return rest ? fmt::format("{} h {} min", minutes / 60, rest) : fmt::format("{} h", minutes / 60);
    }
    return fmt::format("{} days", minutes / (24 * 60));
}

std::vector<Alert> alerts_from(const OpsState& state, TimePoint now, const AlertOptions& options) {
    std::vector<Alert> out;
    for (const SourceState& s : state.sources) {
        if (s.consecutive_failures == 0 || !s.last_attempt || now - *s.last_attempt > kForgottenSourceAge) continue;
        Alert a;
        a.kind = "source_failing";
        a.subject = s.source_id;
        // The log line's "; trying again in 4 min" was true when it was written, not now.
        a.detail = s.last_error.substr(0, s.last_error.rfind("; trying again"));
        if (s.last_success) {
            if (now - *s.last_success < options.source_failing) continue;
            a.since = s.last_success;
            a.message = fmt::format("The source '{}' has not worked for {}; the wall keeps showing what it has.",
                                    s.source_id, duration_words(now - *s.last_success));
        } else {
            if (s.consecutive_failures < options.never_worked_failures) continue;
            a.message = fmt::format("The source '{}' has not worked yet ({} tries); check its settings.", s.source_id,
                                    s.consecutive_failures);
        }
        out.push_back(std::move(a));
    }
    if (state.oldest_pending && now - *state.oldest_pending >= options.queue_waiting) {
        Alert a;
        a.kind = "queue_waiting";
        a.since = state.oldest_pending;
        const int n = state.counts.pending;
        a.message = fmt::format("{} {} waiting for a moderator; the oldest for {}.", n,
                                n == 1 ? "post is" : "posts are", duration_words(now - *state.oldest_pending));
        out.push_back(std::move(a));
    }
    return out;
}

ApiResponse alerts_reply(Store& store, TimePoint now) {
    ApiResponse r;
    Result<OpsState> state = read_ops_state(store);
    if (!state) {
        log::error("Console alerts: cannot read the store ({})", state.error);
        r.status = 500;
        r.body = json_error(state.error);
        return r;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const Alert& a : alerts_from(*state, now))
        list.push_back({{"kind", a.kind},
                        {"subject", a.subject},
                        {"message", a.message},
                        {"detail", a.detail},
                        {"since", a.since ? format_rfc3339(*a.since) : std::string()}});
    r.body = nlohmann::json{{"alerts", list}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

}  // namespace lw
