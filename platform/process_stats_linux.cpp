// Process numbers from /proc and statvfs: see process_stats.h.
#include "platform/process_stats.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace lw::platform {

std::optional<std::int64_t> resident_memory_bytes() {
    std::ifstream statm("/proc/self/statm");
    long long size = 0, resident = 0;
    if (!(statm >> size >> resident)) return std::nullopt;
    const long page = ::sysconf(_SC_PAGESIZE);
    if (page <= 0) return std::nullopt;
    return static_cast<std::int64_t>(resident) * page;
}

std::optional<std::int64_t> free_disk_bytes(const std::filesystem::path& path) {
    struct statvfs fs {};
    if (::statvfs(path.c_str(), &fs) != 0) return std::nullopt;
    return static_cast<std::int64_t>(fs.f_bavail) * static_cast<std::int64_t>(fs.f_frsize);
}

std::optional<double> cpu_temperature_celsius(const std::filesystem::path& thermal_dir) {
    // Each thermal_zoneN has `type` (x86_pkg_temp, cpu-thermal, acpitz, ...)
    // and `temp` in millidegrees. Zones of other parts (a battery, a Wi-Fi
    // chip) are rare on these boxes; the hottest zone is what IT wants to see.
    std::error_code ec;
    std::optional<double> hottest;
    for (const auto& entry : std::filesystem::directory_iterator(thermal_dir, ec)) {
        if (entry.path().filename().string().rfind("thermal_zone", 0) != 0) continue;
        std::ifstream in(entry.path() / "temp");
        long long milli = 0;
        if (!(in >> milli)) continue;
        const double celsius = static_cast<double>(milli) / 1000.0;
        if (celsius < -40 || celsius > 150) continue;  // a sensor that is not connected
        if (!hottest || celsius > *hottest) hottest = celsius;
    }
    return hottest;
}

}  // namespace lw::platform
