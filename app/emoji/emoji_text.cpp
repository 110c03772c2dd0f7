// Grapheme segmentation, emoji detection and private-use mapping: see
// emoji_text.h.
#include "emoji/emoji_text.h"

#include <utf8proc.h>

#include <algorithm>

namespace lw::emoji {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kZwj = 0x200D;
constexpr char32_t kTextStyle = 0xFE0E;
constexpr char32_t kEmojiStyle = 0xFE0F;
constexpr char32_t kKeycap = 0x20E3;

// One decoded codepoint and where it sits in the input; `valid` is false for
// a byte that starts no valid UTF-8 sequence (decoded as U+FFFD).
struct Decoded {
    char32_t cp;
    std::size_t begin;
    std::size_t end;
    bool valid;
};

std::vector<Decoded> decode(std::string_view utf8) {
    std::vector<Decoded> out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data() + i),
                                        static_cast<utf8proc_ssize_t>(utf8.size() - i), &cp);
        if (n <= 0) {
            out.push_back({kReplacement, i, i + 1, false});
            ++i;
        } else {
            out.push_back({static_cast<char32_t>(cp), i, i + static_cast<std::size_t>(n), true});
            i += static_cast<std::size_t>(n);
        }
    }
    return out;
}

// Cluster boundaries over decoded codepoints: indices where a cluster starts,
// plus decoded.size() at the end.
std::vector<std::size_t> cluster_starts(const std::vector<Decoded>& decoded) {
    std::vector<std::size_t> starts;
    if (decoded.empty()) return {0};
    starts.push_back(0);
    utf8proc_int32_t state = 0;
    for (std::size_t i = 1; i < decoded.size(); ++i) {
        // An invalid byte never joins its neighbours.
        const bool forced = !decoded[i].valid || !decoded[i - 1].valid;
        const bool brk = utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(decoded[i - 1].cp),
                                                          static_cast<utf8proc_int32_t>(decoded[i].cp), &state);
        if (forced || brk) {
            starts.push_back(i);
            if (forced) state = 0;
        }
    }
    starts.push_back(decoded.size());
    return starts;
}

bool is_extended_pictographic(char32_t c) {
    const auto* p = utf8proc_get_property(static_cast<utf8proc_int32_t>(c));
    return p->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC || p->boundclass == UTF8PROC_BOUNDCLASS_E_ZWG;
}

// Emoji_Presentation among pictographs: since Unicode 9 these are exactly
// the wide (East_Asian_Width W) ones, except four CJK symbols that are wide
// but text by default (〰 〽 ㊗ ㊙).
bool has_emoji_presentation(char32_t c) {
    if (c == 0x3030 || c == 0x303D || c == 0x3297 || c == 0x3299) return false;
    return is_extended_pictographic(c) && utf8proc_charwidth(static_cast<utf8proc_int32_t>(c)) == 2;
}

bool is_regional_indicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }
bool is_skin_tone(char32_t c) { return c >= 0x1F3FB && c <= 0x1F3FF; }
bool is_tag(char32_t c) { return c >= 0xE0020 && c <= 0xE007F; }
bool is_keycap_base(char32_t c) { return (c >= '0' && c <= '9') || c == '#' || c == '*'; }

bool is_emoji_codepoints(const char32_t* cps, std::size_t count) {
    if (count == 0) return false;
    const char32_t* end = cps + count;
    auto contains = [&](auto pred) { return std::any_of(cps, end, pred); };
    if (contains([](char32_t c) { return c == kTextStyle; })) return false;
    const char32_t first = cps[0];
    if (is_regional_indicator(first)) return true;
    if (is_keycap_base(first)) return contains([](char32_t c) { return c == kKeycap; });
    if (is_skin_tone(first)) return true;
    if (!is_extended_pictographic(first)) return false;
    if (contains([](char32_t c) { return c == kEmojiStyle || c == kZwj || is_skin_tone(c) || is_tag(c); }))
        return true;
    return first > 0xFFFF || has_emoji_presentation(first);
}

void append_utf8(std::string& out, char32_t cp) {
    utf8proc_uint8_t buf[4];
    const auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

}  // namespace

bool is_emoji_cluster(std::string_view cluster_utf8) {
    if (cluster_utf8.empty() || cluster_utf8.size() > kMaxEmojiClusterBytes) return false;
    const std::vector<Decoded> decoded = decode(cluster_utf8);
    if (std::any_of(decoded.begin(), decoded.end(), [](const Decoded& d) { return !d.valid; })) return false;
    if (cluster_starts(decoded).size() != 2) return false;  // more than one cluster
    std::vector<char32_t> cps;
    cps.reserve(decoded.size());
    for (const Decoded& d : decoded) cps.push_back(d.cp);
    return is_emoji_codepoints(cps.data(), cps.size());
}

std::vector<std::string_view> split_graphemes(std::string_view utf8) {
    const std::vector<Decoded> decoded = decode(utf8);
    const std::vector<std::size_t> starts = cluster_starts(decoded);
    std::vector<std::string_view> out;
    for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
        const std::size_t begin = decoded[starts[k]].begin;
        const std::size_t end = decoded[starts[k + 1] - 1].end;
        out.push_back(utf8.substr(begin, end - begin));
    }
    return out;
}

EmojiText map_emoji(std::string_view utf8, EmojiRegistry& registry) {
    EmojiText result;
    result.text.reserve(utf8.size());
    const std::vector<Decoded> decoded = decode(utf8);
    if (decoded.empty()) return result;
    const std::vector<std::size_t> starts = cluster_starts(decoded);
    auto scope = registry.protect();
    std::vector<char32_t> cps;

    for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
        const std::size_t first = starts[k];
        const std::size_t last = starts[k + 1];  // exclusive
        const std::size_t begin = decoded[first].begin;
        const std::size_t end = decoded[last - 1].end;
        cps.clear();
        bool clean = true;
        for (std::size_t i = first; i < last; ++i) {
            cps.push_back(decoded[i].cp);
            clean = clean && decoded[i].valid && !is_private_use(decoded[i].cp);
        }
        if (clean && end - begin <= kMaxEmojiClusterBytes && is_emoji_codepoints(cps.data(), cps.size())) {
            const std::string_view cluster = utf8.substr(begin, end - begin);
            if (auto a = registry.assign(cluster)) {
                if (a->is_new) result.assigned.push_back({a->codepoint, std::string(cluster), a->recycled});
                append_utf8(result.text, a->codepoint);
                ++result.emoji_count;
                continue;
            }
        }
        if (clean) {
            result.text.append(utf8.substr(begin, end - begin));
            continue;
        }
        for (std::size_t i = first; i < last; ++i) {
            if (decoded[i].valid && !is_private_use(decoded[i].cp)) {
                result.text.append(utf8.substr(decoded[i].begin, decoded[i].end - decoded[i].begin));
            } else {
                append_utf8(result.text, kReplacement);
                result.repaired = true;
            }
        }
    }
    return result;
}

std::string unmap_emoji(std::string_view mapped, const EmojiRegistry& registry) {
    std::string out;
    out.reserve(mapped.size() * 2);
    for (const Decoded& d : decode(mapped)) {
        const std::string* cluster = d.valid ? registry.cluster_of(d.cp) : nullptr;
        if (cluster)
            out += *cluster;
        else
            out.append(mapped.substr(d.begin, d.end - d.begin));
    }
    return out;
}

std::vector<char32_t> emoji_codepoints_in(std::string_view mapped) {
    std::vector<char32_t> out;
    for (const Decoded& d : decode(mapped))
        if (d.valid && is_private_use(d.cp) && std::find(out.begin(), out.end(), d.cp) == out.end())
            out.push_back(d.cp);
    return out;
}

}  // namespace lw::emoji
