#include "capture/exif.h"

#include <libexif/exif-data.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace intake::capture {
namespace {

constexpr unsigned char kExifHeader[6] = {'E', 'x', 'i', 'f', 0, 0};

bool starts_with(std::span<const std::byte> data, const void* prefix, size_t size) {
    return data.size() >= size && std::memcmp(data.data(), prefix, size) == 0;
}

bool is_tiff_header(std::span<const std::byte> data) {
    return starts_with(data, "II*\0", 4) || starts_with(data, "MM\0*", 4);
}

std::optional<std::string> ascii_entry(ExifContent* content, ExifTag tag) {
    ExifEntry* entry = content ? exif_content_get_entry(content, tag) : nullptr;
    if (!entry || entry->format != EXIF_FORMAT_ASCII || !entry->data || entry->size == 0) {
        return std::nullopt;
    }
    std::string text(reinterpret_cast<const char*>(entry->data), entry->size);
    text.erase(std::find(text.begin(), text.end(), '\0'), text.end());
    if (!parse_exif_date(text)) return std::nullopt;  // "0000:00:00 00:00:00" and blanks
    return text;
}

void fill_from(ExifData* data, ExifInfo& info) {
    const ExifByteOrder order = exif_data_get_byte_order(data);
    ExifEntry* orientation = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (orientation && orientation->format == EXIF_FORMAT_SHORT && orientation->size >= 2) {
        const int value = exif_get_short(orientation->data, order);
        if (value >= 1 && value <= 8) info.orientation = value;
    }
    info.captured = ascii_entry(data->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL);
    if (!info.captured) info.captured = ascii_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_DATE_TIME);
    info.has_gps = data->ifd[EXIF_IFD_GPS] && data->ifd[EXIF_IFD_GPS]->count > 0;
    info.has_maker_note = exif_data_get_entry(data, EXIF_TAG_MAKER_NOTE) != nullptr;
}

// Little-endian writers for build_exif.
void put16(std::vector<std::byte>& out, uint16_t v) {
    out.push_back(std::byte(v & 0xff));
    out.push_back(std::byte(v >> 8));
}
void put32(std::vector<std::byte>& out, uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(std::byte((v >> shift) & 0xff));
}
void put_entry(std::vector<std::byte>& out, uint16_t tag, uint16_t type, uint32_t count,
               uint32_t value) {
    put16(out, tag);
    put16(out, type);
    put32(out, count);
    put32(out, value);
}
void put_text(std::vector<std::byte>& out, const std::string& text) {
    for (char c : text) out.push_back(std::byte(c));
    out.push_back(std::byte{0});
}

uint16_t be16(std::span<const std::byte> data, size_t at) {
    return static_cast<uint16_t>((std::to_integer<unsigned>(data[at]) << 8) |
                                 std::to_integer<unsigned>(data[at + 1]));
}

}  // namespace

ExifInfo parse_exif(std::span<const std::byte> block) {
    ExifInfo info;
    std::vector<unsigned char> buffer;
    if (starts_with(block, kExifHeader, sizeof kExifHeader)) {
        buffer.assign(reinterpret_cast<const unsigned char*>(block.data()),
                      reinterpret_cast<const unsigned char*>(block.data()) + block.size());
    } else if (is_tiff_header(block)) {
        // libexif wants the APP1 signature in front of the TIFF header.
        buffer.assign(kExifHeader, kExifHeader + sizeof kExifHeader);
        buffer.insert(buffer.end(), reinterpret_cast<const unsigned char*>(block.data()),
                      reinterpret_cast<const unsigned char*>(block.data()) + block.size());
    } else {
        return info;
    }
    if (buffer.size() > 0xffffffu) return info;
    ExifData* data = exif_data_new_from_data(buffer.data(), static_cast<unsigned>(buffer.size()));
    if (!data) return info;
    fill_from(data, info);
    exif_data_unref(data);
    return info;
}

std::span<const std::byte> find_jpeg_exif(std::span<const std::byte> jpeg) {
    if (jpeg.size() < 4 || jpeg[0] != std::byte{0xff} || jpeg[1] != std::byte{0xd8}) return {};
    size_t at = 2;
    while (at + 4 <= jpeg.size() && jpeg[at] == std::byte{0xff}) {
        const unsigned marker = std::to_integer<unsigned>(jpeg[at + 1]);
        if (marker == 0xff) {  // fill byte
            ++at;
            continue;
        }
        if (marker == 0xda || marker == 0xd9) break;  // image data starts: no metadata after
        const size_t length = be16(jpeg, at + 2);
        if (length < 2 || at + 2 + length > jpeg.size()) break;
        auto payload = jpeg.subspan(at + 4, length - 2);
        if (marker == 0xe1 && starts_with(payload, kExifHeader, sizeof kExifHeader)) {
            return payload;
        }
        at += 2 + length;
    }
    return {};
}

std::optional<std::chrono::sys_seconds> parse_exif_date(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char tail = 0;
    if (text.size() < 19 || std::sscanf(text.c_str(), "%4d:%2d:%2d %2d:%2d:%2d%c", &y, &mo, &d, &h,
                                        &mi, &s, &tail) < 6) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                              day{static_cast<unsigned>(d)}};
    if (y < 1900 || !date.ok() || h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0) {
        return std::nullopt;
    }
    return sys_days{date} + hours{h} + minutes{mi} + seconds{s};
}

std::vector<std::byte> build_exif(int orientation, const std::optional<std::string>& captured) {
    const bool with_date = captured && captured->size() == 19 && parse_exif_date(*captured);
    const bool with_orientation = orientation >= 1 && orientation <= 8;
    if (!with_date && !with_orientation) return {};
    const uint16_t ifd0_count =
        static_cast<uint16_t>((with_orientation ? 1 : 0) + (with_date ? 2 : 0));
    // Offsets are from the TIFF header: header 8, IFD0 2 + 12n + 4, then its data.
    const uint32_t ifd0_end = 8 + 2 + 12u * ifd0_count + 4;
    const uint32_t date_at = ifd0_end;          // DateTime text (20 bytes)
    const uint32_t exif_ifd_at = date_at + 20;  // Exif IFD: one entry
    const uint32_t original_at = exif_ifd_at + 2 + 12 + 4;

    std::vector<std::byte> out;
    for (unsigned char c : kExifHeader) out.push_back(std::byte(c));
    for (char c : std::string_view("II*\0", 4)) out.push_back(std::byte(c));
    put32(out, 8);
    put16(out, ifd0_count);
    if (with_orientation) put_entry(out, 0x0112, 3, 1, static_cast<uint32_t>(orientation));
    if (with_date) {
        put_entry(out, 0x0132, 2, 20, date_at);
        put_entry(out, 0x8769, 4, 1, exif_ifd_at);
    }
    put32(out, 0);
    if (with_date) {
        put_text(out, *captured);
        put16(out, 1);
        put_entry(out, 0x9003, 2, 20, original_at);
        put32(out, 0);
        put_text(out, *captured);
    }
    return out;
}

std::vector<std::byte> replace_jpeg_metadata(std::span<const std::byte> jpeg,
                                             std::span<const std::byte> exif) {
    if (jpeg.size() < 4) return {jpeg.begin(), jpeg.end()};
    std::vector<std::byte> out{std::byte{0xff}, std::byte{0xd8}};
    if (!exif.empty() && exif.size() + 2 <= 0xffff) {
        const size_t length = exif.size() + 2;
        out.insert(out.end(), {std::byte{0xff}, std::byte{0xe1}, std::byte(length >> 8),
                               std::byte(length & 0xff)});
        out.insert(out.end(), exif.begin(), exif.end());
    }
    size_t at = 2;
    while (at + 4 <= jpeg.size() && jpeg[at] == std::byte{0xff}) {
        const unsigned marker = std::to_integer<unsigned>(jpeg[at + 1]);
        if (marker == 0xda) break;
        const size_t length = be16(jpeg, at + 2);
        if (length < 2 || at + 2 + length > jpeg.size()) break;
        const bool drop = marker == 0xe0 || marker == 0xe1 || marker == 0xed;
        if (!drop) out.insert(out.end(), jpeg.begin() + at, jpeg.begin() + at + 2 + length);
        at += 2 + length;
    }
    out.insert(out.end(), jpeg.begin() + static_cast<ptrdiff_t>(at), jpeg.end());
    return out;
}

}  // namespace intake::capture
