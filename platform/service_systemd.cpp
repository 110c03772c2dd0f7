// Service notifications through libsystemd: see service.h.
#include "platform/service.h"

#include <systemd/sd-daemon.h>

#include <string>

namespace lw::platform {
namespace {

std::chrono::steady_clock::time_point g_last_watchdog{};

}  // namespace

void notify_ready() { sd_notify(0, "READY=1"); }

void notify_watchdog() {
    static const auto interval = watchdog_interval();
    if (interval.count() == 0) return;
    auto now = std::chrono::steady_clock::now();
    if (now - g_last_watchdog < interval / 2) return;
    g_last_watchdog = now;
    sd_notify(0, "WATCHDOG=1");
}

void notify_stopping() { sd_notify(0, "STOPPING=1"); }

void notify_status(std::string_view text) {
    std::string message = "STATUS=" + std::string(text);
    sd_notify(0, message.c_str());
}

std::chrono::microseconds watchdog_interval() {
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) return std::chrono::microseconds(usec);
    return std::chrono::microseconds(0);
}

}  // namespace lw::platform
