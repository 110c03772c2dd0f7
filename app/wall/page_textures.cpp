// Page textures: see page_textures.h.
#include "wall/page_textures.h"

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_opengl3_loader.h>

#include <algorithm>
#include <cmath>

namespace lw::wall {

PageTextures::PageTextures(GetProcFn get_proc, std::uint32_t background)
    : fns_(load_framebuffer_fns(get_proc)), background_(background) {}

Rect PageTextures::set_area(const Rect& content) {
    const float x = std::floor(content.x), y = std::floor(content.y);
    const Rect area{x, y, std::ceil(content.right()) - x, std::ceil(content.bottom()) - y};
    if (area.x != area_.x || area.y != area_.y || area.w != area_.w || area.h != area_.h) {
        slots_.clear();
        area_ = area;
    }
    return area_;
}

unsigned PageTextures::find(std::uint64_t serial, const std::string& key) const {
    for (const Slot& s : slots_)
        if (s.serial == serial && s.current && s.key == key && s.target) return s.target->texture();
    return 0;
}

void PageTextures::keep_only(const std::vector<std::uint64_t>& keep) {
    std::erase_if(slots_, [&](const Slot& s) { return std::find(keep.begin(), keep.end(), s.serial) == keep.end(); });
}

void PageTextures::invalidate() {
    for (Slot& s : slots_) s.current = false;
}

bool PageTextures::copy_under(std::uint64_t serial, float dx, float dy) {
    if (!fns_ || !blit_framebuffer_available(*fns_)) return false;
    for (const Slot& s : slots_)
        if (s.serial == serial && s.target) {
            under_ = Under{s.target->framebuffer(), static_cast<int>(area_.x + dx), static_cast<int>(area_.y + dy)};
            return true;
        }
    return false;
}

void PageTextures::draw_under(int screen_height) {
    if (!under_) return;
    const int w = static_cast<int>(area_.w), h = static_cast<int>(area_.h);
    // Framebuffer rows run bottom to top, as the texture's do.
    blit_framebuffer(*fns_, under_->framebuffer, bound_framebuffer(*fns_), w, h, under_->x,
                     screen_height - under_->y - h);
    under_.reset();
}

long long PageTextures::bytes() const {
    long long total = 0;
    for (const Slot& s : slots_) total += s.target ? s.target->bytes() : 0;
    return total;
}

unsigned PageTextures::render(std::uint64_t serial, const std::string& key, ImDrawList& list,
                              const std::vector<std::uint64_t>& keep) {
    if (!fns_) return 0;
    keep_only(keep);
    auto it = std::find_if(slots_.begin(), slots_.end(), [&](const Slot& s) { return s.serial == serial; });
    if (it == slots_.end()) {
        slots_.push_back({serial, {}, false, std::make_unique<RenderTarget>(fns_)});
        it = std::prev(slots_.end());
    }
    const int width = static_cast<int>(area_.w), height = static_cast<int>(area_.h);
    if (!it->target->resize(width, height)) {
        slots_.erase(it);
        return 0;
    }
    ++generation_;
    it->key = key;
    it->current = true;
    const unsigned previous = bound_framebuffer(*fns_);
    bind_framebuffer(*fns_, it->target->framebuffer());
    glViewport(0, 0, width, height);
    glClearColor(static_cast<float>((background_ >> 24) & 0xFF) / 255.0f,
                 static_cast<float>((background_ >> 16) & 0xFF) / 255.0f,
                 static_cast<float>((background_ >> 8) & 0xFF) / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    // The list's coordinates are the screen's: the backend's projection maps
    // area() onto the texture (row 0 of the texture is the area's bottom).
    ImDrawList* lists[] = {&list};
    ImDrawData data;
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.TotalVtxCount = list.VtxBuffer.Size;
    data.TotalIdxCount = list.IdxBuffer.Size;
    data.DisplayPos = ImVec2(area_.x, area_.y);
    data.DisplaySize = ImVec2(area_.w, area_.h);
    data.FramebufferScale = ImVec2(1, 1);
    ImGui_ImplOpenGL3_RenderDrawData(&data);
    bind_framebuffer(*fns_, previous);
    return it->target->texture();
}

}  // namespace lw::wall
