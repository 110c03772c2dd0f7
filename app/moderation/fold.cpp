// Unicode folding with utf8proc, one code point at a time so every folded
// word remembers the bytes it came from (the console highlights them).
#include "moderation/fold.h"

#include <utf8proc.h>

namespace lw::moderation {
namespace {

constexpr utf8proc_int32_t kReplacement = 0xFFFD;

// Decodes the code point at `pos`; a malformed sequence is one byte of U+FFFD.
utf8proc_int32_t decode_at(std::string_view text, std::size_t pos, std::size_t& length) {
    utf8proc_int32_t cp = 0;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos);
    utf8proc_ssize_t n = utf8proc_iterate(bytes, static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (n <= 0 || cp < 0) {
        length = 1;
        return kReplacement;
    }
    length = static_cast<std::size_t>(n);
    return cp;
}

// NFKD + case fold + strip marks + drop default-ignorables, for one code point.
// Writes up to `cap` folded code points into `out`; returns how many.
std::size_t fold_code_point(utf8proc_int32_t cp, utf8proc_int32_t* out, std::size_t cap) {
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    const auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                                        UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                                        UTF8PROC_IGNORE);
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, out, static_cast<utf8proc_ssize_t>(cap), options, &boundclass);
    if (n < 0 || static_cast<std::size_t>(n) > cap) {
        out[0] = cp;  // cannot happen for valid code points with a buffer this size; keep the character
        return 1;
    }
    return static_cast<std::size_t>(n);
}

void append_utf8(std::string& out, utf8proc_int32_t cp) {
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

bool is_word_char(utf8proc_int32_t cp) {
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return true;
    default:
        return false;
    }
}

// Scripts that do not put spaces between words: each character is its own word.
bool is_unspaced_script(utf8proc_int32_t cp) {
    return (cp >= 0x0E00 && cp <= 0x0EFF)     // Thai, Lao
        || (cp >= 0x1000 && cp <= 0x109F)     // Myanmar
        || (cp >= 0x1780 && cp <= 0x17FF)     // Khmer
        || (cp >= 0x3040 && cp <= 0x30FF)     // Hiragana, Katakana
        || (cp >= 0x3400 && cp <= 0x4DBF)     // CJK extension A
        || (cp >= 0x4E00 && cp <= 0x9FFF)     // CJK unified ideographs
        || (cp >= 0xF900 && cp <= 0xFAFF)     // CJK compatibility ideographs
        || (cp >= 0x20000 && cp <= 0x2FFFF);  // CJK extensions B..
}

}  // namespace

std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    utf8proc_int32_t folded[32];
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t len = 0;
        utf8proc_int32_t cp = decode_at(text, pos, len);
        std::size_t n = fold_code_point(cp, folded, 32);
        for (std::size_t i = 0; i < n; ++i) append_utf8(out, folded[i]);
        pos += len;
    }
    return out;
}

std::vector<FoldedWord> fold_words(std::string_view text) {
    std::vector<FoldedWord> words;
    FoldedWord current{{}, 0, 0};
    bool in_word = false;
    auto finish = [&] {
        if (in_word && !current.text.empty()) words.push_back(current);
        in_word = false;
        current = FoldedWord{{}, 0, 0};
    };
    utf8proc_int32_t folded[32];
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t len = 0;
        utf8proc_int32_t cp = decode_at(text, pos, len);
        std::size_t n = fold_code_point(cp, folded, 32);
        if (n == 0) {  // ignorable (soft hyphen, zero-width joiner): invisible, joins nothing
            if (in_word) current.byte_end = pos + len;
            pos += len;
            continue;
        }
        for (std::size_t i = 0; i < n; ++i) {
            utf8proc_int32_t f = folded[i];
            if (!is_word_char(f)) {
                finish();
                continue;
            }
            if (is_unspaced_script(f)) {
                finish();
                FoldedWord single{{}, pos, pos + len};
                append_utf8(single.text, f);
                words.push_back(std::move(single));
                continue;
            }
            if (!in_word) {
                in_word = true;
                current.byte_begin = pos;
            }
            append_utf8(current.text, f);
            current.byte_end = pos + len;
        }
        pos += len;
    }
    finish();
    return words;
}

long find_words(const std::vector<FoldedWord>& hay, const std::vector<FoldedWord>& needle) {
    if (needle.empty() || needle.size() > hay.size()) return -1;
    for (std::size_t start = 0; start + needle.size() <= hay.size(); ++start) {
        bool all = true;
        for (std::size_t k = 0; k < needle.size() && all; ++k) all = hay[start + k].text == needle[k].text;
        if (all) return static_cast<long>(start);
    }
    return -1;
}

std::size_t count_code_points(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < text.size(); ++count) {
        std::size_t len = 0;
        decode_at(text, pos, len);
        pos += len;
    }
    return count;
}

}  // namespace lw::moderation
