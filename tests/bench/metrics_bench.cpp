// How long GET /metrics takes to render (target: under 50 ms), on a store as
// large as a busy hub's: POSTS posts (a tenth pending), SOURCES sources, the
// kill switch, a media cache index, the process collectors, and the
// pipeline's per-source counters. Renders 200 times in process (the
// registry, the SQL of the store's collector, the text) and 200 times over
// HTTP on 127.0.0.1; prints the median, p95 and max, and the body's size.
//
//   cmake --build build --target metrics_bench
//   build/tests/bench/metrics_bench [POSTS=10000] [SOURCES=50]
#include "core/metrics.h"
#include "server/metrics_server.h"
#include "store/store.h"
#include "bench_store.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace lw;
using Steady = std::chrono::steady_clock;

using bench::report;

int main(int argc, char** argv) {
    const int posts = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int sources = argc > 2 ? std::atoi(argv[2]) : 50;
    std::filesystem::path dir;
    auto store = bench::fresh_store("lobbywall-metrics-bench", dir);
    if (!store) return 1;
    const TimePoint now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    std::vector<Post> batch;
    std::vector<Decision> decisions;
    for (int i = 0; i < posts; ++i) {
        Post p;
        p.id = "https://example.social/@a/" + std::to_string(i);
        p.source_id = "source-" + std::to_string(i % sources);
        p.source_kind = SourceKind::MastodonHashtag;
        p.author = "Author " + std::to_string(i);
        p.text = "A post of about the usual length, thanking the staff of ward " + std::to_string(i % 40);
        p.created = now - std::chrono::minutes(i);
        batch.push_back(std::move(p));
        if (batch.size() == 500 || i + 1 == posts) {
            if (!store->upsert_posts(batch, now - std::chrono::minutes(i)).ok()) return 1;
            for (const Post& b : batch)
                if (std::hash<std::string>{}(b.id) % 10 != 0)
                    decisions.push_back({b.id, ModerationState::Approved, {"rules"}, {"rules", ""}, now});
            if (!store->record_decisions(decisions).ok()) return 1;
            batch.clear();
            decisions.clear();
        }
    }
    for (int s = 0; s < sources; ++s) {
        SourceState st;
        st.source_id = "source-" + std::to_string(s);
        st.kind = "mastodon_hashtag";
        st.last_attempt = now;
        st.last_success = now - std::chrono::minutes(s);
        st.consecutive_failures = s % 7 == 0 ? 3 : 0;
        (void)store->save_source_state(st);
        for (const char* outcome : {"fresh", "not_modified", "failed"}) metrics::source_polls(st.source_id, outcome).inc(s);
    }
    SystemClock clock;
    auto store_metrics = collect_store_metrics(*store, nullptr, clock);
    auto process_metrics = collect_process_metrics([] { return std::optional<std::int64_t>(100 << 20); }, now, "bench");
    metrics::frames_drawn().inc(12345);

    std::vector<double> in_process;
    std::size_t bytes = 0;
    for (int i = 0; i < 200; ++i) {
        const auto t0 = Steady::now();
        bytes = metrics::registry().render().size();
        in_process.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
    }
    MetricsServer server;
    if (!server.start("127.0.0.1:0").ok()) return 1;
    httplib::Client client("127.0.0.1", server.port());
    std::vector<double> over_http;
    for (int i = 0; i < 200; ++i) {
        const auto t0 = Steady::now();
        auto res = client.Get("/metrics");
        if (!res || res->status != 200) return 1;
        over_http.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
    }
    std::printf("store: %d posts, %d sources; /metrics body %zu bytes\n", posts, sources, bytes);
    report("render (in process)", in_process);
    report("GET /metrics over loopback", over_http);
    std::filesystem::remove_all(dir);
    return 0;
}
