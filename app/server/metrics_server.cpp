// The /metrics listener and the store's and process's collectors: see
// metrics_server.h. Besides console_http.cpp, the only file with httplib.h.
#include "server/metrics_server.h"

#include "fleet/hub.h"

#include "core/log.h"
#include "server/ops_state.h"
#include "store/media_cache.h"
#include "store/store.h"

#include <httplib.h>

#include <fmt/format.h>

#include <thread>

namespace lw {
namespace {

using metrics::Labels;
using metrics::Type;
using metrics::Writer;

double unix_seconds(TimePoint t) { return static_cast<double>(t.time_since_epoch().count()); }

void write_store(Writer& w, Store& store, MediaCache* media, TimePoint now) {
    w.family("lobbywall_store_up", Type::Gauge, "1 when the store could be read for this scrape, else 0.");
    Result<OpsState> state = read_ops_state(store);
    w.sample("lobbywall_store_up", {}, state ? 1 : 0);
    if (media) {
        w.family("lobbywall_media_cache_bytes", Type::Gauge, "Bytes of pictures in the media cache.");
        w.sample("lobbywall_media_cache_bytes", {}, static_cast<double>(media->used_bytes()));
        w.family("lobbywall_media_cache_files", Type::Gauge, "Pictures in the media cache.");
        w.sample("lobbywall_media_cache_files", {}, static_cast<double>(media->file_count()));
    }
    if (!state) return;
    w.family("lobbywall_posts", Type::Gauge, "Stored posts by moderation state.");
    w.sample("lobbywall_posts", {{"state", "pending"}}, state->counts.pending);
    w.sample("lobbywall_posts", {{"state", "approved"}}, state->counts.approved);
    w.sample("lobbywall_posts", {{"state", "rejected"}}, state->counts.rejected);
    w.family("lobbywall_queue_length", Type::Gauge, "Posts waiting for a moderator.");
    w.sample("lobbywall_queue_length", {}, state->counts.pending);
    w.family("lobbywall_queue_oldest_waiting_seconds", Type::Gauge,
             "How long the oldest post in the queue has waited; 0 when the queue is empty.");
    w.sample("lobbywall_queue_oldest_waiting_seconds", {},
             state->oldest_pending ? std::max(0.0, unix_seconds(now) - unix_seconds(*state->oldest_pending)) : 0.0);
    w.family("lobbywall_kill_switch", Type::Gauge, "1 while the kill switch empties the wall of social posts.");
    w.sample("lobbywall_kill_switch", {}, state->kill_switch ? 1 : 0);

    w.family("lobbywall_source_failing", Type::Gauge, "1 while the source's last poll failed.");
    w.family("lobbywall_source_consecutive_failures", Type::Gauge, "Polls of the source that failed in a row.");
    w.family("lobbywall_source_last_success_timestamp_seconds", Type::Gauge,
             "Unix time of the source's last successful poll.");
    w.family("lobbywall_source_last_attempt_timestamp_seconds", Type::Gauge, "Unix time of the source's last poll.");
    w.family("lobbywall_source_posts_seen_total", Type::Counter, "New posts the source has delivered, all time.");
    for (const SourceState& s : state->sources) {
        if (!s.last_attempt || now - *s.last_attempt > kForgottenSourceAge) continue;
        const Labels source{{"source", s.source_id}};
        w.sample("lobbywall_source_failing", source, s.consecutive_failures > 0 ? 1 : 0);
        w.sample("lobbywall_source_consecutive_failures", source, s.consecutive_failures);
        if (s.last_success) w.sample("lobbywall_source_last_success_timestamp_seconds", source, unix_seconds(*s.last_success));
        w.sample("lobbywall_source_last_attempt_timestamp_seconds", source, unix_seconds(*s.last_attempt));
        w.sample("lobbywall_source_posts_seen_total", source, static_cast<double>(s.posts_seen));
    }
}

struct ListenAddress {
    std::string host;
    int port = 0;
};

std::optional<ListenAddress> parse_address(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= text.size()) return std::nullopt;
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port = text.substr(colon + 1);
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const int p = std::stoi(port);
    if (p > 65535) return std::nullopt;
    return ListenAddress{host, p};
}

}  // namespace

struct MetricsServer::Impl {
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    int port = 0;
};

MetricsServer::MetricsServer() : impl_(std::make_unique<Impl>()) {}
MetricsServer::~MetricsServer() { stop(); }

Status MetricsServer::start(const std::string& listen) {
    if (impl_->server) return Status::failure("the metrics listener is already running");
    const auto address = parse_address(listen);
    if (!address)
        return Status::failure(fmt::format("the metrics address \"{}\" is not HOST:PORT (e.g. 127.0.0.1:9464)", listen));
    auto server = std::make_unique<httplib::Server>();
    server->new_task_queue = [] { return new httplib::ThreadPool(2); };
    server->set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server->set_payload_max_length(1024);
    server->set_read_timeout(5, 0);
    server->set_write_timeout(5, 0);
    server->Get("/metrics", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(metrics::registry().render(), "text/plain; version=0.0.4; charset=utf-8");
    });
    server->set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) res.set_content("only GET /metrics is served here\n", "text/plain; charset=utf-8");
    });
    int port = address->port == 0 ? server->bind_to_any_port(address->host)
                                  : (server->bind_to_port(address->host, address->port) ? address->port : -1);
    if (port <= 0)
        return Status::failure(fmt::format("cannot listen on {} for metrics (address not on this box, or port in use)",
                                           listen));
    impl_->server = std::move(server);
    impl_->port = port;
    impl_->thread = std::thread([s = impl_->server.get()] { s->listen_after_bind(); });
    for (int i = 0; i < 500 && !impl_->server->is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    log::info("Prometheus metrics on http://{}:{}/metrics", address->host, port);
    return Status::success();
}

void MetricsServer::stop() {
    if (!impl_->server) return;
    impl_->server->stop();
    if (impl_->thread.joinable()) impl_->thread.join();
    impl_->server.reset();
}

int MetricsServer::port() const { return impl_->port; }

metrics::CollectorHandle collect_store_metrics(Store& store, MediaCache* media, const Clock& clock) {
    return metrics::registry().add_collector(
        [&store, media, &clock](Writer& w) { write_store(w, store, media, clock.now()); });
}

metrics::CollectorHandle collect_process_metrics(std::function<std::optional<std::int64_t>()> resident_bytes,
                                                 TimePoint started, std::string version) {
    return metrics::registry().add_collector(
        [resident = std::move(resident_bytes), started, version = std::move(version)](Writer& w) {
            w.family("lobbywall_build_info", Type::Gauge, "Always 1; the version is in the label.");
            w.sample("lobbywall_build_info", {{"version", version}}, 1);
            w.family("process_start_time_seconds", Type::Gauge, "Start time of the process since the Unix epoch.");
            w.sample("process_start_time_seconds", {}, unix_seconds(started));
            if (auto bytes = resident ? resident() : std::nullopt) {
                w.family("process_resident_memory_bytes", Type::Gauge, "Resident memory size in bytes.");
                w.sample("process_resident_memory_bytes", {}, static_cast<double>(*bytes));
            }
        });
}

metrics::CollectorHandle collect_screen_metrics(fleet::Hub& hub) {
    return metrics::registry().add_collector([&hub](Writer& w) {
        const std::vector<fleet::ScreenView> screens = hub.screens();
        std::map<std::string, int> by_state{{"online", 0}, {"stale", 0}, {"offline", 0}, {"never", 0}};
        for (const fleet::ScreenView& v : screens) {
            if (v.record.revoked) continue;
            // "offline_showing_last_wall" is offline for IT: nobody hears from it.
            ++by_state[v.connection.rfind("offline", 0) == 0 ? "offline" : v.connection];
        }
        w.family("lobbywall_screens", Type::Gauge, "Paired screens of this hub by connection state.");
        for (const auto& [state, n] : by_state) w.sample("lobbywall_screens", {{"state", state}}, n);
        w.family("lobbywall_screen_last_seen_timestamp_seconds", Type::Gauge,
                 "When the screen last asked the hub for its wall or reported (Unix time).");
        for (const fleet::ScreenView& v : screens)
            if (!v.record.revoked && v.last_seen)
                w.sample("lobbywall_screen_last_seen_timestamp_seconds", {{"screen", v.record.name}, {"id", v.record.id}, {"group", v.record.group}},
                         unix_seconds(*v.last_seen));
        w.family("lobbywall_screen_sync_lag_seconds", Type::Gauge,
                 "How long the screen has been behind its group's current wall (0 when it shows it).");
        for (const fleet::ScreenView& v : screens)
            if (!v.record.revoked && v.sync_lag)
                w.sample("lobbywall_screen_sync_lag_seconds", {{"screen", v.record.name}, {"id", v.record.id}, {"group", v.record.group}},
                         static_cast<double>(v.sync_lag->count()));
        w.family("lobbywall_screen_scheduled_on", Type::Gauge,
                 "1 while the screen's last status report said its display hours are on.");
        for (const fleet::ScreenView& v : screens)
            if (!v.record.revoked && v.status && v.status->scheduled_on)
                w.sample("lobbywall_screen_scheduled_on", {{"screen", v.record.name}, {"id", v.record.id}, {"group", v.record.group}},
                         *v.status->scheduled_on ? 1 : 0);
        w.family("lobbywall_screen_clock_offset_seconds", Type::Gauge,
                 "The hub's clock minus the screen's, as the screen last measured it.");
        for (const fleet::ScreenView& v : screens)
            if (!v.record.revoked && v.status && v.status->clock_offset_seconds)
                w.sample("lobbywall_screen_clock_offset_seconds", {{"screen", v.record.name}, {"id", v.record.id}, {"group", v.record.group}},
                         *v.status->clock_offset_seconds);
    });
}

}  // namespace lw
