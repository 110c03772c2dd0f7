// Internal to gl_backend*.cpp: the renamed entry points of the two
// compilations of ImGui's OpenGL3 backend.
#pragma once

struct ImDrawData;

#define LW_GL_BACKEND_DECLARE(prefix)                        \
    bool prefix##_Init(const char* glsl_version);           \
    void prefix##_Shutdown();                                \
    void prefix##_NewFrame();                                \
    void prefix##_RenderDrawData(ImDrawData* draw_data);     \
    bool prefix##_CreateFontsTexture();                      \
    void prefix##_DestroyFontsTexture();                     \
    bool prefix##_CreateDeviceObjects();                     \
    void prefix##_DestroyDeviceObjects();

LW_GL_BACKEND_DECLARE(LwImGuiGl3)
LW_GL_BACKEND_DECLARE(LwImGuiEs2)

// Loads the gl3w table without the backend's GL >= 3 check (gl_backend_gl3.cpp).
bool lw_gl3w_load();
