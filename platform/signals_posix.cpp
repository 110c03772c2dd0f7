// POSIX signal handling: see signals.h.
#include "platform/signals.h"

#include <atomic>
#include <csignal>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <string_view>

namespace lw::platform {
namespace {

volatile std::sig_atomic_t g_stop = 0;
volatile std::sig_atomic_t g_reload = 0;
volatile std::sig_atomic_t g_hang = 0;

// The self-pipe: a handler writes a byte, a watcher thread reads it and
// calls the waker, which may do what a handler must not (wake GLFW).
int g_pipe[2] = {-1, -1};
std::atomic<void (*)()> g_wake{nullptr};

void poke() {
    const int saved = errno;
    if (g_pipe[1] >= 0) {
        const char c = 1;
        [[maybe_unused]] const ssize_t n = write(g_pipe[1], &c, 1);
    }
    errno = saved;
}

extern "C" void on_stop_signal(int) { g_stop = 1; poke(); }
extern "C" void on_reload_signal(int) { g_reload = 1; poke(); }
extern "C" void on_hang_signal(int) { g_hang = 1; poke(); }

void start_watcher() {
    if (pipe2(g_pipe, O_CLOEXEC) != 0) return;
    fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
    std::thread([] {
        char buffer[64];
        for (;;) {
            const ssize_t n = read(g_pipe[0], buffer, sizeof buffer);
            if (n > 0) {
                if (auto wake = g_wake.load()) wake();
            } else if (n == 0 || errno != EINTR) {
                return;
            }
        }
    }).detach();
}

}  // namespace

void set_signal_wake(void (*wake)()) { g_wake = wake; }

void install_signal_handlers() {
    static std::once_flag watcher;
    std::call_once(watcher, start_watcher);
    struct sigaction sa {};
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    sa.sa_handler = on_reload_signal;
    sigaction(SIGHUP, &sa, nullptr);
    if (const char* hook = std::getenv("LOBBYWALL_DEBUG_HANG_ON_SIGUSR1"); hook && std::string_view(hook) == "1") {
        sa.sa_handler = on_hang_signal;
        sigaction(SIGUSR1, &sa, nullptr);
    }
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, nullptr);
}

bool stop_requested() { return g_stop != 0; }

bool debug_hang_requested() { return g_hang != 0; }

bool take_reload_request() {
    if (!g_reload) return false;
    g_reload = 0;
    return true;
}

}  // namespace lw::platform
