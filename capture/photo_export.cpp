#include "capture/photo_export.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "base/file_io.h"
#include "capture/exif.h"
#include "capture/image.h"
#include "capture/internal/decode.h"
#include "capture/internal/measure.h"
#include "capture/views.h"

namespace intake::capture {
namespace {

Image to_image(const cv::Mat& bgr) {
    Image image;
    image.width = bgr.cols;
    image.height = bgr.rows;
    image.channels = 3;
    image.pixels.resize(image.row_bytes() * static_cast<size_t>(image.height));
    cv::Mat rgb(image.height, image.width, CV_8UC3, image.pixels.data());
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return image;
}

cv::Mat thumbnail_of(const cv::Mat& bgr, int long_side) {
    const int current = std::max(bgr.cols, bgr.rows);
    if (long_side <= 0 || current <= long_side) return bgr;
    const double scale = static_cast<double>(long_side) / current;
    cv::Mat small;
    cv::resize(bgr, small,
               cv::Size(std::max(1, static_cast<int>(std::lround(bgr.cols * scale))),
                        std::max(1, static_cast<int>(std::lround(bgr.rows * scale)))),
               0, 0, cv::INTER_AREA);
    return small;
}

}  // namespace

Result<NormalisedPhoto> normalise_photo(std::span<const std::byte> bytes, std::string_view name,
                                        std::string_view view, const NormaliseOptions& options) {
    auto info = find_view(view);
    if (!info) return fail(Errc::invalid_argument, "unknown view '" + std::string(view) + "'");
    auto decoded = detail::decode_photo(bytes, name, 0, false);
    if (!decoded) return fail(decoded.error());
    NormalisedPhoto photo;
    photo.phash = detail::phash_of(detail::make_working(decoded->bgr).grey);
    photo.mirrored = info->mirrored;
    photo.captured = decoded->exif.captured;
    cv::Mat upright = decoded->bgr;
    if (info->mirrored && options.flip_mirrored) {
        cv::flip(upright, upright, 1);
        photo.flipped = true;
    }
    photo.width = upright.cols;
    photo.height = upright.rows;
    // Orientation is applied to the pixels, so the new EXIF says 1; only the date survives.
    const std::vector<std::byte> exif = build_exif(1, photo.captured);
    auto full = encode_jpeg(to_image(upright), options.quality);
    if (!full) return fail(full.error());
    photo.jpeg = replace_jpeg_metadata(*full, exif);
    auto thumb = encode_jpeg(to_image(thumbnail_of(upright, options.thumbnail_long_side)),
                             options.thumbnail_quality);
    if (!thumb) return fail(thumb.error());
    photo.thumbnail = replace_jpeg_metadata(*thumb, {});
    return photo;
}

Result<NormalisedPhoto> normalise_photo_file(const std::filesystem::path& path,
                                             std::string_view view,
                                             const NormaliseOptions& options) {
    auto mapped = MappedFile::open(path);
    if (!mapped) {
        const Error& error = mapped.error();
        return fail(error.code == Errc::not_found ? Errc::bad_input : error.code, error.message);
    }
    return normalise_photo(mapped->bytes(), path.string(), view, options);
}

}  // namespace intake::capture
