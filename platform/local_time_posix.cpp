// The local clock through localtime_r and TZ: see local_time.h.
#include "platform/local_time.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace lw::platform {

bool use_time_zone(const std::string& name, std::string& error) {
    if (name.empty()) return true;
    const std::filesystem::path file = std::filesystem::path("/usr/share/zoneinfo") / name;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        error = "time zone " + name + " is not installed (" + file.string() + " is missing; install tzdata)";
        return false;
    }
    setenv("TZ", (":" + name).c_str(), 1);
    tzset();
    return true;
}

std::tm local_tm(TimePoint t) {
    std::tm out{};
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    localtime_r(&tt, &out);
    return out;
}

LocalTime local_time(TimePoint t) {
    const std::tm tm = local_tm(t);
    return {(tm.tm_wday + 6) % 7, tm.tm_hour * 3600 + tm.tm_min * 60 + std::min(tm.tm_sec, 59),
            static_cast<int>(tm.tm_gmtoff)};
}

std::string format_local(TimePoint t) {
    const std::tm tm = local_tm(t);
    char out[32];
    std::strftime(out, sizeof out, "%a %H:%M", &tm);
    return out;
}

}  // namespace lw::platform
