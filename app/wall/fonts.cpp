// Font loading: see fonts.h.
#include "wall/fonts.h"

#include <imgui.h>
#include <imgui_freetype.h>

#include <cmath>
#include <filesystem>

namespace lw::wall {
namespace {

constexpr const char* kDefaultRegular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
constexpr const char* kDefaultBold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

// Latin with its extensions, Greek, Cyrillic, punctuation, currency and the
// replacement character. Chinese, Japanese, Korean and emoji come from
// fallback fonts in the wall-rendering work (see docs/).
const ImWchar kRanges[] = {
    0x0020, 0x024F,  // Basic Latin, Latin-1, Latin Extended-A/B
    0x0370, 0x03FF,  // Greek
    0x0400, 0x04FF,  // Cyrillic
    0x2000, 0x206F,  // General Punctuation (… ’ “ ” – —)
    0x20A0, 0x20CF,  // Currency symbols
    0x2100, 0x214F,  // Letterlike symbols (№ ™)
    0xFFFD, 0xFFFD,  // replacement character
    0,
};

}  // namespace

bool build_fonts(FontSet& out, const FontFiles& files, float scale, std::string& error) {
    const std::string regular = files.regular.empty() ? kDefaultRegular : files.regular;
    const std::string bold = files.bold.empty() ? kDefaultBold : files.bold;
    for (const std::string& path : {regular, bold}) {
        if (!std::filesystem::exists(path)) {
            error = "the font " + path + " does not exist (install fonts-noto-core or fix the theme's font path)";
            return false;
        }
    }
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    auto load = [&](const std::string& path, float px) -> ImFont* {
        ImFontConfig config;
        config.OversampleH = 1;
        config.OversampleV = 1;
        config.PixelSnapH = true;
        return atlas->AddFontFromFileTTF(path.c_str(), std::round(px), &config, kRanges);
    };
    out.body_px = std::round(30.0f * scale);
    out.body = load(regular, out.body_px);
    out.author = load(bold, 30.0f * scale);
    out.small = load(regular, 24.0f * scale);
    out.title = load(bold, 46.0f * scale);
    out.clock = load(regular, 46.0f * scale);
    if (!out.body || !out.author || !out.small || !out.title || !out.clock || !atlas->Build()) {
        error = "cannot build the font atlas from " + regular + " and " + bold;
        return false;
    }
    return true;
}

}  // namespace lw::wall
