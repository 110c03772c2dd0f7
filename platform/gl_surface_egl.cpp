// GlSurface with EGL on Mesa's surfaceless platform: renders into a
// framebuffer object with no X server or compositor at all, so screenshots
// work on a headless box or in CI.
#include "platform/gl_surface.h"
#include "platform/gl_framebuffer.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>

namespace lw::platform {
namespace {

void* egl_get_proc(const char* name) {
    return reinterpret_cast<void*>(eglGetProcAddress(name));
}

class EglOffscreenSurface final : public OffscreenSurface {
public:
    EglOffscreenSurface(EGLDisplay display, EGLContext context, int width, int height)
        : OffscreenSurface(egl_get_proc, width, height), display_(display), context_(context) {}
    ~EglOffscreenSurface() override {
        eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(display_, context_);
        eglTerminate(display_);
    }
    const char* glsl_version() const override { return "#version 330"; }
    std::string description() const override {
        using GetString = const unsigned char* (*)(unsigned);
        auto get_string = reinterpret_cast<GetString>(eglGetProcAddress("glGetString"));
        const char* renderer = get_string ? reinterpret_cast<const char*>(get_string(0x1F01)) : nullptr;
        return std::string("OpenGL 3.3 core on ") + (renderer ? renderer : "an unknown renderer") +
               ", EGL surfaceless, off-screen";
    }

private:
    EGLDisplay display_;
    EGLContext context_;
};

}  // namespace

std::unique_ptr<GlSurface> open_egl_offscreen(int width, int height, std::string& error) {
    auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (!get_platform_display) {
        error = "no display found and EGL cannot render without one (eglGetPlatformDisplayEXT is missing)";
        return nullptr;
    }
    EGLDisplay display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    EGLint major = 0, minor = 0;
    if (display == EGL_NO_DISPLAY || !eglInitialize(display, &major, &minor)) {
        error = "no display found and Mesa's surfaceless EGL platform is unavailable (install libegl-mesa0)";
        return nullptr;
    }
    const EGLint config_attribs[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,
                                     EGL_NONE};
    EGLConfig config = nullptr;
    EGLint count = 0;
    eglBindAPI(EGL_OPENGL_API);
    if (!eglChooseConfig(display, config_attribs, &config, 1, &count)) count = 0;
    const EGLint context_attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                      EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                      EGL_NONE};
    EGLContext context = eglCreateContext(display, count > 0 ? config : EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT,
                                          context_attribs);
    if (context == EGL_NO_CONTEXT || !eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
        error = "cannot create an off-screen OpenGL 3.3 context with EGL";
        if (context != EGL_NO_CONTEXT) eglDestroyContext(display, context);
        eglTerminate(display);
        return nullptr;
    }
    auto surface = std::make_unique<EglOffscreenSurface>(display, context, width, height);
    if (!surface->framebuffer().ok()) {
        error = surface->framebuffer().error();
        return nullptr;
    }
    return surface;
}

}  // namespace lw::platform
