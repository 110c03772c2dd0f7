// Which ImGui OpenGL backend draws the wall, chosen at run time for the GL
// context that is current (OpenGL 3.3 core down to OpenGL ES 2.0).
//
// Debian's ImGui 1.86 OpenGL3 backend is compiled twice (gl_backend_gl3.cpp,
// gl_backend_es2.cpp), with its functions renamed, and neither uses the
// backend's own loader start-up, which refuses any GL below 3.0:
// - "desktop": vertex array objects, for OpenGL 3.x, ES 3.x, and 2.1 with
//   ARB_vertex_array_object;
// - "ES 2": no vertex array objects, for OpenGL ES 2.0 and a 2.1 without them.
// The GL functions come from the backend's stripped gl3w table
// (imgui_impl_opengl3_loader.h), loaded without its version check; the
// renderer and the texture cache use that table too.
//
// The ImGui_ImplOpenGL3_* functions the renderer calls (declared in
// <backends/imgui_impl_opengl3.h>) are defined in gl_backend.cpp and forward
// to the flavour that ImGui_ImplOpenGL3_Init picked. Render thread only.
#pragma once

namespace lw::wall::gl_backend {

enum class Flavour { None, Desktop, Es2 };

// What the current context offers; filled by ImGui_ImplOpenGL3_Init.
struct GlInfo {
    bool es = false;        // an OpenGL ES context
    int major = 0, minor = 0;
    bool vertex_arrays = false;      // vertex array objects (3.0, ES 3.0, ARB/OES extension)
    bool framebuffer_blit = false;   // glBlitFramebuffer (3.0, ES 3.0, ARB_framebuffer_object)
    bool unpack_row_length = false;  // GL_UNPACK_ROW_LENGTH (not in ES 2.0)
};

Flavour flavour();
const GlInfo& info();
// For the log: "desktop (vertex arrays), #version 330".
const char* flavour_name();

// Loads the GL function table (once per process) and reads the context's
// version and extensions. False when no GL library can be opened.
bool load(GlInfo& out);

}  // namespace lw::wall::gl_backend
