// A camera card (a DSLR's SD card, mounted): photos from DCIM/<folder>/, grouped by DCIM folder
// (one folder per session on most cameras), newest session first. Nothing is copied here; the
// caller hands the chosen files to capture/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"

namespace intake::drivers {

struct CardPhoto {
    std::filesystem::path path;
    uint64_t size = 0;
    std::filesystem::file_time_type modified;
};

struct CardSession {
    std::string name;  // the DCIM folder, e.g. "101CANON"
    std::filesystem::path folder;
    std::filesystem::file_time_type newest;  // the newest photo's time
    std::vector<CardPhoto> photos;           // in the camera's numbering (file name) order
};

// `card` is the card's mount point (holding DCIM/) or the DCIM folder itself. Photos are .jpg,
// .jpeg, .png, .heic, .heif in any case. Errc::not_found when there is no DCIM folder; a card with
// a DCIM folder but no photos gives an empty list.
Result<std::vector<CardSession>> scan_camera_card(const std::filesystem::path& card);

}  // namespace intake::drivers
