// The font atlas build: it reads the caller's (memory-mapped) font files in
// place, so a CJK wall does not copy a 20 MB collection per font size.
#include "platform/font_files.h"
#include "wall/fonts.h"

#include <catch2/catch.hpp>
#include <imgui.h>

#include <algorithm>
#include <cstdlib>

using namespace lw;

namespace {

// Counts the bytes ImGui (and its FreeType builder) holds, and the most it held.
struct HeapCount {
    std::size_t live = 0;
    std::size_t peak = 0;
};

void* counted_alloc(std::size_t size, void* user) {
    auto* count = static_cast<HeapCount*>(user);
    auto* block = static_cast<std::size_t*>(std::malloc(size + sizeof(std::max_align_t)));
    if (!block) return nullptr;
    *block = size;
    count->live += size;
    count->peak = std::max(count->peak, count->live);
    return reinterpret_cast<char*>(block) + sizeof(std::max_align_t);
}

void counted_free(void* ptr, void* user) {
    if (!ptr) return;
    auto* block = reinterpret_cast<std::size_t*>(static_cast<char*>(ptr) - sizeof(std::max_align_t));
    static_cast<HeapCount*>(user)->live -= *block;
    std::free(block);
}

void* plain_alloc(std::size_t size, void*) { return std::malloc(size); }
void plain_free(void* ptr, void*) { std::free(ptr); }

}  // namespace

TEST_CASE("the font atlas reads the mapped font files in place, CJK included", "[fonts]") {
    std::string error;
    platform::FontFiles files;
    REQUIRE(platform::open_font_files(files, {}, {}, error));
    REQUIRE(files.cjk_regular.is_open());  // fonts-noto-cjk, installed by packaging/setup.sh
    REQUIRE(files.cjk_regular.size() > 10'000'000);
    wall::FontSources sources{{files.regular.data(), files.regular.size()},
                              {files.bold.data(), files.bold.size()},
                              {files.cjk_regular.data(), files.cjk_regular.size()},
                              {files.cjk_bold.data(), files.cjk_bold.size()}};
    wall::GlyphSet glyphs;
    glyphs.add_utf8("Thank you, nurses! 看護師の皆さん、ありがとう。谢谢 감사합니다");

    HeapCount count;
    ImGui::SetAllocatorFunctions(counted_alloc, counted_free, &count);
    {
        ImFontAtlas atlas;
        wall::FontSet fonts;
        for (int build = 0; build < 2; ++build) {  // a rebuild starts from Clear(): the bytes are read again
            INFO("build " << build);
            REQUIRE(wall::build_fonts(atlas, fonts, sources, glyphs, 1.0f, error));
            CHECK(fonts.body->FindGlyphNoFallback(0x770B) != nullptr);  // 看, from the CJK collection
            CHECK(fonts.author->FindGlyphNoFallback(0xAC10) != nullptr);  // 감
            CHECK(fonts.body->FindGlyphNoFallback('T') != nullptr);
            CHECK(atlas.ConfigData.empty());  // input data let go after the build
        }
        // The atlas is destroyed here: it must not free the caller's mapped bytes.
    }
    ImGui::SetAllocatorFunctions(plain_alloc, plain_free, nullptr);
    // ImGui 1.86 copied the file for each font it did not own: the CJK
    // collection merged into four sizes was 4 x 19 MB of heap while building.
    INFO("peak " << count.peak << " bytes");
    CHECK(count.peak < files.cjk_regular.size() / 2);
    CHECK(count.live == 0);
}
