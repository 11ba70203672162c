// What goes into the lab package for each photo: a normalised JPEG (upright, flipped to a
// direct view when the lab wants mirror views flipped, EXIF reduced to the capture date: no
// GPS, location or maker notes), a 512-pixel thumbnail and the perceptual hash.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "capture/phash.h"

namespace intake::capture {

struct NormaliseOptions {
    bool flip_mirrored = false;  // flip mirror views (occlusal) to read as direct views
    int quality = 92;            // JPEG quality of the normalised photo
    int thumbnail_long_side = 512;
    int thumbnail_quality = 85;
};

struct NormalisedPhoto {
    std::vector<std::byte> jpeg;       // full size, upright, metadata reduced
    std::vector<std::byte> thumbnail;  // long side thumbnail_long_side (or less if smaller)
    int width = 0;
    int height = 0;
    PHash phash = 0;                      // of the upright photo as taken (before any flip)
    bool mirrored = false;                // the view is a mirror shot
    bool flipped = false;                 // and it was flipped to a direct view
    std::optional<std::string> captured;  // kept from EXIF DateTimeOriginal
};

// Errors as check_photo_bytes: invalid_argument for an unknown view, bad_input for an
// unreadable, truncated or oversized file.
Result<NormalisedPhoto> normalise_photo(std::span<const std::byte> bytes, std::string_view name,
                                        std::string_view view, const NormaliseOptions& options);
Result<NormalisedPhoto> normalise_photo_file(const std::filesystem::path& path,
                                             std::string_view view,
                                             const NormaliseOptions& options);

}  // namespace intake::capture
