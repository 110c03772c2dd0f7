// GET /metrics for Prometheus, on a listener of its own (the console may be
// off, as on a screen of a fleet, or open to the hospital network while the
// metrics stay on loopback): [server] metrics_listen, "127.0.0.1:9464" by
// default, "" for none. It serves metrics::registry() and nothing else, with
// no login: numbers only, no post text, no names of people.
//
// The collectors below put the store's, the media cache's and the process's
// numbers into the registry for as long as their handle lives.
// docs/operations.md lists every metric.
#pragma once

#include "core/metrics.h"
#include "core/time.h"
#include "store/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace lw {
namespace fleet {
class Hub;
}

class Store;
class MediaCache;

class MetricsServer {
public:
    MetricsServer();
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    // "HOST:PORT" (port 0 picks a free one, see port()). Fails with one
    // sentence when the address is malformed or cannot be bound.
    Status start(const std::string& listen);
    void stop();
    int port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Posts by state, the queue (length, oldest waiting), the kill switch, each
// source's health, and the media cache's size. `media` may be null. Sources
// not tried for two days (gone from the config) are left out.
[[nodiscard]] metrics::CollectorHandle collect_store_metrics(Store& store, MediaCache* media, const Clock& clock);

// Resident memory (process_resident_memory_bytes), the start time and the
// version (lobbywall_build_info).
[[nodiscard]] metrics::CollectorHandle collect_process_metrics(
    std::function<std::optional<std::int64_t>()> resident_bytes, TimePoint started, std::string version);

// A fleet hub's screens: lobbywall_screens{state}, and per screen (by name)
// last seen, sync lag and whether its last report said its hours are on.
[[nodiscard]] metrics::CollectorHandle collect_screen_metrics(fleet::Hub& hub);

// Sources whose last attempt is older than this are no longer configured.
inline constexpr std::chrono::hours kForgottenSourceAge{48};

}  // namespace lw
