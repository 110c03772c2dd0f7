// Mastodon custom emoji (":blobcat:" in a post or a display name) drawn
// inline as small images. The pipeline downloads each emoji's image into the
// media cache like any other picture; here a worker decodes the file (the
// render thread never reads one), the emoji registry gives it a private-use
// codepoint, and it becomes a colour glyph in the atlas, exactly like an emoji
// from the colour font. Until its image is decoded a custom emoji takes its
// place as a transparent square, so lines do not reflow when it appears; an
// image that cannot be decoded leaves the ":shortcode:" text as it was.
// Render thread only.
#pragma once

#include "core/post.h"
#include "emoji/emoji_registry.h"
#include "wall/fonts.h"
#include "wall/image_loader.h"

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lw::wall {

class CustomEmojiImages {
public:
    CustomEmojiImages();
    ~CustomEmojiImages();

    // The registry's key for a custom emoji: never a real grapheme cluster.
    static std::string key_for(const std::string& local_path);
    static bool is_custom_key(std::string_view cluster);

    // Replaces each ":shortcode:" of `emojis` (those with a cached image) in
    // `text` with the emoji's private-use codepoint. `text` has already been
    // through emoji::map_emoji, so no private-use character in it is the
    // post's own. Starts decoding images it has not seen.
    void substitute(std::string& text, const std::vector<CustomEmoji>& emojis, emoji::EmojiRegistry& registry);

    // Colour glyphs `px` pixels high for the custom emoji among `codepoints`.
    std::vector<ColorGlyph> glyphs(std::span<const char32_t> codepoints, int px, const emoji::EmojiRegistry& registry);

    struct PollResult {
        bool glyphs_changed = false;  // an image arrived: rebuild the atlas
        bool failed = false;          // an image failed: map the texts again
    };
    // Takes finished decodes; never waits.
    PollResult poll();
    bool decoding() const;

private:
    struct Image {
        enum class State { Decoding, Ready, Failed } state = State::Decoding;
        DecodedImage decoded;
    };
    std::unique_ptr<DecodeWorker> worker_;  // started at the first custom emoji
    std::unordered_map<std::string, Image> images_;  // by local path
    // Scaled bitmaps, by (path, pixel height); kept between atlas rebuilds.
    std::map<std::pair<std::string, int>, std::shared_ptr<std::vector<std::uint8_t>>> scaled_;
    std::shared_ptr<std::vector<std::uint8_t>> blank_;  // transparent, for emoji still decoding
};

}  // namespace lw::wall
