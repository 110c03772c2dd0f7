// An off-screen colour target for the wall: a framebuffer object with an
// RGBA texture, which ImGui can then draw as an image. Works on every GL the
// wall runs on that has framebuffer objects (OpenGL 3.x, ES 3.x, ES 2.0, and
// 2.1 with ARB_framebuffer_object); the scene cache and the page textures
// are made of these. GL render thread only, with the context current.
#pragma once

#include <memory>

namespace lw::wall {

// The framebuffer-object functions, which the backend's gl3w table lacks:
// loaded once per context through its get-proc-address.
struct FramebufferFns;
using GetProcFn = void* (*)(const char* name);
// Null when the GL lacks framebuffer objects.
std::shared_ptr<const FramebufferFns> load_framebuffer_fns(GetProcFn get_proc);
// The framebuffer bound for drawing now (0: the window's).
unsigned bound_framebuffer(const FramebufferFns& fns);
void bind_framebuffer(const FramebufferFns& fns, unsigned fbo);
// glBlitFramebuffer from `read` to `draw`, width x height at the origin,
// leaving `draw` bound; false where the GL has no blit (OpenGL ES 2.0).
bool blit_framebuffer_available(const FramebufferFns& fns);
// (dst_x, dst_y): where the copy goes in `draw` (from its bottom left).
bool blit_framebuffer(const FramebufferFns& fns, unsigned read, unsigned draw, int width, int height, int dst_x = 0,
                      int dst_y = 0);

class RenderTarget {
public:
    explicit RenderTarget(std::shared_ptr<const FramebufferFns> fns) : fns_(std::move(fns)) {}
    ~RenderTarget();
    RenderTarget(const RenderTarget&) = delete;
    RenderTarget& operator=(const RenderTarget&) = delete;

    // A width x height target (its content undefined); false if the GL
    // cannot make one. The same size again keeps it as it is.
    bool resize(int width, int height);
    // Frees the texture (the target is empty until resized again).
    void release();
    bool matches(int width, int height) const { return fbo_ && width == width_ && height == height_; }
    unsigned framebuffer() const { return fbo_; }
    unsigned texture() const { return texture_; }
    int width() const { return width_; }
    int height() const { return height_; }
    long long bytes() const { return static_cast<long long>(width_) * height_ * 4; }

private:
    std::shared_ptr<const FramebufferFns> fns_;
    unsigned fbo_ = 0, texture_ = 0;
    int width_ = 0, height_ = 0;
};

}  // namespace lw::wall
