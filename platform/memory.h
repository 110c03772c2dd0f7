// How the process hands memory back to the system.
#pragma once

namespace lw::platform {

// Large blocks (1 MiB and more: page textures and other pixel buffers in
// software GL, decoded pictures) are mapped on their own and returned to the
// system as soon as they are freed. glibc's default raises its threshold for
// that after the first such block is freed, after which page textures made
// and freed at every page turn stay in the heap: 11-20 MB more resident
// memory on a 1080p wall (docs/wall.md, "Live wall"). Call once, at start-up.
void return_large_blocks_when_freed();

}  // namespace lw::platform
