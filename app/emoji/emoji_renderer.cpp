// FreeType + HarfBuzz colour emoji rendering: see emoji_renderer.h.
#include "emoji/emoji_renderer.h"

#include "emoji/bitmap_scale.h"
#include "emoji/emoji_text.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace lw::emoji {
namespace {

// More glyphs than this for one cluster is not an emoji sequence we draw.
constexpr unsigned kMaxGlyphsPerCluster = 8;

}  // namespace

struct EmojiRenderer::Impl {
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    hb_font_t* font = nullptr;
    hb_buffer_t* buffer = nullptr;
    int ascent = 0;  // strike pixels above the baseline
    int height = 0;  // strike pixels, ascent + descent
    // Reused between renders: fresh ~100 KB buffers each time cost more in
    // page faults than the drawing itself.
    std::vector<std::vector<std::uint8_t>> glyph_pixels;
    std::vector<std::uint8_t> canvas;
    std::vector<float> scale_scratch;

    ~Impl() {
        if (buffer) hb_buffer_destroy(buffer);
        if (font) hb_font_destroy(font);  // drops its reference on the face
        if (face) FT_Done_Face(face);
        if (library) FT_Done_FreeType(library);
    }
};

EmojiRenderer::EmojiRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EmojiRenderer::~EmojiRenderer() = default;

std::unique_ptr<EmojiRenderer> EmojiRenderer::open(const std::string& path, std::string& error) {
    auto impl = std::make_unique<Impl>();
    // FreeType maps the file (its Unix stream) rather than it being copied
    // onto the heap: the colour font is 11 MB, and a wall touches only the
    // strikes of the emoji it shows; those pages stay page cache, shared and
    // reclaimable.
    std::ifstream probe(path, std::ios::binary | std::ios::ate);
    if (!probe || probe.tellg() <= 0) {
        error = "cannot read the emoji font " + path + "; emoji are shown as boxes";
        return nullptr;
    }
    if (FT_Init_FreeType(&impl->library) != 0) {
        error = "cannot start FreeType; emoji are shown as boxes";
        return nullptr;
    }
    if (FT_New_Face(impl->library, path.c_str(), 0, &impl->face) != 0) {
        error = "the emoji font " + path + " is not a font FreeType can read; emoji are shown as boxes";
        return nullptr;
    }
    FT_Face face = impl->face;
    if (!FT_HAS_COLOR(face) || face->num_fixed_sizes < 1) {
        error = "the font " + path + " has no colour bitmaps; emoji are shown as boxes";
        return nullptr;
    }
    // The largest strike gives the best downscaled result.
    int best = 0;
    for (int i = 1; i < face->num_fixed_sizes; ++i)
        if (face->available_sizes[i].height > face->available_sizes[best].height) best = i;
    if (FT_Select_Size(face, best) != 0) {
        error = "cannot select the colour strike of " + path + "; emoji are shown as boxes";
        return nullptr;
    }
    impl->ascent = static_cast<int>(face->size->metrics.ascender >> 6);
    impl->height = static_cast<int>((face->size->metrics.ascender - face->size->metrics.descender) >> 6);
    if (impl->height <= 0 || impl->ascent <= 0) {
        impl->height = face->available_sizes[best].height;
        impl->ascent = impl->height * 4 / 5;
    }
    impl->font = hb_ft_font_create_referenced(face);
    impl->buffer = hb_buffer_create();
    if (!hb_buffer_allocation_successful(impl->buffer)) {
        error = "out of memory creating a HarfBuzz buffer; emoji are shown as boxes";
        return nullptr;
    }
    return std::unique_ptr<EmojiRenderer>(new EmojiRenderer(std::move(impl)));
}

int EmojiRenderer::native_height() const { return impl_->height; }
int EmojiRenderer::native_ascent() const { return impl_->ascent; }

std::optional<EmojiBitmap> EmojiRenderer::render(std::string_view cluster_utf8, int pixel_height) {
    if (pixel_height < kMinPixelHeight || pixel_height > kMaxPixelHeight) return std::nullopt;
    if (cluster_utf8.empty() || cluster_utf8.size() > kMaxEmojiClusterBytes) return std::nullopt;
    Impl& m = *impl_;

    hb_buffer_clear_contents(m.buffer);
    hb_buffer_set_flags(m.buffer, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
    hb_buffer_add_utf8(m.buffer, cluster_utf8.data(), static_cast<int>(cluster_utf8.size()), 0,
                       static_cast<int>(cluster_utf8.size()));
    hb_buffer_guess_segment_properties(m.buffer);
    hb_shape(m.font, m.buffer, nullptr, 0);
    unsigned count = 0;
    const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(m.buffer, &count);
    if (count == 0 || count > kMaxGlyphsPerCluster) return std::nullopt;
    for (unsigned i = 0; i < count; ++i)
        if (infos[i].codepoint == 0) return std::nullopt;  // .notdef: the font lacks it
    if (count > 1 && !is_emoji_cluster(cluster_utf8)) return std::nullopt;
    std::vector<unsigned> glyphs;
    for (unsigned i = 0; i < count; ++i) glyphs.push_back(infos[i].codepoint);

    // Draw the glyphs side by side on a premultiplied BGRA canvas one strike tall.
    struct Placed {
        const std::vector<std::uint8_t>* pixels;
        int left, top, width, rows, advance;
    };
    std::vector<Placed> placed;
    int canvas_width = 0;
    if (m.glyph_pixels.size() < glyphs.size()) m.glyph_pixels.resize(glyphs.size());
    for (unsigned glyph : glyphs) {
        if (FT_Load_Glyph(m.face, glyph, FT_LOAD_COLOR | FT_LOAD_RENDER) != 0) return std::nullopt;
        const FT_GlyphSlot slot = m.face->glyph;
        const FT_Bitmap& bm = slot->bitmap;
        if (bm.pixel_mode != FT_PIXEL_MODE_BGRA) return std::nullopt;
        Placed p;
        p.width = static_cast<int>(bm.width);
        p.rows = static_cast<int>(bm.rows);
        p.left = slot->bitmap_left;
        p.top = slot->bitmap_top;
        p.advance = static_cast<int>(slot->advance.x >> 6);
        if (p.advance <= 0) p.advance = p.width;
        std::vector<std::uint8_t>& pixels = m.glyph_pixels[placed.size()];
        pixels.resize(static_cast<std::size_t>(p.width) * p.rows * 4);
        p.pixels = &pixels;
        const int pitch = std::abs(bm.pitch);
        for (int y = 0; y < p.rows; ++y)
            std::memcpy(pixels.data() + static_cast<std::size_t>(y) * p.width * 4,
                        bm.buffer + static_cast<std::size_t>(y) * pitch, static_cast<std::size_t>(p.width) * 4);
        canvas_width += p.advance;
        placed.push_back(p);
    }
    if (canvas_width <= 0) return std::nullopt;

    const int canvas_height = m.height;
    const double scale = static_cast<double>(pixel_height) / canvas_height;
    EmojiBitmap out;
    out.height = pixel_height;
    out.width = std::max(1, static_cast<int>(std::lround(canvas_width * scale)));
    out.baseline = static_cast<int>(std::lround(m.ascent * scale));

    // The common case: one glyph exactly filling its box needs no canvas.
    const Placed& only = placed.front();
    if (placed.size() == 1 && only.left == 0 && only.top == m.ascent && only.width == canvas_width &&
        only.rows == canvas_height) {
        out.rgba = scale_bgra_premultiplied_to_rgba({only.pixels->data(), only.width, only.rows, only.width * 4},
                                                    out.width, out.height, &m.scale_scratch);
        return out;
    }

    std::vector<std::uint8_t>& canvas = m.canvas;
    canvas.assign(static_cast<std::size_t>(canvas_width) * canvas_height * 4, 0);
    int pen = 0;
    for (const Placed& p : placed) {
        const int x0 = pen + p.left;
        const int y0 = m.ascent - p.top;
        for (int y = 0; y < p.rows; ++y) {
            const int cy = y0 + y;
            if (cy < 0 || cy >= canvas_height) continue;
            for (int x = 0; x < p.width; ++x) {
                const int cx = x0 + x;
                if (cx < 0 || cx >= canvas_width) continue;
                const std::uint8_t* s = p.pixels->data() + (static_cast<std::size_t>(y) * p.width + x) * 4;
                std::uint8_t* d = canvas.data() + (static_cast<std::size_t>(cy) * canvas_width + cx) * 4;
                // Premultiplied "over", for glyphs whose boxes overlap.
                const int inv = 255 - s[3];
                for (int c = 0; c < 4; ++c) d[c] = static_cast<std::uint8_t>(s[c] + (d[c] * inv + 127) / 255);
            }
        }
        pen += p.advance;
    }

    out.rgba = scale_bgra_premultiplied_to_rgba({canvas.data(), canvas_width, canvas_height, canvas_width * 4},
                                                out.width, out.height, &m.scale_scratch);
    return out;
}

}  // namespace lw::emoji
