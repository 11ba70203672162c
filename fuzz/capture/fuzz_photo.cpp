// libFuzzer target for the photo path, which takes bytes from cameras, SD cards and export
// folders: the decoder (JPEG, PNG, HEIC, with EXIF orientation), the EXIF reader, and the
// metadata rewrite the export applies to a JPEG. The first byte picks the path. Errors are
// values; a decoded image must be as large as its header says and no larger than the limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "capture/exif.h"
#include "capture/image.h"

using namespace intake::capture;

namespace {

void check_decode(std::span<const std::byte> bytes) {
    auto image = decode_image(bytes, "fuzz.img");
    if (!image) return;
    const size_t expected = static_cast<size_t>(image->width) * static_cast<size_t>(image->height) *
                            static_cast<size_t>(image->channels);
    if (image->width <= 0 || image->height <= 0 || image->pixels.size() != expected) std::abort();
    if (static_cast<int64_t>(image->width) * image->height > 100'000'000) std::abort();
}

void check_metadata_rewrite(std::span<const std::byte> jpeg) {
    const auto exif = build_exif(6, "2026:11:30 09:15:00");
    const auto rewritten = replace_jpeg_metadata(jpeg, exif);
    // Whatever came in, a block we inserted must read back as what we wrote.
    if (rewritten.empty()) return;
    const auto found = find_jpeg_exif(rewritten);
    if (found.empty()) return;
    const ExifInfo info = parse_exif(found);
    if (info.has_gps || info.has_maker_note) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::span<const std::byte> rest(reinterpret_cast<const std::byte*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            check_decode(rest);
            break;
        case 1:
            (void)parse_exif(rest);
            break;
        default:
            check_metadata_rewrite(rest);
            (void)parse_exif(find_jpeg_exif(rest));
            break;
    }
    return 0;
}
