// The text engine's cost (tests/bench/README.md): laying out a 500-character
// post in each script (the first time, with its font opened, and again, not
// from the cache), a page of 12 such posts, and rasterising the glyphs of six
// scripts at two sizes into the atlas, with the resident memory it all adds.
// Not a test: run it and read the numbers.
//   cmake --build build --target text_bench && build/tests/bench/text_bench [runs]
#include "platform/font_files.h"
#include "text/glyph_atlas.h"
#include "text/layout.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace lw;
using Clock = std::chrono::steady_clock;

namespace {

struct Sample {
    const char* script;
    const char* sentence;  // repeated to 500 characters
};

const Sample kSamples[] = {
    {"English", "Thank you to the night team on ward 4, you made a long week bearable and kind. "},
    {"Arabic", "شكرا لكل الممرضات في قسم الأطفال، كنتم رائعين معنا طوال 3 أيام. زوروا example.org "},
    {"Hebrew", "תודה רבה לצוות מחלקת הילדים! הייתם מדהימים איתנו במשך 3 ימים. "},
    {"Urdu", "ہسپتال کے تمام عملے کا شکریہ۔ آپ نے ہمارا بہت خیال رکھا۔ "},
    {"Hindi", "बच्चों के वार्ड की सभी नर्सों को धन्यवाद। आप सबने हमारा बहुत ख्याल रखा। "},
    {"Bengali", "শিশু ওয়ার্ডের সব নার্সদের ধন্যবাদ। আপনারা আমাদের খুব যত্ন নিয়েছেন। "},
    {"Tamil", "குழந்தைகள் பிரிவின் அனைத்து செவிலியர்களுக்கும் நன்றி. "},
    {"Thai", "ขอบคุณพยาบาลทุกคนที่แผนกเด็กมากครับ ทุกคนดูแลพวกเราดีมากตลอดสามวันที่ผ่านมา "},
    {"Khmer", "សូមអរគុណគិលានុបដ្ឋាយិកាទាំងអស់ ដែលបានមើលថែយើងយ៉ាងល្អ "},
    {"Amharic", "በህፃናት ክፍል ላሉ ነርሶች ሁሉ እናመሰግናለን። በጣም ጥሩ እንክብካቤ አድርጋችሁልናል። "},
    {"Japanese", "小児科の看護師のみなさん、本当にありがとうございました。「また来てね」と言ってくれて嬉しかったです。"},
    {"Korean", "소아과 간호사 선생님들께 진심으로 감사드립니다. 정말 따뜻하게 돌봐 주셨어요. "},
};

std::string five_hundred_chars(const char* sentence) {
    std::string out;
    size_t chars = 0;
    while (chars < 500) {
        for (const char* p = sentence; *p && chars < 500; ++p) {
            out += *p;
            if ((static_cast<unsigned char>(p[1]) & 0xC0) != 0x80) ++chars;
        }
    }
    return out;
}

long rss_kb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
    std::string error;
    platform::FontFiles files;
    if (!platform::open_font_files(files, {}, {}, error)) {
        std::fprintf(stderr, "text_bench: %s\n", error.c_str());
        return 1;
    }
    platform::open_script_fonts(files, text::font_paths(text::noto_script_table()));
    const long rss_start = rss_kb();
    text::FontTable fonts({files.regular.data(), files.regular.size()}, {files.bold.data(), files.bold.size()},
                          text::noto_script_table(), platform::script_font_loader(files));
    text::TextEngine engine(fonts);
    text::GlyphAtlas atlas(fonts);
    // The wall's body text at 1080p: 30 px line box = 22 px em, cards 500 px wide, at most 8 lines... here all lines.
    const text::Style body{22.0f, false};
    const float width = 500;
    std::printf("text_bench: %d runs per script; 500 characters at %.0f px em wrapped to %.0f px\n", runs, body.px, width);
    std::printf("%-10s %6s %10s %10s %10s\n", "script", "lines", "first ms", "median ms", "p99 ms");
    std::vector<std::string> posts;
    for (const Sample& s : kSamples) {
        const std::string text = five_hundred_chars(s.sentence);
        posts.push_back(text);
        Clock::time_point t0 = Clock::now();
        const text::Layout first = engine.layout(text, body, width, 0);
        const double first_ms = ms_since(t0);
        std::vector<double> times;
        for (int i = 0; i < runs; ++i) {
            t0 = Clock::now();
            engine.layout(text, body, width, 0);
            times.push_back(ms_since(t0));
        }
        std::sort(times.begin(), times.end());
        std::printf("%-10s %6zu %10.3f %10.3f %10.3f\n", s.script, first.lines.size(), first_ms, times[times.size() / 2],
                    times[std::min(times.size() - 1, times.size() * 99 / 100)]);
    }
    // A page of 12 posts of mixed scripts, as a page turn lays them out (no cache).
    std::vector<double> pages;
    for (int r = 0; r < std::max(1, runs / 10); ++r) {
        const Clock::time_point t0 = Clock::now();
        for (int i = 0; i < 12; ++i) engine.layout(posts[static_cast<size_t>(i) % posts.size()], body, width, 8);
        pages.push_back(ms_since(t0));
    }
    std::sort(pages.begin(), pages.end());
    std::printf("a page of 12 posts (8 lines each): median %.2f ms, max %.2f ms\n", pages[pages.size() / 2], pages.back());

    // Six scripts on screen at once, at the body and the title size: glyphs rasterised into the atlas.
    const long rss_before_atlas = rss_kb();
    const char* six[] = {"Arabic", "Hebrew", "Hindi", "Bengali", "Thai", "Japanese"};
    Clock::time_point t0 = Clock::now();
    int drawn = 0;
    for (const char* name : six)
        for (size_t i = 0; i < std::size(kSamples); ++i)
            if (std::string(kSamples[i].script) == name)
                for (float px : {22.0f, 34.0f}) {
                    const text::Layout l = engine.layout(posts[i], {px, false}, width, 0);
                    for (const text::Line& line : l.lines)
                        for (const text::PositionedGlyph& g : line.glyphs) drawn += atlas.get(g.face, g.glyph, px, l.ascent) != nullptr;
                }
    const double raster_ms = ms_since(t0);
    std::printf("six scripts at two sizes: %zu glyphs in the atlas (%d drawn), %.1f ms, atlas %dx%d RGBA = %.1f MB\n",
                atlas.glyph_count(), drawn, raster_ms, atlas.width(), atlas.height(),
                atlas.width() * atlas.height() * 4 / 1048576.0);
    std::printf("fonts open: %d; resident memory: +%.1f MB for fonts, engine and layouts, +%.1f MB for the atlas\n",
                fonts.open_faces(), (rss_before_atlas - rss_start) / 1024.0, (rss_kb() - rss_before_atlas) / 1024.0);
    return 0;
}
