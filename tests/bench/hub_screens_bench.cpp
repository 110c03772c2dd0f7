// A hub with SCREENS paired screens (default 1,000), each sending status
// reports as the sync client does (docs/fleet.md, "Status"): how long the hub
// takes to parse and keep a report, the hub's resident memory with a full
// history for every screen, and how long GET /metrics takes to render with
// the per-screen series (target: under 50 ms). In process, on the real Hub
// and a real store; no HTTP for the reports (the sync API's share is one
// parse and one call), the render measured as metrics_bench does.
//
//   cmake --build build --target hub_screens_bench
//   build/tests/bench/hub_screens_bench [SCREENS=1000]
#include "core/metrics.h"
#include "fleet/hub.h"
#include "platform/process_stats.h"
#include "server/metrics_server.h"
#include "store/store.h"
#include "bench_store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace lw;
using Steady = std::chrono::steady_clock;
using bench::report;

namespace {

double ms_since(Steady::time_point t0) {
    return std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
}

// A report as a screen sends it: 20 posts on screen, every field set.
std::string status_body(int screen, int round) {
    fleet::StatusReport r;
    r.applied_version = 7;
    r.showing = "live";
    r.version = "0.1.0";
    r.uptime_seconds = 3600 + round * 60;
    for (int i = 0; i < 20; ++i) r.post_ids.push_back("https://example.social/@a/" + std::to_string(screen * 20 + i));
    r.layout = "grid";
    r.last_frame_unix = 1.8e9 + round;
    r.scheduled_on = true;
    r.cpu_temperature = 48.5;
    r.free_store_bytes = r.free_cache_bytes = 20'000'000'000;
    r.resident_bytes = 120'000'000;
    r.clock_offset_seconds = 0.012;
    r.errors = {"2026-12-05T20:00:00Z the hub cannot be reached (timeout)"};
    return fleet::status_json(r);
}

}  // namespace

int main(int argc, char** argv) {
    const int screens = argc > 1 ? std::atoi(argv[1]) : 1000;
    std::filesystem::path dir;
    auto store = bench::fresh_store("lobbywall-hub-screens-bench", dir);
    if (!store) return 1;
    SystemClock clock;
    SnapshotChannel channel;
    WallSnapshot wall;
    wall.built_at = clock.now();
    channel.publish(std::move(wall));
    fleet::HubOptions hub_options;
    hub_options.hub_name = "bench";
    hub_options.max_pending_pairings = screens + 10;
    auto hub = fleet::Hub::open(*store, channel, hub_options, clock);
    if (!hub) {
        std::fprintf(stderr, "cannot open the hub: %s\n", hub.error.c_str());
        return 1;
    }
    const auto rss_before = platform::resident_memory_bytes().value_or(0);
    std::vector<std::string> ids;
    const auto paired_at = Steady::now();
    for (int i = 0; i < screens; ++i) {
        const std::string code = fleet::new_pairing_code();
        const std::string name = "screen " + std::to_string(i);
        if ((*hub)->pair(code, fleet::new_secret(), name, "").status != 200) continue;
        auto s = (*hub)->approve(code, name, "group-" + std::to_string(i % 20), Actor{"bench", "127.0.0.1"});
        if (s) ids.push_back(s->id);
    }
    std::printf("paired %zu screens in %.1f s\n", ids.size(), ms_since(paired_at) / 1000);

    // Every screen reports fleet::Hub::kStatusHistory times: a full history each.
    std::vector<double> report_ms;
    for (std::size_t round = 0; round < fleet::Hub::kStatusHistory; ++round)
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const std::string body = status_body(static_cast<int>(i), static_cast<int>(round));
            const auto t0 = Steady::now();
            auto parsed = fleet::parse_status(body);
            if (parsed) (*hub)->report(ids[i], std::move(*parsed));
            report_ms.push_back(ms_since(t0));
        }
    report("status report (parse + keep)", report_ms);
    const auto rss_after = platform::resident_memory_bytes().value_or(0);
    std::printf("resident memory: %.1f MB before the screens, %.1f MB with %zu screens x %zu reports kept\n",
                rss_before / 1e6, rss_after / 1e6, ids.size(), fleet::Hub::kStatusHistory);

    const auto handle = collect_screen_metrics(**hub);
    std::vector<double> render_ms;
    std::size_t bytes = 0;
    for (int i = 0; i < 200; ++i) {
        const auto t0 = Steady::now();
        bytes = metrics::registry().render().size();
        render_ms.push_back(ms_since(t0));
    }
    report("/metrics render (screens only)", render_ms);
    std::printf("/metrics body: %.1f KB\n", bytes / 1024.0);
    std::vector<double> screens_ms;
    for (int i = 0; i < 50; ++i) {
        const auto t0 = Steady::now();
        (void)(*hub)->screens();
        screens_ms.push_back(ms_since(t0));
    }
    report("Hub::screens() (Screens page)", screens_ms);
    std::filesystem::remove_all(dir);
    return 0;
}
