// Unicode text folding for word matching: case- and accent-insensitive
// comparison of block words against post text. "ÍDIOT", "Idiot" and "idiot"
// all fold to "idiot"; full-width and other compatibility forms fold to their
// plain letters; invisible characters (soft hyphens, zero-width joiners) are
// dropped so they cannot split a word. Built on utf8proc (NFKD, STRIPMARK,
// CASEFOLD, IGNORE). Invalid UTF-8 never fails: a bad byte becomes U+FFFD.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lw::moderation {

// One word of folded text, with where it came from in the original bytes.
struct FoldedWord {
    std::string text;        // folded UTF-8
    std::size_t byte_begin;  // into the original text
    std::size_t byte_end;
};

// The whole text folded (separators kept as they are, folded too).
std::string fold(std::string_view text);

// The words of a text, folded. A word is a run of letters and digits (Unicode
// categories L* and N*). Characters of scripts written without spaces between
// words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) are one word each,
// so a block word in those scripts matches wherever its characters appear in a row.
std::vector<FoldedWord> fold_words(std::string_view text);

// Where `needle` (a word or a phrase, already split by fold_words) occurs in
// `hay` as consecutive whole words; the index of the first word, or -1.
// Words of a phrase match across any run of spaces, line breaks or punctuation.
long find_words(const std::vector<FoldedWord>& hay, const std::vector<FoldedWord>& needle);

// The number of Unicode code points (a bad byte counts as one).
std::size_t count_code_points(std::string_view text);

}  // namespace lw::moderation
