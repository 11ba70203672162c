#include "capture/photo_check.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "base/file_io.h"
#include "capture/internal/check_rules.h"

namespace intake::capture {
namespace {

using Clock = std::chrono::steady_clock;

// Teeth area fraction above which a photo cannot be a face photo (real intraoral photos:
// 15-25 %; the astronaut portrait: under 2 %).
constexpr double kTeethRuleOutFace = 0.12;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string cascade_dir(const CheckOptions& options) {
    return options.cascade_dir.empty() ? std::string(INTAKE_HAAR_DIR) : options.cascade_dir;
}

Result<ViewInfo> lookup_view(std::string_view view) {
    auto info = find_view(view);
    if (!info) {
        return fail(Errc::invalid_argument,
                    "unknown view '" + std::string(view) +
                        "' (one of extraoral-frontal, extraoral-smile, extraoral-profile-right, "
                        "intraoral-frontal, intraoral-right, intraoral-left, "
                        "intraoral-upper-occlusal, intraoral-lower-occlusal)");
    }
    return *info;
}

// Everything after the decode: the measurements on the working image, and the checks.
Status run_checks(const cv::Mat& bgr, const ViewInfo& view, const CheckOptions& options,
                  PhotoReport& report) {
    using namespace detail;
    const Working work = make_working(bgr);
    report.phash = phash_of(work.grey);
    PHash mirrored_hash = report.phash;
    if (!options.previous_hashes.empty()) {
        cv::Mat flipped;
        cv::flip(work.grey, flipped, 1);
        mirrored_hash = phash_of(flipped);
    }
    const ColourCast cast = measure_cast(work);
    cv::Rect roi(0, 0, work.grey.cols, work.grey.rows);
    std::vector<CheckResult> framing;
    if (view.kind == ViewKind::intraoral) {
        const TeethRegion teeth = find_teeth(work, cast);
        // Plenty of enamel in the frame means this is no portrait: skip the face search,
        // the most expensive step (a smiling face shows a few percent of teeth at most).
        FaceFinding no_face;
        auto face = teeth.fraction >= kTeethRuleOutFace
                        ? Result<FaceFinding>(no_face)
                        : find_face(work.grey, cascade_dir(options), FaceSearch::wrong_view);
        if (!face) return fail(face.error());
        if (teeth.fraction >= options.min_teeth) roi = teeth.box;
        add_intraoral_checks(teeth, *face, view, cast.strength > options.max_cast, options,
                             framing);
    } else {
        const auto search = view.id == ViewId::extraoral_profile_right ? FaceSearch::profile
                            : view.id == ViewId::extraoral_smile       ? FaceSearch::smile
                                                                       : FaceSearch::frontal;
        auto face = find_face(work.grey, cascade_dir(options), search);
        if (!face) return fail(face.error());
        if (face->found) roi = face->face;
        add_extraoral_checks(*face, work.grey.size(), view, options, framing);
    }
    report.checks.push_back(check_sharpness(sharpness(work.grey, roi), view, options));
    add_exposure_checks(measure_exposure(work.grey), options, report.checks);
    report.checks.push_back(check_cast(cast, options));
    for (CheckResult& check : framing) report.checks.push_back(std::move(check));
    report.checks.push_back(check_mirror(view, options));
    if (auto stale = check_stale(report.phash, mirrored_hash, options)) {
        report.checks.push_back(std::move(*stale));
    }
    if (auto age = check_capture_date(report.captured, options)) {
        report.checks.push_back(std::move(*age));
    }
    return ok();
}

void finish(PhotoReport& report) {
    report.verdict = Verdict::pass;
    for (const CheckResult& check : report.checks)
        report.verdict = worst(report.verdict, check.verdict);
}

double rounded(double value) { return std::round(value * 10000.0) / 10000.0; }

}  // namespace

const CheckResult* PhotoReport::find(std::string_view name) const {
    for (const CheckResult& check : checks) {
        if (check.name == name) return &check;
    }
    return nullptr;
}

std::string to_json(const PhotoReport& report) {
    nlohmann::ordered_json json;
    json["file"] = report.file;
    json["view"] = report.view;
    json["format"] = report.format;
    json["width"] = report.width;
    json["height"] = report.height;
    json["verdict"] = verdict_name(report.verdict);
    json["mirrored"] = report.mirrored;
    json["phash"] = phash_to_hex(report.phash);
    json["captured"] = report.captured ? nlohmann::ordered_json(*report.captured) : nullptr;
    json["checks"] = nlohmann::ordered_json::array();
    for (const CheckResult& check : report.checks) {
        json["checks"].push_back({{"name", check.name},
                                  {"value", rounded(check.value)},
                                  {"threshold", rounded(check.threshold)},
                                  {"verdict", verdict_name(check.verdict)},
                                  {"message", check.message}});
    }
    json["timings_ms"] = {{"decode", rounded(report.timings.decode_ms)},
                          {"checks", rounded(report.timings.checks_ms)},
                          {"total", rounded(report.timings.total_ms)}};
    return json.dump();
}

Result<PhotoReport> check_photo_bytes(std::span<const std::byte> bytes, std::string name,
                                      std::string_view view, const CheckOptions& options) {
    const auto start = Clock::now();
    auto info = lookup_view(view);
    if (!info) return fail(info.error());
    auto decoded = detail::decode_photo(bytes, name, detail::kWorkingLongSide, true);
    if (!decoded) return fail(decoded.error());
    PhotoReport report;
    report.timings.decode_ms = ms_since(start);
    const auto checks_start = Clock::now();
    report.file = std::move(name);
    report.view = std::string(info->key);
    report.format = std::string(detail::format_name(decoded->format));
    report.width = decoded->full_width;
    report.height = decoded->full_height;
    report.mirrored = info->mirrored;
    report.captured = decoded->exif.captured;
    report.checks.push_back(detail::check_resolution(report.width, report.height, options));
    if (auto type = detail::check_file_type(report.file, decoded->format)) {
        report.checks.push_back(std::move(*type));
    }
    INTAKE_TRY(run_checks(decoded->bgr, *info, options, report));
    finish(report);
    report.timings.checks_ms = ms_since(checks_start);
    report.timings.total_ms = ms_since(start);
    return report;
}

Result<PhotoReport> check_photo_file(const std::filesystem::path& path, std::string_view view,
                                     const CheckOptions& options) {
    auto info = lookup_view(view);  // a usage error wins over a file problem
    if (!info) return fail(info.error());
    auto mapped = MappedFile::open(path);
    if (!mapped) {
        // For the photo commands a missing or unreadable photo is bad input (exit 3).
        const Error& error = mapped.error();
        return fail(error.code == Errc::not_found ? Errc::bad_input : error.code, error.message);
    }
    return check_photo_bytes(mapped->bytes(), path.string(), view, options);
}

Result<PhotoReport> check_photo_image(const Image& image, std::string name, std::string_view view,
                                      const CheckOptions& options) {
    const auto start = Clock::now();
    auto info = lookup_view(view);
    if (!info) return fail(info.error());
    if (image.empty() || (image.channels != 1 && image.channels != 3) ||
        image.pixels.size() < image.row_bytes() * static_cast<size_t>(image.height)) {
        return fail(Errc::invalid_argument, name + ": empty or malformed image");
    }
    const cv::Mat view_mat(image.height, image.width, image.channels == 3 ? CV_8UC3 : CV_8UC1,
                           const_cast<uint8_t*>(image.pixels.data()), image.row_bytes());
    cv::Mat bgr;
    cv::cvtColor(view_mat, bgr, image.channels == 3 ? cv::COLOR_RGB2BGR : cv::COLOR_GRAY2BGR);
    PhotoReport report;
    report.file = std::move(name);
    report.view = std::string(info->key);
    report.format = "raw";
    report.width = image.width;
    report.height = image.height;
    report.mirrored = info->mirrored;
    report.checks.push_back(detail::check_resolution(image.width, image.height, options));
    INTAKE_TRY(run_checks(bgr, *info, options, report));
    finish(report);
    report.timings.checks_ms = ms_since(start);
    report.timings.total_ms = report.timings.checks_ms;
    return report;
}

}  // namespace intake::capture

namespace intake::capture {

namespace {
bool is_photo_name(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".heic" || ext == ".heif";
}
}  // namespace

Result<std::vector<PHash>> hash_previous_photos(const std::filesystem::path& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        return fail(Errc::bad_input, folder.string() + ": not a folder of previous photos");
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.is_regular_file(ec) && is_photo_name(entry.path())) files.push_back(entry.path());
    }
    if (ec) return fail(Errc::io, folder.string() + ": cannot list: " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<PHash> hashes;
    for (const auto& file : files) {
        auto mapped = MappedFile::open(file);
        if (!mapped) return fail(Errc::bad_input, mapped.error().message);
        auto decoded =
            detail::decode_photo(mapped->bytes(), file.string(), detail::kWorkingLongSide, true);
        if (!decoded) return fail(decoded.error());
        hashes.push_back(detail::phash_of(detail::make_working(decoded->bgr).grey));
    }
    return hashes;
}

}  // namespace intake::capture
