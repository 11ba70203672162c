#include "capture/internal/check_rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <string>

namespace intake::capture::detail {
namespace {

std::string format(const char* pattern, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char* pattern, ...) {
    char text[512];
    va_list args;
    va_start(args, pattern);
    std::vsnprintf(text, sizeof text, pattern, args);
    va_end(args);
    return text;
}

CheckResult make(std::string name, double value, double threshold, Verdict verdict,
                 std::string message) {
    return CheckResult{std::move(name), value, threshold, verdict, std::move(message)};
}

// Verdict for "value should be at least `fail_below`, ideally `warn_below`".
Verdict at_least(double value, double fail_below, double warn_below) {
    if (value < fail_below) return Verdict::fail;
    return value < warn_below ? Verdict::warn : Verdict::pass;
}
Verdict at_most(double value, double fail_above, double warn_above) {
    if (value > fail_above) return Verdict::fail;
    return value > warn_above ? Verdict::warn : Verdict::pass;
}
double limit_for(Verdict verdict, double fail_limit, double warn_limit) {
    return verdict == Verdict::fail ? fail_limit : warn_limit;
}

std::string lower_extension(std::string_view name) {
    const size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return {};
    std::string ext(name.substr(dot + 1));
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

double centre_offset(double cx, double cy) {
    return std::max(std::abs(cx - 0.5), std::abs(cy - 0.5));
}

CheckResult framing_check(double offset, const char* subject, const CheckOptions& options) {
    const Verdict verdict = at_most(offset, options.max_offset, options.warn_offset);
    const double limit = limit_for(verdict, options.max_offset, options.warn_offset);
    std::string message =
        verdict == Verdict::pass
            ? format("Centred: %s %.2f of the frame from the middle", subject, offset)
            : format(
                  "Off-centre: %s %.2f of the frame from the middle, at most %.2f — centre "
                  "the %s and retake",
                  subject, offset, limit, subject);
    return make("framing", offset, limit, verdict, std::move(message));
}

}  // namespace

CheckResult check_resolution(int width, int height, const CheckOptions& options) {
    const int long_side = std::max(width, height);
    if (long_side < options.min_long_side) {
        return make("resolution", long_side, options.min_long_side, Verdict::fail,
                    format("Too small: %d x %d, the long side needs %d px — use the camera's "
                           "full resolution and retake",
                           width, height, options.min_long_side));
    }
    return make(
        "resolution", long_side, options.min_long_side, Verdict::pass,
        format("Resolution %d x %d (long side at least %d)", width, height, options.min_long_side));
}

std::optional<CheckResult> check_file_type(std::string_view name, Format format_found) {
    const std::string ext = lower_extension(name);
    const bool matches = (format_found == Format::jpeg && (ext == "jpg" || ext == "jpeg")) ||
                         (format_found == Format::png && ext == "png") ||
                         (format_found == Format::heif &&
                          (ext == "heic" || ext == "heif" || ext == "hif" || ext == "avif"));
    if (matches || ext.empty()) return std::nullopt;
    const std::string what(format_name(format_found));
    return make("file_type", 0, 0, Verdict::warn,
                format("Misnamed file: %.*s is a %s image, not .%s — it was checked as %s; "
                       "re-export it with the right extension",
                       static_cast<int>(name.size()), name.data(), what.c_str(), ext.c_str(),
                       what.c_str()));
}

CheckResult check_sharpness(double sharpness, const ViewInfo& view, const CheckOptions& options) {
    const Verdict verdict = at_least(sharpness, options.min_sharpness, options.warn_sharpness);
    const double limit = limit_for(verdict, options.min_sharpness, options.warn_sharpness);
    const char* subject = view.kind == ViewKind::intraoral ? "the teeth" : "the face";
    std::string message =
        verdict == Verdict::pass
            ? format("Sharp: %.2f on %s (needs %.2f)", sharpness, subject, options.min_sharpness)
            : format(
                  "Blurred: sharpness %.2f on %s, needs %.2f — hold the camera still, focus "
                  "on %s and retake",
                  sharpness, subject, limit, subject);
    return make("sharpness", sharpness, limit, verdict, std::move(message));
}

void add_exposure_checks(const Exposure& e, const CheckOptions& o, std::vector<CheckResult>& out) {
    if (e.mean < o.warn_low_mean) {
        const Verdict v = at_least(e.mean, o.min_mean, o.warn_low_mean);
        const double limit = limit_for(v, o.min_mean, o.warn_low_mean);
        out.push_back(make("exposure", e.mean, limit, v,
                           format("Too dark: mean brightness %.0f, needs %.0f — use the flash or "
                                  "more light and retake",
                                  e.mean, limit)));
    } else {
        const Verdict v = at_most(e.mean, o.max_mean, o.warn_high_mean);
        const double limit = limit_for(v, o.max_mean, o.warn_high_mean);
        out.push_back(make("exposure", e.mean, limit, v,
                           v == Verdict::pass
                               ? format("Exposure: mean brightness %.0f (%.0f..%.0f)", e.mean,
                                        o.min_mean, o.max_mean)
                               : format("Too bright: mean brightness %.0f, at most %.0f — lower "
                                        "the flash or exposure and retake",
                                        e.mean, limit)));
    }
    const Verdict clip = at_most(e.clipped, o.max_clipped, o.warn_clipped);
    const double clip_limit = limit_for(clip, o.max_clipped, o.warn_clipped);
    out.push_back(make("highlights", e.clipped, clip_limit, clip,
                       clip == Verdict::pass
                           ? format("Highlights: %.1f%% clipped", e.clipped * 100)
                           : format("Burnt-out highlights: %.1f%% of the photo is pure white, at "
                                    "most %.1f%% — lower the flash and retake",
                                    e.clipped * 100, clip_limit * 100)));
    const Verdict crush = at_most(e.crushed, o.max_crushed, o.warn_crushed);
    const double crush_limit = limit_for(crush, o.max_crushed, o.warn_crushed);
    out.push_back(make("shadows", e.crushed, crush_limit, crush,
                       crush == Verdict::pass
                           ? format("Shadows: %.1f%% pure black", e.crushed * 100)
                           : format("Crushed shadows: %.1f%% of the photo is pure black, at most "
                                    "%.1f%% — add light and retake",
                                    e.crushed * 100, crush_limit * 100)));
}

CheckResult check_cast(const ColourCast& cast, const CheckOptions& o) {
    const Verdict v = at_most(cast.strength, o.max_cast, o.warn_cast);
    const double limit = limit_for(v, o.max_cast, o.warn_cast);
    const char* hue = std::abs(cast.b - kWarmB) >= std::abs(cast.a - kWarmA)
                          ? (cast.b < kWarmB ? "blue" : "yellow")
                          : (cast.a < kWarmA ? "green" : "magenta");
    return make("colour_cast", cast.strength, limit, v,
                v == Verdict::pass
                    ? format("Colour: whites %.1f from neutral", cast.strength)
                    : format("Colour cast (%s): whites %.1f from neutral, at most %.1f — set the "
                             "white balance to flash or auto and retake",
                             hue, cast.strength, limit));
}

namespace {

// Why an enamel-coloured region is not taken for teeth, or "" when the evidence holds.
std::string missing_mouth_evidence(const TeethRegion& teeth, const CheckOptions& o) {
    if (teeth.tissue < o.min_tissue)
        return format("no gums, lips or retractors around it (%.1f%% of the frame, needs %.0f%%)",
                      teeth.tissue * 100, o.min_tissue * 100);
    if (teeth.tissue_contact < o.min_tissue_contact)
        return format("it does not sit in gums or lips (%.0f%% of its outline, needs %.0f%%)",
                      teeth.tissue_contact * 100, o.min_tissue_contact * 100);
    if (teeth.row_share < o.min_row_share)
        return format(
            "it is scattered white things, not one row of teeth (largest part %.0f%%, "
            "needs %.0f%%)",
            teeth.row_share * 100, o.min_row_share * 100);
    if (teeth.row_solidity > o.max_row_solidity)
        return format(
            "its outline is smooth like one object, not a row of crowns (%.0f%% of its "
            "hull, at most %.0f%%)",
            teeth.row_solidity * 100, o.max_row_solidity * 100);
    if (teeth.straight > o.max_straight_outline)
        return format(
            "its outline is straight-edged like a made object, not rounded crowns (%.0f%% "
            "straight, at most %.0f%%)",
            teeth.straight * 100, o.max_straight_outline * 100);
    return "";
}

}  // namespace

void add_intraoral_checks(const TeethRegion& teeth, const FaceFinding& face, const ViewInfo& view,
                          bool colour_unreliable, const CheckOptions& o,
                          std::vector<CheckResult>& out) {
    const std::string key(view.key);
    if (face.found) {
        out.push_back(make("wrong_view", 1, 0, Verdict::fail,
                           format("Wrong view: a face was found where %s expects the teeth — "
                                  "take the intraoral photo with cheek retractors",
                                  key.c_str())));
        return;
    }
    if (teeth.fraction < o.min_teeth) {
        // A strong cast (clipped channels) can hide the enamel's colour: say what to fix first.
        // Still a failure: a photo in which no teeth are recognised must not reach the lab.
        out.push_back(make("wrong_view", teeth.fraction, o.min_teeth, Verdict::fail,
                           colour_unreliable
                               ? format("Teeth not recognised (%.1f%% of the frame) under this "
                                        "colour cast — fix the white balance first and retake",
                                        teeth.fraction * 100)
                               : format("Wrong view: no teeth found (%.1f%% of the frame, needs "
                                        "%.1f%%) for %s — retract the cheeks and photograph the "
                                        "teeth",
                                        teeth.fraction * 100, o.min_teeth * 100, key.c_str())));
        return;
    }
    if (const std::string why = missing_mouth_evidence(teeth, o); !why.empty()) {
        out.push_back(make("wrong_view", teeth.tissue_contact, o.min_tissue_contact, Verdict::fail,
                           format("Wrong view: a white area fills %.0f%% of the frame but %s — "
                                  "this does not look like %s",
                                  teeth.fraction * 100, why.c_str(), key.c_str())));
        return;
    }
    out.push_back(make("wrong_view", teeth.fraction, o.min_teeth, Verdict::pass,
                       format("Teeth found (%.0f%% of the frame) in gums and lips, no face",
                              teeth.fraction * 100)));
    out.push_back(framing_check(centre_offset(teeth.cx, teeth.cy), "teeth", o));
    const Verdict size = teeth.fraction < o.warn_teeth ? Verdict::warn : Verdict::pass;
    out.push_back(make("subject_size", teeth.fraction, o.warn_teeth, size,
                       size == Verdict::pass
                           ? format("Teeth fill %.0f%% of the frame", teeth.fraction * 100)
                           : format("Teeth fill only %.1f%% of the frame, want %.0f%% — move "
                                    "closer and retake",
                                    teeth.fraction * 100, o.warn_teeth * 100)));
}

void add_extraoral_checks(const FaceFinding& face, cv::Size size, const ViewInfo& view,
                          const CheckOptions& o, std::vector<CheckResult>& out) {
    const std::string key(view.key);
    if (!face.found) {
        out.push_back(make(
            "wrong_view", 0, 1, Verdict::fail,
            format("Wrong view: no face found for %s — frame the whole face, "
                   "%s, and retake",
                   key.c_str(),
                   view.id == ViewId::extraoral_profile_right ? "turned to show the right profile"
                                                              : "looking at the camera")));
        return;
    }
    out.push_back(make("wrong_view", 1, 1, Verdict::pass, "Face found"));
    // Left-right only: a well-framed portrait has the face in the upper half (room for the
    // neck and shoulders), so its vertical position is no fault.
    const double cx = (face.face.x + face.face.width / 2.0) / size.width;
    out.push_back(framing_check(std::abs(cx - 0.5), "face", o));
    const double width = static_cast<double>(face.face.width) / size.width;
    const Verdict v = width < o.warn_face ? Verdict::warn : Verdict::pass;
    out.push_back(make("subject_size", width, o.warn_face, v,
                       v == Verdict::pass
                           ? format("Face spans %.0f%% of the width", width * 100)
                           : format("Face spans only %.0f%% of the width, want %.0f%% — move "
                                    "closer and retake",
                                    width * 100, o.warn_face * 100)));
    if (face.eye_tilt) {
        const double tilt = std::abs(*face.eye_tilt);
        const Verdict t = at_most(tilt, o.fail_tilt_deg, o.max_tilt_deg);
        const double limit = limit_for(t, o.fail_tilt_deg, o.max_tilt_deg);
        out.push_back(
            make("tilt", tilt, limit, t,
                 t == Verdict::pass
                     ? format("Level: eye line %.1f° (at most %.1f°)", tilt, o.max_tilt_deg)
                     : format("Tilted: eye line %.1f°, at most %.1f° — level the camera "
                              "with the eyes and retake",
                              tilt, o.max_tilt_deg)));
    }
    if (face.smiling) {
        // A warning, not a failure: the cascade can miss a real smile, and the clinician sees
        // the photo; but a lab that asks for the smile view rejects a closed mouth.
        out.push_back(make("smile", *face.smiling ? 1 : 0, 1,
                           *face.smiling ? Verdict::pass : Verdict::warn,
                           *face.smiling ? "Smile showing the teeth"
                                         : "No smile found — ask for a full smile that shows "
                                           "the teeth and retake"));
    }
}

CheckResult check_mirror(const ViewInfo& view, const CheckOptions& o) {
    if (!view.mirrored) {
        return make("mirror", 0, 0, Verdict::pass, "Direct view (no mirror)");
    }
    return make("mirror", 1, 0, Verdict::pass,
                o.flip_mirrored
                    ? "Mirror view: the photo reads reversed and is flipped to a direct view for "
                      "the lab"
                    : "Mirror view: the photo reads reversed and is kept as taken (recorded as "
                      "mirrored)");
}

std::optional<CheckResult> check_stale(PHash hash, PHash mirrored_hash, const CheckOptions& o) {
    if (o.previous_hashes.empty()) return std::nullopt;
    int nearest = 65;
    bool via_mirror = false;
    for (PHash previous : o.previous_hashes) {
        const int direct = hash_distance(hash, previous);
        const int flipped = hash_distance(mirrored_hash, previous);
        if (direct < nearest) nearest = direct, via_mirror = false;
        if (flipped < nearest) nearest = flipped, via_mirror = true;
    }
    if (nearest <= o.duplicate_bits) {
        return make(
            "stale", nearest, o.duplicate_bits, Verdict::fail,
            format("Re-used photo: %s a photo from the previous submission (pHash "
                   "distance %d, must exceed %d) — update the photos: take a new one",
                   via_mirror ? "a mirror image of" : "the same as", nearest, o.duplicate_bits));
    }
    return make("stale", nearest, o.duplicate_bits, Verdict::pass,
                format("New photo: nearest previous photo is %d bits away", nearest));
}

std::optional<CheckResult> check_capture_date(const std::optional<std::string>& captured,
                                              const CheckOptions& o) {
    if (!captured) return std::nullopt;
    const auto taken = parse_exif_date(*captured);
    if (!taken) return std::nullopt;
    const auto now = o.reference_date.value_or(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
    const double days = std::chrono::duration<double>(now - *taken).count() / 86400.0;
    if (days > o.max_age_days) {
        return make("capture_date", days, o.max_age_days, Verdict::warn,
                    format("Old photo: taken %.0f days ago (%s), at most %d — take today's photos",
                           std::floor(days), captured->c_str(), o.max_age_days));
    }
    return make("capture_date", days, o.max_age_days, Verdict::pass,
                format("Taken %s", captured->c_str()));
}

}  // namespace intake::capture::detail
