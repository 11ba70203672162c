// Content sniffing: which reader a file goes to. The extension is never consulted.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "base/result.h"
#include "mesh/mesh_io.h"

namespace intake::mesh::io {

// PLY files come back as ply_ascii/ply_binary_le/ply_binary_be from the header's format line
// (ply_ascii when that line is missing; the PLY reader then reports it).
Result<MeshFormat> sniff_format(std::span<const std::byte> bytes, std::string_view name);

}  // namespace intake::mesh::io
