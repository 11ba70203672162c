// PNG → JPEG for the simulated camera: the testdata photos are PNG, a camera delivers JPEG
// (MJPEG frames). libpng decodes, TurboJPEG encodes; both private to drivers/sim (capture/ decodes
// photos with its own).
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

#include "base/result.h"

namespace intake::drivers {

struct JpegInfo {
    int width = 0;
    int height = 0;
};

Result<std::vector<std::byte>> png_to_jpeg(std::span<const std::byte> png, int quality = 92);
Result<std::vector<std::byte>> png_file_to_jpeg(const std::filesystem::path& path,
                                                int quality = 92);
// Reads a JPEG's size from its header (TurboJPEG); Errc::bad_input when it is not a JPEG.
Result<JpegInfo> jpeg_info(std::span<const std::byte> jpeg);

}  // namespace intake::drivers
