// An off-screen colour target (framebuffer object + texture) for the
// screenshot path, shared by the hidden-window and the EGL surfaces.
// Internal to platform/.
#pragma once

#include "platform/gl_surface.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::platform {

using GetProcFn = void* (*)(const char* name);

class GlFramebuffer {
public:
    // Loads the functions it needs through `get_proc` and creates a
    // width x height RGBA8 target, bound for drawing. Check ok() after.
    GlFramebuffer(GetProcFn get_proc, int width, int height);
    ~GlFramebuffer();
    GlFramebuffer(const GlFramebuffer&) = delete;
    GlFramebuffer& operator=(const GlFramebuffer&) = delete;

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    void bind();
    // Top row first, tightly packed RGBA.
    bool read(std::vector<std::uint8_t>& rgba);

private:
    struct Fns;
    Fns* fns_ = nullptr;
    unsigned fbo_ = 0;
    unsigned color_ = 0;
    int width_;
    int height_;
    std::string error_;
};

// What every off-screen surface shares: a fixed size, drawing into the
// framebuffer object, nothing to present or wait for. The GL context must
// be current when it is constructed; subclasses own the context.
class OffscreenSurface : public GlSurface {
public:
    OffscreenSurface(GetProcFn get_proc, int width, int height)
        : width_(width), height_(height), framebuffer_(get_proc, width, height) {}
    const GlFramebuffer& framebuffer() const { return framebuffer_; }
    SurfaceSize framebuffer_size() const override { return {width_, height_}; }
    void new_imgui_frame() override;
    void present() override {}
    void wait_events(double) override {}
    bool close_requested() const override { return false; }
    bool read_pixels(std::vector<std::uint8_t>& rgba) override { return framebuffer_.read(rgba); }

private:
    int width_, height_;
    GlFramebuffer framebuffer_;
};

}  // namespace lw::platform
