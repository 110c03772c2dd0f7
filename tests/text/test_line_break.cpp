// Line breaking: Thai words from ICU's dictionary, CJK line-start and
// line-end prohibitions, a word longer than a line, a URL, and never a
// break inside a grapheme cluster.
#include "font_fixture.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace lw::text;
using lw::text::testing::shared_engine;

namespace {

std::vector<std::string> line_texts(const std::string& text, const Layout& l) {
    std::vector<std::string> out;
    for (const Line& line : l.lines) out.push_back(text.substr(line.begin, line.end - line.begin));
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const std::string& l : lines) s += l;
    return s;
}

}  // namespace

TEST_CASE("Thai, Lao, Khmer and Myanmar break between dictionary words") {
    struct Case {
        const char* script;
        std::vector<std::string> words;  // the text is these words, no spaces
    };
    const Case cases[] = {
        {"Thai", {"ผม", "ชอบ", "กิน", "ข้าว", "ผัด", "มาก", "ที่สุด", "ใน", "โลก", "นี้", "ครับ"}},
        {"Thai (a hospital sentence)", {"โรง", "พยาบาล", "ของ", "เรา", "ยินดี", "ต้อนรับ", "ทุก", "คน"}},
        {"Lao", {"ສະບາຍດີ", "ທຸກ", "ຄົນ", "ຍິນດີ", "ຕ້ອນຮັບ"}},
        {"Khmer", {"សួស្តី", "អ្នក", "ទាំងអស់", "គ្នា"}},
        {"Myanmar", {"ကျေးဇူးတင်", "ပါသည်", "ဆေးရုံ", "မှ", "ကြိုဆို", "ပါသည်"}},
    };
    for (const Case& c : cases) {
        INFO(c.script);
        std::string text;
        std::set<size_t> word_starts;
        for (const std::string& w : c.words) {
            word_starts.insert(text.size());
            text += w;
        }
        // Widths where every word fits (a wider word is cut between characters, tested below).
        float widest = 0;
        for (const std::string& w : c.words) widest = std::max(widest, shared_engine().width(w, {30, false}));
        for (float width : {widest + 1, widest * 1.4f, widest * 2.1f}) {
            INFO("width " << width);
            const Layout l = shared_engine().layout(text, {30, false}, width, 0);
            if (shared_engine().width(text, {30, false}) > width) CHECK(l.lines.size() > 1);
            CHECK(joined(line_texts(text, l)) == text);
            for (const Line& line : l.lines) {
                CHECK(word_starts.count(line.begin) == 1);
                CHECK(line.width <= width);
            }
        }
    }
}

TEST_CASE("no CJK line starts with closing punctuation or ends with opening punctuation") {
    const std::string text = "今日は病院に来てくれてありがとう。「みなさん」、元気ですか？私たちは（いつも）ここにいます。スタッフ一同、お待ちしております。";
    const std::vector<std::string> no_start = {"。", "、", "）", "」", "？", "ー"};
    const std::vector<std::string> no_end = {"「", "（"};
    int lines_seen = 0;
    for (float width = 90; width <= 400; width += 7) {
        const Layout l = shared_engine().layout(text, {30, false}, width, 0);
        const auto lines = line_texts(text, l);
        CHECK(joined(lines) == text);
        lines_seen += static_cast<int>(lines.size());
        for (const std::string& line : lines) {
            INFO("width " << width << ": " << line);
            for (const std::string& p : no_start) CHECK(line.rfind(p, 0) != 0);
            for (const std::string& p : no_end)
                CHECK((line.size() < p.size() || line.compare(line.size() - p.size(), p.size(), p) != 0));
        }
    }
    CHECK(lines_seen > 100);
}

TEST_CASE("a word or URL longer than the line is cut between characters to fit") {
    struct Case {
        const char* name;
        std::string text;
        float width;
    };
    const Case cases[] = {
        {"60 Latin letters", std::string(60, 'w'), 300},
        {"60 Devanagari syllables", [] { std::string s; for (int i = 0; i < 60; ++i) s += "कि"; return s; }(), 300},
        {"a URL", "see https://example.org/a/very/long/path/that/goes/on/and/on?with=query&and=more", 260},
        {"Arabic with no spaces", [] { std::string s; for (int i = 0; i < 30; ++i) s += "مستشفى"; return s; }(), 280},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const Layout l = shared_engine().layout(c.text, {30, false}, c.width, 0);
        CHECK(l.lines.size() > 1);
        for (const Line& line : l.lines) CHECK(line.width <= c.width);
        std::string all;
        for (const std::string& s : line_texts(c.text, l)) all += s;
        std::string without_spaces = c.text;
        std::erase(without_spaces, ' ');
        std::erase(all, ' ');
        CHECK(all == without_spaces);
    }
}

TEST_CASE("lines never break inside a grapheme cluster") {
    struct Case {
        const char* name;
        std::string cluster;
    };
    const Case cases[] = {
        {"e with a combining acute", "e\xCC\x81"},
        {"Vietnamese stacked marks", "e\xCC\x82\xCC\x81"},
        {"a Devanagari conjunct with a vowel sign", "क्षि"},
        {"a Thai consonant with marks", "ที่"},
        {"a family emoji (ZWJ)", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"},
        {"a flag", "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        std::string text;
        for (int i = 0; i < 40; ++i) text += c.cluster;
        for (float width : {61.0f, 97.0f, 150.0f}) {
            const Layout l = shared_engine().layout(text, {30, false}, width, 0);
            CHECK(l.lines.size() > 1);
            for (const Line& line : l.lines) CHECK(line.begin % c.cluster.size() == 0);
        }
    }
}

TEST_CASE("paragraphs, blank lines and the line limit") {
    const Layout l = shared_engine().layout("one\n\ntwo\n\n", {30, false}, 500, 0);
    REQUIRE(l.lines.size() == 3);
    CHECK(l.lines[1].glyphs.empty());
    CHECK_FALSE(l.truncated);
    const Layout limited = shared_engine().layout("one\ntwo\nthree", {30, false}, 500, 2);
    REQUIRE(limited.lines.size() == 2);
    CHECK(limited.truncated);
    CHECK(limited.lines[1].ellipsis);
    const Layout exact = shared_engine().layout("one\ntwo", {30, false}, 500, 2);
    CHECK_FALSE(exact.truncated);
}
