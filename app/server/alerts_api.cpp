// The console's alerts: see alerts_api.h.
#include "server/alerts_api.h"

#include "core/log.h"
#include "fleet/hub.h"
#include "server/console_api.h"
#include "server/metrics_server.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>

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

std::vector<Alert> screen_alerts(const std::vector<fleet::ScreenView>& screens, TimePoint now,
                                 std::chrono::seconds clock_off, std::chrono::seconds not_drawing) {
    std::vector<Alert> out;
    for (const fleet::ScreenView& v : screens) {
        if (v.record.revoked || !v.status) continue;
        const fleet::StatusReport& r = *v.status;
        const std::string& name = v.record.name;
        // Its hours as it last reported them: a screen that died before
        // closing time keeps alerting until somebody looks (docs/fleet.md).
        const bool due_on = r.scheduled_on.value_or(false);
        const bool offline = v.connection.rfind("offline", 0) == 0;
        if (offline && due_on && v.last_seen) {
            Alert a;
            a.kind = "screen_offline";
            a.subject = name;
            a.since = v.last_seen;
            a.message = fmt::format("The screen '{}' ({}) has not been heard from for {} during its opening hours.",
                                    name, v.record.group, duration_words(now - *v.last_seen));
            if (!r.errors.empty()) a.detail = r.errors.back();
            out.push_back(std::move(a));
        } else if (!offline && due_on && r.last_frame_unix) {
            // The frame's time is the screen's clock: on the hub's by its offset.
            const double frame_unix = *r.last_frame_unix + r.clock_offset_seconds.value_or(0);
            const TimePoint frame{std::chrono::seconds(std::llround(frame_unix))};
            if (r.received - frame >= not_drawing) {
                Alert a;
                a.kind = "screen_not_drawing";
                a.subject = name;
                a.since = frame;
                a.message = fmt::format("The screen '{}' ({}) answers but has drawn nothing for {} during its "
                                        "opening hours: check its display.",
                                        name, v.record.group, duration_words(now - frame));
                out.push_back(std::move(a));
            }
        }
        if (r.clock_offset_seconds && std::abs(*r.clock_offset_seconds) > static_cast<double>(clock_off.count())) {
            Alert a;
            a.kind = "screen_clock";
            a.subject = name;
            const auto off = std::chrono::seconds(std::lround(std::abs(*r.clock_offset_seconds)));
            a.message = fmt::format("The clock of the screen '{}' is {} {} the hub's; its TLS and on/off hours "
                                    "depend on it (check its time sync).",
                                    name, duration_words(off), *r.clock_offset_seconds < 0 ? "ahead of" : "behind");
            out.push_back(std::move(a));
        }
    }
    return out;
}

ApiResponse alerts_reply(Store& store, TimePoint now, fleet::Hub* hub) {
    ApiResponse r;
    Result<OpsState> state = read_ops_state(store);
    if (!state) {
        log::error("Console alerts: cannot read the store ({})", state.error);
        r.status = 500;
        r.body = json_error(state.error);
        return r;
    }
    nlohmann::json list = nlohmann::json::array();
    std::vector<Alert> alerts = alerts_from(*state, now);
    if (hub) std::ranges::move(screen_alerts(hub->screens(), now), std::back_inserter(alerts));
    for (const Alert& a : alerts)
        list.push_back({{"kind", a.kind},
                        {"subject", a.subject},
                        {"message", a.message},
                        {"detail", a.detail},
                        {"since", a.since ? format_rfc3339(*a.since) : std::string()}});
    r.body = nlohmann::json{{"alerts", list}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

}  // namespace lw
