// The run-time choice of ImGui OpenGL backend flavour: see gl_backend.h.
#include "wall/gl_backend.h"
#include "wall/gl_backend_flavour.h"

#include "core/log.h"

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_opengl3_loader.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace lw::wall::gl_backend {
namespace {

Flavour g_flavour = Flavour::None;
GlInfo g_info;
std::string g_name;

bool has_extension(const char* extensions, std::string_view name) {
    if (!extensions) return false;
    for (std::string_view rest(extensions); !rest.empty();) {
        const size_t end = rest.find(' ');
        if (rest.substr(0, end) == name) return true;
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return false;
}

}  // namespace

Flavour flavour() { return g_flavour; }
const GlInfo& info() { return g_info; }
const char* flavour_name() { return g_name.c_str(); }

bool load(GlInfo& out) {
    if (!lw_gl3w_load()) return false;
    out = GlInfo{};
    const char* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    if (!version) return false;
    // "4.5 (Core Profile) Mesa 22.3.6", "2.1 Mesa ...", "OpenGL ES 3.2 Mesa ...".
    std::string_view v(version);
    out.es = v.rfind("OpenGL ES", 0) == 0;
    std::sscanf(version + (out.es ? 9 : 0), " %d.%d", &out.major, &out.minor);
    // GL_EXTENSIONS as one string: in ES 2/3 and desktop compatibility
    // contexts, not in a core profile (which is 3.2+ and needs none of these).
    const char* ext = nullptr;
    if (out.major < 3 || out.es) ext = reinterpret_cast<const char*>(glGetString(GL_EXTENSIONS));
    while (glGetError() != 0) {}  // a core profile refuses GL_EXTENSIONS
    out.vertex_arrays = out.major >= 3 || has_extension(ext, "GL_ARB_vertex_array_object") ||
                        has_extension(ext, "GL_OES_vertex_array_object");
    out.framebuffer_blit = out.major >= 3 || (!out.es && has_extension(ext, "GL_ARB_framebuffer_object"));
    out.unpack_row_length = !out.es || out.major >= 3;
    return true;
}

}  // namespace lw::wall::gl_backend

using lw::wall::gl_backend::Flavour;
using lw::wall::gl_backend::g_flavour;

// The entry points of <backends/imgui_impl_opengl3.h>, forwarding to the
// flavour chosen for the current context.
bool ImGui_ImplOpenGL3_Init(const char* glsl_version) {
    namespace gb = lw::wall::gl_backend;
    gb::GlInfo info;
    if (!gb::load(info)) {
        lw::log::error("cannot load the OpenGL functions (libGL.so.1) or no GL context is current");
        return false;
    }
    gb::g_info = info;
    // The VAO flavour wherever vertex array objects exist (the pictures of
    // 3.x and ES 3.x stay those of the stock backend); else ES 2.
    const bool es2 = !info.vertex_arrays || (info.es && info.major < 3);
    const char* glsl = glsl_version ? glsl_version : (es2 ? "#version 100" : "#version 130");
    const bool ok = es2 ? LwImGuiEs2_Init(glsl) : LwImGuiGl3_Init(glsl);
    if (!ok) return false;
    g_flavour = es2 ? Flavour::Es2 : Flavour::Desktop;
    gb::g_name = std::string(es2 ? "ES 2 (no vertex arrays)" : "desktop (vertex arrays)") + ", " + glsl;
    lw::log::info("ImGui OpenGL backend: {} on OpenGL {}{}.{}{}", gb::g_name, info.es ? "ES " : "", info.major,
                  info.minor, info.framebuffer_blit ? "" : "; no framebuffer blit: fades draw both page textures as quads and the ticker redraws the whole scene");
    return true;
}

#define LW_FORWARD(ret, name, params, args)                                       \
    ret ImGui_ImplOpenGL3_##name params {                                         \
        return g_flavour == Flavour::Es2 ? LwImGuiEs2_##name args : LwImGuiGl3_##name args; \
    }

// The flavour stays chosen: a renderer restarted on SIGHUP may start on the
// same context before the old one shuts down.
LW_FORWARD(void, Shutdown, (), ())
LW_FORWARD(void, NewFrame, (), ())
LW_FORWARD(void, RenderDrawData, (ImDrawData * draw_data), (draw_data))
LW_FORWARD(bool, CreateFontsTexture, (), ())
LW_FORWARD(void, DestroyFontsTexture, (), ())
LW_FORWARD(bool, CreateDeviceObjects, (), ())
LW_FORWARD(void, DestroyDeviceObjects, (), ())
