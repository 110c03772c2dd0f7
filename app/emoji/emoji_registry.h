// Which private-use codepoint stands for which emoji. Dear ImGui 1.86 on
// Debian keeps characters in 16 bits, so an emoji (often several codepoints
// above U+FFFF: a ZWJ family, a flag, a skin tone) cannot be a font glyph.
// Instead each emoji grapheme cluster gets one codepoint from the Unicode
// private-use area U+E000..U+F8FF (6,400 slots), backed by a custom glyph in
// the atlas. The registry remembers cluster <-> codepoint: the same cluster
// always gets the same codepoint while it keeps its slot. When every slot is
// taken, the least recently used one is recycled and the caller is told
// (Assignment::recycled), because texts mapped earlier with that codepoint
// and any bitmap drawn for it now mean a different emoji.
//
// Not thread-safe: one owner (the render thread) uses it. Holds no file,
// no GL and no font.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lw::emoji {

constexpr char32_t kFirstPrivateUse = 0xE000;
constexpr char32_t kLastPrivateUse = 0xF8FF;
constexpr std::size_t kPrivateUseSlots = kLastPrivateUse - kFirstPrivateUse + 1;  // 6400

constexpr bool is_private_use(char32_t c) { return c >= kFirstPrivateUse && c <= kLastPrivateUse; }

class EmojiRegistry {
public:
    struct Assignment {
        char32_t codepoint = 0;
        bool is_new = false;          // the cluster had no slot before this call: render it
        bool recycled = false;        // the slot was taken from `evicted_cluster`
        std::string evicted_cluster;  // empty unless recycled
    };

    // `capacity` slots from U+E000 up (1..6400; smaller only for tests or a
    // tighter atlas budget).
    explicit EmojiRegistry(std::size_t capacity = kPrivateUseSlots);
    EmojiRegistry(const EmojiRegistry&) = delete;
    EmojiRegistry& operator=(const EmojiRegistry&) = delete;

    // The codepoint for `cluster`, marking it most recently used. A new cluster
    // takes a free slot, or else recycles the least recently used one. Nullopt
    // only when the registry is full and every slot was used inside the open
    // protect() scope (more distinct emoji on screen than slots).
    std::optional<Assignment> assign(std::string_view cluster);

    // Marks `codepoint` as used now (e.g. it is still on screen) so it is
    // recycled last. False when the codepoint has no cluster.
    bool touch(char32_t codepoint);

    // Lookups that do not change the recency order.
    std::optional<char32_t> find(std::string_view cluster) const;
    const std::string* cluster_of(char32_t codepoint) const;  // nullptr when unassigned

    std::size_t size() const { return by_cluster_.size(); }
    std::size_t capacity() const { return slots_.size(); }
    // +1 for every new assignment: the atlas needs more glyphs.
    std::uint64_t revision() const { return revision_; }
    // +1 for every recycled slot: texts mapped before may now show another emoji
    // and should be mapped again.
    std::uint64_t recycle_count() const { return recycles_; }
    // Every assigned (codepoint, cluster), in codepoint order.
    std::vector<std::pair<char32_t, std::string>> entries() const;

    // While a Scope is alive, slots used since it opened are not recycled, so
    // one text (or one whole snapshot, if the caller opens a scope around it)
    // never has an emoji's slot taken by another emoji of the same batch.
    // Scopes nest; protection ends when the outermost closes.
    class Scope {
    public:
        explicit Scope(EmojiRegistry& registry);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        EmojiRegistry& registry_;
    };
    Scope protect() { return Scope(*this); }

private:
    struct Slot {
        std::string cluster;  // empty when free
        std::uint64_t last_use = 0;
        std::list<std::size_t>::iterator order;  // position in lru_
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    void mark_used(std::size_t index);

    std::vector<Slot> slots_;
    std::size_t next_free_ = 0;    // slots below this were assigned at least once
    std::list<std::size_t> lru_;   // assigned slots, least recently used first
    std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> by_cluster_;
    std::uint64_t clock_ = 0;      // use counter, grows with every assign/touch
    std::uint64_t protect_from_ = UINT64_MAX;  // uses at or after this are protected
    int scope_depth_ = 0;
    std::uint64_t revision_ = 0;
    std::uint64_t recycles_ = 0;
};

}  // namespace lw::emoji
