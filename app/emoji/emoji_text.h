// Finding emoji in post text and swapping each for one private-use
// codepoint (see emoji_registry.h), so ImGui, which holds only 16-bit
// characters, can draw it as one custom colour glyph.
//
// Text is split into grapheme clusters (UAX #29, via utf8proc), so a ZWJ
// family, a flag, a skin-toned hand or a keycap is one unit. A cluster is an
// emoji when it is:
//   - a regional-indicator pair (a flag) or a lone regional indicator;
//   - a keycap: 0-9, # or * followed by U+20E3 (with or without U+FE0F);
//   - a skin-tone modifier on its own;
//   - an Extended_Pictographic base followed by U+FE0F, a ZWJ sequence, a
//     skin tone or tag characters (subdivision flags);
//   - an Extended_Pictographic base that presents as emoji by default
//     (Emoji_Presentation), or any pictograph above U+FFFF, which ImGui could
//     not draw as text anyway.
// Text-style characters stay text: digits, '#', '*', ©, ®, ™, ‼, ❤ and the
// like without U+FE0F, and anything followed by U+FE0E (text presentation).
#pragma once

#include "emoji/emoji_registry.h"

#include <string>
#include <string_view>
#include <vector>

namespace lw::emoji {

// A cluster that got a slot in this call: its bitmap must be rendered (again,
// when `recycled`, since the codepoint meant another emoji before).
struct NewEmoji {
    char32_t codepoint = 0;
    std::string cluster;
    bool recycled = false;
};

struct EmojiText {
    std::string text;               // input with each emoji cluster replaced
    std::vector<NewEmoji> assigned;  // clusters newly given a slot, in text order
    int emoji_count = 0;            // emoji clusters replaced (repeats counted)
    bool repaired = false;          // invalid UTF-8 or private-use input became U+FFFD
};

// Longest cluster treated as an emoji; longer ones (a pictograph buried in
// combining marks) stay text. Real sequences are at most ~40 bytes.
constexpr std::size_t kMaxEmojiClusterBytes = 64;

// Maps `utf8` for display. Valid text that is not emoji is copied byte for
// byte. Invalid UTF-8 sequences become U+FFFD, one per bad byte, and so do
// private-use characters already in the text, so a post can never draw an
// emoji it did not contain. A cluster is left as it was when the registry
// has no slot for it (more distinct emoji in one batch than slots).
EmojiText map_emoji(std::string_view utf8, EmojiRegistry& registry);

// The reverse: each assigned private-use codepoint replaced by its cluster
// (for alt text, logs and tests). Unassigned private-use codepoints stay.
std::string unmap_emoji(std::string_view mapped, const EmojiRegistry& registry);

// The private-use codepoints in mapped text, each once, in order of first
// appearance: what the atlas needs for this text.
std::vector<char32_t> emoji_codepoints_in(std::string_view mapped);

// True when `cluster_utf8` is one grapheme cluster that counts as emoji by
// the rules above.
bool is_emoji_cluster(std::string_view cluster_utf8);

// The grapheme clusters of valid UTF-8 text, as views into it. Invalid bytes
// each form a cluster of their own.
std::vector<std::string_view> split_graphemes(std::string_view utf8);

}  // namespace lw::emoji
