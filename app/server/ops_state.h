// What IT and the staff banner watch, read from the store in one read
// transaction: posts by state, the oldest post waiting in the queue, the
// kill switch, and every source's health. Shared by /metrics
// (server/metrics_server.h) and the console's alerts (server/alerts_api.h).
#pragma once

#include "core/time.h"
#include "store/result.h"
#include "store/store.h"

#include <optional>
#include <vector>

namespace lw {

struct OpsState {
    ModerationCounts counts;
    std::optional<TimePoint> oldest_pending;  // first_seen of the longest-waiting post
    bool kill_switch = false;
    std::vector<SourceState> sources;
};

Result<OpsState> read_ops_state(Store& store);

}  // namespace lw
