#include "tests/capture/photo_fixtures.h"

#include <libheif/heif.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <stdexcept>

#include "capture/exif.h"

namespace intake::capture::testing {

std::filesystem::path photo_path(const std::string& name) {
    return std::filesystem::path(INTAKE_TESTDATA_DIR) / "photos" / name;
}

const cv::Mat& real_photo(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, cv::Mat> cache;
    std::lock_guard lock(mutex);
    auto it = cache.find(name);
    if (it == cache.end()) {
        cv::Mat image = cv::imread(photo_path(name).string(), cv::IMREAD_COLOR);
        if (image.empty()) throw std::runtime_error("cannot read " + photo_path(name).string());
        it = cache.emplace(name, image).first;
    }
    return it->second;
}

const cv::Mat& face_photo() {
    static const cv::Mat face = [] {
        cv::Mat big;
        cv::resize(real_photo("extraoral-astronaut.png"), big, cv::Size(1440, 1440), 0, 0,
                   cv::INTER_CUBIC);
        return big;
    }();
    return face;
}

std::vector<std::byte> encode_jpeg(const cv::Mat& bgr, int quality) {
    std::vector<uint8_t> out;
    cv::imencode(".jpg", bgr, out, {cv::IMWRITE_JPEG_QUALITY, quality});
    return {reinterpret_cast<std::byte*>(out.data()),
            reinterpret_cast<std::byte*>(out.data()) + out.size()};
}

std::vector<std::byte> encode_png(const cv::Mat& bgr) {
    std::vector<uint8_t> out;
    cv::imencode(".png", bgr, out, {cv::IMWRITE_PNG_COMPRESSION, 1});
    return {reinterpret_cast<std::byte*>(out.data()),
            reinterpret_cast<std::byte*>(out.data()) + out.size()};
}

namespace {
heif_error write_to_vector(heif_context*, const void* data, size_t size, void* user) {
    auto* out = static_cast<std::vector<std::byte>*>(user);
    const auto* bytes = static_cast<const std::byte*>(data);
    out->insert(out->end(), bytes, bytes + size);
    return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
}
}  // namespace

std::vector<std::byte> encode_heic(const cv::Mat& bgr, int quality) {
    if (!heif_have_encoder_for_format(heif_compression_HEVC)) return {};
    heif_context* context = heif_context_alloc();
    heif_encoder* encoder = nullptr;
    heif_image* image = nullptr;
    std::vector<std::byte> out;
    if (heif_context_get_encoder_for_format(context, heif_compression_HEVC, &encoder).code ==
            heif_error_Ok &&
        heif_image_create(bgr.cols, bgr.rows, heif_colorspace_RGB, heif_chroma_interleaved_RGB,
                          &image)
                .code == heif_error_Ok &&
        heif_image_add_plane(image, heif_channel_interleaved, bgr.cols, bgr.rows, 8).code ==
            heif_error_Ok) {
        int stride = 0;
        uint8_t* plane = heif_image_get_plane(image, heif_channel_interleaved, &stride);
        cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, plane, static_cast<size_t>(stride));
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        heif_encoder_set_lossy_quality(encoder, quality);
        if (heif_context_encode_image(context, image, encoder, nullptr, nullptr).code ==
            heif_error_Ok) {
            heif_writer writer{1, &write_to_vector};
            heif_context_write(context, &writer, &out);
        }
    }
    if (image) heif_image_release(image);
    if (encoder) heif_encoder_release(encoder);
    heif_context_free(context);
    return out;
}

std::vector<std::byte> with_exif(std::span<const std::byte> jpeg, int orientation,
                                 const std::optional<std::string>& captured) {
    return replace_jpeg_metadata(jpeg, build_exif(orientation, captured));
}

cv::Mat gaussian_blur(const cv::Mat& bgr, double sigma) {
    cv::Mat out;
    cv::GaussianBlur(bgr, out, cv::Size(0, 0), sigma);
    return out;
}

cv::Mat motion_blur(const cv::Mat& bgr, int length) {
    cv::Mat kernel(1, length, CV_32F, cv::Scalar(1.0 / length));
    cv::Mat out;
    cv::filter2D(bgr, out, -1, kernel);
    return out;
}

cv::Mat exposure_ev(const cv::Mat& bgr, double stops) {
    cv::Mat lut(1, 256, CV_8U);
    for (int v = 0; v < 256; ++v) {
        const double linear = std::pow(v / 255.0, 2.2) * std::pow(2.0, stops);
        lut.at<uint8_t>(v) =
            cv::saturate_cast<uint8_t>(std::pow(std::min(1.0, linear), 1 / 2.2) * 255);
    }
    cv::Mat out;
    cv::LUT(bgr, lut, out);
    return out;
}

cv::Mat colour_cast(const cv::Mat& bgr) {
    std::vector<cv::Mat> channels;
    cv::split(bgr, channels);
    channels[0] *= 1.5;
    channels[2] *= 0.6;
    cv::Mat out;
    cv::merge(channels, out);
    return out;
}

cv::Mat rotate_deg(const cv::Mat& bgr, double degrees) {
    const cv::Mat rotation =
        cv::getRotationMatrix2D(cv::Point2f(bgr.cols / 2.0f, bgr.rows / 2.0f), degrees, 1.0);
    cv::Mat out;
    cv::warpAffine(bgr, out, rotation, bgr.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return out;
}

cv::Mat flip_horizontal(const cv::Mat& bgr) {
    cv::Mat out;
    cv::flip(bgr, out, 1);
    return out;
}

cv::Mat resize_long_side(const cv::Mat& bgr, int long_side) {
    const double scale = static_cast<double>(long_side) / std::max(bgr.cols, bgr.rows);
    cv::Mat out;
    cv::resize(bgr, out, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    return out;
}

void write_bytes(const std::filesystem::path& path, std::span<const std::byte> bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace intake::capture::testing

// LeakSanitizer (the asan preset): libx265, used by libheif to encode the test HEIC files,
// keeps ~1 KB per encoder it never frees. That is inside a system library, not ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:libx265.so\n"; }
