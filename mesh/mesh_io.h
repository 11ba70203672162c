// Reading and writing scan files. The format is detected from the content, never from the
// extension (a binary STL whose header starts with "solid" is common and reads as binary).
// Every failure names the file and where (line or byte offset); nothing is written on failure.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string_view>

#include "base/result.h"
#include "mesh/mesh.h"

namespace intake::mesh {

enum class MeshFormat { stl_binary, stl_ascii, ply_ascii, ply_binary_le, ply_binary_be, obj };

std::string_view format_name(MeshFormat format);  // "stl-binary", "ply-binary-le", ...

struct ReadOptions {
    size_t max_triangles = 20'000'000;  // guards against hostile headers
};

struct LoadedMesh {
    Mesh mesh;
    MeshFormat format = MeshFormat::stl_binary;
};

Result<LoadedMesh> read_mesh(const std::filesystem::path& path, const ReadOptions& options = {});

// The same parser on bytes already in memory (fuzzers, drivers that receive PLY over USB).
// `name` only appears in error messages.
Result<LoadedMesh> read_mesh_bytes(std::span<const std::byte> bytes, std::string_view name,
                                   const ReadOptions& options = {});

// The format write_mesh picks for `path`: .stl (binary), .ply (binary LE), .obj (any case);
// invalid_argument for anything else.
Result<MeshFormat> output_format(const std::filesystem::path& path);

// Whether the format keeps per-vertex normals (PLY, OBJ). STL stores one normal per facet,
// recomputed from the corners, so vertex normals need not be computed for it.
bool stores_vertex_normals(MeshFormat format);

// Writes atomically; the format follows the extension: .stl (binary), .ply (binary LE), .obj.
Status write_mesh(const std::filesystem::path& path, const Mesh& mesh);

// The encoded bytes write_mesh would write, without touching the disk.
Result<std::vector<std::byte>> encode_mesh(const Mesh& mesh, MeshFormat format);

}  // namespace intake::mesh
