// Font files on Debian: see font_files.h.
#include "platform/font_files.h"

#include "core/log.h"

#include <unistd.h>

namespace lw::platform {
namespace {

constexpr const char* kRegular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
constexpr const char* kBold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";
constexpr const char* kCjkRegular = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
constexpr const char* kCjkBold = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";

bool open_with_default(MappedFile& file, const std::string& chosen, const char* fallback, std::string& error) {
    if (!chosen.empty()) {
        if (file.open(chosen, error)) return true;
        log::error("{}; using {} instead", error, fallback);
    }
    if (file.open(fallback, error)) return true;
    error += " (install the fonts-noto-core package)";
    return false;
}

constexpr const char* kColorEmoji = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";

}  // namespace

std::string color_emoji_font_path() {
    if (access(kColorEmoji, R_OK) == 0) return kColorEmoji;
    log::warn("{} is missing; emoji will show as boxes (install fonts-noto-color-emoji)", kColorEmoji);
    return {};
}

bool open_font_files(FontFiles& out, const std::string& regular_path, const std::string& bold_path, std::string& error) {
    if (!open_with_default(out.regular, regular_path, kRegular, error)) return false;
    if (!open_with_default(out.bold, bold_path, kBold, error)) return false;
    std::string cjk_error;
    if (!out.cjk_regular.open(kCjkRegular, cjk_error) || !out.cjk_bold.open(kCjkBold, cjk_error))
        log::warn("{}; Chinese, Japanese and Korean text will show as boxes (install fonts-noto-cjk)", cjk_error);
    return true;
}

void open_script_fonts(FontFiles& out, const std::vector<std::string>& paths) {
    for (const std::string& path : paths) {
        if (out.scripts.count(path) || access(path.c_str(), R_OK) != 0) continue;
        MappedFile f;
        std::string error;
        if (f.open(path, error)) out.scripts.emplace(path, std::move(f));
        else log::warn("{}; its script will show as boxes", error);
    }
}

text::FontLoader script_font_loader(const FontFiles& files) {
    return [&files](const std::string& path) -> text::FontData {
        auto it = files.scripts.find(path);
        if (it == files.scripts.end()) return {};
        return text::FontData(it->second.data(), it->second.size());
    };
}

}  // namespace lw::platform
