// The wall renderer: see renderer.h.
#include "wall/renderer.h"

#include "core/log.h"
#include "emoji/emoji_text.h"
#include "wall/notice.h"

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_opengl3_loader.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string_view>

namespace lw::wall {

Renderer::Renderer(const WallConfig& wall, const ThemeConfig& theme)
    : wall_(wall), theme_(theme), atlas_(std::make_unique<ImFontAtlas>()), view_(wall, theme) {}

Renderer::~Renderer() {
    if (text_ && initialised_) text_->release_gl();
    textures_.reset();  // GL textures go while the context is still current
    decoder_.reset();
    if (initialised_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui::DestroyContext();  // leaves atlas_, which is ours
    }
}

void Renderer::set_fonts(const FontSources& fonts, const std::string& color_emoji_font) {
    font_sources_ = fonts;
    // The emoji font (10 MB) is opened when the first emoji is to be drawn.
    color_emoji_font_ = color_emoji_font;
    text_ = std::make_unique<WallText>(fonts, [this](std::span<const char32_t> codepoints, int px) {
        return color_glyphs(codepoints, px);
    });
}

void Renderer::prepare(int width, int height, const SnapshotPtr& snapshot) {
    if (width <= 0 || height <= 0 || !snapshot) return;
    build_fonts_for(width, height, with_emoji_mapped(snapshot));
}

bool Renderer::init(const char* glsl_version, std::string& error) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext(atlas_.get());
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;   // a kiosk keeps no window state
    io.LogFilename = nullptr;
    if (!ImGui_ImplOpenGL3_Init(glsl_version)) {
        ImGui::DestroyContext();
        error = std::string("the ImGui OpenGL backend cannot start with ") + glsl_version;
        return false;
    }
    initialised_ = true;
    if (wall_.transition_fps == 0) {
        // Automatic: software GL (Mesa llvmpipe/softpipe) pays ~50 ms of CPU
        // per 1080p fade frame, so fades run at 15 fps there (docs/wall.md).
        const auto* name = reinterpret_cast<const char*>(glGetString(0x1F01 /* GL_RENDERER */));
        const std::string_view renderer = name ? name : "";
        const bool software = renderer.find("llvmpipe") != renderer.npos || renderer.find("softpipe") != renderer.npos;
        view_.set_transition_fps(software ? 15 : 30);
    }
    decoder_ = std::make_unique<DecodeWorker>();
    textures_ = std::make_unique<TextureCache>(*decoder_, static_cast<long long>(wall_.texture_budget_mb) << 20);
    // Fonts are built on the first frame, when the screen size is known.
    return true;
}

Renderer::FontWork Renderer::build_fonts_for(int width, int height, const SnapshotPtr& snapshot) {
    const bool resized = width != layout_w_ || height != layout_h_;
    if (resized) {
        layout_w_ = width;
        layout_h_ = height;
        layout_ = compute_grid_layout(width, height, wall_.overscan_percent, wall_.ticker);
    }
    bool rebuild = layout_.scale != font_scale_ || (glyphs_changed_ && !text_);
    if (text_ && glyphs_changed_) text_->colors_changed();  // a custom emoji arrived: measure and draw it again
    glyphs_changed_ = false;
    if (text_) {
        // The text engine draws every text: ImGui's atlas keeps the base characters.
    } else if (snapshot->version != glyphs_checked_version_) {
        GlyphSet needed = base_glyphs();
        needed.add_utf8(wall_.hospital_name);
        needed.add_utf8(notice_);
        needed.add_snapshot(*snapshot);
        GlyphSet with_previous;
        with_previous.add(needed);
        with_previous.add(previous_glyphs_);
        if (!built_glyphs_.contains_all(with_previous)) {
            rebuild = true;
            built_glyphs_ = GlyphSet();
            built_glyphs_.add(with_previous);
        }
        previous_glyphs_ = std::move(needed);
        glyphs_checked_version_ = snapshot->version;
    }
    if (!rebuild) return FontWork::Unchanged;
    std::string error;
    ColorGlyphFn color = [this](std::span<const char32_t> codepoints, int px) { return color_glyphs(codepoints, px); };
    // With the text engine drawing every text, ImGui's fonts only name the
    // sizes and give the line metrics: their atlas holds just the space.
    GlyphSet space;
    space.add_range(' ', ' ');
    const bool built = text_ ? build_fonts(*atlas_, fonts_, font_sources_, space, layout_.scale, error)
                             : build_fonts(*atlas_, fonts_, font_sources_, built_glyphs_, layout_.scale, error, color);
    fonts_.text = text_.get();
    if (font_sources_.after_build) font_sources_.after_build();
    if (!built) {
        log::error("{}; the wall cannot draw text", error);
        font_scale_ = 0;  // try again next time
        return FontWork::Failed;
    }
    atlas_uploaded_ = false;
    log::debug("font atlas {}x{} for {} characters", atlas_->TexWidth, atlas_->TexHeight, built_glyphs_.count());
    if (font_scale_ != layout_.scale)
        log::info("screen {}x{}: body text {} px, {} columns x {} rows", width, height, fonts_.body_px,
                  layout_.columns, layout_.rows);
    font_scale_ = layout_.scale;
    return FontWork::Rebuilt;
}

bool Renderer::ensure_fonts(int width, int height, const SnapshotPtr& snapshot) {
    if (build_fonts_for(width, height, snapshot) == FontWork::Failed) return false;
    if (atlas_uploaded_) return true;
    ++atlas_generation_;  // a cached scene drew with the old atlas
    if (scene_cache_) scene_cache_->invalidate();
    if (page_textures_) page_textures_->invalidate();
    // The first time, create the backend's shaders too: its NewFrame would
    // otherwise do it and rebuild the atlas from scratch, losing our boxes.
    if (!device_objects_) {
        device_objects_ = ImGui_ImplOpenGL3_CreateDeviceObjects();
    } else {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    atlas_->ClearTexData();  // the GPU has it; free the CPU copy
    atlas_uploaded_ = true;
    return true;
}


std::vector<ColorGlyph> Renderer::color_glyphs(std::span<const char32_t> codepoints, int px) {
    std::vector<ColorGlyph> out = custom_emoji_.glyphs(codepoints, px, emoji_registry_);
    std::vector<char32_t> font_emoji;
    for (char32_t cp : codepoints) {
        const std::string* key = emoji_registry_.cluster_of(cp);
        if (key && !CustomEmojiImages::is_custom_key(*key)) font_emoji.push_back(cp);
    }
    if (font_emoji.empty()) return out;
    if (!emoji_cache_ && !color_emoji_font_.empty()) {
        std::string emoji_error;
        emoji_renderer_ = emoji::EmojiRenderer::open(color_emoji_font_, emoji_error);
        if (emoji_renderer_) emoji_cache_ = std::make_unique<emoji::EmojiGlyphCache>(*emoji_renderer_);
        else log::warn("{}; emoji will show as boxes (install fonts-noto-color-emoji)", emoji_error);
        if (!emoji_renderer_) color_emoji_font_.clear();  // do not try again every rebuild
    }
    if (!emoji_cache_) return out;
    emoji::EmojiGlyphSet set = emoji_cache_->glyphs_for(font_emoji, px, emoji_registry_);
    for (emoji::EmojiGlyph& g : set.glyphs)
        out.push_back({static_cast<unsigned>(g.codepoint), g.bitmap->width, g.bitmap->height,
                       g.bitmap->rgba.data(), g.bitmap});
    return out;
}

long long Renderer::atlas_bytes() const {
    return static_cast<long long>(atlas_->TexWidth) * atlas_->TexHeight * 4 + (text_ ? text_->atlas_bytes() : 0);
}

SnapshotPtr Renderer::with_emoji_mapped(const SnapshotPtr& snapshot) {
    if (snapshot == mapped_from_) return mapped_;
    const bool custom = std::any_of(snapshot->posts.begin(), snapshot->posts.end(), [](const Post& p) {
        return std::any_of(p.emojis.begin(), p.emojis.end(), [](const CustomEmoji& e) { return !e.local_path.empty(); });
    });
    if (color_emoji_font_.empty() && !emoji_renderer_ && !custom) return snapshot;
    auto mapped = std::make_shared<WallSnapshot>(*snapshot);
    {
        // Everything on this snapshot keeps its codepoint while it is mapped.
        auto scope = emoji_registry_.protect();
        auto map = [this](std::string& s) {
            if (!s.empty()) s = emoji::map_emoji(s, emoji_registry_).text;
        };
        for (Post& p : mapped->posts) {
            map(p.text);
            map(p.author);
            for (Media& m : p.media) map(m.alt);
            if (!p.emojis.empty()) {
                custom_emoji_.substitute(p.text, p.emojis, emoji_registry_);
                custom_emoji_.substitute(p.author, p.emojis, emoji_registry_);
            }
        }
        for (Announcement& a : mapped->announcements) {
            map(a.title);
            map(a.body);
        }
        for (HashtagPrompt& p : mapped->prompts) map(p.text);
    }
    mapped_from_ = snapshot;
    mapped_ = std::move(mapped);
    return mapped_;
}

FrameInfo Renderer::render(const SnapshotPtr& source_snapshot, TimePoint now, const std::tm& local, double seconds) {
    using Clock = std::chrono::steady_clock;
    const Clock::time_point started = Clock::now();
    timings_ = {};
    ImGuiIO& io = ImGui::GetIO();
    const int width = static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x);
    const int height = static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y);
    FrameInfo info;
    const CustomEmojiImages::PollResult emoji_news = custom_emoji_.poll();
    if (emoji_news.glyphs_changed) glyphs_changed_ = true;
    if (emoji_news.failed) mapped_from_.reset();  // its ":shortcode:" text comes back
    // A custom emoji that arrived (or failed) changes how the pages that show it look.
    if (page_textures_ && (emoji_news.glyphs_changed || emoji_news.failed)) page_textures_->invalidate();
    const SnapshotPtr snapshot = with_emoji_mapped(source_snapshot);
    if (width <= 0 || height <= 0 || !ensure_fonts(width, height, snapshot)) return info;

    // Pictures not drawn for three page turns (at least a minute) are let go.
    textures_->begin_frame(seconds, std::max(60.0, 3.0 * wall_.page_seconds));
    // Pictures asked for without a size are decoded to cover a card's width
    // and half its height (a card's picture); a larger box decodes again.
    if (!layout_.slots.empty())
        textures_->set_default_box(
            {static_cast<int>(layout_.slots.front().w), static_cast<int>(layout_.slots.front().h / 2)});
    const bool textures_changed = textures_->upload_pending();
    auto get_proc = [](const char* name) { return reinterpret_cast<void*>(imgl3wGetProcAddress(name)); };
    if (page_textures_on_ && !page_textures_) page_textures_ = std::make_unique<PageTextures>(get_proc, theme_.background);
    // A picture that arrived goes into the pages that show it.
    if (page_textures_ && textures_changed) page_textures_->invalidate();
    if (page_textures_) page_textures_->begin_frame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    // Drawing the band alone: onto the screen's last frame (partial present)
    // or over a copy of the scene kept in the scene cache.
    const bool partial = partial_present_ && wall_.ticker;
    const bool scene_cached =
        partial ? screen_holds_scene_ && !textures_changed && screen_atlas_generation_ == atlas_generation_ &&
                      screen_w_ == width && screen_h_ == height
                : wall_.ticker && scene_cache_ && scene_cache_->valid() && !textures_changed &&
                      scene_cache_->matches(width, height);
    info = view_.draw(ImGui::GetBackgroundDrawList(), snapshot, fonts_, *textures_, layout_, now, local, seconds,
                      scene_cached, page_textures_on_ ? page_textures_.get() : nullptr);
    if (!scene_cached) draw_setup_notice(ImGui::GetBackgroundDrawList(), notice_, fonts_, layout_);
    if (text_ && text_->upload()) {
        // Glyphs moved in the atlas while this frame was drawn: draw it again at once.
        ++atlas_generation_;
        if (scene_cache_) scene_cache_->invalidate();
        if (page_textures_) page_textures_->invalidate();  // the page was drawn into its texture with the old atlas
        info.next_change_s = 0;
    }
    if (text_ && text_->atlas_version() != text_atlas_version_) {
        // New glyphs were read from the mapped font files: let their pages go
        // again (a 20 MB CJK file otherwise stays resident page by page).
        text_atlas_version_ = text_->atlas_version();
        if (font_sources_.after_build) font_sources_.after_build();
    }
    ImGui::Render();
    const Clock::time_point built = Clock::now();
    timings_.build_s = std::chrono::duration<double>(built - started).count();

    glViewport(0, 0, width, height);
    const Rgba bg = theme_.background;
    glClearColor(static_cast<float>((bg >> 24) & 0xFF) / 255.0f, static_cast<float>((bg >> 16) & 0xFF) / 255.0f,
                 static_cast<float>((bg >> 8) & 0xFF) / 255.0f, 1.0f);
    ImDrawData* data = ImGui::GetDrawData();
    ImDrawList* scene = ImGui::GetBackgroundDrawList();
    ImDrawList* band = ImGui::GetForegroundDrawList();  // the ticker (WallView draws it there)
    if (wall_.ticker && !scene_cache_) scene_cache_ = std::make_unique<SceneCache>(get_proc);
    if (partial && view_.scene_skipped()) {
        // Only the band moved: draw it and show it alone.
        glViewport(0, 0, width, height);
        ImDrawList* lists[] = {band};
        ImDrawData part = *data;
        part.CmdLists = lists;
        part.CmdListsCount = 1;
        part.TotalVtxCount = band->VtxBuffer.Size;
        part.TotalIdxCount = band->IdxBuffer.Size;
        ImGui_ImplOpenGL3_RenderDrawData(&part);
        const Rect& b = view_.ticker_band();
        const float x0 = std::max(0.0f, std::floor(b.x)), y0 = std::max(0.0f, std::floor(b.y));
        info.partial = Rect{x0, y0, std::min(float(width), std::ceil(b.right())) - x0,
                            std::min(float(height), std::ceil(b.bottom())) - y0};
    } else if (partial) {
        glClear(GL_COLOR_BUFFER_BIT);
        if (page_textures_) page_textures_->draw_under(height);
        ImGui_ImplOpenGL3_RenderDrawData(data);
        ++scene_draws_;
        screen_holds_scene_ = true;
        screen_atlas_generation_ = atlas_generation_;
        screen_w_ = width;
        screen_h_ = height;
        if (scene_cache_) scene_cache_->invalidate();  // it no longer holds the scene on screen
    } else if (wall_.ticker && band->CmdBuffer.Size > 0 && scene_cache_->resize(width, height)) {
        auto only = [&](ImDrawList* list) {
            ImDrawData part = *data;
            part.CmdLists = &list;
            part.CmdListsCount = 1;
            part.TotalVtxCount = list->VtxBuffer.Size;
            part.TotalIdxCount = list->IdxBuffer.Size;
            ImGui_ImplOpenGL3_RenderDrawData(&part);
        };
        // The scene is redrawn only when its draw list (or a texture under it) changed.
        auto bytes = [](const void* p, size_t n) {
            return std::hash<std::string_view>{}(std::string_view(static_cast<const char*>(p), n));
        };
        std::uint64_t hash = bytes(scene->VtxBuffer.Data, sizeof(ImDrawVert) * static_cast<size_t>(scene->VtxBuffer.Size));
        hash = hash * 31 + bytes(scene->IdxBuffer.Data, sizeof(ImDrawIdx) * static_cast<size_t>(scene->IdxBuffer.Size));
        for (const ImDrawCmd& cmd : scene->CmdBuffer) {
            const float key[4] = {cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w};
            hash = hash * 31 + bytes(key, sizeof key);
            hash = hash * 31 + reinterpret_cast<std::uintptr_t>(cmd.TextureId);
            hash = hash * 31 + cmd.VtxOffset * 7 + cmd.IdxOffset * 13 + cmd.ElemCount;
        }
        hash = hash * 31 + atlas_generation_;
        // A page texture drawn again (its relative times, a picture) is under the same quad.
        if (page_textures_) hash = hash * 31 + page_textures_->generation();
        if (view_.scene_skipped()) {
            // The view drew the band alone; the cached scene is current.
        } else if (!scene_cache_->valid() || hash != scene_hash_ || textures_changed) {
            scene_cache_->begin_scene();
            glViewport(0, 0, width, height);
            glClear(GL_COLOR_BUFFER_BIT);
            if (page_textures_) page_textures_->draw_under(height);
            only(scene);
            scene_hash_ = hash;
            ++scene_draws_;
        }
        scene_cache_->present();
        glViewport(0, 0, width, height);
        only(band);
    } else {
        glClear(GL_COLOR_BUFFER_BIT);
        if (page_textures_) page_textures_->draw_under(height);
        ImGui_ImplOpenGL3_RenderDrawData(data);
        ++scene_draws_;
    }

    // Images still arriving: keep drawing (gently) until they are all on screen.
    if (textures_changed || images_loading() || emoji_news.glyphs_changed)
        info.next_change_s = std::min(info.next_change_s, 0.05);
    timings_.submit_s = std::chrono::duration<double>(Clock::now() - built).count();
    return info;
}

}  // namespace lw::wall
