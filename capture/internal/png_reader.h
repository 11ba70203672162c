// Private to intake_capture: PNG to 8-bit BGR with libpng's own reader. cv::imdecode would do
// the same, but OpenCV's imgcodecs pulls about 140 shared libraries (GDAL, GDCM, HDF5…) into
// every process that links capture — the `intake` CLI included — and loading them cost more than
// a whole scan cleanup.
#pragma once

#include <cstddef>
#include <opencv2/core.hpp>
#include <span>
#include <string_view>

#include "base/result.h"

namespace intake::capture::detail {

// Any PNG colour type and bit depth: 16-bit samples keep their high byte, palettes and grey
// become colour, alpha is dropped (as cv::imread's IMREAD_COLOR does). A corrupt or truncated
// file is Errc::bad_input naming `name` and libpng's reason.
Result<cv::Mat> read_png_bgr(std::span<const std::byte> bytes, std::string_view name);

}  // namespace intake::capture::detail
