// ImGui's OpenGL3 backend, "ES 2" flavour (IMGUI_IMPL_OPENGL_ES2: no vertex
// array objects, GLSL 1.00/1.20 shaders), with its functions renamed
// LwImGuiEs2_*: see gl_backend.h. The backend includes <GLES2/gl2.h> for the
// types; the gl3w header after it turns each call into one through the
// shared function table, so nothing links against libGLESv2.
#include <GLES2/gl2.h>
#include <backends/imgui_impl_opengl3_loader.h>

#include "wall/gl_backend_flavour.h"

// The gl3w header names desktop-only state; ES 2.0 has none of it.
#undef GL_POLYGON_MODE
#undef GL_CLIP_ORIGIN
#undef GL_UNPACK_ROW_LENGTH

#define IMGUI_IMPL_OPENGL_ES2
#define ImGui_ImplOpenGL3_Data LwImGuiEs2_Data
#define ImGui_ImplOpenGL3_Init LwImGuiEs2_Init
#define ImGui_ImplOpenGL3_Shutdown LwImGuiEs2_Shutdown
#define ImGui_ImplOpenGL3_NewFrame LwImGuiEs2_NewFrame
#define ImGui_ImplOpenGL3_RenderDrawData LwImGuiEs2_RenderDrawData
#define ImGui_ImplOpenGL3_CreateFontsTexture LwImGuiEs2_CreateFontsTexture
#define ImGui_ImplOpenGL3_DestroyFontsTexture LwImGuiEs2_DestroyFontsTexture
#define ImGui_ImplOpenGL3_CreateDeviceObjects LwImGuiEs2_CreateDeviceObjects
#define ImGui_ImplOpenGL3_DestroyDeviceObjects LwImGuiEs2_DestroyDeviceObjects
#include LW_IMGUI_OPENGL3_SOURCE
