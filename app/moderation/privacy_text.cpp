// The privacy guard's normaliser, tokenizer and small helpers shared by its
// detectors.
#include "moderation/privacy_text.h"

#include <utf8proc.h>

#include <cctype>

namespace lw::moderation::privacy {
namespace {

struct CodePoint {
    utf8proc_int32_t cp;
    std::size_t len;
};

CodePoint decode(std::string_view s, std::size_t pos) {
    utf8proc_int32_t cp = 0;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos);
    utf8proc_ssize_t n = utf8proc_iterate(bytes, static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
    if (n <= 0 || cp < 0) return {0xFFFD, 1};
    return {cp, static_cast<std::size_t>(n)};
}

bool is_letter(utf8proc_int32_t cp) {
    if (cp < 0x80) return std::isalpha(static_cast<int>(cp)) != 0;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
        return true;
    default:
        return false;
    }
}

bool is_digit(utf8proc_int32_t cp) { return cp >= '0' && cp <= '9'; }

// The value of a Unicode decimal digit (category Nd), or -1. Unicode puts
// every set of decimal digits in a run of ten starting at zero, and runs of
// sets follow each other (mathematical digits), so the value is the distance
// from the start of the run, modulo ten.
int digit_value(utf8proc_int32_t cp) {
    if (cp >= '0' && cp <= '9') return cp - '0';
    if (cp < 0x80 || utf8proc_category(cp) != UTF8PROC_CATEGORY_ND) return -1;
    utf8proc_int32_t start = cp;
    while (start > 0 && cp - start < 100 && utf8proc_category(start - 1) == UTF8PROC_CATEGORY_ND) --start;
    return static_cast<int>((cp - start) % 10);
}

// Scripts written without spaces between words: one token per character.
bool is_unspaced(utf8proc_int32_t cp) {
    return (cp >= 0x0E00 && cp <= 0x0E7F)     // Thai
        || (cp >= 0x3040 && cp <= 0x30FF)     // Hiragana, Katakana
        || (cp >= 0x3400 && cp <= 0x4DBF)     // CJK extension A
        || (cp >= 0x4E00 && cp <= 0x9FFF)     // CJK unified ideographs
        || (cp >= 0xF900 && cp <= 0xFAFF)     // CJK compatibility ideographs
        || (cp >= 0x20000 && cp <= 0x2FFFF);  // CJK extensions B..
}

// Sentence-ending punctuation of other scripts: 。 ؟ । ۔
bool is_foreign_full_stop(std::string_view t) {
    return t == "\xE3\x80\x82" || t == "\xD8\x9F" || t == "\xE0\xA5\xA4" || t == "\xDB\x94";
}
bool is_apostrophe(utf8proc_int32_t cp) { return cp == '\'' || cp == 0x2019; }
bool is_space(utf8proc_int32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

// Case-folded and compatibility-decomposed (NFKD), with Latin accents and
// Arabic vowel marks dropped ("Cáncer" -> "cancer", "ŁÓŻKO" -> "lozko"). The
// vowel signs of Indic scripts are letters of their words and stay.
bool is_dropped_mark(utf8proc_int32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670;
}

utf8proc_int32_t plain_letter(utf8proc_int32_t cp) {
    switch (cp) {
    case 0x0142: return 'l';  // ł
    case 0x0131: return 'i';  // ı
    case 0x00F8: return 'o';  // ø
    case 0x0111: return 'd';  // đ
    case 0x2019: return '\'';  // ’
    default: return cp;
    }
}

std::string lower_of(std::string_view s) {
    bool ascii = true;
    for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    std::string out;
    out.reserve(s.size());
    if (ascii) {
        for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        return out;
    }
    const auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                                        UTF8PROC_IGNORE);
    utf8proc_int32_t parts[32];
    for (std::size_t pos = 0; pos < s.size();) {
        CodePoint c = decode(s, pos);
        pos += c.len;
        int boundclass = UTF8PROC_BOUNDCLASS_START;
        utf8proc_ssize_t n = utf8proc_decompose_char(c.cp, parts, 32, options, &boundclass);
        if (n < 0 || n > 32) {
            parts[0] = c.cp;
            n = 1;
        }
        for (utf8proc_ssize_t i = 0; i < n; ++i) {
            if (is_dropped_mark(parts[i])) continue;
            utf8proc_uint8_t buf[4];
            utf8proc_ssize_t len = utf8proc_encode_char(plain_letter(parts[i]), buf);
            out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
        }
    }
    return out;
}

void set_case(Token& t) {
    int upper = 0, letters = 0;
    bool first_upper = false;
    for (std::size_t pos = 0; pos < t.text.size();) {
        CodePoint c = decode(t.text, pos);
        if (is_letter(c.cp)) {
            bool up = utf8proc_isupper(c.cp);
            if (letters == 0) first_upper = up;
            ++letters;
            upper += up ? 1 : 0;
        }
        pos += c.len;
    }
    t.all_caps = letters >= 2 && upper == letters;
    t.capitalized = first_upper && !t.all_caps;
}

// Links ("https://…", "www.…"), @mentions and #hashtags run to the next space.
void mark_skipped(TokenText& out) {
    std::string_view s = out.text;
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (std::size_t pos = 0; pos < s.size(); ++pos) {
        bool boundary = pos == 0 || std::isspace(static_cast<unsigned char>(s[pos - 1])) || s[pos - 1] == '(';
        if (!boundary) continue;
        bool link = s.compare(pos, 8, "https://") == 0 || s.compare(pos, 7, "http://") == 0 ||
                    s.compare(pos, 4, "www.") == 0;
        bool mention = s[pos] == '@' && pos + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[pos + 1]));
        bool hashtag = s[pos] == '#' && pos + 1 < s.size() &&
                       (std::isalpha(static_cast<unsigned char>(s[pos + 1])) || static_cast<unsigned char>(s[pos + 1]) >= 0x80);
        if (!link && !mention && !hashtag) continue;
        std::size_t end = pos;
        while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end]))) ++end;
        spans.emplace_back(pos, end);
        pos = end;
    }
    // Both lists are in text order: one pass marks the tokens inside a span.
    std::size_t next = 0;
    for (Token& t : out.tokens) {
        while (next < spans.size() && spans[next].second <= t.begin) ++next;
        if (next < spans.size() && t.begin >= spans[next].first && t.end <= spans[next].second) t.skip = true;
    }
}

}  // namespace

std::string fold_word(std::string_view word) { return lower_of(word); }

NormalText normalise(std::string_view s) {
    NormalText out;
    out.text.reserve(s.size());
    out.original.reserve(s.size() + 1);
    auto put = [&](char c, std::size_t from) {
        out.text.push_back(c);
        out.original.push_back(from);
    };
    for (std::size_t pos = 0; pos < s.size();) {
        const unsigned char byte = static_cast<unsigned char>(s[pos]);
        if (byte < 0x80) {
            put(s[pos], pos);
            ++pos;
            continue;
        }
        CodePoint c = decode(s, pos);
        if (c.cp == 0xFFFD && c.len == 1) {  // a bad byte stays as it is
            put(s[pos], pos);
            ++pos;
            continue;
        }
        int digit = digit_value(c.cp);
        if (digit >= 0) {
            put(static_cast<char>('0' + digit), pos);
        } else if (c.cp >= 0xFF01 && c.cp <= 0xFF5E) {  // full-width ASCII
            put(static_cast<char>(c.cp - 0xFEE0), pos);
        } else if (c.cp >= 0x2010 && c.cp <= 0x2012) {  // hyphens and the figure dash
            put('-', pos);
        } else if (c.cp == 0x3000) {  // ideographic space
            put(' ', pos);
        } else {
            for (std::size_t i = 0; i < c.len; ++i) put(s[pos + i], pos);
        }
        pos += c.len;
    }
    out.original.push_back(s.size());
    return out;
}

TokenText tokenize(std::string_view s) {
    TokenText out{s, {}, nullptr};
    out.tokens.reserve(s.size() / 3 + 8);
    bool space = false, newline = false;
    std::size_t pos = 0;
    while (pos < s.size()) {
        CodePoint c = decode(s, pos);
        if (is_space(c.cp)) {
            space = true;
            newline = newline || c.cp == '\n';
            pos += c.len;
            continue;
        }
        Token t;
        t.begin = pos;
        t.space_before = space;
        t.newline_before = newline;
        if (is_unspaced(c.cp) && is_letter(c.cp)) {
            t.end = pos + c.len;
            t.type = TokenType::Word;
            t.unspaced = true;
        } else if (is_letter(c.cp) || is_digit(c.cp)) {
            bool letters = false, digits = false;
            std::size_t end = pos;
            while (end < s.size()) {
                CodePoint d = decode(s, end);
                if (is_unspaced(d.cp)) break;
                // a digit run does not join the letters of a non-Latin script ("رقم٤٤٧")
                if (is_letter(d.cp) && digits && d.cp >= 0x250) break;
                if (is_digit(d.cp) && letters && c.cp >= 0x250) break;
                if (is_letter(d.cp)) letters = true;
                else if (is_digit(d.cp)) digits = true;
                else if (is_apostrophe(d.cp) && letters && !digits && end + d.len < s.size() &&
                         is_letter(decode(s, end + d.len).cp)) {
                    // "Margaret's", "O'Neill": the apostrophe stays inside the word
                } else {
                    break;
                }
                end += d.len;
            }
            t.end = end;
            t.type = letters && digits ? TokenType::Alnum : letters ? TokenType::Word : TokenType::Number;
        } else {
            t.end = pos + c.len;
            t.type = TokenType::Punct;
        }
        t.text = s.substr(t.begin, t.end - t.begin);
        t.lower = lower_of(t.text);
        set_case(t);
        out.tokens.push_back(std::move(t));
        pos = out.tokens.back().end;
        space = newline = false;
    }
    for (std::size_t i = 0; i < out.tokens.size(); ++i) {
        Token& t = out.tokens[i];
        if (i == 0 || t.newline_before) {
            t.sentence_start = true;
            continue;
        }
        const Token& prev = out.tokens[i - 1];
        t.sentence_start = (t.space_before && (is_punct(prev, '.') || is_punct(prev, '!') || is_punct(prev, '?') ||
                                               prev.text == "\xE2\x80\xA6")) ||  // …
                           is_foreign_full_stop(prev.text);
        if (t.sentence_start && is_punct(prev, '.') && i >= 2 && is_word(out.tokens[i - 2]) &&
            one_of(out.tokens[i - 2].lower, {"dr", "mr", "mrs", "ms", "st", "prof", "no"})) {
            t.sentence_start = false;  // "Dr. Patel" is not a new sentence
        }
    }
    mark_skipped(out);
    return out;
}

bool is_word(const Token& t) { return t.type == TokenType::Word; }

bool is_punct(const Token& t, char c) {
    return t.type == TokenType::Punct && t.text.size() == 1 && t.text[0] == c;
}

bool is_digits(const Token& t, std::size_t min_len, std::size_t max_len) {
    return t.type == TokenType::Number && t.text.size() >= min_len && t.text.size() <= max_len;
}

bool one_of(std::string_view lower, std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
        if (lower == w) return true;
    }
    return false;
}

std::string_view without_possessive(std::string_view lower) {
    if (lower.size() > 2 && lower.ends_with("'s")) lower.remove_suffix(2);
    else if (lower.size() > 1 && lower.ends_with("'")) lower.remove_suffix(1);
    return lower;
}

std::vector<std::size_t> sentence_ids(const std::vector<Token>& k) {
    std::vector<std::size_t> ids(k.size(), 0);
    std::size_t id = 0;
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (i > 0 && k[i].sentence_start) ++id;
        ids[i] = id;
    }
    return ids;
}

void add_finding(std::vector<Finding>& out, PrivacyKind kind, std::size_t begin, std::size_t end) {
    add_finding(out, kind, begin, end, {});
}

void add_finding(std::vector<Finding>& out, PrivacyKind kind, std::size_t begin, std::size_t end,
                 std::string detail) {
    out.push_back(Finding{kind, begin, end, privacy_reason(kind), std::move(detail)});
}

}  // namespace lw::moderation::privacy
