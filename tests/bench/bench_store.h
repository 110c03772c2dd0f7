// Small helpers the in-process benchmarks share: a fresh store in a folder
// of its own under /tmp, and the median / p95 / max line they print.
#pragma once

#include "store/store.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lw::bench {

// A new, empty store in /tmp/<name> (removed first); null after one line on stderr.
inline std::unique_ptr<Store> fresh_store(const std::string& name, std::filesystem::path& dir) {
    dir = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    StoreOptions options;
    options.path = (dir / "lobbywall.db").string();
    options.media_dir = (dir / "media").string();
    auto store = Store::open(options);
    if (!store) {
        std::fprintf(stderr, "cannot open the store: %s\n", store.error.c_str());
        return nullptr;
    }
    return std::move(*store);
}

inline void report(const char* what, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    std::printf("%-34s median %.3f ms  p95 %.3f ms  max %.3f ms  (%zu runs)\n", what, ms[ms.size() / 2],
                ms[ms.size() * 95 / 100], ms.back(), ms.size());
}

}  // namespace lw::bench
