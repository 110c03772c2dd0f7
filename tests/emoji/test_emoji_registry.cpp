// Tests for emoji/emoji_registry: stable cluster <-> codepoint assignment,
// LRU recycling that the caller can see, and protected batches.
#include "emoji/emoji_registry.h"
#include "emoji/emoji_text.h"

#include <catch2/catch.hpp>

#include <string>

using namespace lw::emoji;

TEST_CASE("the same cluster gets the same codepoint", "[emoji_registry]") {
    EmojiRegistry registry;
    struct Case { const char* cluster; char32_t codepoint; bool is_new; };
    const Case cases[] = {
        {"😀", 0xE000, true}, {"🇺🇸", 0xE001, true}, {"😀", 0xE000, false},
        {"👍🏽", 0xE002, true}, {"🇺🇸", 0xE001, false}, {"👍", 0xE003, true},
    };
    for (const auto& c : cases) {
        INFO(c.cluster);
        const auto a = registry.assign(c.cluster);
        REQUIRE(a);
        CHECK(a->codepoint == c.codepoint);
        CHECK(a->is_new == c.is_new);
        CHECK_FALSE(a->recycled);
        CHECK(*registry.find(c.cluster) == c.codepoint);
        REQUIRE(registry.cluster_of(c.codepoint));
        CHECK(*registry.cluster_of(c.codepoint) == c.cluster);
    }
    CHECK(registry.size() == 4);
    CHECK(registry.revision() == 4);
    CHECK(registry.recycle_count() == 0);
    CHECK_FALSE(registry.find("🙂"));
    CHECK(registry.cluster_of(0xE004) == nullptr);
    CHECK(registry.cluster_of('A') == nullptr);
    CHECK(registry.entries().size() == 4);
    CHECK(registry.entries().front() == std::pair<char32_t, std::string>{0xE000, "😀"});
}

TEST_CASE("a full registry recycles the least recently used slot and says so", "[emoji_registry]") {
    EmojiRegistry registry(3);
    REQUIRE(registry.assign("A1"));  // E000
    REQUIRE(registry.assign("B2"));  // E001
    REQUIRE(registry.assign("C3"));  // E002
    REQUIRE(registry.assign("A1"));  // A used again: B is now the oldest
    CHECK(registry.touch(0xE002));   // C still on screen: B stays the oldest
    CHECK_FALSE(registry.touch(0xE003));

    struct Case { const char* cluster; char32_t codepoint; bool recycled; const char* evicted; };
    const Case cases[] = {
        {"D4", 0xE001, true, "B2"},
        {"E5", 0xE000, true, "A1"},
        {"C3", 0xE002, false, ""},
        {"B2", 0xE001, true, "D4"},  // B comes back in a recycled slot
    };
    for (const auto& c : cases) {
        INFO(c.cluster);
        const auto a = registry.assign(c.cluster);
        REQUIRE(a);
        CHECK(a->codepoint == c.codepoint);
        CHECK(a->recycled == c.recycled);
        CHECK(a->evicted_cluster == c.evicted);
    }
    CHECK(registry.size() == 3);
    CHECK(registry.recycle_count() == 3);
    CHECK_FALSE(registry.find("A1"));
    CHECK_FALSE(registry.find("D4"));
    CHECK(*registry.cluster_of(0xE000) == "E5");
}

TEST_CASE("map_emoji reports recycled slots so stale bitmaps are redrawn", "[emoji_registry]") {
    EmojiRegistry registry(2);
    const EmojiText first = map_emoji("😀 🙂", registry);
    REQUIRE(first.assigned.size() == 2);
    const EmojiText second = map_emoji("🇯🇵", registry);
    REQUIRE(second.assigned.size() == 1);
    CHECK(second.assigned[0].recycled);
    CHECK(second.assigned[0].codepoint == first.assigned[0].codepoint);  // 😀 was least recent
    CHECK(registry.recycle_count() == 1);
    // Text mapped before now shows another emoji there: unmapping shows it.
    CHECK(unmap_emoji(first.text, registry) == "🇯🇵 🙂");
}

TEST_CASE("slots used in the open batch are never recycled within it", "[emoji_registry]") {
    EmojiRegistry registry(2);
    // One text with three distinct emoji and two slots: the third stays text.
    const EmojiText mapped = map_emoji("😀🙂🇯🇵", registry);
    CHECK(mapped.emoji_count == 2);
    CHECK(mapped.text == "\xEE\x80\x80\xEE\x80\x81🇯🇵");
    CHECK(registry.recycle_count() == 0);

    // A caller-wide scope protects a whole snapshot across texts.
    {
        auto batch = registry.protect();
        CHECK(map_emoji("😀", registry).emoji_count == 1);
        CHECK(map_emoji("🙂", registry).emoji_count == 1);
        const EmojiText third = map_emoji("🇺🇸", registry);
        CHECK(third.emoji_count == 0);
        CHECK(third.text == "🇺🇸");
    }
    // Once the batch ends, recycling works again.
    const EmojiText later = map_emoji("🇺🇸", registry);
    CHECK(later.emoji_count == 1);
    REQUIRE(later.assigned.size() == 1);
    CHECK(later.assigned[0].recycled);
}
