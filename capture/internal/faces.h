// Private to intake_capture: face, profile and eye detection with the Haar cascades shipped in
// Debian's opencv-data. Cascades are loaded once per thread (a CascadeClassifier must not be
// shared between threads while detecting).
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>

#include "base/result.h"

namespace intake::capture::detail {

struct FaceFinding {
    bool found = false;
    bool profile = false;            // found by the profile cascade
    cv::Rect face;                   // in the pixels of the image passed in
    int eyes = 0;                    // eyes found inside the face
    std::optional<double> eye_tilt;  // degrees, positive when the right-hand eye is lower
    std::optional<bool> smiling;     // searched for the smile view only
};

enum class FaceSearch {
    frontal,     // extraoral frontal: frontal face, then eyes for the tilt
    smile,       // extraoral smile: as frontal, then a smile in the lower half of the face
    profile,     // extraoral profile: profile cascade both ways, then frontal as a fallback
    wrong_view,  // intraoral views: is this a face at all? (large faces only, eyes required)
};

Result<FaceFinding> find_face(const cv::Mat& grey, const std::string& cascade_dir,
                              FaceSearch search);

}  // namespace intake::capture::detail
