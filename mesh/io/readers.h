// The per-format readers behind read_mesh_bytes. Each one turns bytes into a Mesh or a
// bad_input error naming the file and the line or byte where parsing stopped.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "base/result.h"
#include "mesh/mesh.h"
#include "mesh/mesh_io.h"

namespace intake::mesh::io {

// Binary STL: exactly 84 + 50 * count bytes. Corners with bit-identical positions are merged.
// `mapped_file`: `bytes` is a private read-only file mapping, so pages already parsed may be
// dropped from resident memory (madvise); never set it for heap memory.
Result<Mesh> read_stl_binary(std::span<const std::byte> bytes, std::string_view name,
                             const ReadOptions& options, bool mapped_file = false);
Result<Mesh> read_stl_ascii(std::string_view text, std::string_view name,
                            const ReadOptions& options);
// ASCII and both binary PLY encodings; `format` says which one the header declared.
Result<Mesh> read_ply(std::span<const std::byte> bytes, std::string_view name,
                      const ReadOptions& options, MeshFormat* format);
Result<Mesh> read_obj(std::string_view text, std::string_view name, const ReadOptions& options);

inline std::string_view as_text(std::span<const std::byte> bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace intake::mesh::io
