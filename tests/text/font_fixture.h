// The fonts the text tests lay out with: the real Debian Noto files, read
// into memory once per test program (the program maps them instead).
#pragma once

#include "text/font_table.h"
#include "text/layout.h"

#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lw::text::testing {

inline FontData read_font(const std::string& path) {
    static std::map<std::string, std::vector<unsigned char>> files;
    auto it = files.find(path);
    if (it == files.end()) {
        std::ifstream in(path, std::ios::binary);
        std::vector<unsigned char> bytes;
        if (in) bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        it = files.emplace(path, std::move(bytes)).first;
    }
    return FontData(it->second.data(), it->second.size());
}

constexpr const char* kNotoRegular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
constexpr const char* kNotoBold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

inline FontTable& shared_fonts() {
    static FontTable table(read_font(kNotoRegular), read_font(kNotoBold), noto_script_table(), read_font);
    return table;
}

inline TextEngine& shared_engine() {
    static TextEngine engine(shared_fonts());
    return engine;
}

}  // namespace lw::text::testing
