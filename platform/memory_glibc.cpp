// Memory hand-back with glibc's malloc: see memory.h.
#include "platform/memory.h"

#include <malloc.h>

namespace lw::platform {

void return_large_blocks_when_freed() {
    // A fixed threshold also stops glibc from moving it (and the trim threshold) later.
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
}

}  // namespace lw::platform
