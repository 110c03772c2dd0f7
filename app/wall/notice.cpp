// The setup notice: see notice.h.
#include "wall/notice.h"

#include "wall/wall_text.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace lw::wall {
namespace {

constexpr int kMaxLines = 3;               // the band stays a band
constexpr std::size_t kMaxLineBytes = 160;
constexpr ImU32 kBand = IM_COL32(0x8A, 0x1C, 0x1C, 0xF2);  // white text on it: 8.4:1
constexpr ImU32 kText = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);

// Printable ASCII and whole UTF-8 sequences only; control characters go.
std::string printable(const std::string& line) {
    std::string out;
    for (unsigned char c : line)
        if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
    if (out.size() > kMaxLineBytes) {
        std::size_t cut = kMaxLineBytes;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        out = out.substr(0, cut) + "...";
    }
    return out;
}

}  // namespace

std::string read_setup_notice(const std::filesystem::path& error_file) {
    std::ifstream in(error_file);
    if (!in) return {};
    std::string notice, line;
    int lines = 0, more = 0;
    while (std::getline(in, line)) {
        line = printable(line);
        if (line.find_first_not_of(' ') == std::string::npos) continue;
        if (lines < kMaxLines) {
            notice += (notice.empty() ? "" : "\n") + line;
            ++lines;
        } else {
            ++more;
        }
        if (in.tellg() > 64 * 1024) break;
    }
    if (more > 0) notice += "\n(" + std::to_string(more) + " more in " + error_file.string() + ")";
    return notice;
}

void draw_setup_notice(ImDrawList* dl, const std::string& notice, const FontSet& fonts, const GridLayout& g) {
    if (notice.empty() || !fonts.small || !fonts.author) return;
    const std::string title = "Setup problem: the new settings were not used; the wall runs on the previous ones.";
    int lines = 1;
    for (char c : notice) lines += c == '\n';
    const float pad = std::round(16 * g.scale);
    const float left = std::round(40 * g.scale);  // lines up with the header's text
    const float line_h = fonts.small->FontSize * 1.25f;
    const float h = 2 * pad + fonts.author->FontSize * 1.3f + static_cast<float>(lines) * line_h;
    const ImVec2 a(g.safe.x, g.safe.bottom() - h);
    const ImVec2 b(g.safe.right(), g.safe.bottom());
    dl->AddRectFilled(a, b, kBand);
    float y = a.y + pad;
    draw_text(dl, fonts, fonts.author, a.x + left, y, kText, title);
    y += fonts.author->FontSize * 1.3f;
    std::size_t start = 0;
    while (start <= notice.size()) {
        const std::size_t end = std::min(notice.find('\n', start), notice.size());
        draw_text(dl, fonts, fonts.small, a.x + left, y, kText, std::string_view(notice).substr(start, end - start));
        y += line_h;
        start = end + 1;
    }
}

}  // namespace lw::wall
