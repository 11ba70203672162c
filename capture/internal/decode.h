// Private to intake_capture: one decode of JPEG/PNG/HEIC into an upright OpenCV BGR matrix,
// reduced when the caller allows it (TurboJPEG scaled DCT for JPEG), with the header read
// first so a decompression bomb is refused before any pixel is decoded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <opencv2/core.hpp>
#include <span>
#include <string_view>

#include "base/result.h"
#include "capture/exif.h"

namespace intake::capture::detail {

enum class Format { jpeg, png, heif };

std::string_view format_name(Format format);

inline constexpr int64_t kMaxPixels = 100'000'000;

struct Decoded {
    cv::Mat bgr;         // upright (EXIF orientation applied), maybe reduced
    int full_width = 0;  // upright dimensions of the full-size image
    int full_height = 0;
    Format format = Format::jpeg;
    ExifInfo exif;
};

// What the bytes are, from their signature (never from the file name).
Result<Format> sniff_format(std::span<const std::byte> bytes, std::string_view name);

// Decodes `bytes`. With min_long_side > 0 the result may be reduced, but its long side stays
// at or above min_long_side (or the full size, if smaller). fast_dct trades a little accuracy
// for speed; the checks use it, the export does not.
Result<Decoded> decode_photo(std::span<const std::byte> bytes, std::string_view name,
                             int min_long_side, bool fast_dct);

// Applies a TIFF/EXIF orientation (1..8) in place.
void apply_orientation(cv::Mat& image, int orientation);

}  // namespace intake::capture::detail
