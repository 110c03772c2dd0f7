// Logging: see log.h.
#include "core/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace lw::log {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::Info)};
std::mutex g_write_mutex;

bool stderr_is_journal() {
    // systemd sets JOURNAL_STREAM when stderr is connected to the journal.
    static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
    return journal;
}

const char* level_word(Level level) {
    switch (level) {
        case Level::Debug: return "debug";
        case Level::Info: return "info";
        case Level::Warning: return "warning";
        case Level::Error: return "error";
    }
    return "?";
}

}  // namespace

void set_min_level(Level level) { g_min_level = static_cast<int>(level); }

void write(Level level, std::string_view message) {
    if (static_cast<int>(level) > g_min_level.load(std::memory_order_relaxed)) return;
    std::string line;
    if (stderr_is_journal())
        line = fmt::format("<{}>{}\n", static_cast<int>(level), message);
    else
        line = fmt::format("lobbywall {}: {}\n", level_word(level), message);
    std::lock_guard lock(g_write_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace lw::log
