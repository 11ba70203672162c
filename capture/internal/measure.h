// Private to intake_capture: the raw measurements behind the photo checks, all taken on one
// working image whose long side is fixed (kWorkingLongSide), so every threshold is calibrated
// once for that size and does not depend on the camera's resolution.
#pragma once

#include <opencv2/core.hpp>

#include "capture/phash.h"

namespace intake::capture::detail {

inline constexpr int kWorkingLongSide = 640;

struct Working {
    cv::Mat bgr;   // long side kWorkingLongSide
    cv::Mat grey;  // luminance
    cv::Mat lab;   // 8-bit CIE Lab (L 0..255, a and b offset by 128)
};

Working make_working(const cv::Mat& bgr);

// Teeth: bright, low-saturation, yellow-leaning pixels (enamel), against red gingiva and lips
// and the pink-white of the cheek retractors. The colour alone is not evidence of teeth (a white
// cup, a sheet of paper or a light wall has it too), so the region also says what surrounds the
// enamel and how its outline is shaped: in a mouth, teeth sit in gingiva and lips, and a row of
// crowns is one connected band that follows the arch, with embrasures between the crowns: far
// from convex, never a scatter of separate white things or one smooth object.
struct TeethRegion {
    double fraction = 0;        // of the image area
    double cx = 0.5, cy = 0.5;  // centroid, as fractions of width / height
    cv::Rect box;               // bounding box of the main teeth blobs (working pixels)
    double tissue = 0;          // soft tissue (gingiva, lips, mucosa, retractor) area fraction
    double tissue_contact = 0;  // share of the enamel outline that lies within reach of tissue
    double row_share = 0;       // share of the enamel in its largest connected blob
    double row_solidity = 1;    // that blob's area / its convex hull's area (1 = convex)
    double straight = 0;  // share of the enamel outline (off the image border) in straight runs
};

// Edge sharpness in `roi`: 9 * E[(I(p+d)-I(p))^2] / E[(I(p+3d)-I(p))^2], the minimum over four
// directions. A clean step edge scores 3, a wide blurred ramp 1, whatever the contrast;
// motion blur lowers the score along its direction, and the minimum catches that.
double sharpness(const cv::Mat& grey, cv::Rect roi);

struct Exposure {
    double mean = 0;     // mean luminance 0..255
    double clipped = 0;  // fraction of pixels >= 250
    double crushed = 0;  // fraction of pixels <= 5
};
Exposure measure_exposure(const cv::Mat& grey);

// Mean chroma of the brightest unclipped pixels (teeth, retractor, sclera, white background):
// these should be close to neutral. a, b in Lab units (centred on 0).
struct ColourCast {
    double a = 0;
    double b = 0;
    double strength = 0;       // distance from the expected near-white (slightly warm) point
    cv::Scalar reference_bgr;  // mean colour of those highlights, for white-balancing
};
ColourCast measure_cast(const Working& work);

// Teeth and skin highlights are slightly warm: the neutral point the cast is measured from.
inline constexpr double kWarmA = 3.0;
inline constexpr double kWarmB = 10.0;

// Casts above this are balanced before the enamel is looked for. Below it the colours are
// trusted as taken: the crops and exposures of the real photos in testdata measure up to 13.1
// (a close crop has fewer whites to average), and balancing a mild cast bleaches the enamel's
// yellow below the enamel rule's threshold.
inline constexpr double kBalanceAboveCast = 15.0;

// The mask is taken after white-balancing by `cast`, so a colour cast is reported as a cast
// and not as "no teeth".
TeethRegion find_teeth(const Working& work, const ColourCast& cast, cv::Mat* mask_out = nullptr);

PHash phash_of(const cv::Mat& image);

}  // namespace intake::capture::detail
