// Turning SIGTERM/SIGINT into "please stop" and SIGHUP into "reload", as flags
// the render loop polls each frame. Handlers only set flags and wake a waiter.
#pragma once

namespace lw::platform {

// Installs the handlers. The render loop sleeps at most its frame timeout, so
// a flag is seen within one timeout of the signal.
void install_signal_handlers();

bool stop_requested();
// True once per SIGHUP received.
bool take_reload_request();
// A test hook for the watchdog test: when the environment has
// LOBBYWALL_DEBUG_HANG_ON_SIGUSR1=1, SIGUSR1 makes this true and the main
// loop stops sending WATCHDOG=1 on purpose (it still ends on SIGTERM).
// Without that variable SIGUSR1 keeps its default action.
bool debug_hang_requested();

}  // namespace lw::platform
