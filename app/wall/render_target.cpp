// Off-screen colour targets: see render_target.h. Texture calls go through
// the backend's gl3w table; the framebuffer-object calls are loaded here.
#include "wall/render_target.h"
#include "wall/gl_backend.h"

#include <backends/imgui_impl_opengl3_loader.h>

#include <type_traits>

namespace lw::wall {
namespace {

constexpr GLenum kRgba8 = 0x8058, kFramebuffer = 0x8D40, kReadFramebuffer = 0x8CA8, kDrawFramebuffer = 0x8CA9;
// GL_DRAW_FRAMEBUFFER_BINDING; the same number is GL_FRAMEBUFFER_BINDING in ES 2.0.
constexpr GLenum kDrawFramebufferBinding = 0x8CA6;
constexpr GLenum kColorAttachment0 = 0x8CE0, kFramebufferComplete = 0x8CD5, kClampToEdge = 0x812F;
constexpr GLenum kNearest = 0x2600, kTextureWrapS = 0x2802, kTextureWrapT = 0x2803;

}  // namespace

struct FramebufferFns {
    void (*GenFramebuffers)(GLsizei, GLuint*) = nullptr;
    void (*DeleteFramebuffers)(GLsizei, const GLuint*) = nullptr;
    void (*BindFramebuffer)(GLenum, GLuint) = nullptr;
    void (*FramebufferTexture2D)(GLenum, GLenum, GLenum, GLuint, GLint) = nullptr;
    GLenum (*CheckFramebufferStatus)(GLenum) = nullptr;
    void (*BlitFramebuffer)(GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLbitfield, GLenum) = nullptr;
};

std::shared_ptr<const FramebufferFns> load_framebuffer_fns(GetProcFn get_proc) {
    auto fns = std::make_shared<FramebufferFns>();
    bool all = true;
    auto load = [&](auto& fn, const char* name, bool required) {
        void* p = get_proc ? get_proc(name) : nullptr;
        fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(p);
        if (required) all = all && p;
    };
    load(fns->GenFramebuffers, "glGenFramebuffers", true);
    load(fns->DeleteFramebuffers, "glDeleteFramebuffers", true);
    load(fns->BindFramebuffer, "glBindFramebuffer", true);
    load(fns->FramebufferTexture2D, "glFramebufferTexture2D", true);
    load(fns->CheckFramebufferStatus, "glCheckFramebufferStatus", true);
    // OpenGL ES 2.0 (and a 2.1 without ARB_framebuffer_object) has no
    // glBlitFramebuffer, though a loader may hand out a stub for it.
    load(fns->BlitFramebuffer, "glBlitFramebuffer", false);
    if (!gl_backend::info().framebuffer_blit) fns->BlitFramebuffer = nullptr;
    if (!all) return nullptr;
    return fns;
}

unsigned bound_framebuffer(const FramebufferFns&) {
    GLint bound = 0;
    glGetIntegerv(kDrawFramebufferBinding, &bound);
    return static_cast<unsigned>(bound);
}

void bind_framebuffer(const FramebufferFns& fns, unsigned fbo) { fns.BindFramebuffer(kFramebuffer, fbo); }

bool blit_framebuffer_available(const FramebufferFns& fns) { return fns.BlitFramebuffer != nullptr; }

bool blit_framebuffer(const FramebufferFns& fns, unsigned read, unsigned draw, int width, int height, int dst_x,
                      int dst_y) {
    if (!fns.BlitFramebuffer) return false;
    fns.BindFramebuffer(kReadFramebuffer, read);
    fns.BindFramebuffer(kDrawFramebuffer, draw);
    fns.BlitFramebuffer(0, 0, width, height, dst_x, dst_y, dst_x + width, dst_y + height, GL_COLOR_BUFFER_BIT,
                        kNearest);
    fns.BindFramebuffer(kFramebuffer, draw);
    return true;
}

RenderTarget::~RenderTarget() { release(); }

void RenderTarget::release() {
    if (fbo_) fns_->DeleteFramebuffers(1, &fbo_);
    if (texture_) glDeleteTextures(1, &texture_);
    fbo_ = texture_ = 0;
    width_ = height_ = 0;
}

bool RenderTarget::resize(int width, int height) {
    if (matches(width, height)) return true;
    if (width <= 0 || height <= 0) return false;
    const GLuint previous_fbo = bound_framebuffer(*fns_);
    GLint previous_texture = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous_texture);
    if (!texture_) glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    // Drawn pixel for pixel: no filtering. ES 2.0 needs clamping for a
    // texture whose sides are not powers of two, and takes no sized format.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, kNearest);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, kNearest);
    glTexParameteri(GL_TEXTURE_2D, kTextureWrapS, kClampToEdge);
    glTexParameteri(GL_TEXTURE_2D, kTextureWrapT, kClampToEdge);
    const bool es2 = gl_backend::info().es && gl_backend::info().major < 3;
    glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(es2 ? GL_RGBA : kRgba8), width, height, 0, GL_RGBA,
                 GL_UNSIGNED_BYTE, nullptr);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous_texture));
    if (!fbo_) fns_->GenFramebuffers(1, &fbo_);
    fns_->BindFramebuffer(kFramebuffer, fbo_);
    fns_->FramebufferTexture2D(kFramebuffer, kColorAttachment0, GL_TEXTURE_2D, texture_, 0);
    const bool complete = fns_->CheckFramebufferStatus(kFramebuffer) == kFramebufferComplete;
    fns_->BindFramebuffer(kFramebuffer, previous_fbo);
    if (!complete) {
        release();
        return false;
    }
    width_ = width;
    height_ = height;
    return true;
}

}  // namespace lw::wall
