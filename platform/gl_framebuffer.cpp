// Off-screen framebuffer: see gl_framebuffer.h. Functions are loaded through
// the context's own get-proc-address so it works for GLX and EGL alike.
#include "platform/gl_framebuffer.h"

#include <imgui.h>

#include <cstring>

namespace lw::platform {
namespace {

using GLenum = unsigned int;
using GLuint = unsigned int;
using GLint = int;
using GLsizei = int;

constexpr GLenum kFramebuffer = 0x8D40;
constexpr GLenum kColorAttachment0 = 0x8CE0;
constexpr GLenum kFramebufferComplete = 0x8CD5;
constexpr GLenum kTexture2D = 0x0DE1;
constexpr GLenum kRgba = 0x1908;
constexpr GLenum kRgba8 = 0x8058;
constexpr GLenum kUnsignedByte = 0x1401;
constexpr GLenum kPackAlignment = 0x0D05;
constexpr GLenum kTextureMinFilter = 0x2801;
constexpr GLenum kLinear = 0x2601;
constexpr GLenum kVersion = 0x1F02;

}  // namespace

struct GlFramebuffer::Fns {
    void (*GenFramebuffers)(GLsizei, GLuint*);
    void (*DeleteFramebuffers)(GLsizei, const GLuint*);
    void (*BindFramebuffer)(GLenum, GLuint);
    void (*FramebufferTexture2D)(GLenum, GLenum, GLenum, GLuint, GLint);
    GLenum (*CheckFramebufferStatus)(GLenum);
    void (*GenTextures)(GLsizei, GLuint*);
    void (*DeleteTextures)(GLsizei, const GLuint*);
    void (*BindTexture)(GLenum, GLuint);
    void (*TexImage2D)(GLenum, GLint, GLint, GLsizei, GLsizei, GLint, GLenum, GLenum, const void*);
    void (*TexParameteri)(GLenum, GLenum, GLint);
    void (*ReadPixels)(GLint, GLint, GLsizei, GLsizei, GLenum, GLenum, void*);
    void (*PixelStorei)(GLenum, GLint);
    void (*Finish)();
    const unsigned char* (*GetString)(GLenum);
};

GlFramebuffer::GlFramebuffer(GetProcFn get_proc, int width, int height)
    : fns_(new Fns{}), width_(width), height_(height) {
    bool all = true;
    auto load = [&](auto& fn, const char* name) {
        void* p = get_proc(name);
        std::memcpy(&fn, &p, sizeof p);
        all = all && p != nullptr;
    };
    load(fns_->GenFramebuffers, "glGenFramebuffers");
    load(fns_->DeleteFramebuffers, "glDeleteFramebuffers");
    load(fns_->BindFramebuffer, "glBindFramebuffer");
    load(fns_->FramebufferTexture2D, "glFramebufferTexture2D");
    load(fns_->CheckFramebufferStatus, "glCheckFramebufferStatus");
    load(fns_->GenTextures, "glGenTextures");
    load(fns_->DeleteTextures, "glDeleteTextures");
    load(fns_->BindTexture, "glBindTexture");
    load(fns_->TexImage2D, "glTexImage2D");
    load(fns_->TexParameteri, "glTexParameteri");
    load(fns_->ReadPixels, "glReadPixels");
    load(fns_->PixelStorei, "glPixelStorei");
    load(fns_->Finish, "glFinish");
    load(fns_->GetString, "glGetString");
    if (!all) {
        error_ = "the GL context lacks framebuffer objects";
        return;
    }
    fns_->GenTextures(1, &color_);
    fns_->BindTexture(kTexture2D, color_);
    fns_->TexParameteri(kTexture2D, kTextureMinFilter, kLinear);
    // OpenGL ES 2.0 takes no sized internal format (GL_RGBA8): the texture
    // would stay incomplete. Unsized GL_RGBA with bytes is 8 bits a channel.
    const char* version = reinterpret_cast<const char*>(fns_->GetString(kVersion));
    const bool es2 = version && std::strncmp(version, "OpenGL ES 2", 11) == 0;
    fns_->TexImage2D(kTexture2D, 0, static_cast<GLint>(es2 ? kRgba : kRgba8), width, height, 0, kRgba, kUnsignedByte,
                     nullptr);
    fns_->BindTexture(kTexture2D, 0);
    fns_->GenFramebuffers(1, &fbo_);
    fns_->BindFramebuffer(kFramebuffer, fbo_);
    fns_->FramebufferTexture2D(kFramebuffer, kColorAttachment0, kTexture2D, color_, 0);
    if (fns_->CheckFramebufferStatus(kFramebuffer) != kFramebufferComplete)
        error_ = "the off-screen framebuffer is incomplete";
}

GlFramebuffer::~GlFramebuffer() {
    if (fns_ && fns_->DeleteFramebuffers) {
        if (fbo_) fns_->DeleteFramebuffers(1, &fbo_);
        if (color_) fns_->DeleteTextures(1, &color_);
    }
    delete fns_;
}

void GlFramebuffer::bind() { fns_->BindFramebuffer(kFramebuffer, fbo_); }

bool GlFramebuffer::read(std::vector<std::uint8_t>& rgba) {
    if (!ok()) return false;
    fns_->Finish();
    const size_t row = static_cast<size_t>(width_) * 4;
    std::vector<std::uint8_t> bottom_up(row * static_cast<size_t>(height_));
    fns_->BindFramebuffer(kFramebuffer, fbo_);
    fns_->PixelStorei(kPackAlignment, 1);
    fns_->ReadPixels(0, 0, width_, height_, kRgba, kUnsignedByte, bottom_up.data());
    rgba.resize(bottom_up.size());
    for (int y = 0; y < height_; ++y)
        std::memcpy(&rgba[static_cast<size_t>(y) * row], &bottom_up[static_cast<size_t>(height_ - 1 - y) * row], row);
    return true;
}

void OffscreenSurface::new_imgui_frame() {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(width_), float(height_));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = 1.0f / 60.0f;
    framebuffer_.bind();
}

}  // namespace lw::platform
