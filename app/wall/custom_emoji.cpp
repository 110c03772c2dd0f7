// Custom emoji as colour glyphs: see custom_emoji.h.
#include "wall/custom_emoji.h"

#include "core/log.h"

#include <stb/stb_image_resize.h>

#include <algorithm>
#include <cmath>

namespace lw::wall {
namespace {

constexpr std::string_view kKeyPrefix = "\x01custom:";
// Emoji files are small; a decode is capped so a huge "emoji" costs little.
constexpr int kDecodeSide = 256;
// Beyond this many scaled bitmaps, the cache starts again (sizes change only
// with the screen, so this is rarely reached).
constexpr std::size_t kMaxScaled = 512;

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

CustomEmojiImages::CustomEmojiImages() = default;
CustomEmojiImages::~CustomEmojiImages() = default;

std::string CustomEmojiImages::key_for(const std::string& local_path) { return std::string(kKeyPrefix) + local_path; }

bool CustomEmojiImages::is_custom_key(std::string_view cluster) { return cluster.starts_with(kKeyPrefix); }

void CustomEmojiImages::substitute(std::string& text, const std::vector<CustomEmoji>& emojis,
                                   emoji::EmojiRegistry& registry) {
    for (const CustomEmoji& e : emojis) {
        if (e.local_path.empty() || e.shortcode.empty()) continue;
        const std::string pattern = ":" + e.shortcode + ":";
        std::size_t at = text.find(pattern);
        if (at == std::string::npos) continue;
        auto [it, inserted] = images_.try_emplace(e.local_path);
        if (inserted) {
            if (!worker_) worker_ = std::make_unique<DecodeWorker>(ImageLoaderOptions{kDecodeSide});
            worker_->request(e.local_path);
        }
        if (it->second.state == Image::State::Failed) continue;  // the text stays
        const auto assigned = registry.assign(key_for(e.local_path));
        if (!assigned) continue;
        std::string replacement;
        append_utf8(replacement, assigned->codepoint);
        while (at != std::string::npos) {
            text.replace(at, pattern.size(), replacement);
            at = text.find(pattern, at + replacement.size());
        }
    }
}

std::vector<ColorGlyph> CustomEmojiImages::glyphs(std::span<const char32_t> codepoints, int px,
                                                  const emoji::EmojiRegistry& registry) {
    std::vector<ColorGlyph> out;
    if (scaled_.size() > kMaxScaled) scaled_.clear();
    for (char32_t cp : codepoints) {
        const std::string* key = registry.cluster_of(cp);
        if (!key || !is_custom_key(*key)) continue;
        const std::string path = key->substr(kKeyPrefix.size());
        auto found = images_.find(path);
        if (found == images_.end() || found->second.state == Image::State::Failed) continue;
        if (found->second.state == Image::State::Decoding) {
            // Holds the emoji's place (square) until the image arrives.
            if (!blank_ || blank_->size() < static_cast<size_t>(px) * px * 4)
                blank_ = std::make_shared<std::vector<std::uint8_t>>(static_cast<size_t>(px) * px * 4, 0);
            out.push_back({static_cast<unsigned>(cp), px, px, blank_->data(), blank_});
            continue;
        }
        const DecodedImage& image = found->second.decoded;
        // As high as the line, as wide as its shape says (at most three squares).
        const int h = px;
        const int w = std::clamp(static_cast<int>(std::lround(static_cast<double>(px) * image.width / image.height)),
                                 1, 3 * px);
        auto& scaled = scaled_[{path, px}];
        if (!scaled) {
            scaled = std::make_shared<std::vector<std::uint8_t>>(static_cast<size_t>(w) * h * 4);
            // Alpha-aware resampling, so transparent edges get no dark fringe.
            stbir_resize_uint8_srgb(image.rgba.data(), image.width, image.height, 0, scaled->data(), w, h, 0, 4, 3, 0);
        }
        out.push_back({static_cast<unsigned>(cp), w, h, scaled->data(), scaled});
    }
    return out;
}

CustomEmojiImages::PollResult CustomEmojiImages::poll() {
    PollResult result;
    if (!worker_) return result;
    for (DecodedImage& image : worker_->take_finished()) {
        auto it = images_.find(image.path);
        if (it == images_.end()) continue;
        if (image.rgba.empty()) {
            it->second.state = Image::State::Failed;
            result.failed = true;
        } else {
            it->second.state = Image::State::Ready;
            it->second.decoded = std::move(image);
            result.glyphs_changed = true;
        }
    }
    return result;
}

bool CustomEmojiImages::decoding() const { return worker_ && worker_->busy(); }

}  // namespace lw::wall
