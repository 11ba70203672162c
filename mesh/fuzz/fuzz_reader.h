// Shared body of the three reader fuzzers: parse with bounded limits, and when a small mesh
// comes out, run the cleanup, QA and writers on it too (they must accept anything a reader
// accepts without crashing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mesh/check.h"
#include "mesh/clean.h"
#include "mesh/mesh_io.h"

namespace intake::mesh::fuzz {

inline ReadOptions fuzz_read_options() {
    ReadOptions options;
    options.max_triangles = 100'000;  // keeps each input's memory bounded under ASan
    return options;
}

inline void exercise(const Result<Mesh>& mesh) {
    if (!mesh || mesh->triangles.empty() || mesh->triangles.size() > 5'000) return;
    CleanOptions options;
    options.target_triangles = mesh->triangles.size() / 2;
    auto cleaned = clean_mesh(*mesh, options);
    (void)check_mesh(*mesh);
    if (cleaned && !cleaned->mesh.triangles.empty()) {
        (void)encode_mesh(cleaned->mesh, MeshFormat::stl_binary);
        (void)encode_mesh(cleaned->mesh, MeshFormat::ply_binary_le);
        (void)encode_mesh(cleaned->mesh, MeshFormat::obj);
    }
}

inline std::span<const std::byte> as_bytes(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const std::byte*>(data), size};
}

}  // namespace intake::mesh::fuzz
