// Telling the service manager how we are: ready, alive, stopping, status.
// Under systemd these are sd_notify messages (Type=notify, WatchdogSec=);
// without systemd every call is a cheap no-op.
#pragma once

#include <chrono>
#include <string_view>

namespace lw::platform {

// Call once, after the first frame is on screen.
void notify_ready();
// Call from the render loop; rate-limited internally to half the watchdog
// interval, so calling it every frame is fine.
void notify_watchdog();
void notify_stopping();
void notify_status(std::string_view text);
// The watchdog interval systemd asked for, or zero when there is none. The
// render loop must wake at least this often.
std::chrono::microseconds watchdog_interval();

}  // namespace lw::platform
