// POSIX signal handling: see signals.h.
#include "platform/signals.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string_view>

namespace lw::platform {
namespace {

volatile std::sig_atomic_t g_stop = 0;
volatile std::sig_atomic_t g_reload = 0;
volatile std::sig_atomic_t g_hang = 0;

extern "C" void on_stop_signal(int) { g_stop = 1; }
extern "C" void on_reload_signal(int) { g_reload = 1; }
extern "C" void on_hang_signal(int) { g_hang = 1; }

}  // namespace

void install_signal_handlers() {
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
