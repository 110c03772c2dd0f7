// An off-screen colour target (framebuffer object + texture) for the
// screenshot path, shared by the hidden-window and the EGL surfaces.
// Internal to platform/.
#pragma once

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

}  // namespace lw::platform
