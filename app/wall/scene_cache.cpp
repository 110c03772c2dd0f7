// The scene cache: see scene_cache.h.
#include "wall/scene_cache.h"
#include "wall/gl_backend.h"

#include <type_traits>

namespace lw::wall {
namespace {

using GLenum = unsigned int;
using GLuint = unsigned int;
using GLint = int;
using GLsizei = int;
using GLbitfield = unsigned int;

constexpr GLenum kTexture2D = 0x0DE1, kRgba = 0x1908, kRgba8 = 0x8058, kUnsignedByte = 0x1401;
constexpr GLenum kTextureMinFilter = 0x2801, kTextureMagFilter = 0x2800, kNearest = 0x2600;
constexpr GLenum kFramebuffer = 0x8D40, kReadFramebuffer = 0x8CA8, kDrawFramebuffer = 0x8CA9;
constexpr GLenum kDrawFramebufferBinding = 0x8CA6, kTextureBinding2D = 0x8069;
constexpr GLenum kColorAttachment0 = 0x8CE0, kFramebufferComplete = 0x8CD5;
constexpr GLbitfield kColorBufferBit = 0x4000;

}  // namespace

struct SceneCache::Fns {
    void (*GenFramebuffers)(GLsizei, GLuint*) = nullptr;
    void (*DeleteFramebuffers)(GLsizei, const GLuint*) = nullptr;
    void (*BindFramebuffer)(GLenum, GLuint) = nullptr;
    void (*FramebufferTexture2D)(GLenum, GLenum, GLenum, GLuint, GLint) = nullptr;
    GLenum (*CheckFramebufferStatus)(GLenum) = nullptr;
    void (*BlitFramebuffer)(GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLbitfield, GLenum) = nullptr;
    void (*GenTextures)(GLsizei, GLuint*) = nullptr;
    void (*DeleteTextures)(GLsizei, const GLuint*) = nullptr;
    void (*BindTexture)(GLenum, GLuint) = nullptr;
    void (*TexImage2D)(GLenum, GLint, GLint, GLsizei, GLsizei, GLint, GLenum, GLenum, const void*) = nullptr;
    void (*TexParameteri)(GLenum, GLenum, GLint) = nullptr;
    void (*GetIntegerv)(GLenum, GLint*) = nullptr;
};

SceneCache::SceneCache(GetProcFn get_proc) : fns_(std::make_unique<Fns>()) {
    bool all = true;
    auto load = [&](auto& fn, const char* name) {
        void* p = get_proc ? get_proc(name) : nullptr;
        fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(p);
        all = all && p;
    };
    load(fns_->GenFramebuffers, "glGenFramebuffers");
    load(fns_->DeleteFramebuffers, "glDeleteFramebuffers");
    load(fns_->BindFramebuffer, "glBindFramebuffer");
    load(fns_->FramebufferTexture2D, "glFramebufferTexture2D");
    load(fns_->CheckFramebufferStatus, "glCheckFramebufferStatus");
    load(fns_->BlitFramebuffer, "glBlitFramebuffer");
    load(fns_->GenTextures, "glGenTextures");
    load(fns_->DeleteTextures, "glDeleteTextures");
    load(fns_->BindTexture, "glBindTexture");
    load(fns_->TexImage2D, "glTexImage2D");
    load(fns_->TexParameteri, "glTexParameteri");
    load(fns_->GetIntegerv, "glGetIntegerv");
    // OpenGL ES 2.0 (and a 2.1 without ARB_framebuffer_object) has no
    // glBlitFramebuffer, though a loader may hand out a stub for it: no cache.
    ok_ = all && gl_backend::info().framebuffer_blit;
}

SceneCache::~SceneCache() {
    if (fbo_) fns_->DeleteFramebuffers(1, &fbo_);
    if (texture_) fns_->DeleteTextures(1, &texture_);
}

bool SceneCache::resize(int width, int height) {
    if (!ok_) return false;
    if (width == width_ && height == height_ && fbo_) return true;
    valid_ = false;
    GLint target = 0, bound_texture = 0;
    fns_->GetIntegerv(kDrawFramebufferBinding, &target);
    fns_->GetIntegerv(kTextureBinding2D, &bound_texture);
    if (!texture_) fns_->GenTextures(1, &texture_);
    fns_->BindTexture(kTexture2D, texture_);
    fns_->TexParameteri(kTexture2D, kTextureMinFilter, static_cast<GLint>(kNearest));
    fns_->TexParameteri(kTexture2D, kTextureMagFilter, static_cast<GLint>(kNearest));
    fns_->TexImage2D(kTexture2D, 0, static_cast<GLint>(kRgba8), width, height, 0, kRgba, kUnsignedByte, nullptr);
    fns_->BindTexture(kTexture2D, static_cast<GLuint>(bound_texture));
    if (!fbo_) fns_->GenFramebuffers(1, &fbo_);
    fns_->BindFramebuffer(kFramebuffer, fbo_);
    fns_->FramebufferTexture2D(kFramebuffer, kColorAttachment0, kTexture2D, texture_, 0);
    const bool complete = fns_->CheckFramebufferStatus(kFramebuffer) == kFramebufferComplete;
    fns_->BindFramebuffer(kFramebuffer, static_cast<GLuint>(target));
    if (!complete) {
        ok_ = false;
        return false;
    }
    width_ = width;
    height_ = height;
    return true;
}

void SceneCache::begin_scene() {
    fns_->GetIntegerv(kDrawFramebufferBinding, &target_);
    fns_->BindFramebuffer(kFramebuffer, fbo_);
    valid_ = true;
}

void SceneCache::present() {
    GLint current = 0;
    fns_->GetIntegerv(kDrawFramebufferBinding, &current);
    const GLuint target = static_cast<GLuint>(current == static_cast<GLint>(fbo_) ? target_ : current);
    fns_->BindFramebuffer(kReadFramebuffer, fbo_);
    fns_->BindFramebuffer(kDrawFramebuffer, target);
    fns_->BlitFramebuffer(0, 0, width_, height_, 0, 0, width_, height_, kColorBufferBit, kNearest);
    fns_->BindFramebuffer(kFramebuffer, target);
}

}  // namespace lw::wall
