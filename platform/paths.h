// Where lobbywall keeps its files. A service (run by systemd with
// StateDirectory=/CacheDirectory=) uses /var/lib and /var/cache; a person
// running it by hand gets XDG folders in their home. The config can override.
#pragma once

#include <filesystem>
#include <string>

namespace lw::platform {

struct Paths {
    std::filesystem::path assets;     // fonts, demo content, console files
    std::filesystem::path state_dir;  // database
    std::filesystem::path cache_dir;  // media cache
    std::filesystem::path config;     // the default config file
};

// `state_override`/`cache_override` come from the config; empty = default.
Paths default_paths(const std::string& state_override = {}, const std::string& cache_override = {});

}  // namespace lw::platform
