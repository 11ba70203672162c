#include "capture/image.h"

#include <turbojpeg.h>

#include <memory>
#include <opencv2/imgproc.hpp>

#include "capture/internal/decode.h"

namespace intake::capture {

Result<Image> decode_image(std::span<const std::byte> bytes, std::string_view name) {
    auto decoded = detail::decode_photo(bytes, name, 0, false);
    if (!decoded) return fail(decoded.error());
    Image image;
    image.width = decoded->bgr.cols;
    image.height = decoded->bgr.rows;
    image.channels = 3;
    image.pixels.resize(image.row_bytes() * static_cast<size_t>(image.height));
    cv::Mat rgb(image.height, image.width, CV_8UC3, image.pixels.data());
    cv::cvtColor(decoded->bgr, rgb, cv::COLOR_BGR2RGB);  // writes into image.pixels
    return image;
}

Result<std::vector<std::byte>> encode_jpeg(const Image& image, int quality) {
    if (image.empty() || (image.channels != 1 && image.channels != 3) ||
        image.pixels.size() < image.row_bytes() * static_cast<size_t>(image.height)) {
        return fail(Errc::invalid_argument,
                    "encode_jpeg: image must be 1 or 3 channels, non-empty");
    }
    std::unique_ptr<void, decltype(&tjDestroy)> handle(tjInitCompress(), &tjDestroy);
    if (!handle) return fail(Errc::internal, "TurboJPEG: cannot create a compressor");
    unsigned char* out = nullptr;
    unsigned long size = 0;
    const int format = image.channels == 3 ? TJPF_RGB : TJPF_GRAY;
    const int subsampling = image.channels == 3 ? TJSAMP_420 : TJSAMP_GRAY;
    if (tjCompress2(handle.get(), image.pixels.data(), image.width,
                    static_cast<int>(image.row_bytes()), image.height, format, &out, &size,
                    subsampling, std::clamp(quality, 1, 100), TJFLAG_ACCURATEDCT) != 0) {
        if (out) tjFree(out);
        return fail(Errc::internal,
                    std::string("TurboJPEG: encoding failed: ") + tjGetErrorStr2(handle.get()));
    }
    std::vector<std::byte> bytes(reinterpret_cast<std::byte*>(out),
                                 reinterpret_cast<std::byte*>(out) + size);
    tjFree(out);
    return bytes;
}

}  // namespace intake::capture
