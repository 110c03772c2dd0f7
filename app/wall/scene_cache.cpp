// The scene cache: see scene_cache.h.
#include "wall/scene_cache.h"

namespace lw::wall {

SceneCache::SceneCache(GetProcFn get_proc) : fns_(load_framebuffer_fns(get_proc)) {
    ok_ = fns_ && blit_framebuffer_available(*fns_);
    if (ok_) target_ = std::make_unique<RenderTarget>(fns_);
}

bool SceneCache::resize(int width, int height) {
    if (!ok_) return false;
    if (matches(width, height)) return true;
    valid_ = false;
    if (!target_->resize(width, height)) {
        ok_ = false;
        return false;
    }
    return true;
}

void SceneCache::begin_scene() {
    drawn_to_ = bound_framebuffer(*fns_);
    bind_framebuffer(*fns_, target_->framebuffer());
    valid_ = true;
}

void SceneCache::present() {
    const unsigned current = bound_framebuffer(*fns_);
    const unsigned target = current == target_->framebuffer() ? drawn_to_ : current;
    blit_framebuffer(*fns_, target_->framebuffer(), target, target_->width(), target_->height());
}

}  // namespace lw::wall
