#include "tests/support/obj_fixture.h"

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace intake::test {

std::filesystem::path testdata_scan(const char* name) {
    return std::filesystem::path(INTAKE_TESTDATA_DIR) / "scans" / name;
}

namespace {

// "f 1/2/3 4//6 7": the vertex index is the part before the first slash.
void add_face(std::istringstream& line, uint32_t base, ObjTriangles& mesh) {
    std::vector<uint32_t> corners;
    std::string token;
    while (line >> token) corners.push_back(base + static_cast<uint32_t>(std::stoul(token)) - 1);
    for (size_t i = 2; i < corners.size(); ++i)
        mesh.triangles.push_back({corners[0], corners[i - 1], corners[i]});
}

}  // namespace

ObjTriangles read_obj_triangles(const std::vector<std::filesystem::path>& objs) {
    ObjTriangles mesh;
    for (const auto& path : objs) {
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot read test fixture " + path.string());
        const auto base = static_cast<uint32_t>(mesh.positions.size());
        std::string text;
        while (std::getline(in, text)) {
            std::istringstream line(text);
            std::string tag;
            line >> tag;
            if (tag == "v") {
                std::array<float, 3> p{};
                line >> p[0] >> p[1] >> p[2];
                mesh.positions.push_back(p);
            } else if (tag == "f") {
                add_face(line, base, mesh);
            }
        }
    }
    return mesh;
}

std::vector<std::byte> to_binary_ply(const ObjTriangles& mesh) {
    const std::string header = "ply\nformat binary_little_endian 1.0\nelement vertex " +
                               std::to_string(mesh.positions.size()) +
                               "\nproperty float x\nproperty float y\nproperty float z\n"
                               "element face " +
                               std::to_string(mesh.triangles.size()) +
                               "\nproperty list uchar uint vertex_indices\nend_header\n";
    std::vector<std::byte> out(header.size() + mesh.positions.size() * 12 +
                               mesh.triangles.size() * 13);
    std::memcpy(out.data(), header.data(), header.size());
    std::byte* p = out.data() + header.size();
    for (const auto& v : mesh.positions) {
        std::memcpy(p, v.data(), 12);
        p += 12;
    }
    for (const auto& t : mesh.triangles) {
        *p++ = std::byte{3};
        std::memcpy(p, t.data(), 12);
        p += 12;
    }
    return out;
}

std::vector<std::byte> to_binary_stl(const ObjTriangles& mesh) {
    std::vector<std::byte> out(84 + 50 * mesh.triangles.size());
    const auto count = static_cast<uint32_t>(mesh.triangles.size());
    std::memcpy(out.data() + 80, &count, 4);
    for (size_t k = 0; k < mesh.triangles.size(); ++k) {
        std::byte* record = out.data() + 84 + 50 * k;
        for (int c = 0; c < 3; ++c)
            std::memcpy(record + 12 + 12 * c, mesh.positions[mesh.triangles[k][c]].data(), 12);
    }
    return out;
}

}  // namespace intake::test
