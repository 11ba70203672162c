// The PLY header: format line, elements with their counts and typed properties. Parsed once,
// then the body readers (ASCII or binary) walk the elements in order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "mesh/mesh_io.h"

namespace intake::mesh::io {

enum class PlyType : uint8_t { i8, u8, i16, u16, i32, u32, f32, f64 };

size_t ply_type_size(PlyType type);

struct PlyProperty {
    std::string name;
    PlyType type = PlyType::f32;  // the item type for lists
    bool is_list = false;
    PlyType count_type = PlyType::u8;
};

struct PlyElement {
    std::string name;
    uint64_t count = 0;
    std::vector<PlyProperty> properties;

    int find(std::string_view property) const;  // index or -1
    bool fixed_size() const;                    // no list properties
    size_t row_bytes() const;                   // fixed part of a binary row
};

struct PlyHeader {
    MeshFormat format = MeshFormat::ply_ascii;
    std::vector<PlyElement> elements;
    size_t body_offset = 0;  // first byte after "end_header\n"
};

Result<PlyHeader> parse_ply_header(std::string_view text, std::string_view name);

}  // namespace intake::mesh::io
