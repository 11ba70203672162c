#include "mesh/io/ply_header.h"

#include "mesh/io/text_cursor.h"

namespace intake::mesh::io {
namespace {

// A header larger than this is not a scan (guards the search for end_header).
constexpr size_t kMaxHeaderBytes = 64 * 1024;

bool parse_type(std::string_view word, PlyType& type) {
    struct Entry {
        std::string_view a, b;
        PlyType type;
    };
    static constexpr Entry kTypes[] = {
        {"char", "int8", PlyType::i8},      {"uchar", "uint8", PlyType::u8},
        {"short", "int16", PlyType::i16},   {"ushort", "uint16", PlyType::u16},
        {"int", "int32", PlyType::i32},     {"uint", "uint32", PlyType::u32},
        {"float", "float32", PlyType::f32}, {"double", "float64", PlyType::f64},
    };
    for (const Entry& e : kTypes) {
        if (word == e.a || word == e.b) {
            type = e.type;
            return true;
        }
    }
    return false;
}

Status parse_property(TextCursor& cur, PlyElement& element, std::string_view name,
                      size_t line_start) {
    std::string_view text = cur.text();
    if (element.name.empty()) {
        return text_error(name, text, line_start, "PLY property before any element");
    }
    PlyProperty prop;
    std::string_view word = cur.token();
    if (word == "list") {
        prop.is_list = true;
        if (!parse_type(cur.token(), prop.count_type) || !parse_type(cur.token(), prop.type)) {
            return text_error(name, text, line_start, "unknown PLY list type");
        }
        if (prop.count_type == PlyType::f32 || prop.count_type == PlyType::f64) {
            return text_error(name, text, line_start, "PLY list count must be an integer type");
        }
    } else if (!parse_type(word, prop.type)) {
        return text_error(name, text, line_start,
                          "unknown PLY property type '" + std::string(word.substr(0, 20)) + "'");
    }
    std::string_view prop_name = cur.token();
    if (prop_name.empty()) return text_error(name, text, line_start, "PLY property without a name");
    prop.name = std::string(prop_name);
    element.properties.push_back(std::move(prop));
    return ok();
}

Status parse_format(TextCursor& cur, PlyHeader& header, std::string_view name, size_t at) {
    std::string_view kind = cur.token();
    if (kind == "ascii") {
        header.format = MeshFormat::ply_ascii;
    } else if (kind == "binary_little_endian") {
        header.format = MeshFormat::ply_binary_le;
    } else if (kind == "binary_big_endian") {
        header.format = MeshFormat::ply_binary_be;
    } else {
        return text_error(name, cur.text(), at,
                          "unknown PLY format '" + std::string(kind.substr(0, 30)) + "'");
    }
    return ok();
}

}  // namespace

size_t ply_type_size(PlyType type) {
    switch (type) {
        case PlyType::i8:
        case PlyType::u8:
            return 1;
        case PlyType::i16:
        case PlyType::u16:
            return 2;
        case PlyType::i32:
        case PlyType::u32:
        case PlyType::f32:
            return 4;
        case PlyType::f64:
            return 8;
    }
    return 0;
}

int PlyElement::find(std::string_view property) const {
    for (size_t i = 0; i < properties.size(); ++i) {
        if (properties[i].name == property) return static_cast<int>(i);
    }
    return -1;
}

bool PlyElement::fixed_size() const {
    for (const auto& p : properties) {
        if (p.is_list) return false;
    }
    return true;
}

size_t PlyElement::row_bytes() const {
    size_t bytes = 0;
    for (const auto& p : properties) bytes += ply_type_size(p.is_list ? p.count_type : p.type);
    return bytes;
}

Result<PlyHeader> parse_ply_header(std::string_view text, std::string_view name) {
    size_t end = text.substr(0, kMaxHeaderBytes).find("end_header");
    if (end == std::string_view::npos || end > kMaxHeaderBytes) {
        return text_error(name, text, std::min(text.size(), kMaxHeaderBytes),
                          "PLY header without 'end_header'");
    }
    PlyHeader header;
    bool have_format = false;
    TextCursor cur(text.substr(0, end + 10));
    cur.skip_line();  // "ply"
    while (!cur.at_end()) {
        size_t at = cur.pos();
        std::string_view keyword = cur.token();
        if (keyword == "format") {
            INTAKE_TRY(parse_format(cur, header, name, at));
            have_format = true;
        } else if (keyword == "element") {
            PlyElement element;
            element.name = std::string(cur.token());
            if (element.name.empty() || !cur.number(element.count)) {
                return text_error(name, text, at, "malformed PLY element line");
            }
            header.elements.push_back(std::move(element));
        } else if (keyword == "property") {
            PlyElement dummy;
            PlyElement& target = header.elements.empty() ? dummy : header.elements.back();
            INTAKE_TRY(parse_property(cur, target, name, at));
        } else if (keyword == "end_header") {
            break;
        } else if (!keyword.empty() && keyword != "comment" && keyword != "obj_info") {
            return text_error(
                name, text, at,
                "unknown PLY header line '" + std::string(keyword.substr(0, 30)) + "'");
        }
        cur.skip_line();
    }
    if (!have_format) return text_error(name, text, end, "PLY header without a format line");
    // The body starts after the newline that ends the end_header line.
    size_t nl = text.find('\n', end);
    if (nl == std::string_view::npos) {
        return text_error(name, text, end, "PLY file ends right after its header");
    }
    header.body_offset = nl + 1;
    return header;
}

}  // namespace intake::mesh::io
