// Shaping checked against an independent reference: HarfBuzz's own command
// line tool (hb-shape, libharfbuzz-bin) shapes the same text with the same
// font file, and every glyph our engine would draw (id, cluster, offsets,
// advance) must match it. The sizes are the fonts' units per em, so the
// positions compare exactly.
#include "font_fixture.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace lw::text;
using lw::text::testing::shared_engine;
using lw::text::testing::shared_fonts;

namespace {

struct RefGlyph {
    unsigned gid = 0, cluster = 0;
    int dx = 0, dy = 0, ax = 0;
};

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

// "[gid=cluster@dx,dy+ax|...]" from hb-shape --no-glyph-names.
std::vector<RefGlyph> hb_shape(const std::string& font, const std::string& text, bool& ran, const std::string& language = {}) {
    const std::string cmd = "hb-shape --no-glyph-names --utf8-clusters " +
                            (language.empty() ? std::string() : "--language=" + shell_quote(language) + " ") +
                            shell_quote(font) + " " + shell_quote(text) + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    std::string out;
    std::array<char, 4096> buf{};
    while (pipe && fgets(buf.data(), static_cast<int>(buf.size()), pipe.get())) out += buf.data();
    ran = out.size() > 2 && out.front() == '[';
    std::vector<RefGlyph> glyphs;
    if (!ran) return glyphs;
    std::stringstream ss(out.substr(1, out.find(']') - 1));
    std::string item;
    while (std::getline(ss, item, '|')) {
        RefGlyph g;
        std::sscanf(item.c_str(), "%u=%u", &g.gid, &g.cluster);
        if (auto at = item.find('@'); at != std::string::npos) std::sscanf(item.c_str() + at, "@%d,%d", &g.dx, &g.dy);
        if (auto plus = item.find('+'); plus != std::string::npos) std::sscanf(item.c_str() + plus, "+%d", &g.ax);
        glyphs.push_back(g);
    }
    return glyphs;
}

}  // namespace

TEST_CASE("every script is shaped as hb-shape shapes it with the same font") {
    struct Case {
        const char* script;
        std::string text;  // one direction, one script (hb-shape shapes it as one run)
    };
    const Case cases[] = {
        {"Arabic (joining, lam-alef)", "السلام عليكم لا إله"},
        {"Persian", "بیمارستان ما خوش آمدید"},
        {"Urdu", "ہسپتال میں خوش آمدید"},
        {"Hebrew (points)", "שָׁלוֹם עוֹלָם"},
        {"Devanagari (i-matra, conjuncts)", "हिन्दी में स्वागत है क्षत्रिय"},
        {"Bengali", "হাসপাতালে স্বাগতম"},
        {"Gurmukhi", "ਹਸਪਤਾਲ ਵਿੱਚ ਜੀ ਆਇਆਂ ਨੂੰ"},
        {"Gujarati", "હોસ્પિટલમાં આપનું સ્વાગત છે"},
        {"Tamil", "மருத்துவமனைக்கு வரவேற்கிறோம்"},
        {"Telugu", "ఆసుపత్రికి స్వాగతం"},
        {"Kannada", "ಆಸ್ಪತ್ರೆಗೆ ಸುಸ್ವಾಗತ"},
        {"Malayalam", "ആശുപത്രിയിലേക്ക് സ്വാഗതം"},
        {"Sinhala", "රෝහලට සාදරයෙන් පිළිගනිමු"},
        {"Thai (marks)", "ยินดีต้อนรับสู่โรงพยาบาล"},
        {"Lao", "ຍິນດີຕ້ອນຮັບ"},
        {"Khmer", "សូមស្វាគមន៍មកកាន់មន្ទីរពេទ្យ"},
        {"Myanmar", "ဆေးရုံမှ ကြိုဆိုပါသည်"},
        {"Ethiopic (Amharic)", "እንኳን ደህና መጡ"},
        {"Ethiopic (Tigrinya)", "እንቋዕ ብደሓን መጻእኩም"},
        {"Armenian", "Բարի գալուստ հիվանդանոց"},
        {"Georgian", "კეთილი იყოს თქვენი მობრძანება"},
        {"Latin with kerning", "AVATAR Type Wave"},
        {"Vietnamese stacked diacritics", "Chào mừng đến bệnh viện Ưởng Ặ"},
        {"Greek", "Καλώς ήρθατε στο νοσοκομείο"},
        {"Cyrillic", "Добро пожаловать в больницу"},
        {"Japanese", "病院へようこそ。"},
        {"Korean", "병원에 오신 것을 환영합니다"},
    };
    for (const Case& c : cases) {
        INFO(c.script << ": " << c.text);
        // First find the face the engine picks, then lay out at its units per em.
        const Layout probe = shared_engine().layout(c.text, {30, false});
        REQUIRE(probe.lines.size() == 1);
        int face = -1;
        for (const PositionedGlyph& g : probe.lines[0].glyphs)
            if (g.face >= 0 && (face < 0 || shared_fonts().face(g.face).path.size() > shared_fonts().face(face).path.size()))
                face = g.face;
        REQUIRE(face >= 0);
        Face& f = shared_fonts().face(face);
        const std::string path = f.path.empty() ? lw::text::testing::kNotoRegular : f.path;
        INFO("font " << path);
        const Layout l = shared_engine().layout(c.text, {static_cast<float>(f.upem), false});
        REQUIRE(l.lines.size() == 1);
        bool ran = false;
        const std::vector<RefGlyph> ref = hb_shape(path, c.text, ran);
        REQUIRE(ran);  // hb-shape is installed (libharfbuzz-bin)
        const Line& line = l.lines[0];
        REQUIRE(line.glyphs.size() == ref.size());
        float pen = 0;
        for (size_t i = 0; i < ref.size(); ++i) {
            INFO("glyph " << i);
            const PositionedGlyph& g = line.glyphs[i];
            CHECK(g.face == face);
            CHECK(g.glyph == ref[i].gid);
            CHECK(g.cluster == ref[i].cluster);
            CHECK(g.advance == static_cast<float>(ref[i].ax));
            CHECK(g.x == pen + static_cast<float>(ref[i].dx));
            CHECK(g.y == -static_cast<float>(ref[i].dy));
            pen += static_cast<float>(ref[i].ax);
        }
    }
}

TEST_CASE("each script gets its own Noto font and a character no font has becomes a box") {
    struct Case {
        const char* text;
        const char* font_file;  // part of the path of the face used
    };
    const Case cases[] = {
        {"مرحبا", "NotoSansArabicUI"},  {"שלום", "NotoSansHebrew"},      {"नमस्ते", "NotoSansDevanagariUI"},
        {"স্বাগতম", "NotoSansBengaliUI"}, {"สวัสดี", "NotoSansThaiUI"},  {"ሰላም", "NotoSansEthiopic"},
        {"Բարեւ", "NotoSansArmenian"},  {"გამარჯობა", "NotoSansGeorgian"}, {"こんにちは", "NotoSansCJK"},
        {"வணக்கம்", "NotoSansTamilUI"},  {"ជំរាបសួរ", "NotoSansKhmerUI"},   {"မင်္ဂလာပါ", "NotoSansMyanmarUI"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const Layout l = shared_engine().layout(c.text, {30, false});
        REQUIRE(l.lines.size() == 1);
        for (const PositionedGlyph& g : l.lines[0].glyphs) {
            REQUIRE(g.face >= 0);
            CHECK(shared_fonts().face(g.face).path.find(c.font_file) != std::string::npos);
        }
    }
    // U+0FFFF is a noncharacter; U+13000 (Egyptian hieroglyph) is in no font of ours.
    const Layout missing = shared_engine().layout("a\xF0\x93\x80\x80" "b", {30, false});
    REQUIRE(missing.lines.size() == 1);
    REQUIRE(missing.lines[0].glyphs.size() == 3);
    CHECK(missing.lines[0].glyphs[1].face == kBoxFace);
    CHECK(missing.lines[0].glyphs[1].advance > 10);
}

TEST_CASE("fonts are opened only when their script is laid out") {
    FontTable table(lw::text::testing::read_font(lw::text::testing::kNotoRegular),
                    lw::text::testing::read_font(lw::text::testing::kNotoBold), noto_script_table(),
                    lw::text::testing::read_font);
    TextEngine engine(table);
    engine.layout("Hello world", {30, false});
    CHECK(table.open_faces() == 1);
    engine.layout("Hello world", {30, true});
    CHECK(table.open_faces() == 2);
    engine.layout("مرحبا", {30, false});
    CHECK(table.open_faces() == 3);
    engine.layout("สวัสดี שלום", {30, false});
    CHECK(table.open_faces() == 5);
}

TEST_CASE("a post's language picks the language's forms: Urdu digits", "[text]") {
    const std::string text = "ہسپتال میں ۴۶۷ دن";
    const Layout probe = shared_engine().layout(text, {30, false});
    REQUIRE(probe.lines.size() == 1);
    const int face = probe.lines[0].glyphs.front().face;
    Face& f = shared_fonts().face(face);
    const float upem = static_cast<float>(f.upem);
    auto glyph_ids = [](const Layout& l) {
        std::vector<std::uint32_t> ids;
        for (const PositionedGlyph& g : l.lines[0].glyphs) ids.push_back(g.glyph);
        return ids;
    };
    const Layout plain = shared_engine().layout(text, {upem, false});
    const Layout urdu = shared_engine().layout(text, {upem, false, "ur"});
    CHECK(glyph_ids(plain) != glyph_ids(urdu));
    bool ran = false;
    // The digits are a left-to-right run of their own: compare them, as hb-shape shapes them alone.
    const std::vector<RefGlyph> digits = hb_shape(f.path, "۴۶۷", ran, "ur");
    REQUIRE(ran);
    const Layout urdu_digits = shared_engine().layout("۴۶۷", {upem, false, "ur"});
    REQUIRE(urdu_digits.lines[0].glyphs.size() == digits.size());
    // hb-shape guesses right to left for Arabic-script digits; the bidi algorithm draws them left to right.
    for (size_t i = 0; i < digits.size(); ++i)
        CHECK(urdu_digits.lines[0].glyphs[i].glyph == digits[digits.size() - 1 - i].gid);
    CHECK(shared_engine().cached(text, {30, false, "ur"}, 0, 0) != shared_engine().cached(text, {30, false}, 0, 0));
}

TEST_CASE("a theme font without Greek or Cyrillic falls back to Noto Sans for them", "[text]") {
    const std::string thai = "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf";  // no Cyrillic, no Greek
    FontTable table(lw::text::testing::read_font(thai), lw::text::testing::read_font(thai), noto_script_table(),
                    lw::text::testing::read_font);
    TextEngine engine(table);
    for (const char* text : {"Привет", "Γειά"}) {
        INFO(text);
        const Layout l = engine.layout(text, {30, false});
        REQUIRE(l.lines.size() == 1);
        for (const PositionedGlyph& g : l.lines[0].glyphs) {
            REQUIRE(g.face >= 0);
            CHECK(table.face(g.face).path.find("NotoSans-Regular") != std::string::npos);
        }
    }
}
