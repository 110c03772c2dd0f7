// Logging: one line per event on stderr, which journald collects under
// systemd. Lines carry a syslog priority prefix ("<3>") when stderr goes to
// the journal, so `journalctl -p err` works; plain "error: " otherwise.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace lw::log {

enum class Level { Debug = 7, Info = 6, Warning = 4, Error = 3 };

void write(Level level, std::string_view message);
void set_min_level(Level level);

template <typename... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) {
    write(Level::Debug, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void info(fmt::format_string<Args...> f, Args&&... args) {
    write(Level::Info, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(fmt::format_string<Args...> f, Args&&... args) {
    write(Level::Warning, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void error(fmt::format_string<Args...> f, Args&&... args) {
    write(Level::Error, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace lw::log
