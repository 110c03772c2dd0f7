// Internal to the privacy guard: the token stream its detectors read. The
// text is first normalised so that every detector sees ASCII digits and
// punctuation: a decimal digit of any script (U+0660 Arabic-Indic, U+06F0
// Extended Arabic-Indic, U+0966 Devanagari, U+09E6 Bengali, U+0E50 Thai,
// U+FF10 full-width and every other Unicode Nd digit) becomes its ASCII digit,
// full-width forms become ASCII, and hyphen look-alikes become '-'. Offsets
// found in the normalised text are mapped back to the original bytes.
// Then it is split into words, numbers, mixed letter-digit runs ("7B",
// "MRN1234") and single punctuation characters, each with its byte span and
// facts the detectors ask about (capitalised? after a line break? inside a
// link, mention or hashtag?). Han, kana and Thai characters are one token
// each, as those scripts put no spaces between words. Not a public header.
#pragma once

#include "moderation/privacy_guard.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace lw::moderation::privacy {

enum class TokenType { Word, Number, Alnum, Punct };

struct Token {
    TokenType type = TokenType::Punct;
    std::size_t begin = 0;       // bytes into the text
    std::size_t end = 0;
    std::string_view text;       // the original bytes
    std::string lower;           // lower-cased, accents dropped (utf8proc fold), typographic apostrophe as '
    bool space_before = false;   // whitespace between the previous token and this one
    bool newline_before = false;
    bool capitalized = false;    // starts with an upper-case letter, not all capitals
    bool all_caps = false;       // two or more letters, all upper-case ("ICU", "NHS")
    bool skip = false;           // inside a link, @mention or #hashtag
    bool sentence_start = false; // first token of the text, a line or a sentence
    bool unspaced = false;       // one Han, kana or Thai character
    // which word lists have an entry starting with this word (privacy_lexicon.cpp), filled on first use
    mutable std::uint32_t lexicon_mask = 0xFFFFFFFFu;
};

struct TokenText {
    std::string_view text;       // the normalised text the detectors read
    std::vector<Token> tokens;   // spans into `text`
    const PrivacySettings* settings = nullptr;
};

// The normalised text and, for each of its bytes (and one past the end), the
// offset in the original text of the character it came from.
struct NormalText {
    std::string text;
    std::vector<std::size_t> original;
};

NormalText normalise(std::string_view text);
TokenText tokenize(std::string_view normalised_text);

// Folds a word the way Token::lower is folded (for building word lists).
std::string fold_word(std::string_view word);

bool is_word(const Token& t);                  // Word (letters only)
bool is_punct(const Token& t, char c);         // the one-byte punctuation c
bool is_digits(const Token& t, std::size_t min_len, std::size_t max_len);
bool one_of(std::string_view lower, std::initializer_list<std::string_view> words);

// The lower-cased word without a possessive "'s" ("margaret's" -> "margaret").
std::string_view without_possessive(std::string_view lower);

// The index of the sentence each token is in (counting from 0).
std::vector<std::size_t> sentence_ids(const std::vector<Token>& tokens);

// Appends a finding (the reason comes from the kind).
void add_finding(std::vector<Finding>& out, PrivacyKind kind, std::size_t begin, std::size_t end);
// The same with the reason in words for the moderator ("looks like a child's name with a ward").
void add_finding(std::vector<Finding>& out, PrivacyKind kind, std::size_t begin, std::size_t end,
                 std::string detail);

// Detectors, each appending its findings.
void find_emails(const TokenText& t, std::vector<Finding>& out);
void find_number_runs(const TokenText& t, std::vector<Finding>& out);   // phones, ID-like runs
void find_labelled_ids(const TokenText& t, std::vector<Finding>& out);  // MRN 123, record #…
void find_dates_of_birth(const TokenText& t, std::vector<Finding>& out);
void find_addresses(const TokenText& t, std::vector<Finding>& out);
void find_rooms(const TokenText& t, std::vector<Finding>& out);
void find_names_with_conditions(const TokenText& t, std::vector<Finding>& out);
void find_my_patient(const TokenText& t, std::vector<Finding>& out);
void find_spelled_phones(const TokenText& t, std::vector<Finding>& out);  // "oh seven seven double oh…"

}  // namespace lw::moderation::privacy
