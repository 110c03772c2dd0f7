// Tests for wall/text_layout: wrapping never cuts words or UTF-8 sequences.
#include "wall/text_layout.h"

#include <catch2/catch.hpp>

using namespace lw::wall;

namespace {

// 10 px per character (code point), so widths are easy to reason about.
float measure(std::string_view s) {
    float w = 0;
    for (size_t i = 0; i < s.size(); i += static_cast<size_t>(utf8_sequence_length(static_cast<unsigned char>(s[i]))))
        w += 10;
    return w;
}

bool valid_utf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const int len = utf8_sequence_length(static_cast<unsigned char>(s[i]));
        if (i + static_cast<size_t>(len) > s.size()) return false;
        for (int k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0xC0) != 0x80) return false;
        i += static_cast<size_t>(len);
    }
    return true;
}

}  // namespace

TEST_CASE("wrap_text breaks between words", "[text]") {
    struct Case {
        const char* text;
        float width;
        int max_lines;
        std::vector<std::string> lines;
        bool truncated;
    };
    const Case cases[] = {
        {"hello world", 200, 0, {"hello world"}, false},
        {"hello world", 60, 0, {"hello", "world"}, false},
        {"one two three four", 90, 0, {"one two", "three", "four"}, false},
        {"  spaced   out  ", 200, 0, {"spaced out"}, false},
        {"first\nsecond", 200, 0, {"first", "second"}, false},
        {"para one\n\npara two", 200, 0, {"para one", "", "para two"}, false},
        {"one two three four five", 90, 2, {"one two", "three\xE2\x80\xA6"}, true},
        {"abcdefghijkl", 50, 0, {"abcde", "fghij", "kl"}, false},  // one word wider than a line
        {"ends with newline\n", 200, 1, {"ends with newline"}, false},
        {"", 100, 0, {}, false},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        WrappedText w = wrap_text(c.text, c.width, c.max_lines, measure);
        CHECK(w.lines == c.lines);
        CHECK(w.truncated == c.truncated);
        for (const std::string& line : w.lines) CHECK(measure(line) <= c.width);
    }
}

TEST_CASE("wrap_text never splits a multi-byte character", "[text]") {
    const std::string texts[] = {
        "Dziękuję bardzo za opiekę nad moją mamą",
        "Ευχαριστούμε πολύ για τη φροντίδα",
        "Спасибо большое за заботу",
        "ääääääääääääääääääääääääääää",
    };
    for (const std::string& t : texts) {
        for (float width : {30.0f, 50.0f, 70.0f, 110.0f}) {
            for (int max_lines : {0, 1, 2}) {
                WrappedText w = wrap_text(t, width, max_lines, measure);
                for (const std::string& line : w.lines) {
                    INFO(t << " @" << width << ": " << line);
                    CHECK(valid_utf8(line));
                    CHECK(measure(line) <= width);
                }
            }
        }
    }
}

TEST_CASE("shorten_url keeps URLs readable", "[text]") {
    struct Case { const char* in; const char* out; };
    const Case cases[] = {
        {"https://www.example.org/", "example.org"},
        {"http://example.org/news", "example.org/news"},
        {"https://stvincents.example/a/very/long/path/to/a/page?x=1", "stvincents.example/a/very/lo\xE2\x80\xA6"},
        {"not-a-url", "not-a-url"},
        {"#StVKnee", "#StVKnee"},
    };
    for (const Case& c : cases) CHECK(shorten_url(c.in) == c.out);
}

namespace {

// The first code point of `s` (0 when empty), decoded by hand.
char32_t first_code_point(std::string_view s) {
    if (s.empty()) return 0;
    const auto c = static_cast<unsigned char>(s[0]);
    const int len = utf8_sequence_length(c);
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && static_cast<size_t>(k) < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[static_cast<size_t>(k)]) & 0x3F);
    return cp;
}

// Code points that only ever continue a cluster: a line must never start with one.
bool continues_cluster(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F)     // combining accents
           || (cp >= 0x0591 && cp <= 0x05C7)  // Hebrew points
           || (cp >= 0x064B && cp <= 0x065F)  // Arabic harakat
           || (cp >= 0x093A && cp <= 0x094F)  // Devanagari vowel signs and virama
           || (cp >= 0x1160 && cp <= 0x11FF)  // Hangul medial and final jamo
           || cp == 0x200D || cp == 0xFE0F    // ZWJ, emoji presentation
           || (cp >= 0x1F3FB && cp <= 0x1F3FF);  // skin tones
}

std::string joined(const std::vector<std::string>& lines, const char* sep) {
    std::string out;
    for (const std::string& l : lines) out += (out.empty() ? "" : sep) + l;
    return out;
}

}  // namespace

TEST_CASE("grapheme_end keeps clusters whole", "[text]") {
    CHECK(grapheme_end("abc", 0) == 1);
    CHECK(grapheme_end("e\xCC\x81x", 0) == 3);                      // e + combining acute
    const std::string family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";  // man ZWJ woman ZWJ girl
    CHECK(grapheme_end(family + "!", 0) == family.size());
    const std::string flags = "\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7";  // GB FR
    CHECK(grapheme_end(flags, 0) == 8);
    CHECK(grapheme_end(flags, 8) == 16);
    const std::string thumb = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";  // thumbs up, medium skin tone
    CHECK(grapheme_end(thumb + "a", 0) == thumb.size());
    CHECK(grapheme_end("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8x", 0) == 9);  // Hangul jamo L V T
    CHECK(grapheme_end("\xFF" "abc", 0) == 1);  // an invalid byte stands alone
    CHECK(grapheme_end("ab", 2) == 2);
}

TEST_CASE("wrap_text never splits a grapheme cluster", "[text]") {
    const std::string e_acute = "e\xCC\x81";
    const std::string family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
    const std::string thumb = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";
    const std::string flags = "\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7";
    const std::string heart = "\xE2\x9D\xA4\xEF\xB8\x8F";  // heart + VS16
    std::string accents;
    for (int i = 0; i < 12; ++i) accents += e_acute;
    const std::string texts[] = {
        accents,
        family + family + family + family,
        thumb + thumb + thumb + thumb + thumb,
        flags + flags + flags,
        heart + heart + heart + heart,
        "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87",  // नमस्तेनमस्ते
        "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8\xE1\x84\x82\xE1\x85\xA1\xE1\x86\xAB\xE1\x84\x83\xE1\x85\xA1\xE1\x86\xAF",  // three jamo syllables
        "\xD8\xB4\xD9\x8F\xD9\x83\xD9\x92\xD8\xB1\xD9\x8B\xD8\xA7\xD8\xB4\xD9\x8F\xD9\x83\xD9\x92\xD8\xB1\xD9\x8B\xD8\xA7",  // شُكْرًا twice
    };
    for (const std::string& t : texts) {
        for (float width : {20.0f, 30.0f, 40.0f, 50.0f, 70.0f}) {
            for (int max_lines : {0, 2}) {
                WrappedText w = wrap_text(t, width, max_lines, measure);
                REQUIRE_FALSE(w.lines.empty());
                for (const std::string& line : w.lines) {
                    INFO(t << " @" << width << "/" << max_lines << ": " << line);
                    CHECK(valid_utf8(line));
                    CHECK_FALSE(continues_cluster(first_code_point(line)));
                }
                if (max_lines == 0) {
                    // One long word split across lines: nothing lost, nothing reordered,
                    // and each break on a cluster boundary of the original.
                    CHECK(joined(w.lines, "") == t);
                    size_t at = 0;
                    for (const std::string& line : w.lines) {
                        size_t b = 0;
                        while (b < at) b = grapheme_end(t, b);
                        CHECK(b == at);
                        at += line.size();
                    }
                } else if (w.truncated) {
                    // The ellipsis goes after a whole cluster too.
                    const std::string all = joined(w.lines, "");
                    REQUIRE(all.size() > 3);
                    CHECK(all.substr(all.size() - 3) == "\xE2\x80\xA6");
                    const size_t end = all.size() - 3;
                    CHECK(t.compare(0, end, all, 0, end) == 0);
                    size_t b = 0;
                    while (b < end) b = grapheme_end(t, b);
                    CHECK(b == end);
                }
            }
        }
    }
}

TEST_CASE("wrap_text ends at the line limit with an ellipsis that fits", "[text]") {
    // Exactly two lines' worth: no ellipsis.
    WrappedText two = wrap_text("alpha beta gamma delta", 110, 2, measure);
    CHECK(two.lines == std::vector<std::string>{"alpha beta", "gamma delta"});
    CHECK_FALSE(two.truncated);
    // One word more: the second line ends with "…" and still fits the width.
    WrappedText three = wrap_text("alpha beta gamma delta epsilon", 110, 2, measure);
    REQUIRE(three.lines.size() == 2);
    CHECK(three.truncated);
    CHECK(three.lines[0] == "alpha beta");
    CHECK(three.lines[1] == "gamma delt\xE2\x80\xA6");  // the ellipsis takes the last letter's room
    CHECK(measure(three.lines[1]) == 110);
    for (float width : {60.0f, 80.0f, 110.0f, 200.0f}) {
        for (int max_lines : {1, 2, 3}) {
            const std::string post =
                "Thank you to the whole team on ward seven for looking after my father so kindly last week";
            WrappedText w = wrap_text(post, width, max_lines, measure);
            INFO(width << "/" << max_lines);
            CHECK(static_cast<int>(w.lines.size()) <= max_lines);
            for (const std::string& line : w.lines) CHECK(measure(line) <= width);
            if (w.truncated) CHECK(w.lines.back().size() >= 3);
            if (w.truncated) CHECK(w.lines.back().substr(w.lines.back().size() - 3) == "\xE2\x80\xA6");
            // Whole words only (apart from the ellipsis): every word on a line is a word of the post.
            for (const std::string& line : w.lines) {
                std::string l = line;
                if (l.size() >= 3 && l.substr(l.size() - 3) == "\xE2\x80\xA6") l.resize(l.size() - 3);
                CHECK(post.find(l) != std::string::npos);
            }
        }
    }
}

TEST_CASE("wrap_text shows URLs shortened", "[text]") {
    WrappedText w = wrap_text("Read it at https://www.stvincents.example/news/2026/new-childrens-wing-opens?utm_source=x today",
                              300, 0, measure);
    const std::string all = joined(w.lines, " ");
    CHECK(all == "Read it at stvincents.example/news/2026\xE2\x80\xA6 today");
    CHECK(all.find("https://") == std::string::npos);
    for (const std::string& line : w.lines) CHECK(measure(line) <= 300);
    // Short URLs lose only the scheme and "www.".
    CHECK(joined(wrap_text("see https://example.org/a", 400, 0, measure).lines, " ") == "see example.org/a");
    // A URL is shortened after whole clusters: an accent at the cut stays with its letter.
    const std::string accented = "https://example.org/caf" "e\xCC\x81" "e\xCC\x81xyz";
    CHECK(shorten_url(accented, 17) == "example.org/caf\xE2\x80\xA6");
    CHECK(shorten_url(accented, 19) == "example.org/cafe\xCC\x81\xE2\x80\xA6");
    CHECK(shorten_url("https://example.org/cafe\xCC\x81xyz", 16) == "example.org/caf\xE2\x80\xA6");
}

TEST_CASE("right-to-left text stays in logical order, intact", "[text]") {
    // Hebrew and Arabic are stored first letter first; ImGui draws them in that
    // order (no bidi shaping), so wrapping must neither reverse nor cut them.
    const std::string texts[] = {
        "\xD7\xAA\xD7\x95\xD7\x93\xD7\x94 \xD7\xA8\xD7\x91\xD7\x94 \xD7\x9C\xD7\xA6\xD7\x95\xD7\x95\xD7\xAA "
        "\xD7\x94\xD7\x9E\xD7\x97\xD7\x9C\xD7\xA7\xD7\x94",  // תודה רבה לצוות המחלקה
        "\xD8\xB4\xD9\x83\xD8\xB1\xD8\xA7 \xD8\xAC\xD8\xB2\xD9\x8A\xD9\x84\xD8\xA7 \xD9\x84\xD9\x84\xD8\xB7\xD8\xA7\xD9\x82\xD9\x85 "
        "\xD8\xA7\xD9\x84\xD8\xB7\xD8\xA8\xD9\x8A",  // شكرا جزيلا للطاقم الطبي
        "\xD8\xB4\xD9\x8F\xD9\x83\xD9\x92\xD8\xB1\xD9\x8B\xD8\xA7 \xD9\x84\xD9\x8E\xD9\x83\xD9\x8F\xD9\x85\xD9\x92",  // شُكْرًا لَكُمْ (with harakat)
        "Thanks \xD7\xAA\xD7\x95\xD7\x93\xD7\x94 merci \xD8\xB4\xD9\x83\xD8\xB1\xD8\xA7 2026",  // mixed directions
    };
    for (const std::string& t : texts) {
        for (float width : {70.0f, 90.0f, 130.0f, 1000.0f}) {  // the longest word is 7 code points
            WrappedText w = wrap_text(t, width, 0, measure);
            INFO(t << " @" << width);
            CHECK_FALSE(w.truncated);
            // Joined back, the lines are the text, byte for byte, in the same order.
            CHECK(joined(w.lines, " ") == t);
            for (const std::string& line : w.lines) {
                CHECK(valid_utf8(line));
                CHECK_FALSE(continues_cluster(first_code_point(line)));
            }
        }
        CHECK(wrap_text(t, 1000, 0, measure).lines == std::vector<std::string>{t});
    }
}

TEST_CASE("handles: Bluesky gets the @ the app shows, others stay as they are", "[text]") {
    struct Case {
        lw::SourceKind kind;
        const char* handle;
        const char* shown;
    };
    const Case cases[] = {
        {lw::SourceKind::BlueskyAuthor, "alice.bsky.social", "@alice.bsky.social"},
        {lw::SourceKind::BlueskyFeed, "stvincents.example", "@stvincents.example"},
        {lw::SourceKind::BlueskySearch, "@already.bsky.social", "@already.bsky.social"},
        {lw::SourceKind::BlueskySearch, "", ""},
        {lw::SourceKind::MastodonHashtag, "@sam@social.example", "@sam@social.example"},
        {lw::SourceKind::WebFeed, "Ward 7 Blog", "Ward 7 Blog"},
        {lw::SourceKind::Staff, "Communications", "Communications"},
    };
    for (const Case& c : cases) {
        INFO(c.handle);
        lw::Post p;
        p.source_kind = c.kind;
        p.handle = c.handle;
        CHECK(shown_handle(p) == c.shown);
    }
}

TEST_CASE("shorten_urls shortens every URL among the words and keeps the rest", "[text]") {
    struct Case {
        const char* in;
        const char* out;
    };
    const Case cases[] = {
        {"plain words", "plain words"},
        {"see https://www.example.org/ now", "see example.org now"},
        {"a\nhttps://example.org/a/very/long/path/that/goes/on and http://x.example/",
         "a\nexample.org/a/very/long/path…" " and x.example"},
        {"زوروا https://example.org/thanks اليوم", "زوروا example.org/thanks اليوم"},
    };
    for (const Case& c : cases) {
        INFO(c.in);
        CHECK(shorten_urls(c.in) == c.out);
    }
}
