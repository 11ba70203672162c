#include "capture/internal/decode.h"

#include <libheif/heif.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <opencv2/imgproc.hpp>
#include <string>

#include "capture/internal/png_reader.h"

namespace intake::capture::detail {
namespace {

bool has_prefix(std::span<const std::byte> data, size_t at, std::string_view text) {
    return data.size() >= at + text.size() &&
           std::memcmp(data.data() + at, text.data(), text.size()) == 0;
}

uint32_t be32(std::span<const std::byte> data, size_t at) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) v = (v << 8) | std::to_integer<uint32_t>(data[at + i]);
    return v;
}

Failure too_large(std::string_view name, int64_t width, int64_t height) {
    char text[160];
    std::snprintf(text, sizeof text, "%.1f megapixels (%lld x %lld) is over the 100 MP limit",
                  static_cast<double>(width) * static_cast<double>(height) / 1e6,
                  static_cast<long long>(width), static_cast<long long>(height));
    return fail(Errc::bad_input, std::string(name) + ": " + text + "; refusing to decode");
}

Failure unreadable(std::string_view name, std::string_view what, std::string_view detail) {
    std::string message = std::string(name) + ": " + std::string(what);
    if (!detail.empty()) message += " (" + std::string(detail) + ")";
    return fail(Errc::bad_input, message);
}

bool swaps_axes(int orientation) { return orientation >= 5 && orientation <= 8; }

// ---- JPEG (TurboJPEG) ----

struct TjCloser {
    void operator()(void* handle) const { tjDestroy(handle); }
};

tjscalingfactor pick_scale(int width, int height, int min_long_side) {
    tjscalingfactor best{1, 1};
    if (min_long_side <= 0) return best;
    int count = 0;
    const tjscalingfactor* factors = tjGetScalingFactors(&count);
    int best_long = std::max(width, height);
    for (int i = 0; factors && i < count; ++i) {
        const tjscalingfactor f = factors[i];
        if (f.num > f.denom) continue;
        const int scaled_long = std::max(TJSCALED(width, f), TJSCALED(height, f));
        if (scaled_long >= min_long_side && scaled_long < best_long) {
            best = f;
            best_long = scaled_long;
        }
    }
    return best;
}

Result<Decoded> decode_jpeg(std::span<const std::byte> bytes, std::string_view name,
                            int min_long_side, bool fast_dct) {
    std::unique_ptr<void, TjCloser> handle(tjInitDecompress());
    if (!handle) return fail(Errc::internal, "TurboJPEG: cannot create a decompressor");
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto size = static_cast<unsigned long>(bytes.size());
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(handle.get(), data, size, &width, &height, &subsampling, &colorspace) !=
        0) {
        return unreadable(name, "not a readable JPEG", tjGetErrorStr2(handle.get()));
    }
    if (static_cast<int64_t>(width) * height > kMaxPixels) return too_large(name, width, height);
    const tjscalingfactor scale = pick_scale(width, height, min_long_side);
    const int out_w = TJSCALED(width, scale), out_h = TJSCALED(height, scale);
    Decoded decoded;
    decoded.bgr.create(out_h, out_w, CV_8UC3);
    // Stop on warnings: libjpeg only *warns* about a truncated file and fills the rest grey.
    const int flags = TJFLAG_STOPONWARNING | (fast_dct ? TJFLAG_FASTDCT : TJFLAG_ACCURATEDCT);
    if (tjDecompress2(handle.get(), data, size, decoded.bgr.data, out_w,
                      static_cast<int>(decoded.bgr.step), out_h, TJPF_BGR, flags) != 0) {
        return unreadable(name, "truncated or corrupt JPEG", tjGetErrorStr2(handle.get()));
    }
    decoded.format = Format::jpeg;
    decoded.exif = parse_exif(find_jpeg_exif(bytes));
    apply_orientation(decoded.bgr, decoded.exif.orientation);
    const bool swap = swaps_axes(decoded.exif.orientation);
    decoded.full_width = swap ? height : width;
    decoded.full_height = swap ? width : height;
    return decoded;
}

// ---- PNG (libpng) ----

Result<Decoded> decode_png(std::span<const std::byte> bytes, std::string_view name) {
    if (bytes.size() < 33 || !has_prefix(bytes, 12, "IHDR")) {
        return unreadable(name, "truncated PNG header", "");
    }
    const uint32_t width = be32(bytes, 16), height = be32(bytes, 20);
    // In 64 unsigned bits: two 32-bit sides multiply past INT64_MAX.
    if (static_cast<uint64_t>(width) * height > static_cast<uint64_t>(kMaxPixels)) {
        return too_large(name, width, height);
    }
    // A complete PNG ends with the IEND chunk; libpng would otherwise return a partial image.
    const size_t tail = std::min<size_t>(bytes.size(), 64);
    std::string_view end(reinterpret_cast<const char*>(bytes.data() + bytes.size() - tail), tail);
    if (end.find("IEND") == std::string_view::npos) {
        return unreadable(name, "truncated PNG", "no IEND chunk at the end of the file");
    }
    Decoded decoded;
    auto bgr = read_png_bgr(bytes, name);
    if (!bgr) return fail(bgr.error());
    decoded.bgr = std::move(bgr.value());
    if (decoded.bgr.empty()) return unreadable(name, "corrupt PNG", "");
    decoded.format = Format::png;
    decoded.full_width = decoded.bgr.cols;
    decoded.full_height = decoded.bgr.rows;
    return decoded;
}

// ---- HEIC / HEIF (libheif; it applies the irot/imir transforms itself) ----

// libheif allocates a grid image at the size its `grid` box claims, which need not be the size
// the header (`ispe`) gave and we checked: a 40-byte file can claim 32767 x 32767. Capping each
// side at 10000 keeps every decodable HEIF within kMaxPixels before any pixel is allocated.
constexpr int kMaxHeifSide = 10'000;
static_assert(static_cast<int64_t>(kMaxHeifSide) * kMaxHeifSide <= kMaxPixels);

struct HeifContext {
    heif_context* context = make_context();
    heif_image_handle* handle = nullptr;
    heif_image* image = nullptr;
    static heif_context* make_context() {
        heif_context* context = heif_context_alloc();
        if (!context) return nullptr;
        heif_context_set_maximum_image_size_limit(context, kMaxHeifSide);
        // One photo decodes on one thread: PhotoSet already checks the photos in parallel, and
        // libheif's own thread per grid tile would only oversubscribe the station's cores.
        heif_context_set_max_decoding_threads(context, 0);
        return context;
    }
    ~HeifContext() {
        if (image) heif_image_release(image);
        if (handle) heif_image_handle_release(handle);
        if (context) heif_context_free(context);
    }
};

ExifInfo heif_exif(heif_image_handle* handle) {
    heif_item_id id = 0;
    if (heif_image_handle_get_list_of_metadata_block_IDs(handle, "Exif", &id, 1) != 1) return {};
    std::vector<std::byte> block(heif_image_handle_get_metadata_size(handle, id));
    if (block.size() < 8 ||
        heif_image_handle_get_metadata(handle, id, block.data()).code != heif_error_Ok) {
        return {};
    }
    // The block starts with a 4-byte offset to the TIFF header.
    const size_t offset = 4 + be32(block, 0);
    if (offset >= block.size()) return {};
    ExifInfo info = parse_exif(std::span<const std::byte>(block).subspan(offset));
    info.orientation = 1;  // already applied by libheif; applying it again would double-rotate
    return info;
}

Failure heif_failure(std::string_view name, std::string_view what, const heif_error& err) {
    if (err.subcode == heif_suberror_Security_limit_exceeded) {
        return fail(Errc::bad_input, std::string(name) + ": HEIF image over " +
                                         std::to_string(kMaxHeifSide) +
                                         " pixels on a side; refusing to decode");
    }
    return unreadable(name, what, err.message);
}

Result<Decoded> decode_heif(std::span<const std::byte> bytes, std::string_view name) {
    HeifContext heif;
    if (!heif.context) return fail(Errc::internal, "libheif: cannot allocate a context");
    heif_error err = heif_context_read_from_memory_without_copy(heif.context, bytes.data(),
                                                                bytes.size(), nullptr);
    if (err.code == heif_error_Ok) {
        err = heif_context_get_primary_image_handle(heif.context, &heif.handle);
    }
    if (err.code != heif_error_Ok) return heif_failure(name, "unreadable HEIF", err);
    const int width = heif_image_handle_get_width(heif.handle);
    const int height = heif_image_handle_get_height(heif.handle);
    if (static_cast<int64_t>(width) * height > kMaxPixels) return too_large(name, width, height);
    err = heif_decode_image(heif.handle, &heif.image, heif_colorspace_RGB,
                            heif_chroma_interleaved_RGB, nullptr);
    if (err.code != heif_error_Ok) return heif_failure(name, "truncated or corrupt HEIF", err);
    int stride = 0;
    const uint8_t* plane =
        heif_image_get_plane_readonly(heif.image, heif_channel_interleaved, &stride);
    const int w = heif_image_get_width(heif.image, heif_channel_interleaved);
    const int h = heif_image_get_height(heif.image, heif_channel_interleaved);
    if (!plane || w <= 0 || h <= 0) return unreadable(name, "HEIF without RGB pixels", "");
    if (static_cast<int64_t>(w) * h > kMaxPixels) return too_large(name, w, h);
    Decoded decoded;
    const cv::Mat rgb(h, w, CV_8UC3, const_cast<uint8_t*>(plane), static_cast<size_t>(stride));
    cv::cvtColor(rgb, decoded.bgr, cv::COLOR_RGB2BGR);
    decoded.format = Format::heif;
    decoded.exif = heif_exif(heif.handle);
    decoded.full_width = w;
    decoded.full_height = h;
    return decoded;
}

}  // namespace

std::string_view format_name(Format format) {
    switch (format) {
        case Format::jpeg:
            return "jpeg";
        case Format::png:
            return "png";
        case Format::heif:
            return "heif";
    }
    return "unknown";
}

Result<Format> sniff_format(std::span<const std::byte> bytes, std::string_view name) {
    if (bytes.empty()) return fail(Errc::bad_input, std::string(name) + ": empty file");
    if (has_prefix(bytes, 0, "\xff\xd8\xff")) return Format::jpeg;
    if (has_prefix(bytes, 0, "\x89PNG\r\n\x1a\n")) return Format::png;
    if (has_prefix(bytes, 4, "ftyp")) {
        for (std::string_view brand :
             {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif"}) {
            if (has_prefix(bytes, 8, brand)) return Format::heif;
        }
    }
    return fail(Errc::bad_input,
                std::string(name) + ": not a JPEG, PNG or HEIC/HEIF image (unknown signature)");
}

Result<Decoded> decode_photo(std::span<const std::byte> bytes, std::string_view name,
                             int min_long_side, bool fast_dct) {
    auto format = sniff_format(bytes, name);
    if (!format) return fail(format.error());
    switch (*format) {
        case Format::jpeg:
            return decode_jpeg(bytes, name, min_long_side, fast_dct);
        case Format::png:
            return decode_png(bytes, name);
        case Format::heif:
            return decode_heif(bytes, name);
    }
    return fail(Errc::internal, "unreachable image format");
}

void apply_orientation(cv::Mat& image, int orientation) {
    cv::Mat out;
    switch (orientation) {
        case 2:
            cv::flip(image, out, 1);
            break;
        case 3:
            cv::rotate(image, out, cv::ROTATE_180);
            break;
        case 4:
            cv::flip(image, out, 0);
            break;
        case 5:
            cv::transpose(image, out);
            break;
        case 6:
            cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE);
            break;
        case 7:
            cv::transpose(image, out);
            cv::rotate(out, out, cv::ROTATE_180);
            break;
        case 8:
            cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE);
            break;
        default:
            return;
    }
    image = out;
}

}  // namespace intake::capture::detail
