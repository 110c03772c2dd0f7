// Finding and mapping the font files the wall draws with: the theme's
// choice, else Noto Sans from fonts-noto-core, plus Noto Sans CJK from
// fonts-noto-cjk as a fallback for Chinese, Japanese and Korean.
#pragma once

#include "platform/mapped_file.h"

#include <string>

namespace lw::platform {

struct FontFiles {
    MappedFile regular;
    MappedFile bold;
    MappedFile cjk_regular;   // may stay closed: CJK then shows as boxes
    MappedFile cjk_bold;
};

// `regular_path`/`bold_path` empty = the defaults. A theme font that cannot
// be opened is logged and replaced by the default. False with `error` set
// when not even the defaults can be opened.
// Noto Color Emoji from fonts-noto-color-emoji, or empty when it is not installed.
std::string color_emoji_font_path();

bool open_font_files(FontFiles& out, const std::string& regular_path, const std::string& bold_path, std::string& error);

}  // namespace lw::platform
