// Our own image value type: public headers never expose OpenCV. Pixels are tightly packed,
// row-major, 8 bits per channel, RGB order for 3 channels. The drivers' camera hands us
// encoded JPEG bytes, so decoding from bytes is the usual way in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intake::capture {

struct Image {
    int width = 0;
    int height = 0;
    int channels = 0;  // 1 (grey) or 3 (RGB)
    std::vector<uint8_t> pixels;

    bool empty() const { return pixels.empty(); }
    size_t row_bytes() const { return static_cast<size_t>(width) * static_cast<size_t>(channels); }
};

// Decodes JPEG, PNG or HEIC/HEIF at full size with the EXIF orientation applied, as RGB.
// Refuses files over 100 megapixels (read from the header, before decoding) and truncated or
// non-image files with Errc::bad_input naming `name`.
Result<Image> decode_image(std::span<const std::byte> bytes, std::string_view name);

// Baseline JPEG (4:2:0) at `quality` 1..100. Grey or RGB input.
Result<std::vector<std::byte>> encode_jpeg(const Image& image, int quality = 92);

}  // namespace intake::capture
