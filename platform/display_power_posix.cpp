// Display power through wlr-randr or xset, run as child processes: see
// display_power.h. The render loop never waits for them.
#include "platform/display_power.h"

#include "core/log.h"
#include "platform/local_time.h"
#include "platform/service.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace lw::platform {
namespace {

bool env_set(const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
}

bool on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':'))
        if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) return true;
    return false;
}

int spawn(const std::vector<std::string>& argv, int stdout_fd) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (stdout_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    else posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

// The output names `wlr-randr` lists (lines that do not start with a space).
std::vector<std::string> wayland_outputs() {
    int fds[2];
    if (pipe(fds) != 0) return {};
    const int pid = spawn({"wlr-randr"}, fds[1]);
    close(fds[1]);
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (pid > 0 && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        char buffer[4096];
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0) break;
        text.append(buffer, static_cast<size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    // Its output ended; give it until the deadline to exit.
    while (pid > 0 && waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return {};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (false) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return {};
    }
    if (pid <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
    std::vector<std::string> outputs;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
        if (!line.empty() && line[0] != ' ' && line[0] != '\t') outputs.push_back(line.substr(0, line.find(' ')));
    return outputs;
}

}  // namespace

DisplayPower DisplayPower::detect() {
    DisplayPower p;
    // Under Wayland only the compositor can power outputs off (Xwayland has no DPMS).
    if (env_set("WAYLAND_DISPLAY")) {
        if (!on_path("wlr-randr")) {
            p.method_ = "none (wlr-randr is not installed)";
            return p;
        }
        const std::vector<std::string> outputs = wayland_outputs();
        if (!outputs.empty()) {
            p.off_ = p.on_ = {"wlr-randr"};
            p.method_ = "wlr-randr (outputs";
            for (const std::string& o : outputs) {
                p.off_.insert(p.off_.end(), {"--output", o, "--off"});
                p.on_.insert(p.on_.end(), {"--output", o, "--on"});
                p.method_ += " " + o;
            }
            p.method_ += ")";
            return p;
        }
        p.method_ = "none (wlr-randr lists no outputs: the compositor may not support wlr-output-management)";
        return p;
    }
    if (env_set("DISPLAY") && on_path("xset")) {
        p.off_ = {"xset", "dpms", "force", "off"};
        p.on_ = {"xset", "dpms", "force", "on"};
        p.method_ = "DPMS (xset)";
        return p;
    }
    p.method_ = "none (xset is not installed)";
    return p;
}

void DisplayPower::set(bool on) {
    if (!available()) return;
    if (child_ > 0) {  // the previous command: give it a moment, then stop it
        for (int i = 0; i < 20 && waitpid(child_, nullptr, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (waitpid(child_, nullptr, WNOHANG) == 0) {
            kill(child_, SIGKILL);
            waitpid(child_, nullptr, 0);
        }
    }
    const auto& argv = on ? on_ : off_;
    child_ = spawn(argv, -1);
    running_.clear();
    for (const std::string& a : argv) running_ += (running_.empty() ? "" : " ") + a;
}

std::optional<std::string> DisplayPower::poll() {
    if (child_ <= 0) return std::nullopt;
    int status = 0;
    if (waitpid(child_, &status, WNOHANG) == 0) return std::nullopt;
    child_ = -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return std::nullopt;
    return "'" + running_ + "' failed" +
           (WIFEXITED(status) ? " with exit code " + std::to_string(WEXITSTATUS(status)) : std::string(" (killed)"));
}

ScreenSwitch::ScreenSwitch(const ScreenConfig& config) { reconfigure(config); }

void ScreenSwitch::reconfigure(const ScreenConfig& config) {
    config_ = config;
    checked_ = {};
    if (!on_) {  // start over from "on"; the next update turns it off again if it should be
        if (power_) power_->set(true);
        on_ = true;
    }
    // Hours that never turn the screen off (every day "00:00-24:00") need no display power.
    bool ever_off = false;
    for (const auto& day : config_.hours.days)
        ever_off = ever_off || std::find(day.begin(), day.end(), ScreenRange{0, 1440}) == day.end();
    if (config_.hours.configured && ever_off && config_.off_mode == "auto" && !power_) {
        power_ = std::make_unique<DisplayPower>(DisplayPower::detect());
        log::info("screen off hours: display power {}{}", power_->method(),
                  power_->available() ? "; the wall also draws black" : "; the wall draws black instead");
    }
}

bool ScreenSwitch::update(TimePoint now) {
    if (power_) {
        if (auto failure = power_->poll()) log::warn("display power: {}; the wall draws black", *failure);
    }
    if (now == checked_) return on_;
    checked_ = now;
    const bool on = screen_on(config_.hours, now, local_time);
    if (on == on_) return on_;
    on_ = on;
    next_change_ = next_screen_change(config_.hours, now, local_time);
    const std::string until = next_change_ ? " until " + format_local(*next_change_) : "";
    log::info("screen {} by the [screen] hours{}", on ? "on" : "off", until);
    notify_status(on ? "showing the wall" : "screen off by the [screen] hours" + until);
    if (power_ && config_.off_mode == "auto") power_->set(on);
    return on_;
}

double ScreenSwitch::seconds_to_change(TimePoint now, double cap) const {
    if (power_ && power_->busy()) cap = std::min(cap, 0.1);
    if (!next_change_) return cap;
    return std::clamp(std::chrono::duration<double>(*next_change_ - now).count(), 0.0, cap);
}

}  // namespace lw::platform
