// Shared helpers for the capture tests: the real photos, degradations made with OpenCV, and
// encoders (JPEG with an EXIF block, HEIC through libheif).
#pragma once

#include <cstddef>
#include <filesystem>
#include <opencv2/core.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace intake::capture::testing {

std::filesystem::path photo_path(const std::string& name);  // testdata/photos/<name>

// The photo decoded once (BGR) and cached for the whole test binary.
const cv::Mat& real_photo(const std::string& name);

// The astronaut portrait upscaled to 1440 x 1440, so it meets the resolution minimum.
const cv::Mat& face_photo();

std::vector<std::byte> encode_jpeg(const cv::Mat& bgr, int quality = 92);
std::vector<std::byte> encode_png(const cv::Mat& bgr);
// Returns empty if this libheif has no HEVC encoder.
std::vector<std::byte> encode_heic(const cv::Mat& bgr, int quality = 80);
std::vector<std::byte> with_exif(std::span<const std::byte> jpeg, int orientation,
                                 const std::optional<std::string>& captured);

cv::Mat gaussian_blur(const cv::Mat& bgr, double sigma);
cv::Mat motion_blur(const cv::Mat& bgr, int length);     // horizontal
cv::Mat exposure_ev(const cv::Mat& bgr, double stops);   // in linear light (gamma 2.2)
cv::Mat colour_cast(const cv::Mat& bgr);                 // strong blue: B x1.5, R x0.6
cv::Mat rotate_deg(const cv::Mat& bgr, double degrees);  // positive = counter-clockwise
cv::Mat flip_horizontal(const cv::Mat& bgr);
cv::Mat resize_long_side(const cv::Mat& bgr, int long_side);

void write_bytes(const std::filesystem::path& path, std::span<const std::byte> bytes);

using intake::test::TempDir;  // tests/support/temp_dir.h

}  // namespace intake::capture::testing
