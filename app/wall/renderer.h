// The wall renderer: owns the ImGui context, its OpenGL3 backend, the fonts,
// the image decoder and textures, and the wall view. One call draws one
// frame of a snapshot into whatever GL surface is current. Render thread only.
#pragma once

#include "core/config.h"
#include "core/snapshot.h"
#include "wall/fonts.h"
#include "wall/grid_layout.h"
#include "wall/image_loader.h"
#include "wall/wall_view.h"

#include <ctime>
#include <memory>
#include <string>

namespace lw::wall {

class Renderer {
public:
    Renderer(const WallConfig& wall, const ThemeConfig& theme);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Call with the GL context current, before the first frame.
    bool init(const char* glsl_version, std::string& error);

    // Draws one frame. The platform has already filled ImGui's display size
    // for this frame (GlSurface::new_imgui_frame).
    FrameInfo render(const SnapshotPtr& snapshot, TimePoint now, const std::tm& local, double seconds);

    // True while images are still decoding or waiting for upload.
    bool images_loading() const { return textures_ && textures_->loading(); }
    const GridLayout& layout() const { return layout_; }
    const WallView& view() const { return view_; }

private:
    bool ensure_fonts(int width, int height);

    WallConfig wall_;
    ThemeConfig theme_;
    bool initialised_ = false;
    FontSet fonts_;
    float font_scale_ = 0;
    int layout_w_ = 0, layout_h_ = 0;
    GridLayout layout_;
    std::unique_ptr<DecodeWorker> decoder_;
    std::unique_ptr<TextureCache> textures_;
    WallView view_;
};

}  // namespace lw::wall
