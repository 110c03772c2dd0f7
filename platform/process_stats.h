// Numbers about this process and its box for the operations side (metrics,
// and later a screen's status report to its hub).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace lw::platform {

// Resident memory of this process in bytes; nullopt where it cannot be read.
std::optional<std::int64_t> resident_memory_bytes();

// Bytes free for an unprivileged user on the file system holding `path`.
std::optional<std::int64_t> free_disk_bytes(const std::filesystem::path& path);

// The hottest CPU-ish thermal zone under `thermal_dir` (/sys/class/thermal),
// in degrees Celsius; nullopt on a box without one (a VM, a container).
std::optional<double> cpu_temperature_celsius(const std::filesystem::path& thermal_dir = "/sys/class/thermal");

}  // namespace lw::platform
