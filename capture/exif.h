// The little of EXIF that photo intake needs: the orientation tag (to show the photo upright)
// and the capture date (to warn about old photos). Writing produces a minimal EXIF block that
// keeps only the capture date: GPS, location and maker notes are dropped by construction.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace intake::capture {

struct ExifInfo {
    int orientation = 1;                  // TIFF orientation 1..8; 1 when absent or invalid
    std::optional<std::string> captured;  // DateTimeOriginal as written, "YYYY:MM:DD HH:MM:SS"
    bool has_gps = false;                 // a GPS IFD was present
    bool has_maker_note = false;          // a MakerNote tag was present
};

// Parses an EXIF block that starts with "Exif\0\0" (a JPEG APP1 payload) or directly with the
// TIFF header ("II*\0" / "MM\0*"). Anything unreadable yields the defaults: EXIF is optional.
ExifInfo parse_exif(std::span<const std::byte> block);

// The payload of the first EXIF APP1 segment of a JPEG ("Exif\0\0" + TIFF), or empty.
std::span<const std::byte> find_jpeg_exif(std::span<const std::byte> jpeg);

// "YYYY:MM:DD HH:MM:SS" (EXIF local time, read as UTC) to a time point; nullopt if malformed.
std::optional<std::chrono::sys_seconds> parse_exif_date(const std::string& text);

// A minimal "Exif\0\0" + little-endian TIFF block: Orientation (when not 0) in IFD0, and
// DateTime + DateTimeOriginal when `captured` is given. Nothing else.
std::vector<std::byte> build_exif(int orientation, const std::optional<std::string>& captured);

// Returns `jpeg` with every APP1 (EXIF/XMP), APP13 (IPTC) and APP0 removed and `exif` (from
// build_exif) inserted as the first segment. An empty `exif` just strips.
std::vector<std::byte> replace_jpeg_metadata(std::span<const std::byte> jpeg,
                                             std::span<const std::byte> exif);

}  // namespace intake::capture
