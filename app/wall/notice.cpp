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

constexpr int kMaxLines = 8;               // read from the file; fewer may fit on screen
constexpr std::size_t kMaxLineBytes = 160;
constexpr ImU32 kBand = IM_COL32(0x8A, 0x1C, 0x1C, 0xFF);  // opaque over the header; white text on it: 8.4:1
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

NoticeText notice_text(const std::string& notice, int max_details) {
    NoticeText text;
    std::istringstream in(notice);
    std::string line;
    std::getline(in, text.title);
    std::vector<std::string> all;
    while (std::getline(in, line)) all.push_back(line);
    if (static_cast<int>(all.size()) <= max_details) {
        text.details = std::move(all);
    } else if (max_details > 0) {
        text.details.assign(all.begin(), all.begin() + (max_details - 1));
        const std::size_t hidden = all.size() - text.details.size();
        text.details.push_back("(" + std::to_string(hidden) + " more: journalctl -u lobbywall-provision)");
    }
    return text;
}

Rect setup_notice_rect(const GridLayout& g) {
    const float bottom = std::max(g.header.bottom(), g.content.y);
    return {g.safe.x, g.safe.y, g.safe.w, bottom - g.safe.y};
}

void draw_setup_notice(ImDrawList* dl, const std::string& notice, const FontSet& fonts, const GridLayout& g) {
    if (notice.empty() || !fonts.small || !fonts.author) return;
    const Rect band = setup_notice_rect(g);
    const float pad = std::round(12 * g.scale);
    const float left = std::round(40 * g.scale);  // lines up with the header's text
    const float title_h = fonts.author->FontSize * 1.2f;
    const float line_h = fonts.small->FontSize * 1.2f;
    const int fit = static_cast<int>(std::floor((band.h - 2 * pad - title_h) / line_h));
    const NoticeText text = notice_text(notice, std::max(fit, 0));
    dl->AddRectFilled(ImVec2(band.x, band.y), ImVec2(band.right(), band.bottom()), kBand);
    dl->PushClipRect(ImVec2(band.x, band.y), ImVec2(band.right(), band.bottom()), true);
    float y = band.y + pad;
    draw_text(dl, fonts, fonts.author, band.x + left, y, kText, text.title);
    y += title_h;
    for (const std::string& line : text.details) {
        draw_text(dl, fonts, fonts.small, band.x + left, y, kText, line);
        y += line_h;
    }
    dl->PopClipRect();
}

}  // namespace lw::wall
