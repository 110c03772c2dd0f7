// The privacy guard's tokenizer and small helpers shared by its detectors.
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
bool is_apostrophe(utf8proc_int32_t cp) { return cp == '\'' || cp == 0x2019; }
bool is_space(utf8proc_int32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

std::string lower_of(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.compare(i, 3, "\xE2\x80\x99") == 0) {  // ’
            out.push_back('\'');
            i += 2;
            continue;
        }
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
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

TokenText tokenize(std::string_view s) {
    TokenText out{s, {}};
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
        if (is_letter(c.cp) || is_digit(c.cp)) {
            bool letters = false, digits = false;
            std::size_t end = pos;
            while (end < s.size()) {
                CodePoint d = decode(s, end);
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
        t.sentence_start = t.space_before && (is_punct(prev, '.') || is_punct(prev, '!') || is_punct(prev, '?') ||
                                              prev.text == "\xE2\x80\xA6");  // …
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
    out.push_back(Finding{kind, begin, end, privacy_reason(kind)});
}

}  // namespace lw::moderation::privacy
