// The still part of the picture kept in a texture, so a frame in which only
// the ticker band moves costs a copy and the band, not the whole scene.
// GL render thread only, with the context current.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace lw::wall {

class SceneCache {
public:
    using GetProcFn = void* (*)(const char* name);
    explicit SceneCache(GetProcFn get_proc);
    ~SceneCache();
    SceneCache(const SceneCache&) = delete;
    SceneCache& operator=(const SceneCache&) = delete;

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
    bool matches(int width, int height) const { return width == width_ && height == height_; }
    void invalidate() { valid_ = false; }

private:
    struct Fns;
    std::unique_ptr<Fns> fns_;
    bool ok_ = false;
    bool valid_ = false;
    unsigned fbo_ = 0, texture_ = 0;
    int width_ = 0, height_ = 0;
    int target_ = 0;
};

}  // namespace lw::wall
