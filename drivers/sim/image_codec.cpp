#include "drivers/sim/image_codec.h"

#include <png.h>
#include <turbojpeg.h>

#include <cstring>

#include "base/file_io.h"

namespace intake::drivers {

Result<std::vector<std::byte>> png_to_jpeg(std::span<const std::byte> png, int quality) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, png.data(), png.size())) {
        return fail(Errc::bad_input, std::string("not a readable PNG: ") + image.message);
    }
    image.format = PNG_FORMAT_RGB;  // drops alpha onto black, expands palettes and grey
    std::vector<unsigned char> rgb(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, rgb.data(), 0, nullptr)) {
        png_image_free(&image);
        return fail(Errc::bad_input, std::string("PNG decode failed: ") + image.message);
    }
    tjhandle tj = tjInitCompress();
    if (!tj) return fail(Errc::internal, "TurboJPEG: cannot create a compressor");
    unsigned char* out = nullptr;
    unsigned long out_size = 0;
    const int rc = tjCompress2(tj, rgb.data(), static_cast<int>(image.width), 0,
                               static_cast<int>(image.height), TJPF_RGB, &out, &out_size,
                               TJSAMP_420, quality, TJFLAG_ACCURATEDCT);
    std::vector<std::byte> jpeg;
    if (rc == 0)
        jpeg.assign(reinterpret_cast<std::byte*>(out),
                    reinterpret_cast<std::byte*>(out) + out_size);
    const std::string why = rc == 0 ? "" : tjGetErrorStr2(tj);
    tjFree(out);
    tjDestroy(tj);
    if (rc != 0) return fail(Errc::internal, "TurboJPEG encode failed: " + why);
    return jpeg;
}

Result<std::vector<std::byte>> png_file_to_jpeg(const std::filesystem::path& path, int quality) {
    auto bytes = read_file_bytes(path, size_t{256} << 20);
    if (!bytes) return fail(bytes.error());
    auto jpeg = png_to_jpeg(bytes.value(), quality);
    if (!jpeg) return fail(jpeg.error().code, path.string() + ": " + jpeg.error().message);
    return jpeg;
}

Result<JpegInfo> jpeg_info(std::span<const std::byte> jpeg) {
    tjhandle tj = tjInitDecompress();
    if (!tj) return fail(Errc::internal, "TurboJPEG: cannot create a decompressor");
    int width = 0, height = 0, subsamp = 0, colorspace = 0;
    const int rc = tjDecompressHeader3(tj, reinterpret_cast<const unsigned char*>(jpeg.data()),
                                       static_cast<unsigned long>(jpeg.size()), &width, &height,
                                       &subsamp, &colorspace);
    tjDestroy(tj);
    if (rc != 0) return fail(Errc::bad_input, "not a JPEG");
    return JpegInfo{width, height};
}

}  // namespace intake::drivers
