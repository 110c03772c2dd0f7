// Checking, decoding, scaling and re-encoding downloaded images for the media
// cache. Pure: bytes in, pixels or bytes out, no files. Hostile input is
// expected: the format is taken from the magic bytes (never the URL or the
// Content-Type), the size cap and the pixel limit are checked before any
// decoding, so a decompression bomb costs a header read.
//
// Supported: PNG, JPEG, GIF (the first frame), WebP (still images).
#pragma once

#include "store/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw {

enum class ImageFormat { Unknown, Png, Jpeg, Gif, Webp };
const char* to_string(ImageFormat format);

// The format the first bytes announce; Unknown for anything else.
ImageFormat sniff_image_format(std::string_view bytes);

struct ImageLimits {
    std::size_t max_bytes = 20 * 1024 * 1024;   // a bigger body is refused unread
    std::int64_t max_pixels = 40'000'000;       // width x height as the header says
    int max_long_side = 1600;                   // larger images are scaled down to this
};

struct ImageHeader {
    ImageFormat format = ImageFormat::Unknown;
    int width = 0;
    int height = 0;
};

// The format and size from the header alone, checked against the limits.
Result<ImageHeader> probe_image(std::string_view bytes, const ImageLimits& limits);

// 8-bit RGBA, rows top to bottom, no padding.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;

    bool has_transparency() const;
};

// probe_image, then a full decode. A truncated or damaged body is refused.
Result<Image> decode_image(std::string_view bytes, const ImageLimits& limits);

// The image scaled down (never up) so its long side is at most max_long_side.
Image fit_within(const Image& image, int max_long_side);

// What the cache writes: JPEG (quality given) for opaque images, PNG for
// images with transparency, so `format` says which.
struct EncodedImage {
    ImageFormat format = ImageFormat::Unknown;
    std::string bytes;
};
Result<EncodedImage> encode_for_cache(const Image& image, int jpeg_quality);

}  // namespace lw
