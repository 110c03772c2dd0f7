// Turning SIGTERM/SIGINT into "please stop" and SIGHUP into "reload", as flags
// the render loop polls each frame. Handlers only set flags and wake a waiter.
#pragma once

namespace lw::platform {

// Installs the handlers. The main loop sees a flag when the signal wakes it
// (set_signal_wake) or, at the latest, after its sleep.
void install_signal_handlers();

// Called (from a watcher thread, never from the handler) after each signal
// above, to wake a sleeping main loop at once; null: none.
void set_signal_wake(void (*wake)());

bool stop_requested();
// True once per SIGHUP received.
bool take_reload_request();
// A test hook for the watchdog test: when the environment has
// LOBBYWALL_DEBUG_HANG_ON_SIGUSR1=1, SIGUSR1 makes this true and the main
// loop stops sending WATCHDOG=1 on purpose (it still ends on SIGTERM).
// Without that variable SIGUSR1 keeps its default action.
bool debug_hang_requested();

}  // namespace lw::platform
