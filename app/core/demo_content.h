// The bundled demo wall (assets/demo/demo.json): posts, announcements and
// prompts written by us, with images made by us, so `lobbywall --demo`
// shows a full wall with no network and no database.
#pragma once

#include "core/snapshot.h"

#include <filesystem>
#include <optional>
#include <string>

namespace lw {

struct DemoContent {
    std::string hospital_name;
    std::string logo;  // the demo theme's header logo (a path under `dir`), empty if none
    WallSnapshot snapshot;
};

// Reads `dir`/demo.json. Post times are given as ages and placed before
// `now`, so the demo always looks fresh; image paths are resolved against
// `dir`. Returns nullopt and sets `error` (one sentence) when the file is
// missing or malformed; a single bad post is skipped with a warning.
std::optional<DemoContent> load_demo_content(const std::filesystem::path& dir, TimePoint now, std::string& error);

}  // namespace lw
