// Finding and mapping the font files the wall draws with: the theme's
// choice, else Noto Sans from fonts-noto-core, plus Noto Sans CJK from
// fonts-noto-cjk as a fallback for Chinese, Japanese and Korean.
#pragma once

#include "platform/mapped_file.h"
#include "text/font_table.h"

#include <map>
#include <string>
#include <vector>

namespace lw::platform {

struct FontFiles {
    MappedFile regular;
    MappedFile bold;
    MappedFile cjk_regular;   // may stay closed: CJK then shows as boxes
    MappedFile cjk_bold;
    // The other scripts' fonts (text::noto_script_table()), by path.
    std::map<std::string, MappedFile> scripts;
};

// `regular_path`/`bold_path` empty = the defaults. A theme font that cannot
// be opened is logged and replaced by the default. False with `error` set
// when not even the defaults can be opened.
// Noto Color Emoji from fonts-noto-color-emoji, or empty when it is not installed.
std::string color_emoji_font_path();

bool open_font_files(FontFiles& out, const std::string& regular_path, const std::string& bold_path, std::string& error);

// Maps each of `paths` that is there (mapping reads nothing: a font's pages
// come in when its script is first drawn); a missing one is logged once at
// debug level and its script shows as boxes.
void open_script_fonts(FontFiles& out, const std::vector<std::string>& paths);
// The bytes of a mapped script font by path, for FontSources::script_fonts;
// `files` must outlive the loader.
text::FontLoader script_font_loader(const FontFiles& files);

}  // namespace lw::platform
