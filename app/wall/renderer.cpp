// The wall renderer: see renderer.h.
#include "wall/renderer.h"

#include "core/log.h"

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_opengl3_loader.h>

namespace lw::wall {

Renderer::Renderer(const WallConfig& wall, const ThemeConfig& theme)
    : wall_(wall), theme_(theme), view_(wall, theme) {}

Renderer::~Renderer() {
    textures_.reset();  // GL textures go while the context is still current
    decoder_.reset();
    if (initialised_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui::DestroyContext();
    }
}

bool Renderer::init(const char* glsl_version, std::string& error) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;   // a kiosk keeps no window state
    io.LogFilename = nullptr;
    if (!ImGui_ImplOpenGL3_Init(glsl_version)) {
        ImGui::DestroyContext();
        error = std::string("the ImGui OpenGL backend cannot start with ") + glsl_version;
        return false;
    }
    initialised_ = true;
    decoder_ = std::make_unique<DecodeWorker>();
    textures_ = std::make_unique<TextureCache>(*decoder_);
    // Fonts are built on the first frame, when the screen size is known.
    return true;
}

bool Renderer::ensure_fonts(int width, int height) {
    if (width == layout_w_ && height == layout_h_) return true;
    layout_w_ = width;
    layout_h_ = height;
    layout_ = compute_grid_layout(width, height, wall_.overscan_percent);
    if (layout_.scale == font_scale_) return true;
    std::string error;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    if (!build_fonts(fonts_, {theme_.font_regular, theme_.font_bold}, layout_.scale, error)) {
        log::error("{}; trying the default fonts", error);
        if (!build_fonts(fonts_, {}, layout_.scale, error)) {
            log::error("{}; the wall cannot draw text", error);
            return false;
        }
    }
    ImGui_ImplOpenGL3_CreateFontsTexture();
    log::debug("font atlas {}x{} ({} KB)", ImGui::GetIO().Fonts->TexWidth, ImGui::GetIO().Fonts->TexHeight,
               ImGui::GetIO().Fonts->TexWidth * ImGui::GetIO().Fonts->TexHeight * 4 / 1024);
    ImGui::GetIO().Fonts->ClearTexData();  // the GPU has it; free the CPU copy
    font_scale_ = layout_.scale;
    log::info("screen {}x{}: body text {} px, {} columns x {} rows", width, height, fonts_.body_px,
              layout_.columns, layout_.rows);
    return true;
}

FrameInfo Renderer::render(const SnapshotPtr& snapshot, TimePoint now, const std::tm& local, double seconds) {
    ImGuiIO& io = ImGui::GetIO();
    const int width = static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x);
    const int height = static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y);
    FrameInfo info;
    if (width <= 0 || height <= 0 || !ensure_fonts(width, height)) return info;

    textures_->begin_frame();
    const bool textures_changed = textures_->upload_pending();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    info = view_.draw(ImGui::GetBackgroundDrawList(), snapshot, fonts_, *textures_, layout_, now, local, seconds);
    ImGui::Render();

    glViewport(0, 0, width, height);
    const Rgba bg = theme_.background;
    glClearColor(static_cast<float>((bg >> 24) & 0xFF) / 255.0f, static_cast<float>((bg >> 16) & 0xFF) / 255.0f,
                 static_cast<float>((bg >> 8) & 0xFF) / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    // Images still arriving: keep drawing (gently) until they are all on screen.
    if (textures_changed || textures_->loading()) info.next_change_s = std::min(info.next_change_s, 0.05);
    return info;
}

}  // namespace lw::wall
