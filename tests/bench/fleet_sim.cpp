// The fleet simulator: N screens in one process, each the real screen code
// path (fleet::ScreenSync on libcurl with its own SQLite store), against a
// running hub (tests/bench/fleet_bench.sh starts it, and nginx in front).
// Pairs the screens through the console API as an admin, then measures:
//   - idle: the simulator's CPU per screen while nothing changes, the hub's CPU and memory
//   - kill switch on: per screen, the time from the console's POST to the screen's wall
//   - an approval (text only): the same for a post approved in the console
// and the requests the screens sent per second. Numbers, not assertions.
//
//   fleet_sim --console URL --sync URL [--ca FILE] --screens N --work DIR
//             [--poll-ms 2000] [--idle-s 30] [--hub-pid PID] [--rounds 3]
#include "fleet/screen_sync.h"
#include "net/curl_client.h"
#include "store/store.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace lw;
using Json = nlohmann::json;
using Steady = std::chrono::steady_clock;

namespace {

std::atomic<long> g_requests{0};

// The real client, counted.
class CountingClient final : public net::HttpClient {
public:
    explicit CountingClient(net::ClientOptions o) : inner_(o) {}
    net::Response fetch(const net::Request& r) override {
        ++g_requests;
        return inner_.fetch(r);
    }
private:
    net::CurlHttpClient inner_;
};

struct Args {
    std::string console, sync, ca, work;
    int screens = 10, poll_ms = 2000, idle_s = 30, rounds = 3;
    long hub_pid = 0;
};

double cpu_seconds_self() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double cpu_seconds_of(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    auto close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(text.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stod(field);
        if (i == 15) stime = std::stod(field);
    }
    return (utime + stime) / sysconf(_SC_CLK_TCK);
}

long rss_kb_of(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

class Console {
public:
    explicit Console(std::string base) : base_(std::move(base)) {}
    bool login(const std::string& name, const std::string& password) {
        net::Response r = call(net::Method::Post, "/api/login", Json{{"name", name}, {"password", password}}.dump());
        if (r.status != 200) return false;
        std::string c = r.headers.get("Set-Cookie").value_or("");
        cookie_ = c.substr(0, c.find(';'));
        csrf_ = Json::parse(r.body)["csrf"].get<std::string>();
        return true;
    }
    net::Response call(net::Method method, const std::string& path, const std::string& body = "") {
        net::Request req;
        req.url = base_ + path;
        req.method = method;
        req.body = body;
        if (!cookie_.empty()) req.headers = {{"Cookie", cookie_}, {"X-CSRF-Token", csrf_}};
        return client_.fetch(req);
    }
private:
    std::string base_, cookie_, csrf_;
    net::CurlHttpClient client_;
};

struct SimScreen {
    std::unique_ptr<Store> store;
    SnapshotChannel channel;
    std::unique_ptr<fleet::ScreenSync> sync;
};

void report(const char* what, std::vector<double> ms, int total) {
    std::sort(ms.begin(), ms.end());
    if (ms.empty()) {
        std::printf("%-34s no screen reached\n", what);
        return;
    }
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))]; };
    std::printf("%-34s %d of %d screens  p50 %.0f ms  p95 %.0f ms  max %.0f ms\n", what, static_cast<int>(ms.size()),
                total, at(0.5), at(0.95), ms.back());
}

// Times from t0 until `reached(screen)` for each screen (bounded: 60 s).
template <typename Reached>
std::vector<double> watch(std::vector<std::unique_ptr<SimScreen>>& screens, Steady::time_point t0, Reached reached) {
    std::vector<double> when(screens.size(), -1);
    std::size_t done = 0;
    while (done < screens.size() && Steady::now() - t0 < std::chrono::seconds(60)) {
        for (std::size_t i = 0; i < screens.size(); ++i) {
            if (when[i] >= 0 || !reached(*screens[i]->channel.current())) continue;
            when[i] = std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
            ++done;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::vector<double> out;
    for (double w : when)
        if (w >= 0) out.push_back(w);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--console") a.console = v;
        else if (k == "--sync") a.sync = v;
        else if (k == "--ca") a.ca = v;
        else if (k == "--work") a.work = v;
        else if (k == "--screens") a.screens = std::stoi(v);
        else if (k == "--poll-ms") a.poll_ms = std::stoi(v);
        else if (k == "--idle-s") a.idle_s = std::stoi(v);
        else if (k == "--rounds") a.rounds = std::stoi(v);
        else if (k == "--hub-pid") a.hub_pid = std::stol(v);
    }
    if (a.console.empty() || a.sync.empty() || a.work.empty()) {
        std::fprintf(stderr, "usage: fleet_sim --console URL --sync URL [--ca FILE] --screens N --work DIR "
                             "[--poll-ms MS] [--idle-s S] [--rounds R] [--hub-pid PID]\n");
        return 2;
    }
    net::global_init();
    Console console(a.console);
    if (!console.login("ana", "correct horse battery")) {
        std::fprintf(stderr, "fleet_sim: cannot log in to %s as ana\n", a.console.c_str());
        return 1;
    }
    SystemClock clock;
    std::vector<std::unique_ptr<SimScreen>> screens;
    const auto pair_start = Steady::now();
    for (int i = 0; i < a.screens; ++i) {
        auto s = std::make_unique<SimScreen>();
        const auto dir = std::filesystem::path(a.work) / ("screen" + std::to_string(i));
        std::filesystem::create_directories(dir);
        StoreOptions so;
        so.path = (dir / "screen.db").string();
        so.media_dir = (dir / "media").string();
        so.max_pooled_readers = 1;
        auto store = Store::open(so);
        if (!store) {
            std::fprintf(stderr, "fleet_sim: screen %d: %s\n", i, store.error.c_str());
            return 1;
        }
        s->store = std::move(*store);
        fleet::ScreenOptions o;
        o.hub_url = a.sync;
        o.screen_name = "sim-" + std::to_string(i);
        o.poll = std::chrono::milliseconds(a.poll_ms);
        net::ClientOptions co;
        co.ca_file = a.ca;
        s->sync = std::make_unique<fleet::ScreenSync>(o, *s->store, nullptr, s->channel,
                                                      std::make_unique<CountingClient>(co), clock);
        if (!s->sync->open()) return 1;
        if (s->sync->state() == "pairing") {
            s->sync->step();
            const Json pair{{"code", s->sync->pairing_code()}, {"name", o.screen_name},
                            {"group", i % 2 ? "maternity" : "emergency"}};
            net::Response r = console.call(net::Method::Post, "/api/screens/pair", pair.dump());
            if (r.status != 200) {
                std::fprintf(stderr, "fleet_sim: pairing screen %d: HTTP %d %s\n", i, r.status, r.body.c_str());
                return 1;
            }
            s->sync->step();
        }
        screens.push_back(std::move(s));
    }
    std::printf("fleet_sim: %d screens ready (%.1f s), poll every %d ms, syncing with %s\n", a.screens,
                std::chrono::duration<double>(Steady::now() - pair_start).count(), a.poll_ms, a.sync.c_str());
    for (auto& s : screens) {
        s->sync->start();
        std::this_thread::sleep_for(std::chrono::microseconds(a.poll_ms * 1000 / std::max(1, a.screens)));
    }
    std::this_thread::sleep_for(std::chrono::seconds(3));

    // Idle: nothing changes.
    const double self0 = cpu_seconds_self(), hub0 = a.hub_pid ? cpu_seconds_of(a.hub_pid) : 0;
    const long req0 = g_requests.load();
    const auto idle0 = Steady::now();
    std::this_thread::sleep_for(std::chrono::seconds(a.idle_s));
    const double idle_s = std::chrono::duration<double>(Steady::now() - idle0).count();
    const double self_cpu = cpu_seconds_self() - self0;
    std::printf("idle %.0f s: %.0f requests/s from the screens; simulator CPU %.1f %% of a core in all, "
                "%.4f %% per screen\n",
                idle_s, (g_requests.load() - req0) / idle_s, 100 * self_cpu / idle_s,
                100 * self_cpu / idle_s / a.screens);
    if (a.hub_pid)
        std::printf("hub while idle: CPU %.1f %% of a core, RSS %.1f MB\n",
                    100 * (cpu_seconds_of(a.hub_pid) - hub0) / idle_s, rss_kb_of(a.hub_pid) / 1024.0);

    // The feed's posts, held for approval (the hub polls the feed at start: bounded wait).
    Json posts;
    for (int i = 0; i < 300; ++i) {
        posts = Json::parse(console.call(net::Method::Get, "/api/posts?state=pending&limit=200").body, nullptr, false);
        if (posts.is_object() && posts["posts"].size() >= static_cast<std::size_t>(a.rounds)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (int round = 0; round < a.rounds; ++round) {
        const double hub_before = a.hub_pid ? cpu_seconds_of(a.hub_pid) : 0;
        const long req_before = g_requests.load();
        const auto round0 = Steady::now();
        auto t0 = Steady::now();
        console.call(net::Method::Post, "/api/kill-switch", Json{{"on", true}}.dump());
        report("kill switch on, every screen:", watch(screens, t0, [](const WallSnapshot& w) { return w.kill_switch; }),
               a.screens);
        t0 = Steady::now();
        console.call(net::Method::Post, "/api/kill-switch", Json{{"on", false}}.dump());
        report("kill switch off, every screen:",
               watch(screens, t0, [](const WallSnapshot& w) { return !w.kill_switch; }), a.screens);
        if (posts.is_object() && round < static_cast<int>(posts["posts"].size())) {
            const std::string id = posts["posts"][round]["id"].get<std::string>();
            t0 = Steady::now();
            console.call(net::Method::Post, "/api/posts/decide", Json{{"ids", {id}}, {"state", "approved"}}.dump());
            report("approval (text), every screen:", watch(screens, t0, [&id](const WallSnapshot& w) {
                       return std::any_of(w.posts.begin(), w.posts.end(), [&id](const Post& p) { return p.id == id; });
                   }), a.screens);
        }
        const double round_s = std::chrono::duration<double>(Steady::now() - round0).count();
        std::printf("round %d: %.1f s, %.0f requests/s from the screens", round + 1, round_s,
                    (g_requests.load() - req_before) / round_s);
        if (a.hub_pid)
            std::printf(", hub CPU %.1f %% of a core, hub RSS %.1f MB", 100 * (cpu_seconds_of(a.hub_pid) - hub_before) / round_s,
                        rss_kb_of(a.hub_pid) / 1024.0);
        std::printf("\n");
        std::fflush(stdout);
    }
    for (auto& s : screens) s->sync->stop();
    return 0;
}
