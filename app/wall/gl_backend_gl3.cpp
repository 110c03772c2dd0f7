// ImGui's OpenGL3 backend, "desktop" flavour (vertex array objects), with
// its functions renamed LwImGuiGl3_*: see gl_backend.h. This file also holds
// the gl3w function table (IMGL3W_IMPL) that every GL call of the wall uses.
#define IMGL3W_IMPL
#include <backends/imgui_impl_opengl3_loader.h>

#include "wall/gl_backend_flavour.h"

// The table is loaded by lw_gl3w_load(), not by the backend's Init.
#define IMGUI_IMPL_OPENGL_LOADER_CUSTOM
#define ImGui_ImplOpenGL3_Data LwImGuiGl3_Data
#define ImGui_ImplOpenGL3_Init LwImGuiGl3_Init
#define ImGui_ImplOpenGL3_Shutdown LwImGuiGl3_Shutdown
#define ImGui_ImplOpenGL3_NewFrame LwImGuiGl3_NewFrame
#define ImGui_ImplOpenGL3_RenderDrawData LwImGuiGl3_RenderDrawData
#define ImGui_ImplOpenGL3_CreateFontsTexture LwImGuiGl3_CreateFontsTexture
#define ImGui_ImplOpenGL3_DestroyFontsTexture LwImGuiGl3_DestroyFontsTexture
#define ImGui_ImplOpenGL3_CreateDeviceObjects LwImGuiGl3_CreateDeviceObjects
#define ImGui_ImplOpenGL3_DestroyDeviceObjects LwImGuiGl3_DestroyDeviceObjects
#include LW_IMGUI_OPENGL3_SOURCE

// The loader's own start-up (imgl3wInit) also reads GL_MAJOR_VERSION and
// refuses anything below 3; OpenGL 2.1 and ES 2.0 need the same table.
bool lw_gl3w_load() {
    static int opened = -1;
    if (opened < 0) {
        opened = open_libgl() == GL3W_OK ? 1 : 0;
        if (opened) atexit(close_libgl);
    }
    if (!opened) return false;
    load_procs(get_proc);
    return imgl3wProcs.gl.GetIntegerv != nullptr && imgl3wProcs.gl.GetString != nullptr;
}
