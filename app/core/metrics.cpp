// The metrics registry and the text exposition format: see metrics.h.
#include "core/metrics.h"

#include <cassert>
#include <cmath>
#include <cstdio>

namespace lw::metrics {
namespace {

[[maybe_unused]] bool valid_name(std::string_view name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
    }
    return true;
}

void append_labels(std::string& out, const Labels& labels) {
    if (labels.empty()) return;
    out += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
        assert(valid_name(labels[i].first) && "a metric label name must match [a-zA-Z_][a-zA-Z0-9_]*");
        if (i) out += ',';
        out += labels[i].first;
        out += "=\"";
        out += escape_label_value(labels[i].second);
        out += '"';
    }
    out += '}';
}

std::string escape_help(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string format_value(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    char buffer[40];
    if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buffer, sizeof buffer, "%.0f", v);
    else std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

void Writer::family(std::string_view name, Type type, std::string_view help) {
    assert(valid_name(name) && "a metric name must match [a-zA-Z_:][a-zA-Z0-9_:]*");
    if (families_.find(name) != families_.end()) return;
    families_.emplace(std::string(name), Family{type, std::string(help), {}});
}

void Writer::sample(std::string_view family, const Labels& labels, double value) {
    auto it = families_.find(family);
    assert(it != families_.end() && "declare a metric family before its samples");
    if (it == families_.end()) return;
    std::string& out = it->second.samples;
    out += family;
    append_labels(out, labels);
    out += ' ';
    out += format_value(value);
    out += '\n';
}

std::string Writer::text() const {
    std::string out;
    for (const auto& [name, f] : families_) {
        if (f.samples.empty()) continue;
        out += "# HELP " + name + " " + escape_help(f.help) + "\n";
        out += "# TYPE " + name + (f.type == Type::Counter ? " counter\n" : " gauge\n");
        out += f.samples;
    }
    return out;
}

CollectorHandle::~CollectorHandle() {
    if (registry_) registry_->remove_collector(id_);
}

CollectorHandle::CollectorHandle(CollectorHandle&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), id_(other.id_) {}

CollectorHandle& CollectorHandle::operator=(CollectorHandle&& other) noexcept {
    if (this != &other) {
        if (registry_) registry_->remove_collector(id_);
        registry_ = std::exchange(other.registry_, nullptr);
        id_ = other.id_;
    }
    return *this;
}

template <typename Metric>
Metric& Registry::find_or_add(std::vector<Series<Metric>>& list, Type type, const std::string& name,
                              const std::string& help, const Labels& labels) {
    std::lock_guard lock(mutex_);
    helps_.try_emplace(name, Help{type, help});
    for (auto& s : list)
        if (s.name == name && s.labels == labels) return *s.metric;
    list.push_back({name, labels, std::make_unique<Metric>()});
    return *list.back().metric;
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
    assert(valid_name(name) && name.ends_with("_total") && "a counter's name ends in _total");
    return find_or_add(counters_, Type::Counter, name, help, labels);
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
    assert(valid_name(name));
    return find_or_add(gauges_, Type::Gauge, name, help, labels);
}

CollectorHandle Registry::add_collector(Collector collector) {
    std::lock_guard lock(mutex_);
    const int id = next_id_++;
    collectors_.emplace(id, std::make_shared<Collector>(std::move(collector)));
    return CollectorHandle(this, id);
}

void Registry::remove_collector(int id) {
    std::lock_guard running(run_mutex_);
    std::lock_guard lock(mutex_);
    collectors_.erase(id);
}

std::string Registry::render() const {
    Writer writer;
    std::vector<std::shared_ptr<Collector>> collectors;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, help] : helps_) writer.family(name, help.type, help.help);
        for (const auto& s : counters_) writer.sample(s.name, s.labels, static_cast<double>(s.metric->value()));
        for (const auto& s : gauges_) writer.sample(s.name, s.labels, s.metric->value());
    }
    std::lock_guard running(run_mutex_);
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, c] : collectors_) collectors.push_back(c);
    }
    for (const auto& c : collectors) (*c)(writer);
    return writer.text();
}

Registry& registry() {
    static Registry instance;
    return instance;
}

}  // namespace lw::metrics

namespace lw::metrics {

Counter& frames_drawn() {
    static Counter& c = registry().counter("lobbywall_frames_drawn_total", "Frames the wall has drawn since start.");
    return c;
}

Gauge& first_frame_seconds() {
    static Gauge& g = registry().gauge("lobbywall_first_frame_seconds",
                                       "Seconds from the start of the process to the first frame on screen.");
    return g;
}

Gauge& last_frame_timestamp() {
    static Gauge& g = registry().gauge("lobbywall_last_frame_timestamp_seconds",
                                       "Unix time of the last frame drawn (the wall redraws only when something moves).");
    return g;
}

Gauge& display_scheduled_on() {
    static Gauge& g = registry().gauge("lobbywall_display_scheduled_on",
                                       "1 while the screen's hours ([screen]) say it is on, 0 while it is off.");
    return g;
}

Counter& source_polls(const std::string& source, const std::string& outcome) {
    return registry().counter("lobbywall_source_polls_total",
                              "Polls of a configured source by outcome (fresh, not_modified, failed).",
                              {{"source", source}, {"outcome", outcome}});
}

}  // namespace lw::metrics
