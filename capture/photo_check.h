// Instant photo checks: one reduced decode, then resolution, sharpness, exposure, colour cast,
// framing, tilt, wrong view, mirror and staleness, each reported with a value, the threshold
// it was held to, a verdict and a sentence a person can act on. A bad photo is a report with
// verdict "fail"; only an unreadable file is an error.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "capture/image.h"
#include "capture/phash.h"

namespace intake::capture {

enum class Verdict { pass, warn, fail };
std::string_view verdict_name(Verdict verdict);
Verdict worst(Verdict a, Verdict b);

// Every threshold is calibrated on the 640-pixel working image (see docs/photos.md), so it
// holds for any camera resolution.
struct CheckOptions {
    int min_long_side = 1280;      // resolution: full-size long side, pixels (per lab)
    double min_sharpness = 1.30;   // below: fail (1 = blurred ramp, 3 = crisp edge)
    double warn_sharpness = 1.40;  // below: warn
    double min_mean = 100;         // exposure: mean luminance below: fail
    double warn_low_mean = 110;
    double max_mean = 215;  // above: fail
    double warn_high_mean = 195;
    double max_clipped = 0.10;  // fraction of pixels >= 250: fail above
    double warn_clipped = 0.03;
    double max_crushed = 0.50;  // fraction of pixels <= 5: fail above
    double warn_crushed = 0.25;
    double max_cast = 20;  // Lab distance of the highlights from neutral: fail above
    double warn_cast = 14;
    double max_tilt_deg = 3.0;   // eye line: warn above
    double fail_tilt_deg = 8.0;  // fail above
    double warn_offset = 0.20;   // subject centre off the image centre (fraction): warn
    double max_offset = 0.35;    // fail
    double min_teeth = 0.03;     // teeth area fraction in an intraoral view: below fails
    double warn_teeth = 0.08;
    // Intraoral evidence beyond the enamel colour (docs/photos.md, "Is it a mouth?"): gums, lips
    // or retractors in the frame, touching the enamel, and enamel shaped like a row of crowns
    // (one connected, far from convex band with rounded outlines) rather than white objects.
    double min_tissue = 0.03;          // soft-tissue area fraction
    double min_tissue_contact = 0.20;  // share of the enamel outline within reach of tissue
    double min_row_share = 0.5;        // share of the enamel in one connected row of crowns
    double max_row_solidity = 0.88;    // that row's area / its convex hull (1 = one smooth object)
    double max_straight_outline = 0.75;  // share of the outline in straight runs (made objects)
    double warn_face = 0.18;             // face width / image width in an extraoral view: warn
    std::vector<PHash> previous_hashes;  // the previous submission's photos
    int duplicate_bits = kNearDuplicateBits;  // pHash distance at or below: same photo
    std::optional<std::chrono::sys_seconds> reference_date;  // "now" for the age check
    int max_age_days = 7;                                    // EXIF capture date older: warn
    bool flip_mirrored = false;                              // the lab wants mirror views flipped
    std::string cascade_dir;  // Haar cascades; empty = Debian's opencv-data
};

struct CheckResult {
    std::string name;  // stable: resolution, file_type, sharpness, exposure, highlights, ...
    double value = 0;
    double threshold = 0;
    Verdict verdict = Verdict::pass;
    std::string message;
};

struct PhotoTimings {
    double decode_ms = 0;
    double checks_ms = 0;
    double total_ms = 0;
};

struct PhotoReport {
    std::string file;    // the name given (path or label)
    std::string view;    // view id
    std::string format;  // jpeg, png, heif
    int width = 0;       // full-size, upright
    int height = 0;
    bool mirrored = false;  // the view is a mirror shot (image reads reversed)
    PHash phash = 0;
    std::optional<std::string> captured;  // EXIF DateTimeOriginal
    Verdict verdict = Verdict::pass;
    std::vector<CheckResult> checks;
    PhotoTimings timings;

    const CheckResult* find(std::string_view name) const;
};

// JSON text: view, width, height, verdict, checks[] (name, value, threshold, verdict,
// message), timings_ms, plus file, format, mirrored, phash, captured.
std::string to_json(const PhotoReport& report);

// Errors: Errc::invalid_argument for an unknown view id; Errc::bad_input for a missing,
// truncated, oversized (> 100 MP) or non-image file; Errc::not_found if the Haar cascades
// are missing.
Result<PhotoReport> check_photo_file(const std::filesystem::path& path, std::string_view view,
                                     const CheckOptions& options);
Result<PhotoReport> check_photo_bytes(std::span<const std::byte> bytes, std::string name,
                                      std::string_view view, const CheckOptions& options);
// For frames already decoded (the kiosk's live camera): same checks, no file-level checks.
Result<PhotoReport> check_photo_image(const Image& image, std::string name, std::string_view view,
                                      const CheckOptions& options);

// Hashes of every photo (jpg, jpeg, png, heic, heif) in `folder`, for --previous.
Result<std::vector<PHash>> hash_previous_photos(const std::filesystem::path& folder);

}  // namespace intake::capture
