#include "mesh/io/sniff.h"

#include <cstdint>
#include <cstring>

#include "mesh/io/readers.h"
#include "mesh/io/text_cursor.h"

namespace intake::mesh::io {
namespace {

bool starts_with_word(std::string_view text, std::string_view word) {
    size_t i = 0;
    while (i < text.size() && TextCursor::is_space(text[i])) ++i;
    return text.substr(i, word.size()) == word &&
           (i + word.size() == text.size() || TextCursor::is_space(text[i + word.size()]));
}

// Binary STL is recognised by its size, which must match the declared triangle count: the
// only reliable signal, because many exporters write "solid" into the binary header.
bool size_matches_binary_stl(std::span<const std::byte> bytes) {
    if (bytes.size() < 84) return false;
    uint32_t count = 0;
    std::memcpy(&count, bytes.data() + 80, 4);
    return bytes.size() == 84 + uint64_t{50} * count;
}

bool looks_like_text(std::string_view head) {
    for (char c : head) {
        auto u = static_cast<unsigned char>(c);
        if (u == 0 || (u < 32 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) return false;
    }
    return true;
}

MeshFormat ply_encoding(std::string_view text) {
    TextCursor cur(text);
    for (int line = 0; line < 64 && !cur.at_end(); ++line) {
        std::string_view keyword = cur.token();
        if (keyword == "format") {
            std::string_view kind = cur.token();
            if (kind == "binary_little_endian") return MeshFormat::ply_binary_le;
            if (kind == "binary_big_endian") return MeshFormat::ply_binary_be;
            return MeshFormat::ply_ascii;
        }
        if (keyword == "end_header") break;
        cur.skip_line();
    }
    return MeshFormat::ply_ascii;
}

// OBJ has no magic; accept text whose first statement is an OBJ keyword.
bool looks_like_obj(std::string_view text) {
    static constexpr std::string_view kKeywords[] = {"v", "vn", "vt",     "vp",     "f", "o",
                                                     "g", "s",  "mtllib", "usemtl", "l", "p"};
    TextCursor cur(text);
    while (!cur.at_end()) {
        std::string_view keyword = cur.token();
        if (keyword.empty() || keyword.front() == '#') {
            cur.skip_line();
            continue;
        }
        for (std::string_view k : kKeywords) {
            if (keyword == k) return true;
        }
        return false;
    }
    return false;
}

}  // namespace

Result<MeshFormat> sniff_format(std::span<const std::byte> bytes, std::string_view name) {
    if (bytes.empty()) return fail(Errc::bad_input, std::string(name) + ": the file is empty");
    std::string_view text = as_text(bytes);
    if (size_matches_binary_stl(bytes)) return MeshFormat::stl_binary;
    if (text.substr(0, 3) == "ply" && text.size() > 3 && (text[3] == '\n' || text[3] == '\r')) {
        return ply_encoding(text);
    }
    std::string_view head = text.substr(0, 4096);
    if (looks_like_text(head)) {
        if (starts_with_word(text, "solid")) return MeshFormat::stl_ascii;
        if (looks_like_obj(text)) return MeshFormat::obj;
        return fail(Errc::bad_input,
                    std::string(name) + ": not a mesh file (no STL, PLY or OBJ content) at line 1");
    }
    if (bytes.size() >= 84) return MeshFormat::stl_binary;  // the STL reader names the mismatch
    return fail(Errc::bad_input, std::string(name) + ": not a mesh file (" +
                                     std::to_string(bytes.size()) +
                                     " bytes of binary data, too short for STL) at byte 0");
}

}  // namespace intake::mesh::io
