// Readers and writers on the real arches and on small hand-made files of every encoding.
#include "mesh/mesh_io.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "mesh/clean/compact.h"
#include "synthetic_arch.h"
#include "test_paths.h"

namespace intake::mesh {
namespace {

using test::scan_path;

std::span<const std::byte> as_bytes(const std::string& s) {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

void expect_same(const Mesh& a, const Mesh& b) {
    ASSERT_EQ(a.positions.size(), b.positions.size());
    ASSERT_EQ(a.triangles.size(), b.triangles.size());
    EXPECT_EQ(0, std::memcmp(a.positions.data(), b.positions.data(), a.positions.size() * 12));
    EXPECT_EQ(a.triangles, b.triangles);
}

TEST(MeshIo, ReadsRealArchObj) {
    auto loaded = read_mesh(scan_path("Ref_Upper_Mesh_Tag=0.obj"));
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    EXPECT_EQ(loaded->format, MeshFormat::obj);
    EXPECT_EQ(loaded->mesh.positions.size(), 42644u);
    EXPECT_EQ(loaded->mesh.triangles.size(), 85232u);
}

TEST(MeshIo, BinaryRoundTripsAreExact) {
    auto loaded = read_mesh(scan_path("Ref_Lower_Mesh_Tag=0.obj"));
    ASSERT_TRUE(loaded);
    auto dir = test::fresh_dir("roundtrip");
    for (const char* ext : {".ply", ".obj"}) {
        auto path = dir / (std::string("arch") + ext);
        ASSERT_TRUE(write_mesh(path, loaded->mesh));
        auto back = read_mesh(path);
        ASSERT_TRUE(back) << back.error().to_string();
        expect_same(loaded->mesh, back->mesh);
    }
    // STL stores corners, not shared vertices: positions come back in first-use order, so
    // compare corner positions triangle by triangle.
    auto stl = dir / "arch.stl";
    ASSERT_TRUE(write_mesh(stl, loaded->mesh));
    auto back = read_mesh(stl);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->format, MeshFormat::stl_binary);
    ASSERT_EQ(back->mesh.triangles.size(), loaded->mesh.triangles.size());
    for (size_t t = 0; t < back->mesh.triangles.size(); ++t) {
        for (int c = 0; c < 3; ++c) {
            const Vec3& p = loaded->mesh.positions[loaded->mesh.triangles[t][c]];
            const Vec3& q = back->mesh.positions[back->mesh.triangles[t][c]];
            ASSERT_EQ(0, std::memcmp(&p, &q, sizeof p)) << "triangle " << t;
        }
    }
    EXPECT_EQ(back->mesh.positions.size(), loaded->mesh.positions.size());
}

TEST(MeshIo, LargeStlReadOnTwoCoresNumbersVerticesInFirstUseOrder) {
    // 248k triangles: above the threshold where the STL reader splits the work.
    Mesh arch = test::make_arch({.along = 500, .across = 250});
    auto bytes = encode_mesh(arch, MeshFormat::stl_binary);
    ASSERT_TRUE(bytes);
    auto loaded = read_mesh_bytes(*bytes, "big.stl");
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    // One sequential pass would number vertices in order of first use: compact_vertices does
    // exactly that renumbering on the original.
    compact_vertices(arch);
    EXPECT_EQ(loaded->mesh.triangles, arch.triangles);
    ASSERT_EQ(loaded->mesh.positions.size(), arch.positions.size());
    EXPECT_EQ(0, std::memcmp(loaded->mesh.positions.data(), arch.positions.data(),
                             arch.positions.size() * sizeof(Vec3)));
}

TEST(MeshIo, LargeStlSoupWithNoSharedCornersGrowsTheCornerTables) {
    // The corner tables are sized for about half as many vertices as triangles (a closed
    // scan); a soup of 210k separate triangles has six times that, so both cores' tables
    // grow several times. Every corner must still be its own vertex, numbered in file order.
    Mesh soup;
    for (uint32_t t = 0; t < 210'000; ++t) {
        const float x = static_cast<float>(t % 1000), y = static_cast<float>(t / 1000);
        soup.positions.push_back({x, y, 0});
        soup.positions.push_back({x + 0.5f, y, 0.25f});
        soup.positions.push_back({x, y + 0.5f, 0.5f});
        soup.triangles.push_back({3 * t, 3 * t + 1, 3 * t + 2});
    }
    auto bytes = encode_mesh(soup, MeshFormat::stl_binary);
    ASSERT_TRUE(bytes);
    auto loaded = read_mesh_bytes(*bytes, "soup.stl");
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    EXPECT_EQ(loaded->mesh.triangles, soup.triangles);
    ASSERT_EQ(loaded->mesh.positions.size(), soup.positions.size());
    EXPECT_EQ(0, std::memcmp(loaded->mesh.positions.data(), soup.positions.data(),
                             soup.positions.size() * sizeof(Vec3)));
}

TEST(MeshIo, LargeStlFromAFileReadsLikeTheSameBytesInMemory) {
    // From a path the reader maps the file and drops parsed pages as it goes (every 64k
    // triangles, on both cores): the mesh must equal the one read from a heap copy.
    Mesh arch = test::make_arch({.along = 500, .across = 250});
    auto bytes = encode_mesh(arch, MeshFormat::stl_binary);
    ASSERT_TRUE(bytes);
    auto path = test::fresh_dir("mapped_stl") / "big.stl";
    ASSERT_TRUE(write_mesh(path, arch));
    auto from_file = read_mesh(path);
    ASSERT_TRUE(from_file) << from_file.error().to_string();
    auto from_memory = read_mesh_bytes(*bytes, "big.stl");
    ASSERT_TRUE(from_memory);
    expect_same(from_file->mesh, from_memory->mesh);
    EXPECT_GT(from_file->mesh.triangles.size(), 200'000u);
}

TEST(MeshIo, OutputFormatFollowsTheExtensionAndSaysWhatKeepsNormals) {
    auto stl = output_format("out/Arch.STL");
    ASSERT_TRUE(stl);
    EXPECT_EQ(*stl, MeshFormat::stl_binary);
    EXPECT_FALSE(stores_vertex_normals(*stl));
    auto ply = output_format("arch.ply");
    ASSERT_TRUE(ply);
    EXPECT_EQ(*ply, MeshFormat::ply_binary_le);
    EXPECT_TRUE(stores_vertex_normals(*ply));
    auto obj = output_format("arch.obj");
    ASSERT_TRUE(obj);
    EXPECT_TRUE(stores_vertex_normals(*obj));
    auto bad = output_format("arch.vtk");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::invalid_argument);
}

TEST(MeshIo, BinaryStlWhoseHeaderSaysSolidReadsAsBinary) {
    Mesh m;
    m.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    m.triangles = {{0, 1, 2}};
    auto bytes = encode_mesh(m, MeshFormat::stl_binary);
    ASSERT_TRUE(bytes);
    std::memcpy(bytes->data(), "solid fooled you", 16);
    auto loaded = read_mesh_bytes(*bytes, "solid.stl");
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    EXPECT_EQ(loaded->format, MeshFormat::stl_binary);
    EXPECT_EQ(loaded->mesh.triangles.size(), 1u);
}

TEST(MeshIo, AsciiStlMergesSharedCorners) {
    std::string text =
        "solid t\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 0 0\n"
        "   vertex 0 1 0\n  endloop\n endfacet\n facet normal 0 0 1\n  outer loop\n"
        "   vertex 1 0 0\n   vertex 1 1 0\n   vertex 0 1 0\n  endloop\n endfacet\nendsolid t\n";
    auto loaded = read_mesh_bytes(as_bytes(text), "a.stl");
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    EXPECT_EQ(loaded->format, MeshFormat::stl_ascii);
    EXPECT_EQ(loaded->mesh.positions.size(), 4u);
    EXPECT_EQ(loaded->mesh.triangles.size(), 2u);
}

TEST(MeshIo, AsciiPlyWithNormalsColoursAndQuad) {
    std::string text =
        "ply\nformat ascii 1.0\ncomment test\nelement vertex 4\nproperty double x\n"
        "property double y\nproperty double z\nproperty float nx\nproperty float ny\n"
        "property float nz\nproperty uchar red\nproperty uchar green\nproperty uchar blue\n"
        "element face 1\nproperty list uchar int vertex_indices\nend_header\n"
        "0 0 0 0 0 1 255 0 0\n1 0 0 0 0 1 0 255 0\n1 1 0 0 0 1 0 0 255\n0 1 0 0 0 1 9 9 9\n"
        "4 0 1 2 3\n";
    auto loaded = read_mesh_bytes(as_bytes(text), "q.ply");
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    EXPECT_EQ(loaded->format, MeshFormat::ply_ascii);
    EXPECT_EQ(loaded->mesh.triangles.size(), 2u);
    ASSERT_TRUE(loaded->mesh.has_normals());
    ASSERT_TRUE(loaded->mesh.has_colors());
    EXPECT_EQ(loaded->mesh.colors[1][1], 255);
    EXPECT_FLOAT_EQ(loaded->mesh.normals[3].z, 1.0f);
}

TEST(MeshIo, BigEndianPlyWithExtraElementsAndFaceProperties) {
    std::string text =
        "ply\nformat binary_big_endian 1.0\nelement vertex 3\nproperty float x\n"
        "property float y\nproperty float z\nproperty uchar quality\nelement face 1\n"
        "property uchar flags\nproperty list int uint vertex_indices\nelement edge 1\n"
        "property int a\nproperty int b\nend_header\n";
    auto put_be = [&](const void* p, size_t n) {
        const char* c = static_cast<const char*>(p);
        for (size_t i = 0; i < n; ++i) text.push_back(c[n - 1 - i]);
    };
    float coords[3][3] = {{0, 0, 0}, {2, 0, 0}, {0, 2, 0}};
    for (auto& v : coords) {
        for (float f : v) put_be(&f, 4);
        text.push_back('\x07');
    }
    text.push_back('\x01');
    int32_t count = 3;
    put_be(&count, 4);
    for (uint32_t i : {0u, 1u, 2u}) put_be(&i, 4);
    int32_t e[2] = {0, 1};
    put_be(&e[0], 4);
    put_be(&e[1], 4);
    auto loaded = read_mesh_bytes(as_bytes(text), "be.ply");
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    EXPECT_EQ(loaded->format, MeshFormat::ply_binary_be);
    EXPECT_FLOAT_EQ(loaded->mesh.positions[1].x, 2.0f);
    EXPECT_EQ(loaded->mesh.triangles[0], (Triangle{0, 1, 2}));
}

// An element we skip with a list whose items are larger than its length (a scanner's per-vertex
// neighbour ids, say): the length is read once. It was re-read from each item, so a list
// `2 40000 7` walked 40000 items off the end (found by fuzz_ply, UBSan's float-to-int check).
TEST(MeshIo, SkippedListsEndAtTheirLengthWhateverTheirItems) {
    std::string text =
        "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
        "property float z\nelement neighbours 2\nproperty list uchar uint ids\n"
        "element face 1\nproperty list uchar int vertex_indices\nend_header\n"
        "0 0 0\n1 0 0\n0 1 0\n2 40000 7\n1 3\n3 0 1 2\n";
    auto loaded = read_mesh_bytes(as_bytes(text), "lists.ply");
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    ASSERT_EQ(loaded->mesh.triangles.size(), 1u);
    EXPECT_EQ(loaded->mesh.triangles[0], (Triangle{0, 1, 2}));
}

// Each element fits the body alone, not after the one before it (found by fuzz_ply: the fast
// vertex path read 4 bytes past the end of the file).
TEST(MeshIo, BinaryVerticesAfterAnotherElementMustFitWhatIsLeft) {
    std::string text =
        "ply\nformat binary_little_endian 1.0\nelement extra 1\nproperty float a\n"
        "element vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n";
    text.append(12, '\0');  // 4 bytes of `extra`, then 8 of the 12 the vertex needs
    auto loaded = read_mesh_bytes(as_bytes(text), "short.ply");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, Errc::bad_input);
    EXPECT_NE(loaded.error().message.find("truncated PLY"), std::string::npos)
        << loaded.error().message;
}

TEST(MeshIo, ObjCornerFormsNegativeIndicesAndPolygons) {
    std::string text =
        "# test\nmtllib x.mtl\no thing\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvn 0 0 1\nvt 0 0\n"
        "g group\nusemtl m\nf 1/1/1 2/1/1 3/1/1\nf -4//1 -2//1 -1//1\nf 1 2 3 4\n";
    auto loaded = read_mesh_bytes(as_bytes(text), "p.obj");
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    EXPECT_EQ(loaded->format, MeshFormat::obj);
    ASSERT_EQ(loaded->mesh.triangles.size(), 4u);
    EXPECT_EQ(loaded->mesh.triangles[1], (Triangle{0, 2, 3}));
    EXPECT_EQ(loaded->mesh.triangles[3], (Triangle{0, 2, 3}));
}

TEST(MeshIo, TriangleLimitStopsHostileCounts) {
    std::string text =
        "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
        "property float z\nelement face 2\nproperty list uchar int vertex_indices\n"
        "end_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n3 0 2 1\n";
    ReadOptions options;
    options.max_triangles = 1;
    auto loaded = read_mesh_bytes(as_bytes(text), "limit.ply", options);
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, Errc::bad_input);
    EXPECT_NE(loaded.error().message.find("limit"), std::string::npos);
}

TEST(MeshIo, WriteRefusesUnknownExtensionAndLeavesNothing) {
    Mesh m;
    m.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    m.triangles = {{0, 1, 2}};
    auto dir = test::fresh_dir("write_ext");
    auto st = write_mesh(dir / "out.xyz", m);
    ASSERT_FALSE(st);
    EXPECT_FALSE(std::filesystem::exists(dir / "out.xyz"));
    EXPECT_TRUE(std::filesystem::is_empty(dir));
}

}  // namespace
}  // namespace intake::mesh
