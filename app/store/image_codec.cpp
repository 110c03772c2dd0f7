// Image checks and codecs for the media cache: see image_codec.h.
// stb_image's implementation lives in libstb (Debian's libstb-dev), so no
// STB_*_IMPLEMENTATION here; WebP goes through libwebp.
#include "store/image_codec.h"

#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <stb/stb_image_write.h>
#include <webp/decode.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace lw {
namespace {

bool starts_with(std::string_view bytes, std::string_view prefix) {
    return bytes.substr(0, prefix.size()) == prefix;
}

const stbi_uc* data_of(std::string_view bytes) {
    return reinterpret_cast<const stbi_uc*>(bytes.data());
}

// A whole JPEG ends its last scan with an EOI marker; markers cannot occur
// inside entropy-coded data (0xFF is stuffed), so EOI after the last SOS is a
// sound test. Checked before decoding: cheaper, and a clearer log line than
// the decoder's "expected marker".
bool jpeg_is_complete(std::string_view bytes) {
    size_t sos = bytes.rfind("\xFF\xDA");
    size_t eoi = bytes.rfind("\xFF\xD9");
    return sos != std::string_view::npos && eoi != std::string_view::npos && eoi > sos;
}

std::uint32_t be16(std::string_view b, size_t at) {
    return (static_cast<std::uint8_t>(b[at]) << 8) | static_cast<std::uint8_t>(b[at + 1]);
}

std::uint32_t be32(std::string_view b, size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }

std::uint32_t le16(std::string_view b, size_t at) {
    return static_cast<std::uint8_t>(b[at]) | (static_cast<std::uint8_t>(b[at + 1]) << 8);
}

// The size a header claims, read by us so even a size stb_image itself
// refuses to report is named in the log. False when the header is cut short.
bool header_size(ImageFormat format, std::string_view b, std::uint32_t& w, std::uint32_t& h) {
    switch (format) {
        case ImageFormat::Png:  // the signature, then IHDR: length, type, width, height
            if (b.size() < 24 || b.substr(12, 4) != "IHDR") return false;
            w = be32(b, 16);
            h = be32(b, 20);
            return true;
        case ImageFormat::Gif:  // the logical screen, which stb_image allocates
            if (b.size() < 10) return false;
            w = le16(b, 6);
            h = le16(b, 8);
            return true;
        case ImageFormat::Jpeg:  // walk the markers to the first start-of-frame
            for (size_t at = 2; at + 4 <= b.size();) {
                if (static_cast<std::uint8_t>(b[at]) != 0xFF) return false;
                std::uint8_t marker = static_cast<std::uint8_t>(b[at + 1]);
                if (marker == 0xFF) {  // fill byte
                    ++at;
                    continue;
                }
                size_t length = be16(b, at + 2);
                bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 &&
                           marker != 0xC8 && marker != 0xCC;
                if (sof) {
                    if (at + 9 > b.size()) return false;
                    h = be16(b, at + 5);
                    w = be16(b, at + 7);
                    return true;
                }
                if (marker == 0xDA || marker == 0xD9 || length < 2) return false;
                at += 2 + length;
            }
            return false;
        case ImageFormat::Webp:
        case ImageFormat::Unknown: break;
    }
    return false;
}

void append_to_string(void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                               static_cast<size_t>(size));
}

}  // namespace

const char* to_string(ImageFormat format) {
    switch (format) {
        case ImageFormat::Png: return "PNG";
        case ImageFormat::Jpeg: return "JPEG";
        case ImageFormat::Gif: return "GIF";
        case ImageFormat::Webp: return "WebP";
        case ImageFormat::Unknown: break;
    }
    return "unknown";
}

ImageFormat sniff_image_format(std::string_view b) {
    if (starts_with(b, "\x89PNG\r\n\x1A\n")) return ImageFormat::Png;
    if (starts_with(b, "\xFF\xD8\xFF")) return ImageFormat::Jpeg;
    if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return ImageFormat::Gif;
    if (b.size() >= 12 && starts_with(b, "RIFF") && b.substr(8, 4) == "WEBP")
        return ImageFormat::Webp;
    return ImageFormat::Unknown;
}

Result<ImageHeader> probe_image(std::string_view bytes, const ImageLimits& limits) {
    using R = Result<ImageHeader>;
    if (bytes.size() > limits.max_bytes)
        return R::failure(fmt::format("the body is {} bytes, over the {}-byte cap", bytes.size(),
                                      limits.max_bytes));
    if (bytes.size() > static_cast<size_t>(INT32_MAX))
        return R::failure("the body is too large to decode");
    ImageHeader h;
    h.format = sniff_image_format(bytes);
    if (h.format == ImageFormat::Unknown)
        return R::failure("not a PNG, JPEG, GIF or WebP image (by its first bytes)");
    if (h.format == ImageFormat::Webp) {
        WebPBitstreamFeatures features;
        if (WebPGetFeatures(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                            &features) != VP8_STATUS_OK)
            return R::failure("a damaged WebP header");
        if (features.has_animation) return R::failure("an animated WebP (not supported)");
        h.width = features.width;
        h.height = features.height;
    } else {
        std::uint32_t w = 0, hh = 0;
        if (!header_size(h.format, bytes, w, hh))
            return R::failure(fmt::format("a damaged {} header", to_string(h.format)));
        if (w == 0 || hh == 0)
            return R::failure(fmt::format("a {} of {}x{} pixels", to_string(h.format), w, hh));
        if (static_cast<std::int64_t>(w) * hh > limits.max_pixels)
            return R::failure(fmt::format("a {} of {}x{} pixels, over the {} MP limit",
                                          to_string(h.format), w, hh,
                                          limits.max_pixels / 1'000'000));
        // stb_image's own header check must agree before it may decode.
        int comp = 0;
        if (!stbi_info_from_memory(data_of(bytes), static_cast<int>(bytes.size()), &h.width,
                                   &h.height, &comp) ||
            h.width != static_cast<int>(w) || h.height != static_cast<int>(hh))
            return R::failure(fmt::format("a damaged {} header", to_string(h.format)));
    }
    if (h.width <= 0 || h.height <= 0)
        return R::failure(fmt::format("a {} of {}x{} pixels", to_string(h.format), h.width,
                                      h.height));
    if (static_cast<std::int64_t>(h.width) * h.height > limits.max_pixels)
        return R::failure(fmt::format("a {} of {}x{} pixels, over the {} MP limit",
                                      to_string(h.format), h.width, h.height,
                                      limits.max_pixels / 1'000'000));
    return R(h);
}

bool Image::has_transparency() const {
    for (size_t i = 3; i < rgba.size(); i += 4)
        if (rgba[i] != 255) return true;
    return false;
}

Result<Image> decode_image(std::string_view bytes, const ImageLimits& limits) {
    using R = Result<Image>;
    auto header = probe_image(bytes, limits);
    if (!header) return R::failure(header.error);
    Image image;
    if (header->format == ImageFormat::Webp) {
        int w = 0, h = 0;
        std::unique_ptr<uint8_t, void (*)(void*)> pixels(
            WebPDecodeRGBA(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &w, &h),
            WebPFree);
        if (!pixels) return R::failure("a WebP that does not decode (truncated or damaged)");
        image.width = w;
        image.height = h;
        image.rgba.assign(pixels.get(), pixels.get() + static_cast<size_t>(w) * h * 4);
    } else {
        if (header->format == ImageFormat::Jpeg && !jpeg_is_complete(bytes))
            return R::failure("a truncated JPEG (no end marker after the last scan)");
        int w = 0, h = 0, comp = 0;
        // For a GIF this is the first frame.
        std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
            stbi_load_from_memory(data_of(bytes), static_cast<int>(bytes.size()), &w, &h, &comp,
                                  4),
            stbi_image_free);
        if (!pixels)
            return R::failure(fmt::format("a {} that does not decode ({})",
                                          to_string(header->format), stbi_failure_reason()));
        if (w != header->width || h != header->height)
            return R::failure(fmt::format("a {} whose header and pixels disagree",
                                          to_string(header->format)));
        image.width = w;
        image.height = h;
        image.rgba.assign(pixels.get(), pixels.get() + static_cast<size_t>(w) * h * 4);
    }
    return R(std::move(image));
}

Image fit_within(const Image& image, int max_long_side) {
    int long_side = std::max(image.width, image.height);
    if (long_side <= max_long_side || max_long_side <= 0) return image;
    double scale = static_cast<double>(max_long_side) / long_side;
    Image out;
    out.width = std::max(1, static_cast<int>(image.width * scale + 0.5));
    out.height = std::max(1, static_cast<int>(image.height * scale + 0.5));
    out.rgba.resize(static_cast<size_t>(out.width) * out.height * 4);
    // sRGB-aware filtering with alpha weighting, so edges keep their colour.
    stbir_resize_uint8_srgb(image.rgba.data(), image.width, image.height, 0, out.rgba.data(),
                            out.width, out.height, 0, 4, 3, 0);
    return out;
}

Result<EncodedImage> encode_for_cache(const Image& image, int jpeg_quality) {
    EncodedImage out;
    int ok = 0;
    if (image.has_transparency()) {
        out.format = ImageFormat::Png;
        ok = stbi_write_png_to_func(append_to_string, &out.bytes, image.width, image.height, 4,
                                    image.rgba.data(), image.width * 4);
    } else {
        out.format = ImageFormat::Jpeg;
        ok = stbi_write_jpg_to_func(append_to_string, &out.bytes, image.width, image.height, 4,
                                    image.rgba.data(), jpeg_quality);
    }
    if (!ok || out.bytes.empty())
        return Result<EncodedImage>::failure(
            fmt::format("cannot encode a {}x{} image", image.width, image.height));
    return Result<EncodedImage>(std::move(out));
}

}  // namespace lw
