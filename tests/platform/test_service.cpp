// The lobbywall program under a systemd-like supervisor made by the test: a
// notify socket (NOTIFY_SOCKET, WATCHDOG_USEC) that receives READY=1,
// WATCHDOG=1 and STOPPING=1; signals (SIGTERM, SIGHUP, the SIGUSR1 debug
// hang); the screen's off hours; --headless with no display. The real binary
// runs windowed on the test's X display (Xvfb with llvmpipe).
#include <catch2/catch.hpp>
#include <stb/stb_image.h>

#include "temp_dir.h"

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

double since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The datagram socket systemd would listen on.
class NotifySocket {
public:
    explicit NotifySocket(std::string path) : path_(std::move(path)) {
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        REQUIRE(path_.size() < sizeof addr.sun_path);
        std::strcpy(addr.sun_path, path_.c_str());
        REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    }
    ~NotifySocket() {
        close(fd_);
        unlink(path_.c_str());
    }
    const std::string& path() const { return path_; }
    std::vector<std::string> seen;  // every message so far, in order

    // Each message (one line of a datagram) received within `seconds`.
    std::vector<std::string> receive_for(double seconds) {
        std::vector<std::string> out;
        const auto start = Steady::now();
        while (since(start) < seconds) {
            if (auto m = next(seconds - since(start))) out.push_back(*m);
        }
        return out;
    }
    // Waits up to `seconds` for `message`; false if it did not come.
    bool wait_for(const std::string& message, double seconds) {
        const auto start = Steady::now();
        while (since(start) < seconds)
            if (auto m = next(seconds - since(start)); m && *m == message) return true;
        return false;
    }

private:
    std::optional<std::string> next(double timeout_s) {
        if (!pending_.empty()) {
            std::string m = pending_.front();
            pending_.erase(pending_.begin());
            seen.push_back(m);
            return m;
        }
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, std::max(1, static_cast<int>(timeout_s * 1000))) <= 0) return std::nullopt;
        char buffer[4096];
        const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) return std::nullopt;
        std::istringstream lines(std::string(buffer, static_cast<size_t>(n)));
        for (std::string line; std::getline(lines, line);)
            if (!line.empty()) pending_.push_back(line);
        return next(0);
    }

    std::string path_;
    int fd_ = -1;
    std::vector<std::string> pending_;
};

size_t count(const std::vector<std::string>& v, const std::string& s) {
    return static_cast<size_t>(std::count(v.begin(), v.end(), s));
}

// The lobbywall program as a child process; stdout and stderr go to a file.
class Lobbywall {
public:
    // `env`: NAME=value to set, or NAME alone to remove.
    Lobbywall(const std::vector<std::string>& args, const std::vector<std::string>& env, std::string log_path)
        : log_path_(std::move(log_path)) {
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            for (const std::string& e : env) {
                const auto eq = e.find('=');
                if (eq == std::string::npos) unsetenv(e.c_str());
                else setenv(e.substr(0, eq).c_str(), e.substr(eq + 1).c_str(), 1);
            }
            const int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(fd, 1);
            dup2(fd, 2);
            std::vector<char*> argv{const_cast<char*>(LOBBYWALL_EXE)};
            for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(LOBBYWALL_EXE, argv.data());
            _exit(127);
        }
    }
    ~Lobbywall() {
        if (pid_ > 0 && !exited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    void signal(int sig) { REQUIRE(kill(pid_, sig) == 0); }
    bool running() {
        if (exited_) return false;
        return waitpid(pid_, &status_, WNOHANG) == 0 || !(exited_ = true);
    }
    // The exit code, or nullopt if it is still running after `seconds`.
    std::optional<int> wait_exit(double seconds) {
        const auto start = Steady::now();
        while (since(start) < seconds) {
            if (!running()) return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
            std::this_thread::sleep_for(10ms);
        }
        return std::nullopt;
    }
    std::string log() const { return read_file(log_path_); }
    pid_t pid() const { return pid_; }
    // Waits up to `seconds` for `text` to appear in the log.
    bool wait_log(const std::string& text, double seconds, size_t from = 0) {
        const auto start = Steady::now();
        while (since(start) < seconds) {
            const std::string l = log();
            if (l.size() > from && l.find(text, from) != std::string::npos) return true;
            std::this_thread::sleep_for(50ms);
        }
        return false;
    }

private:
    std::string log_path_;
    pid_t pid_ = -1;
    int status_ = 0;
    bool exited_ = false;
};

int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
}

struct HttpReply {
    int status = 0;
    std::string headers;
    std::string body;
};

// One HTTP/1.1 request to 127.0.0.1 (the console), bounded to 10 s.
HttpReply http(int port, const std::string& method, const std::string& path, const std::string& body = "",
               const std::string& headers = "") {
    HttpReply reply;
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return reply;
    }
    const std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                                "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
                                headers + "\r\n" + body;
    send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string raw;
    char buffer[65536];
    for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) raw.append(buffer, static_cast<size_t>(n));
    close(fd);
    const auto end = raw.find("\r\n\r\n");
    if (raw.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return reply;
    reply.status = std::stoi(raw.substr(9, 3));
    reply.headers = raw.substr(0, end);
    reply.body = raw.substr(end + 4);
    return reply;
}

// Waits (up to `seconds`) until the console answers at all.
bool console_up(int port, double seconds) {
    const auto start = Steady::now();
    while (since(start) < seconds) {
        if (http(port, "GET", "/api/session").status != 0) return true;
        std::this_thread::sleep_for(100ms);
    }
    return false;
}

// A config for a wall with its own state, cache and console port, no sources.
std::string config_text(const lw::test::TempDir& dir, int port, const std::string& extra) {
    return "[paths]\nstate_dir = \"" + dir.file("state") + "\"\ncache_dir = \"" + dir.file("cache") +
           "\"\n[server]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n" + extra;
}

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

bool have_display() {
    const char* d = std::getenv("DISPLAY");
    return d && *d;
}

}  // namespace

TEST_CASE("watchdog: READY, then WATCHDOG=1 every half interval, none once the loop hangs; SIGTERM sends STOPPING",
          "[service][watchdog]") {
    if (!have_display()) {
        WARN("no DISPLAY: run under scripts/with-display.sh");
        return;
    }
    lw::test::TempDir dir;
    NotifySocket notify(dir.file("notify.sock"));
    Lobbywall wall({"--demo", "--windowed", "640x360"},
                   {"NOTIFY_SOCKET=" + notify.path(), "WATCHDOG_USEC=400000", "WATCHDOG_PID",
                    "LOBBYWALL_DEBUG_HANG_ON_SIGUSR1=1"},
                   dir.file("log.txt"));
    INFO(wall.log());
    REQUIRE(notify.wait_for("READY=1", 60));
    // WatchdogSec=0.4 s: lobbywall pings every 0.2 s, so about 15 in 3 s.
    const auto alive = notify.receive_for(3.0);
    CHECK(count(alive, "WATCHDOG=1") >= 8);
    CHECK(count(alive, "WATCHDOG=1") <= 20);  // rate-limited, not once per frame

    wall.signal(SIGUSR1);
    REQUIRE(wall.wait_log("hangs on purpose", 5));
    notify.receive_for(0.3);  // any ping already on its way
    const auto hung = notify.receive_for(2.0);
    CHECK(count(hung, "WATCHDOG=1") == 0);
    CHECK(wall.running());

    const auto stop = Steady::now();
    wall.signal(SIGTERM);
    const auto code = wall.wait_exit(2.0);
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(since(stop) < 2.0);
    CHECK(notify.wait_for("STOPPING=1", 1));
}

TEST_CASE("SIGTERM ends a running wall within 2 s with STOPPING=1; SIGUSR1 without the debug variable is not a hang",
          "[service]") {
    if (!have_display()) {
        WARN("no DISPLAY: run under scripts/with-display.sh");
        return;
    }
    lw::test::TempDir dir;
    NotifySocket notify(dir.file("notify.sock"));
    Lobbywall wall({"--demo", "--windowed", "640x360"}, {"NOTIFY_SOCKET=" + notify.path(), "WATCHDOG_USEC"},
                   dir.file("log.txt"));
    INFO(wall.log());
    REQUIRE(notify.wait_for("READY=1", 60));
    std::this_thread::sleep_for(500ms);
    const auto stop = Steady::now();
    wall.signal(SIGTERM);
    const auto code = wall.wait_exit(2.0);
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(since(stop) < 2.0);
    CHECK(notify.wait_for("STOPPING=1", 1));
    CHECK_THAT(wall.log(), Catch::Contains("stopping"));

    // Without LOBBYWALL_DEBUG_HANG_ON_SIGUSR1, SIGUSR1 keeps its default action (the process ends).
    Lobbywall plain({"--demo", "--windowed", "640x360"}, {"NOTIFY_SOCKET=" + notify.path()}, dir.file("log2.txt"));
    REQUIRE(notify.wait_for("READY=1", 60));
    plain.signal(SIGUSR1);
    const auto killed = plain.wait_exit(5.0);
    REQUIRE(killed);
    CHECK(*killed == 128 + SIGUSR1);
}

namespace {

// Adds a console account with the CLI, as an admin would.
void add_admin(const std::string& config) {
    const std::string command = "printf 'correct horse battery staple\\n' | " LOBBYWALL_EXE " --config " + config +
                                " user add admin --role admin >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
}

// Logs in; the Cookie header line for the session.
std::string login(int port) {
    HttpReply r = http(port, "POST", "/api/login", R"({"name":"admin","password":"correct horse battery staple"})",
                       "Content-Type: application/json\r\n");
    INFO(r.status << " " << r.body);
    REQUIRE(r.status == 200);
    const auto at = r.headers.find("lw_session=");
    REQUIRE(at != std::string::npos);
    const auto end = r.headers.find(';', at);
    return "Cookie: " + r.headers.substr(at, end - at) + "\r\n";
}

struct Shot {
    int width = 0, height = 0;
    std::uint32_t dominant = 0;  // 0xRRGGBB of the most common pixel
    double dominant_share = 0;
    bool all_black = false;
};

// What the wall shows now, through the console's "on screen now" API.
Shot screenshot(int port, const std::string& cookie) {
    HttpReply r = http(port, "GET", "/api/screen.png", "", cookie);
    INFO(r.status << " " << r.body.substr(0, 200));
    REQUIRE(r.status == 200);
    Shot s;
    int comp = 0;
    unsigned char* pixels = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(r.body.data()),
                                                  static_cast<int>(r.body.size()), &s.width, &s.height, &comp, 3);
    REQUIRE(pixels);
    std::map<std::uint32_t, size_t> histogram;
    const size_t n = static_cast<size_t>(s.width) * static_cast<size_t>(s.height);
    for (size_t i = 0; i < n; ++i)
        ++histogram[(std::uint32_t(pixels[3 * i]) << 16) | (std::uint32_t(pixels[3 * i + 1]) << 8) | pixels[3 * i + 2]];
    stbi_image_free(pixels);
    for (auto [colour, k] : histogram)
        if (double(k) / double(n) > s.dominant_share) {
            s.dominant = colour;
            s.dominant_share = double(k) / double(n);
        }
    s.all_black = histogram.size() == 1 && histogram.begin()->first == 0;
    return s;
}

size_t lines_with(const std::string& log, const std::string& text) {
    std::istringstream lines(log);
    size_t n = 0;
    for (std::string line; std::getline(lines, line);) n += line.find(text) != std::string::npos;
    return n;
}

}  // namespace

TEST_CASE("SIGHUP: new theme and screen hours apply live, a bad file keeps the running config, "
          "the listen address needs a restart", "[service][reload]") {
    if (!have_display()) {
        WARN("no DISPLAY: run under scripts/with-display.sh");
        return;
    }
    lw::test::TempDir dir;
    const int port = free_port();
    const std::string config = dir.file("lobbywall.toml");
    const std::string theme = "[theme]\nbackground = \"#204060\"\n";
    write(config, config_text(dir, port, theme));
    add_admin(config);
    NotifySocket notify(dir.file("notify.sock"));
    Lobbywall wall({"--config", config, "--windowed", "640x360"}, {"NOTIFY_SOCKET=" + notify.path()},
                   dir.file("log.txt"));
    INFO(wall.log());
    REQUIRE(notify.wait_for("READY=1", 60));
    REQUIRE(console_up(port, 10));
    const std::string cookie = login(port);
    Shot before = screenshot(port, cookie);
    CHECK(before.width == 640);
    CHECK(before.dominant == 0x204060);

    // A new background colour: the renderer restarts with the new theme.
    write(config, config_text(dir, port, "[theme]\nbackground = \"#602020\"\n"));
    size_t mark = wall.log().size();
    wall.signal(SIGHUP);
    REQUIRE(wall.wait_log("SIGHUP: reloaded", 10, mark));
    Shot after = screenshot(port, cookie);
    CHECK(after.dominant == 0x602020);
    CHECK(after.dominant_share > 0.3);

    // A file with a problem: one line in the log, the wall as it was.
    write(config, config_text(dir, port, "[theme]\nbackground = \"#004000\"\n[wall]\npage_seconds = 1\n"));
    mark = wall.log().size();
    wall.signal(SIGHUP);
    REQUIRE(wall.wait_log("keeping the running config", 10, mark));
    CHECK(lines_with(wall.log().substr(mark), "SIGHUP") == 1);
    CHECK_THAT(wall.log().substr(mark), Catch::Contains("'wall.page_seconds' must be between 3 and 3600"));
    CHECK(screenshot(port, cookie).dominant == 0x602020);
    CHECK(wall.running());

    // Screen hours that say "off now", and a new port: the screen goes black,
    // the console stays where it was.
    write(config, config_text(dir, free_port(), "[theme]\nbackground = \"#602020\"\n[screen]\nevery_day = []\n"));
    mark = wall.log().size();
    wall.signal(SIGHUP);
    REQUIRE(wall.wait_log("SIGHUP: reloaded", 10, mark));
    CHECK_THAT(wall.log().substr(mark), Catch::Contains("[server] changed") && Catch::Contains("needs a restart"));
    REQUIRE(wall.wait_log("screen off by the [screen] hours", 5, mark));
    CHECK(screenshot(port, cookie).all_black);

    // And on again.
    write(config, config_text(dir, port, "[theme]\nbackground = \"#602020\"\n[screen]\nevery_day = [\"00:00-24:00\"]\n"));
    mark = wall.log().size();
    wall.signal(SIGHUP);
    REQUIRE(wall.wait_log("SIGHUP: reloaded", 10, mark));
    CHECK(screenshot(port, cookie).dominant == 0x602020);

    wall.signal(SIGTERM);
    CHECK(wall.wait_exit(3.0) == std::optional<int>(0));
}

TEST_CASE("headless mode: no display, READY and WATCHDOG from its main loop, the console answers, SIGHUP "
          "restarts the pipeline, SIGTERM stops it", "[service][headless]") {
    lw::test::TempDir dir;
    const int port = free_port();
    const std::string config = dir.file("lobbywall.toml");
    write(config, config_text(dir, port, ""));
    add_admin(config);
    NotifySocket notify(dir.file("notify.sock"));
    Lobbywall box({"--config", config, "--headless"},
                  {"DISPLAY", "WAYLAND_DISPLAY", "NOTIFY_SOCKET=" + notify.path(), "WATCHDOG_USEC=1000000",
                   "WATCHDOG_PID"},
                  dir.file("log.txt"));
    INFO(box.log());
    REQUIRE(notify.wait_for("READY=1", 30));
    CHECK(http(port, "GET", "/api/session").status == 401);
    HttpReply page = http(port, "GET", "/");
    CHECK(page.status == 200);
    CHECK_THAT(page.body, Catch::Contains("<html"));
    const std::string cookie = login(port);
    CHECK(http(port, "GET", "/api/status", "", cookie).status == 200);
    // No screen: the "on screen now" API says so at once.
    const auto asked = Steady::now();
    CHECK(http(port, "GET", "/api/screen.png", "", cookie).status == 503);
    CHECK(since(asked) < 1.0);
    const auto pings = notify.receive_for(2.0);
    CHECK(count(pings, "WATCHDOG=1") >= 3);

    const size_t mark = box.log().size();
    box.signal(SIGHUP);
    REQUIRE(box.wait_log("SIGHUP: reloaded", 10, mark));
    CHECK_THAT(box.log().substr(mark), Catch::Contains("the pipeline restarted"));
    CHECK(http(port, "GET", "/api/status", "", cookie).status == 200);

    const auto stop = Steady::now();
    box.signal(SIGTERM);
    const auto code = box.wait_exit(2.0);
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(since(stop) < 2.0);
    CHECK(notify.wait_for("STOPPING=1", 1));
    CHECK_THAT(box.log(), !Catch::Contains("drawing with") && !Catch::Contains("GLFW"));
}

namespace {

struct Png {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
};

Png load_png(const std::string& path) {
    Png p;
    int comp = 0;
    unsigned char* pixels = stbi_load(path.c_str(), &p.width, &p.height, &comp, 3);
    REQUIRE(pixels);
    p.rgb.assign(pixels, pixels + static_cast<size_t>(p.width) * static_cast<size_t>(p.height) * 3);
    stbi_image_free(pixels);
    return p;
}

// Runs --screenshot with extra environment; the log.
std::string shoot(const lw::test::TempDir& dir, const std::string& png, const std::vector<std::string>& env) {
    Lobbywall shot({"--demo", "--screenshot", png, "--size", "960x540"}, env, dir.file("shot.log"));
    const auto code = shot.wait_exit(60);
    INFO(shot.log());
    REQUIRE(code == std::optional<int>(0));
    return shot.log();
}

}  // namespace

TEST_CASE("GL contexts from 3.3 core down to ES 2.0 each draw the same wall and the log names the context and the "
          "ImGui backend flavour",
          "[service][gl]") {
    if (!have_display()) {
        WARN("no DISPLAY: run under scripts/with-display.sh");
        return;
    }
    lw::test::TempDir dir;
    const std::string reference = dir.file("gl33.png");
    const std::string first = shoot(dir, reference, {});
    CHECK_THAT(first, Catch::Contains("drawing with OpenGL 3.3 core"));
    CHECK_THAT(first, Catch::Contains("ImGui OpenGL backend: desktop (vertex arrays), #version 330 on OpenGL"));
    const Png want = load_png(reference);
    // Mesa hands out its newest version for any request (a "2.1" context is
    // 4.5 compatibility, "ES 2.0" is ES 3.2) unless told to offer less:
    // MESA_GL_VERSION_OVERRIDE / MESA_GLES_VERSION_OVERRIDE make real 2.1 and
    // ES 2.0 contexts, as on an old Raspberry Pi.
    const std::string gl21 = "MESA_GL_VERSION_OVERRIDE=2.1", es20 = "MESA_GLES_VERSION_OVERRIDE=2.0";
    struct Case { std::vector<std::string> env; std::vector<const char*> logged; };
    const Case cases[] = {
        // A driver with only OpenGL 2.1 (Mesa told so): 3.3 and 3.0 fail, ES 3.0 is next.
        {{gl21}, {"no OpenGL 3.3 core, OpenGL 3.0 context; using OpenGL ES 3.0"}},
        {{"LOBBYWALL_GL=gl30"}, {"drawing with OpenGL 3.0 ("}},
        {{"LOBBYWALL_GL=es30"}, {"drawing with OpenGL ES 3.0 (OpenGL ES 3",
                                 "ImGui OpenGL backend: desktop (vertex arrays), #version 300 es on OpenGL ES 3"}},
        // Only 2.1 and ES 2.0: the chain ends at 2.1 (VAOs from ARB_vertex_array_object).
        {{gl21, es20}, {"no OpenGL 3.3 core, OpenGL 3.0, OpenGL ES 3.0 context; using OpenGL 2.1",
                        "drawing with OpenGL 2.1 (2.1 Mesa",
                        "ImGui OpenGL backend: desktop (vertex arrays), #version 120 on OpenGL 2.1"}},
        // A 2.1 without vertex array objects: the ES 2 flavour with GLSL 1.20.
        {{"LOBBYWALL_GL=gl21", gl21, "MESA_EXTENSION_OVERRIDE=-GL_ARB_vertex_array_object"},
         {"drawing with OpenGL 2.1 (2.1 Mesa", "ImGui OpenGL backend: ES 2 (no vertex arrays), #version 120 on OpenGL 2.1"}},
        // Only ES 2.0 (desktop GL 2.0 is below the chain's 2.1): ES 2.0, no
        // VAOs, GLSL ES 1.00, and no framebuffer blit for the scene cache.
        {{"MESA_GL_VERSION_OVERRIDE=2.0", es20},
         {"context; using OpenGL ES 2.0", "drawing with OpenGL ES 2.0 (OpenGL ES 2.0 Mesa",
          "ImGui OpenGL backend: ES 2 (no vertex arrays), #version 100 on OpenGL ES 2.0; no framebuffer blit"}},
        {{"LOBBYWALL_GL=es20", es20},
         {"drawing with OpenGL ES 2.0 (OpenGL ES 2.0 Mesa", "ImGui OpenGL backend: ES 2 (no vertex arrays), #version 100"}},
    };
    for (const Case& c : cases) {
        const std::string png = dir.file("other.png");
        std::remove(png.c_str());
        const std::string log = shoot(dir, png, c.env);
        INFO(log);
        for (const char* line : c.logged) CHECK_THAT(log, Catch::Contains(line));
        const Png got = load_png(png);
        REQUIRE(got.width == want.width);
        REQUIRE(got.height == want.height);
        // The same picture, give or take rounding in the shaders.
        double diff = 0;
        for (size_t i = 0; i < want.rgb.size(); ++i) diff += std::abs(int(want.rgb[i]) - int(got.rgb[i]));
        CHECK(diff / double(want.rgb.size()) < 1.0);
    }
    Lobbywall bad({"--demo", "--screenshot", dir.file("x.png")}, {"LOBBYWALL_GL=gl99"}, dir.file("bad.log"));
    CHECK(bad.wait_exit(30) == std::optional<int>(1));
    CHECK_THAT(bad.log(), Catch::Contains("LOBBYWALL_GL=gl99 is not one of gl33, gl30, es30, gl21, es20"));
}

TEST_CASE("a windowed wall on real OpenGL 2.1 and ES 2.0 contexts shows what 3.3 core shows", "[service][gl]") {
    if (!have_display()) {
        WARN("no DISPLAY: run under scripts/with-display.sh");
        return;
    }
    lw::test::TempDir dir;
    const int port = free_port();
    const std::string config = dir.file("lobbywall.toml");
    write(config, config_text(dir, port, "[theme]\nbackground = \"#204060\"\n"));
    add_admin(config);
    // What the window shows (the console's "on screen now": the window's own
    // framebuffer, read back after the frame was drawn and shown).
    auto run = [&](const std::vector<std::string>& env, const char* logged) {
        Lobbywall wall({"--config", config, "--windowed", "640x360"}, env, dir.file("window.log"));
        INFO(wall.log());
        REQUIRE(wall.wait_log("drawing with", 60));
        REQUIRE(console_up(port, 20));
        // The demo's images have arrived once the wall says it is idle; give it a moment.
        std::this_thread::sleep_for(std::chrono::seconds(2));
        const std::string cookie = login(port);
        HttpReply r = http(port, "GET", "/api/screen.png", "", cookie);
        REQUIRE(r.status == 200);
        CHECK_THAT(wall.log(), Catch::Contains(logged));
        wall.signal(SIGTERM);
        CHECK(wall.wait_exit(3.0) == std::optional<int>(0));
        Png p;
        int comp = 0;
        unsigned char* pixels = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(r.body.data()),
                                                      static_cast<int>(r.body.size()), &p.width, &p.height, &comp, 3);
        REQUIRE(pixels);
        p.rgb.assign(pixels, pixels + static_cast<size_t>(p.width) * static_cast<size_t>(p.height) * 3);
        stbi_image_free(pixels);
        return p;
    };
    const Png want = run({}, "ImGui OpenGL backend: desktop (vertex arrays), #version 330");
    REQUIRE(want.width == 640);
    const struct { std::vector<std::string> env; const char* logged; } cases[] = {
        {{"LOBBYWALL_GL=gl21", "MESA_GL_VERSION_OVERRIDE=2.1"},
         "ImGui OpenGL backend: desktop (vertex arrays), #version 120 on OpenGL 2.1"},
        {{"LOBBYWALL_GL=es20", "MESA_GLES_VERSION_OVERRIDE=2.0"},
         "ImGui OpenGL backend: ES 2 (no vertex arrays), #version 100 on OpenGL ES 2.0"},
    };
    for (const auto& c : cases) {
        const Png got = run(c.env, c.logged);
        REQUIRE(got.width == want.width);
        REQUIRE(got.height == want.height);
        // The same wall; the runs are seconds apart, so a moving part may
        // differ: nearly all pixels match exactly, and so do nearly all of
        // those that are not background (the text: a frame of background
        // alone must not pass).
        const unsigned char bg[3] = {0x20, 0x40, 0x60};
        size_t same = 0, ink = 0, same_ink = 0;
        for (size_t i = 0; i < want.rgb.size(); i += 3) {
            const bool equal = std::equal(&want.rgb[i], &want.rgb[i] + 3, &got.rgb[i]);
            same += equal;
            if (!std::equal(bg, bg + 3, &want.rgb[i])) {
                ++ink;
                same_ink += equal;
            }
        }
        const double pixels = double(want.rgb.size() / 3);
        CHECK(double(ink) / pixels > 0.005);
        CHECK(double(same) / pixels > 0.99);
        CHECK(double(same_ink) / double(ink) > 0.95);
    }
}

TEST_CASE("off hours power the display off and on through wlr-randr (cage) or xset (X), and say when that fails",
          "[service][screen]") {
    if (!have_display()) {
        WARN("no DISPLAY: run under scripts/with-display.sh");
        return;
    }
    struct Case {
        const char* program;
        std::vector<std::string> env;  // besides PATH
        const char* method;
        const char* off;
        const char* on;
    };
    const Case cases[] = {
        {"wlr-randr", {"WAYLAND_DISPLAY=wayland-test"}, "display power wlr-randr (outputs HDMI-A-1 DP-2)",
         "--output HDMI-A-1 --off --output DP-2 --off", "--output HDMI-A-1 --on --output DP-2 --on"},
        {"xset", {"WAYLAND_DISPLAY"}, "display power DPMS (xset)", "dpms force off", "dpms force on"},
    };
    for (const Case& c : cases) {
        INFO(c.program);
        lw::test::TempDir dir;
        // A stand-in for the real program: lists two outputs, records each call.
        const std::string bin = dir.file("bin");
        std::filesystem::create_directories(bin);
        const std::string calls = dir.file("calls.txt");
        write(bin + "/" + c.program,
              "#!/bin/sh\nif [ $# -eq 0 ]; then printf 'HDMI-A-1 \"Fake TV\"\\n  Enabled: yes\\nDP-2 \"Other\"\\n"
              "  Enabled: yes\\n'; exit 0; fi\necho \"$*\" >> " + calls +
                  "\n[ -e " + dir.file("fail") + " ] && exit 3\nexit 0\n");
        std::filesystem::permissions(bin + "/" + c.program, std::filesystem::perms::owner_all);
        const std::string config = dir.file("lobbywall.toml");
        write(config, "[screen]\nevery_day = []\n");
        std::vector<std::string> env = c.env;
        env.push_back("PATH=" + bin + ":" + std::getenv("PATH"));
        std::filesystem::create_directories(dir.file("dev"));
        env.push_back("LOBBYWALL_DEV_DIR=" + dir.file("dev"));  // no HDMI-CEC device, whatever this box has
        Lobbywall wall({"--demo", "--config", config, "--windowed", "640x360"}, env, dir.file("log.txt"));
        INFO(wall.log());
        REQUIRE(wall.wait_log("screen off by the [screen] hours", 60));
        CHECK_THAT(wall.log(), Catch::Contains(c.method));
        const auto start = Steady::now();
        while (read_file(calls).empty() && since(start) < 5) std::this_thread::sleep_for(50ms);
        CHECK(read_file(calls) == std::string(c.off) + "\n");

        write(config, "[screen]\nevery_day = [\"00:00-24:00\"]\n");
        wall.signal(SIGHUP);
        REQUIRE(wall.wait_log("SIGHUP: reloaded", 10));
        while (read_file(calls).find(c.on) == std::string::npos && since(start) < 10)
            std::this_thread::sleep_for(50ms);
        CHECK(read_file(calls) == std::string(c.off) + "\n" + c.on + "\n");

        // A command that fails: one line, and the wall goes on (black while off).
        write(dir.file("fail"), "");
        write(config, "[screen]\nevery_day = []\n");
        const size_t mark = wall.log().size();
        wall.signal(SIGHUP);
        REQUIRE(wall.wait_log("failed with exit code 3", 10, mark));
        CHECK(lines_with(wall.log().substr(mark), "failed with exit code 3") == 1);
        CHECK(wall.running());
        wall.signal(SIGTERM);
        CHECK(wall.wait_exit(3) == std::optional<int>(0));
    }
}

TEST_CASE("wlr-randr display power lists the outputs again at each switch: a monitor plugged in after start-up "
          "or back under another name is the one switched",
          "[service][screen]") {
    if (!have_display()) {
        WARN("no DISPLAY: run under scripts/with-display.sh");
        return;
    }
    lw::test::TempDir dir;
    // A stand-in wlr-randr: lists the outputs in outputs.txt, records each switch.
    const std::string bin = dir.file("bin");
    std::filesystem::create_directories(bin);
    const std::string calls = dir.file("calls.txt");
    const std::string outputs = dir.file("outputs.txt");
    write(outputs, "");
    write(bin + "/wlr-randr", "#!/bin/sh\nif [ $# -eq 0 ]; then cat " + outputs + "; exit 0; fi\necho \"$*\" >> " +
                                  calls + "\nexit 0\n");
    std::filesystem::permissions(bin + "/wlr-randr", std::filesystem::perms::owner_all);
    auto listing = [](std::initializer_list<const char*> names) {
        std::string text;
        for (const char* n : names) text += std::string(n) + " \"TV\"\n  Enabled: yes\n  Modes:\n    1920x1080 px\n";
        return text;
    };
    const std::string config = dir.file("lobbywall.toml");
    const std::string off = "[screen]\nevery_day = []\n";
    const std::string on = "[screen]\nevery_day = [\"00:00-24:00\"]\n";
    write(config, off);
    std::filesystem::create_directories(dir.file("dev"));
    Lobbywall wall({"--demo", "--config", config, "--windowed", "640x360"},
                   {"WAYLAND_DISPLAY=wayland-test", "PATH=" + bin + ":" + std::getenv("PATH"),
                    "LOBBYWALL_DEV_DIR=" + dir.file("dev")},
                   dir.file("log.txt"));
    INFO(wall.log());
    // No monitor at start-up: nothing to switch, but wlr-randr stays the method.
    REQUIRE(wall.wait_log("screen off by the [screen] hours", 60));
    CHECK_THAT(wall.log(), Catch::Contains("display power wlr-randr (outputs: none now)"));
    // Reloads the config with these hours.
    auto reload = [&](const std::string& hours) {
        const size_t mark = wall.log().size();
        write(config, hours);
        wall.signal(SIGHUP);
        REQUIRE(wall.wait_log("SIGHUP: reloaded", 10, mark));
    };
    auto calls_become = [&](const std::string& want) {
        const auto start = Steady::now();
        while (read_file(calls) != want && since(start) < 5) std::this_thread::sleep_for(50ms);
        std::this_thread::sleep_for(1s);  // and no command after it
        CHECK(read_file(calls) == want);
    };
    calls_become("");

    // The monitor is plugged in during the day: the evening switches it off.
    write(outputs, listing({"HDMI-A-1"}));
    reload(on);
    calls_become("");  // nothing was switched off, nothing to switch on
    reload(off);
    calls_become("--output HDMI-A-1 --off\n");
    // Re-plugged into the other port at night: that one is on already (the
    // compositor lights a new output); the morning switches nothing.
    write(outputs, listing({"HDMI-A-2"}));
    reload(on);
    calls_become("--output HDMI-A-1 --off\n");
    reload(off);
    calls_become("--output HDMI-A-1 --off\n--output HDMI-A-2 --off\n");
    // A second monitor appears at night: the morning switches on only the one it switched off.
    write(outputs, listing({"HDMI-A-2", "DP-1"}));
    reload(on);
    calls_become("--output HDMI-A-1 --off\n--output HDMI-A-2 --off\n--output HDMI-A-2 --on\n");
    CHECK(wall.log().find("display power:") == std::string::npos);  // no failure reported
    wall.signal(SIGTERM);
    CHECK(wall.wait_exit(3) == std::optional<int>(0));
}

TEST_CASE("HDMI-CEC display power: cec-ctl standby and image-view-on on each cec device where wlr-randr cannot "
          "switch (cage 0.1.4), before xset, a wlr-randr that works wins, no device is black only",
          "[service][screen]") {
    if (!have_display()) {
        WARN("no DISPLAY: run under scripts/with-display.sh");
        return;
    }
    struct Case {
        const char* name;
        std::vector<std::string> env;      // besides PATH and LOBBYWALL_DEV_DIR
        const char* wlr_randr;             // stand-in: "" none, "works", "fails" (as under cage 0.1.4)
        std::vector<std::string> devices;  // in the fake dev dir
        const char* method;                // after "display power "; DEV is the fake dev dir
        bool cec;                          // cec-ctl is the one that switches
    };
    const Case cases[] = {
        {"X, one device: CEC before xset", {"WAYLAND_DISPLAY"}, "", {"cec0"}, "HDMI-CEC (DEV/cec0)", true},
        {"cage 0.1.4 (wlr-randr fails), two devices", {"WAYLAND_DISPLAY=wayland-test"}, "fails",
         {"cec1", "cec0", "null", "cec", "cecX"}, "HDMI-CEC (DEV/cec0 DEV/cec1)", true},
        {"a wlr-randr that works wins over CEC", {"WAYLAND_DISPLAY=wayland-test"}, "works", {"cec0"},
         "wlr-randr (outputs HDMI-A-1)", false},
        {"cage 0.1.4, no CEC device: black only", {"WAYLAND_DISPLAY=wayland-test"}, "fails", {"null"},
         "none (wlr-randr fails: the compositor does not offer wlr-output-management; Debian 12's cage 0.1.4 does "
         "not; no HDMI-CEC device); the wall draws black instead",
         false},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        lw::test::TempDir dir;
        const std::string bin = dir.file("bin"), dev = dir.file("dev");
        std::filesystem::create_directories(bin);
        std::filesystem::create_directories(dev);
        for (const std::string& d : c.devices) write(dev + "/" + d, "");
        // Stand-ins that record their arguments (a line a call).
        const std::string cec_calls = dir.file("cec-calls.txt"), other_calls = dir.file("other-calls.txt");
        auto program = [&](const std::string& name, const std::string& body) {
            write(bin + "/" + name, "#!/bin/sh\n" + body);
            std::filesystem::permissions(bin + "/" + name, std::filesystem::perms::owner_all);
        };
        program("cec-ctl", "echo \"$*\" >> " + cec_calls + "\nif [ -e " + dir.file("fail") +
                               " ]; then echo \"Failed to open $2\" >&2; exit 1; fi\nexit 0\n");
        program("xset", "echo \"xset $*\" >> " + other_calls + "\nexit 0\n");
        if (std::string(c.wlr_randr) == "works")
            program("wlr-randr", "if [ $# -eq 0 ]; then printf 'HDMI-A-1 \"TV\"\\n  Enabled: yes\\n'; exit 0; fi\n"
                                 "echo \"wlr-randr $*\" >> " + other_calls + "\nexit 0\n");
        if (std::string(c.wlr_randr) == "fails")  // what Debian 12's wlr-randr says under cage 0.1.4
            program("wlr-randr", "echo \"wlr-randr $*\" >> " + other_calls +
                                     "\necho \"compositor doesn't support wlr-output-management-unstable-v1\" >&2\n"
                                     "exit 1\n");
        const std::string config = dir.file("lobbywall.toml");
        write(config, "[screen]\nevery_day = []\n");
        std::vector<std::string> env = c.env;
        env.push_back("PATH=" + bin + ":" + std::getenv("PATH"));
        env.push_back("LOBBYWALL_DEV_DIR=" + dev);
        Lobbywall wall({"--demo", "--config", config, "--windowed", "640x360"}, env, dir.file("log.txt"));
        INFO(wall.log());
        REQUIRE(wall.wait_log("screen off by the [screen] hours", 60));
        std::string method = c.method;
        for (size_t at; (at = method.find("DEV")) != std::string::npos;) method.replace(at, 3, dev);
        CHECK_THAT(wall.log(), Catch::Contains("display power " + method));
        auto calls_become = [&](const std::string& path, const std::string& want) {
            const auto start = Steady::now();
            while (read_file(path) != want && since(start) < 5) std::this_thread::sleep_for(50ms);
            std::this_thread::sleep_for(500ms);  // and no command after it
            CHECK(read_file(path) == want);
        };
        std::string off, on;
        if (c.cec) {
            for (const std::string& d : {std::string("cec0"), std::string("cec1")}) {
                if (std::find(c.devices.begin(), c.devices.end(), d) == c.devices.end()) continue;
                off += "-d " + dev + "/" + d + " --playback --to 0 --standby\n";
                on += "-d " + dev + "/" + d + " --playback --to 0 --image-view-on\n";
            }
        }
        calls_become(cec_calls, off);
        // A failing wlr-randr is asked once (at start-up), a working one switches; xset never runs.
        const std::string wlr = c.wlr_randr;
        const std::string listed = wlr == "fails" ? "wlr-randr \n" : "";
        calls_become(other_calls, wlr == "works" ? "wlr-randr --output HDMI-A-1 --off\n" : listed);

        write(config, "[screen]\nevery_day = [\"00:00-24:00\"]\n");
        size_t mark = wall.log().size();
        wall.signal(SIGHUP);
        REQUIRE(wall.wait_log("SIGHUP: reloaded", 10, mark));
        calls_become(cec_calls, off + on);
        if (wlr == "works")
            calls_become(other_calls, "wlr-randr --output HDMI-A-1 --off\nwlr-randr --output HDMI-A-1 --on\n");
        else
            calls_become(other_calls, listed);
        CHECK(wall.log().find("display power:") == std::string::npos);  // no failure so far

        if (c.cec) {  // cec-ctl fails (no TV on the port): one line for all devices, the wall goes on
            write(dir.file("fail"), "");
            write(config, "[screen]\nevery_day = []\n");
            mark = wall.log().size();
            wall.signal(SIGHUP);
            REQUIRE(wall.wait_log("failed with exit code 1", 10, mark));
            std::this_thread::sleep_for(500ms);
            const std::string after = wall.log().substr(mark);
            CHECK(lines_with(after, "display power:") == 1);
            for (const std::string& d : c.devices)
                if (d == "cec0" || d == "cec1")
                    CHECK_THAT(after, Catch::Contains("'cec-ctl -d " + dev + "/" + d +
                                                      " --playback --to 0 --standby' failed with exit code 1"));
            CHECK(wall.running());
        }
        wall.signal(SIGTERM);
        CHECK(wall.wait_exit(3) == std::optional<int>(0));
    }
}

namespace {

// CPU seconds (user + system) the process has used so far.
double cpu_seconds(pid_t pid) {
    std::istringstream stat(read_file("/proc/" + std::to_string(pid) + "/stat"));
    std::string field;
    std::vector<std::string> fields;
    while (stat >> field) fields.push_back(field);
    REQUIRE(fields.size() > 15);
    return double(std::stol(fields[13]) + std::stol(fields[14])) / double(sysconf(_SC_CLK_TCK));
}

}  // namespace

TEST_CASE("the screen hours follow screen.time_zone and a wall started in the off hours is READY, black and idle",
          "[service][screen]") {
    if (!have_display()) {
        WARN("no DISPLAY: run under scripts/with-display.sh");
        return;
    }
    // A six-hour range that holds now in UTC+6 (Etc/GMT-6); in UTC-6 (Etc/GMT+6)
    // the local clock is twelve hours behind, outside it.
    const std::time_t now = std::time(nullptr);
    const int hour = static_cast<int>((now / 3600 + 6) % 24);
    char range[32];
    std::snprintf(range, sizeof range, "%02d:00-%02d:00", hour, (hour + 6) % 24);
    struct Case { const char* zone; bool off; };
    for (const Case c : {Case{"Etc/GMT-6", false}, Case{"Etc/GMT+6", true}}) {
        INFO(c.zone << " " << range);
        lw::test::TempDir dir;
        const std::string config = dir.file("lobbywall.toml");
        // Pages that change every 3 s with 2.5 s cross-fades drawn at full rate: a lit wall is nearly always drawing.
        write(config, std::string("[wall]\npage_seconds = 3\ntransition_ms = 2500\ntransition_fps = 60\n[screen]\noff_mode = \"black\"\n"
                                  "time_zone = \"") + c.zone + "\"\nevery_day = [\"" + range + "\"]\n");
        NotifySocket notify(dir.file("notify.sock"));
        Lobbywall wall({"--demo", "--config", config, "--windowed", "640x360"}, {"NOTIFY_SOCKET=" + notify.path()},
                       dir.file("log.txt"));
        INFO(wall.log());
        REQUIRE(notify.wait_for("READY=1", 60));
        std::this_thread::sleep_for(1500ms);
        CHECK((wall.log().find("screen off by the [screen] hours") != std::string::npos) == c.off);
        const auto status = std::count_if(notify.seen.begin(), notify.seen.end(), [](const std::string& m) {
            return m.rfind("STATUS=screen off by the [screen] hours until ", 0) == 0;
        });
        CHECK(status == (c.off ? 1 : 0));
        CHECK_THAT(wall.log(), !Catch::Contains("display power"));  // off_mode = "black"
        // Off: one black frame, then the loop sleeps, next to no CPU. On: it draws.
        const double before = cpu_seconds(wall.pid());
        std::this_thread::sleep_for(3s);
        const double used = cpu_seconds(wall.pid()) - before;
        INFO("CPU seconds in 3 s: " << used);
        // (A 640x360 fade frame costs about 1 ms of CPU since pages are
        // textures, so a lit wall fading at 60 fps uses 0.1-0.2 s in 3 s.)
        if (c.off) CHECK(used < 0.05);
        else CHECK(used > 0.1);
        // At night the loop sleeps up to a minute; the signal itself wakes it.
        const auto stop = Steady::now();
        wall.signal(SIGTERM);
        CHECK(wall.wait_exit(3) == std::optional<int>(0));
        CHECK(since(stop) < 1.0);
    }
}
