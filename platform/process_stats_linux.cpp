// Process numbers from /proc and statvfs: see process_stats.h.
#include "platform/process_stats.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <fstream>

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

}  // namespace lw::platform
