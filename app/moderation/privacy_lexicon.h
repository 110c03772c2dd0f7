// Internal to the privacy guard: its words in the languages the wall shows
// (see privacy_lexicon.cpp). A Lexicon holds folded single words and phrases;
// match() says how many tokens an entry covers at a position.
#pragma once

#include "moderation/privacy_text.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lw::moderation::privacy {

class Lexicon {
public:
    Lexicon(std::initializer_list<std::string_view> entries);
    // The number of tokens of the longest entry starting at token i, or 0.
    std::size_t match(const std::vector<Token>& k, std::size_t i) const;
    bool has(std::string_view folded_word) const;

private:
    std::uint32_t bit_ = 0;  // this list's bit in Token::lexicon_mask
    // lookups by string_view without building a std::string
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_set<std::string, Hash, std::equal_to<>> singles_;
    std::unordered_map<std::string, std::vector<std::vector<std::string>>, Hash, std::equal_to<>> phrases_;
    std::size_t longest_ = 1;
};

// Builds every list once (call before reading Token::lexicon_mask).
void load_lexicons();

const Lexicon& conditions();          // conditions, procedures, states of care
const Lexicon& care_places();         // wards, units, "in hospital"
const Lexicon& kinship_words();       // "my brother", "baby", "abuela", "أخي", "奶奶"
const Lexicon& honorifics_after();    // "teyze", "जी", "先生" after a name
const Lexicon& address_phrases();     // "get well soon", "pray for", "gute Besserung"
const Lexicon& private_titles();      // Mr, Mrs, Sra, Herr, Pani
const Lexicon& staff_titles_world();  // Dr, Nurse, Dra., Schwester, الدكتور, 护士, jobs
const Lexicon& thanks_world();        // gracias, merci, danke, شكرا, धन्यवाद, 谢谢

const Lexicon& illness_wishes();      // "get well soon", "gute Besserung", "早日康复"

// Words at token i (the number of tokens they span, or 0) around a number:
std::size_t phone_word_at(const std::vector<Token>& k, std::size_t i);           // call, tel, رقم, 电话
std::size_t public_service_word_at(const std::vector<Token>& k, std::size_t i);  // helpline, switchboard
std::size_t personal_word_at(const std::vector<Token>& k, std::size_t i);        // me, my, mum
bool is_mailbox_role_word(std::string_view lower);
bool is_born_word(std::string_view folded);
bool is_room_word(std::string_view folded);
bool is_foreign_street_word(std::string_view folded);
std::size_t id_label_at(const std::vector<Token>& k, std::size_t i);
std::size_t dob_label_at(const std::vector<Token>& k, std::size_t i);
std::size_t my_patient_at(const std::vector<Token>& k, std::size_t i);

}  // namespace lw::moderation::privacy
