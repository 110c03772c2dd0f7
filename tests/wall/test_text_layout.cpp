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
