#include "capture/internal/png_reader.h"

#include <png.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace intake::capture::detail {
namespace {

struct MemorySource {
    const std::byte* data;
    size_t size;
    size_t offset = 0;
};

void read_from_memory(png_structp png, png_bytep out, size_t count) {
    auto* source = static_cast<MemorySource*>(png_get_io_ptr(png));
    if (count > source->size - source->offset) png_error(png, "the file ends inside a chunk");
    std::memcpy(out, source->data + source->offset, count);
    source->offset += count;
}

// libpng reports errors by longjmp; the reason is kept for the message.
void on_error(png_structp png, png_const_charp message) {
    *static_cast<std::string*>(png_get_error_ptr(png)) = message;
    png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}  // ancillary-chunk complaints are no failure

// Everything that changes after setjmp lives on the heap: automatic variables modified between
// setjmp and longjmp have indeterminate values afterwards.
struct ReadState {
    std::string error;
    MemorySource source;
    cv::Mat bgr;
    std::vector<png_bytep> rows;
};

void set_8bit_bgr_transforms(png_structp png, png_infop info) {
    png_set_strip_16(png);
    png_set_packing(png);
    png_set_palette_to_rgb(png);
    png_set_expand_gray_1_2_4_to_8(png);
    png_set_gray_to_rgb(png);
    png_set_strip_alpha(png);
    png_set_bgr(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
}

}  // namespace

Result<cv::Mat> read_png_bgr(std::span<const std::byte> bytes, std::string_view name) {
    auto state = std::make_unique<ReadState>();
    state->source = MemorySource{bytes.data(), bytes.size()};
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, &state->error, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (info == nullptr) {
        png_destroy_read_struct(&png, nullptr, nullptr);
        return fail(Errc::internal, std::string(name) + ": cannot start the PNG reader");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        return fail(Errc::bad_input, std::string(name) + ": corrupt PNG (" + state->error + ")");
    }
    png_set_read_fn(png, &state->source, read_from_memory);
    png_read_info(png, info);
    set_8bit_bgr_transforms(png, info);
    const auto width = static_cast<int>(png_get_image_width(png, info));
    const auto height = static_cast<int>(png_get_image_height(png, info));
    if (png_get_rowbytes(png, info) != static_cast<size_t>(width) * 3)
        png_error(png, "unexpected row layout after conversion");
    state->bgr.create(height, width, CV_8UC3);
    state->rows.resize(static_cast<size_t>(height));
    for (int y = 0; y < height; ++y) state->rows[static_cast<size_t>(y)] = state->bgr.ptr(y);
    png_read_image(png, state->rows.data());
    png_read_end(png, nullptr);
    png_destroy_read_struct(&png, &info, nullptr);
    return std::move(state->bgr);
}

}  // namespace intake::capture::detail
