// The wall renderer: owns the ImGui context, its OpenGL3 backend, the fonts,
// the image decoder and textures, and the wall view. One call draws one
// frame of a snapshot into whatever GL surface is current. Render thread only.
#pragma once

#include "core/config.h"
#include "core/snapshot.h"
#include "emoji/emoji_glyphs.h"
#include "emoji/emoji_registry.h"
#include "emoji/emoji_renderer.h"
#include "wall/custom_emoji.h"
#include "wall/fonts.h"
#include "wall/glyph_set.h"
#include "wall/grid_layout.h"
#include "wall/image_loader.h"
#include "wall/page_textures.h"
#include "wall/scene_cache.h"
#include "wall/wall_text.h"
#include "wall/wall_view.h"

#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <string>

struct ImFontAtlas;

namespace lw::wall {

class Renderer {
public:
    Renderer(const WallConfig& wall, const ThemeConfig& theme);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // The font files. The bytes must stay valid while the renderer lives.
    // `color_emoji_font` (Noto Color Emoji) may be empty: emoji then show as boxes.
    void set_fonts(const FontSources& fonts, const std::string& color_emoji_font = {});

    // Optional, before init() and on any one thread (it touches no GL and no
    // ImGui context): rasterises the atlas for a screen of this size showing
    // `snapshot`, so the first frame only uploads it. Start-up runs it on a
    // worker while the window system creates the GL context.
    void prepare(int width, int height, const SnapshotPtr& snapshot);

    // The setup notice (wall/notice.h) drawn over the wall; empty for none.
    // Set it before prepare() so the atlas has its characters.
    void set_notice(std::string notice) { notice_ = std::move(notice); }
    const std::string& notice() const { return notice_; }

    // Call with the GL context current, after set_fonts and before the first frame.
    bool init(const char* glsl_version, std::string& error);

    // Draws one frame. The platform has already filled ImGui's display size
    // for this frame (GlSurface::new_imgui_frame).
    FrameInfo render(const SnapshotPtr& snapshot, TimePoint now, const std::tm& local, double seconds);

    // Where the last render() spent its time (steady clock, seconds), for
    // tests/bench/frame_bench: `build` is our own CPU work up to and including
    // ImGui::Render() (layout, draw lists, texture uploads); `submit` is the
    // GL calls after it (ImGui_ImplOpenGL3_RenderDrawData, the scene cache's
    // copy), which the driver may finish later (no glFinish here).
    struct FrameTimings {
        double build_s = 0;
        double submit_s = 0;
    };
    const FrameTimings& last_timings() const { return timings_; }
    // Bytes of image textures on the GPU now (kept under the texture budget).
    long long texture_resident_bytes() const { return textures_ ? textures_->resident_bytes() : 0; }
    // Bytes of the font atlas texture (RGBA) last built.
    long long atlas_bytes() const;

    // True while images (or custom emoji) are still decoding or waiting for upload.
    bool images_loading() const { return (textures_ && textures_->loading()) || custom_emoji_.decoding(); }
    const GridLayout& layout() const { return layout_; }
    // The surface can show just part of the next frame, and the screen
    // holds the last frame drawn: a frame in which only the ticker moved then
    // draws the band alone and says so in FrameInfo::partial (no copy of the
    // scene, no whole-screen present). False also forgets what the screen holds.
    void set_partial_present(bool ok) {
        partial_present_ = ok;
        if (!ok) screen_holds_scene_ = false;
    }
    // Pages drawn once into textures (the default where the GL has
    // framebuffer objects); off: every frame draws the pages (tests compare both).
    void set_page_textures(bool on) { page_textures_on_ = on; }
    // Bytes of the page textures held now.
    long long page_texture_bytes() const { return page_textures_ ? page_textures_->bytes() : 0; }
    const WallView& view() const { return view_; }

private:
    enum class FontWork { Unchanged, Rebuilt, Failed };
    // The CPU half: lays out for the screen size and rebuilds the atlas when
    // the scale changed or the content needs characters it lacks.
    FontWork build_fonts_for(int width, int height, const SnapshotPtr& snapshot);
    // Both halves: the build above, then the texture upload (render thread).
    bool ensure_fonts(int width, int height, const SnapshotPtr& snapshot);
    // The snapshot with every emoji replaced by its private-use codepoint
    // (ImGui's 16-bit characters cannot hold most emoji); cached per snapshot.
    SnapshotPtr with_emoji_mapped(const SnapshotPtr& snapshot);
    // Colour pictures for emoji private-use codepoints at a text size.
    std::vector<ColorGlyph> color_glyphs(std::span<const char32_t> codepoints, int px);

    WallConfig wall_;
    ThemeConfig theme_;
    bool initialised_ = false;
    bool device_objects_ = false;
    FontSources font_sources_;
    std::unique_ptr<ImFontAtlas> atlas_;  // ours, shared with the ImGui context
    bool atlas_uploaded_ = false;
    FontSet fonts_;
    float font_scale_ = 0;
    GlyphSet built_glyphs_;            // what the atlas holds
    GlyphSet previous_glyphs_;         // what the last snapshot needed (it may still be fading out)
    std::uint64_t glyphs_checked_version_ = ~0ull;
    int layout_w_ = 0, layout_h_ = 0;
    GridLayout layout_;
    std::unique_ptr<DecodeWorker> decoder_;
    std::unique_ptr<TextureCache> textures_;
    WallView view_;
    std::string color_emoji_font_;
    std::unique_ptr<emoji::EmojiRenderer> emoji_renderer_;
    std::unique_ptr<emoji::EmojiGlyphCache> emoji_cache_;
    emoji::EmojiRegistry emoji_registry_;
    CustomEmojiImages custom_emoji_;
    std::unique_ptr<WallText> text_;   // every text on the wall (wall_text.h)
    std::uint64_t text_atlas_version_ = 0;  // when it changes, the font files were read
    std::string notice_;
    bool glyphs_changed_ = false;      // a custom emoji image arrived: rebuild the atlas
    SnapshotPtr mapped_from_;
    SnapshotPtr mapped_;
    // With the ticker on, the rest of the picture is drawn into a texture
    // only when it changes; other frames copy it and draw the band on top.
    std::unique_ptr<SceneCache> scene_cache_;
    std::unique_ptr<PageTextures> page_textures_;
    bool page_textures_on_ = true;
    bool partial_present_ = false;
    bool screen_holds_scene_ = false;   // the last full scene drawn is on screen
    std::uint64_t screen_atlas_generation_ = 0;
    int screen_w_ = 0, screen_h_ = 0;
    std::uint64_t scene_hash_ = 0;
    std::uint64_t atlas_generation_ = 0;
    std::uint64_t scene_draws_ = 0;    // frames that drew the whole scene (for tests)
    FrameTimings timings_;
public:
    std::uint64_t scene_draws() const { return scene_draws_; }
};

}  // namespace lw::wall
