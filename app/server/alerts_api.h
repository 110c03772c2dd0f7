// Alerts for staff at the top of the console (GET /api/alerts): what needs a
// person now, in plain words. Today: a source that has been failing too long
// and posts waiting too long for a moderator. The fleet adds its screens
// (offline or not drawing during their opening hours, a clock that is off)
// by appending to alerts_from's list; the page shows whatever comes.
// Metrics (server/metrics_server.h) carry the same conditions for IT.
#pragma once

#include "core/time.h"
#include "server/ops_state.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace lw {
namespace fleet {
class Hub;
struct ScreenView;
}  // namespace fleet

class Store;
struct ApiResponse;

struct Alert {
    std::string kind;      // "source_failing", "queue_waiting", "screen_offline", "screen_not_drawing", "screen_clock"
    std::string subject;   // the source's name; empty for the queue
    std::string message;   // one sentence for staff
    std::string detail;    // what the box knows about why; may be empty
    std::optional<TimePoint> since;
};

struct AlertOptions {
    std::chrono::minutes source_failing{30};  // failing at least this long
    int never_worked_failures = 3;            // a source that never worked: after this many failures
    std::chrono::minutes queue_waiting{60};   // the oldest post has waited this long
};

// Pure: the alerts for a state of the store at `now`, sources first.
std::vector<Alert> alerts_from(const OpsState& state, TimePoint now, const AlertOptions& options = {});

// Pure: a hub's screens that need a person: offline or not drawing while
// their last report said their display hours are on, a clock off the hub's
// by more than `clock_off`. Appended to alerts_from's list on a hub.
std::vector<Alert> screen_alerts(const std::vector<fleet::ScreenView>& screens, TimePoint now,
                                 std::chrono::seconds clock_off = std::chrono::minutes(2),
                                 std::chrono::seconds not_drawing = std::chrono::minutes(5));

// "45 min", "2 h 5 min", "3 days": how long, for the banner.
std::string duration_words(std::chrono::seconds how_long);

// The console's route: {"alerts": [{kind, subject, message, detail, since}]}.
// `hub`: a fleet hub's screens too (null elsewhere).
ApiResponse alerts_reply(Store& store, TimePoint now, fleet::Hub* hub = nullptr);

}  // namespace lw
