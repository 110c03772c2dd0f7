// Display power through wlr-randr, cec-ctl or xset, run as child processes:
// see display_power.h. The render loop never waits for them.
#include "platform/display_power.h"

#include "core/log.h"
#include "platform/local_time.h"
#include "platform/service.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>

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

// The output names in what `wlr-randr` prints (lines that do not start with a space).
std::vector<std::string> parse_outputs(const std::string& text) {
    std::vector<std::string> outputs;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
        if (!line.empty() && line[0] != ' ' && line[0] != '\t') outputs.push_back(line.substr(0, line.find(' ')));
    return outputs;
}

// Starts `wlr-randr` with its output on a pipe; the read end (non-blocking) in `fd`.
int spawn_listing(int& fd) {
    int fds[2];
    fd = -1;
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    const int pid = spawn({"wlr-randr"}, fds[1]);
    close(fds[1]);
    if (pid <= 0) {
        close(fds[0]);
        return -1;
    }
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    fd = fds[0];
    return pid;
}

// Reads what is there; false at the end of the output (or an error).
bool read_available(int fd, std::string& text) {
    char buffer[4096];
    for (;;) {
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n > 0) text.append(buffer, static_cast<size_t>(n));
        else return n < 0 && (errno == EAGAIN || errno == EINTR);
    }
}

// The outputs `wlr-randr` lists now, waiting at most 2 s (start-up only);
// nothing when it fails (no wlr-output-management in the compositor).
std::optional<std::vector<std::string>> wayland_outputs() {
    int fd = -1;
    const int pid = spawn_listing(fd);
    if (pid <= 0) return std::nullopt;
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        if (!read_available(fd, text)) break;
    }
    close(fd);
    int status = 0;
    // Its output ended; give it until the deadline to exit.
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    return parse_outputs(text);
}

// The HDMI-CEC devices (cec0, cec1, ...) in $LOBBYWALL_DEV_DIR or /dev, in number order.
std::vector<std::string> cec_devices() {
    const char* env = std::getenv("LOBBYWALL_DEV_DIR");
    const std::string dir = env && *env ? env : "/dev";
    std::vector<std::pair<unsigned long, std::string>> found;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() < 4 || name.compare(0, 3, "cec") != 0 || name.size() > 8) continue;
        if (!std::all_of(name.begin() + 3, name.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
        found.emplace_back(std::stoul(name.substr(3)), dir + "/" + name);
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> devices;
    for (auto& f : found) devices.push_back(std::move(f.second));
    return devices;
}

std::string describe_exit(int status) {
    return WIFEXITED(status) ? "with exit code " + std::to_string(WEXITSTATUS(status)) : std::string("(killed)");
}

}  // namespace

DisplayPower DisplayPower::detect() {
    DisplayPower p;
    // Why wlr-randr (under Wayland) cannot switch, for the log.
    std::string wayland_why;
    // Under Wayland only the compositor can power outputs off (Xwayland has
    // no DPMS), or the TV itself over HDMI-CEC.
    const bool wayland = env_set("WAYLAND_DISPLAY");
    if (wayland) {
        if (!on_path("wlr-randr")) {
            wayland_why = "wlr-randr is not installed";
        } else if (const auto outputs = wayland_outputs(); !outputs) {
            wayland_why = "wlr-randr fails: the compositor does not offer wlr-output-management; "
                          "Debian 12's cage 0.1.4 does not";
        } else {
            // The outputs are listed again at each switch: a monitor plugged in
            // later, or back under another name, is the one switched.
            p.wlr_randr_ = true;
            p.method_ = "wlr-randr (outputs";
            for (const std::string& o : *outputs) p.method_ += " " + o;
            if (outputs->empty()) p.method_ += ": none now";
            p.method_ += ")";
            return p;
        }
    }
    // HDMI-CEC: the TV goes to standby and wakes up (each HDMI port with a
    // CEC device gets the command; one with no TV on it just fails).
    const std::vector<std::string> devices = cec_devices();
    std::string cec_why = "no HDMI-CEC device";
    if (!devices.empty() && !on_path("cec-ctl")) {
        cec_why = "cec-ctl (v4l-utils) is not installed for the HDMI-CEC device";
    } else if (!devices.empty()) {
        p.method_ = "HDMI-CEC (";
        for (const std::string& d : devices) {
            p.off_.push_back({"cec-ctl", "-d", d, "--playback", "--to", "0", "--standby"});
            p.on_.push_back({"cec-ctl", "-d", d, "--playback", "--to", "0", "--image-view-on"});
            p.method_ += (&d == &devices.front() ? "" : " ") + d;
        }
        p.method_ += ")";
        return p;
    }
    if (wayland) {
        p.method_ = "none (" + wayland_why + "; " + cec_why + ")";
        return p;
    }
    if (env_set("DISPLAY") && on_path("xset")) {
        p.off_ = {{"xset", "dpms", "force", "off"}};
        p.on_ = {{"xset", "dpms", "force", "on"}};
        p.method_ = "DPMS (xset)";
        return p;
    }
    p.method_ = std::string("none (") + (env_set("DISPLAY") ? "xset is not installed" : "no X display") + "; " +
                cec_why + ")";
    return p;
}

void DisplayPower::set(bool on) {
    if (!available()) return;
    if (listing_ > 0) {  // a listing for the previous switch: no longer wanted
        kill(listing_, SIGKILL);
        waitpid(listing_, nullptr, 0);
        close(listing_fd_);
        listing_ = listing_fd_ = -1;
    }
    if (child_ > 0) {  // the previous command: give it a moment, then stop it
        for (int i = 0; i < 20 && waitpid(child_, nullptr, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (waitpid(child_, nullptr, WNOHANG) == 0) {
            kill(child_, SIGKILL);
            waitpid(child_, nullptr, 0);
        }
        child_ = -1;
    }
    queue_.clear();
    failures_.clear();
    if (wlr_randr_) {  // poll() takes it on when the list is in
        listing_target_on_ = on;
        listing_text_.clear();
        listing_ = spawn_listing(listing_fd_);
        listing_deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        if (listing_ <= 0) failures_ = "'wlr-randr' (listing the outputs) could not be started";
        return;
    }
    queue_ = on ? on_ : off_;
    start_next();
}

void DisplayPower::start(const std::vector<std::string>& argv) {
    child_ = spawn(argv, -1);
    if (child_ <= 0)
        failures_ += (failures_.empty() ? "'" : "; '") + argv.front() + "' could not be started";
    running_.clear();
    for (const std::string& a : argv) running_ += (running_.empty() ? "" : " ") + a;
}

bool DisplayPower::start_next() {
    if (queue_.empty()) return false;
    const std::vector<std::string> argv = std::move(queue_.front());
    queue_.erase(queue_.begin());
    start(argv);
    return true;
}

std::optional<std::string> DisplayPower::poll() {
    if (listing_ > 0) {
        const bool more = read_available(listing_fd_, listing_text_);
        int status = 0;
        const int done = waitpid(listing_, &status, WNOHANG);
        if (done == 0 && std::chrono::steady_clock::now() < listing_deadline_) return std::nullopt;
        if (done == 0) {
            kill(listing_, SIGKILL);
            waitpid(listing_, &status, 0);
        } else if (more) {
            read_available(listing_fd_, listing_text_);  // what it wrote just before it ended
        }
        close(listing_fd_);
        listing_ = listing_fd_ = -1;
        if (done == 0) return std::string("'wlr-randr' (listing the outputs) took over 2 s and was stopped");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            return "'wlr-randr' (listing the outputs) failed " + describe_exit(status);
        const std::vector<std::string> outputs = parse_outputs(listing_text_);
        std::vector<std::string> argv = {"wlr-randr"};
        if (listing_target_on_) {  // those it switched off that are still there
            for (const std::string& o : outputs)
                if (std::find(switched_off_.begin(), switched_off_.end(), o) != switched_off_.end())
                    argv.insert(argv.end(), {"--output", o, "--on"});
            switched_off_.clear();
        } else {
            for (const std::string& o : outputs) argv.insert(argv.end(), {"--output", o, "--off"});
            switched_off_ = outputs;
        }
        if (argv.size() == 1) return std::nullopt;  // no output to switch
        start(argv);
    }
    // The commands of this switch, one after another; their failures as one line once all ran.
    do {
        if (child_ <= 0) continue;
        int status = 0;
        if (waitpid(child_, &status, WNOHANG) == 0) return std::nullopt;
        child_ = -1;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failures_ += (failures_.empty() ? "'" : "; '") + running_ + "' failed " + describe_exit(status);
    } while (start_next());
    if (failures_.empty()) return std::nullopt;
    return std::exchange(failures_, std::string());
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
