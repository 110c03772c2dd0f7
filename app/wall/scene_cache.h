// The still part of the picture kept in a texture, so a frame in which only
// the ticker band moves costs a copy and the band, not the whole scene.
// GL render thread only, with the context current.
#pragma once

#include "wall/render_target.h"

#include <memory>

namespace lw::wall {

class SceneCache {
public:
    explicit SceneCache(GetProcFn get_proc);

    // False when the GL lacks framebuffer objects or glBlitFramebuffer (OpenGL ES 2.0):
    // the caller draws everything every frame.
    bool ok() const { return ok_; }
    // A width x height target; false if it cannot be made. Resizing empties it.
    bool resize(int width, int height);
    // Draws into the cache from here on (remembers the framebuffer drawn to before).
    void begin_scene();
    // Copies the cache to the framebuffer that was bound before begin_scene()
    // (or now, when begin_scene() was not called this frame) and binds that one again.
    void present();
    bool valid() const { return valid_; }
    bool matches(int width, int height) const { return target_ && target_->matches(width, height); }
    void invalidate() { valid_ = false; }

private:
    std::shared_ptr<const FramebufferFns> fns_;
    std::unique_ptr<RenderTarget> target_;
    bool ok_ = false;
    bool valid_ = false;
    unsigned drawn_to_ = 0;  // the framebuffer bound before begin_scene()
};

}  // namespace lw::wall
