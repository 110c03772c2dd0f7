// Prometheus metrics for IT: a process-wide registry of counters and gauges
// that any thread bumps without a lock (an atomic add), plus collectors that
// read the rest (the store, the media cache, memory) when a scrape asks.
// render() writes the text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/): one
// "# HELP" and "# TYPE" line per family, then its samples, families in name
// order. Names follow Prometheus conventions: units in the name
// (_seconds, _bytes), counters end in _total.
//
// The HTTP side (GET /metrics, loopback by default) is server/metrics_server.h;
// this file has no network, no threads and no SQLite.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lw::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

enum class Type { Counter, Gauge };

// Only goes up. Safe to bump from any thread, the render thread included.
class Counter {
public:
    void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

// Any value; set from any thread without a lock.
class Gauge {
public:
    void set(double v) { value_.store(v, std::memory_order_relaxed); }
    double value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<double> value_{0};
};

// What a collector writes into at scrape time.
class Writer {
public:
    // Declares a family once (later declarations of the same name are ignored).
    void family(std::string_view name, Type type, std::string_view help);
    // A sample of a declared family.
    void sample(std::string_view family, const Labels& labels, double value);
    // The text exposition format of everything written so far.
    std::string text() const;

private:
    struct Family {
        Type type = Type::Gauge;
        std::string help;
        std::string samples;  // finished lines
    };
    std::map<std::string, Family, std::less<>> families_;
};

class Registry;

// Keeps a collector registered for as long as it lives: an object that a
// collector reads (the store) owns the handle, so a scrape never reaches it
// after it is gone.
class CollectorHandle {
public:
    CollectorHandle() = default;
    CollectorHandle(Registry* registry, int id) : registry_(registry), id_(id) {}
    ~CollectorHandle();
    CollectorHandle(CollectorHandle&& other) noexcept;
    CollectorHandle& operator=(CollectorHandle&& other) noexcept;
    CollectorHandle(const CollectorHandle&) = delete;
    CollectorHandle& operator=(const CollectorHandle&) = delete;

private:
    Registry* registry_ = nullptr;
    int id_ = 0;
};

class Registry {
public:
    using Collector = std::function<void(Writer&)>;

    // The counter or gauge for (name, labels), made on first use. The
    // reference stays valid for the registry's life: look it up once, keep
    // it, and bump it lock-free.
    Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
    Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});

    // Runs on every render, on the scraping thread, after the counters and
    // gauges are written. It may read the store; it must not block for long.
    [[nodiscard]] CollectorHandle add_collector(Collector collector);

    std::string render() const;

private:
    friend class CollectorHandle;
    void remove_collector(int id);

    template <typename Metric>
    struct Series {
        std::string name;
        Labels labels;
        std::unique_ptr<Metric> metric;
    };
    struct Help {
        Type type;
        std::string help;
    };
    template <typename Metric>
    Metric& find_or_add(std::vector<Series<Metric>>& list, Type type, const std::string& name,
                        const std::string& help, const Labels& labels);

    mutable std::mutex mutex_;  // guards the maps and the collector list, never an increment
    // Held while collectors run and while one is removed, so a collector
    // never runs after its handle is gone.
    mutable std::mutex run_mutex_;
    std::map<std::string, Help> helps_;
    std::vector<Series<Counter>> counters_;
    std::vector<Series<Gauge>> gauges_;
    std::map<int, std::shared_ptr<Collector>> collectors_;
    int next_id_ = 1;
};

// The process's registry.
Registry& registry();

// A label value or HELP text escaped for the text format.
std::string escape_label_value(std::string_view value);

// A sample value: integers without a fraction, "NaN", "+Inf", "-Inf".
std::string format_value(double value);

}  // namespace lw::metrics

// The program's own counters and gauges, named in one place (docs/operations.md
// lists every metric). Each is made on first use and then bumped lock-free.
namespace lw::metrics {

Counter& frames_drawn();                 // lobbywall_frames_drawn_total
Gauge& first_frame_seconds();            // lobbywall_first_frame_seconds: process start to first frame
Gauge& last_frame_timestamp();           // lobbywall_last_frame_timestamp_seconds
Gauge& display_scheduled_on();           // lobbywall_display_scheduled_on: the [screen] hours say on
// lobbywall_source_polls_total{source, outcome}: outcome is "fresh",
// "not_modified" or "failed" (a poll deferred by backoff or pacing sent
// nothing and is not counted).
Counter& source_polls(const std::string& source, const std::string& outcome);

}  // namespace lw::metrics
