#include "tests/drivers/ply_fixture.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace intake::drivers::test {

std::filesystem::path testdata_scan(const char* name) {
    return std::filesystem::path(INTAKE_TESTDATA_DIR) / "scans" / name;
}

std::vector<std::byte> obj_to_binary_ply(const std::vector<std::filesystem::path>& objs) {
    std::vector<std::array<float, 3>> positions;
    std::vector<std::array<uint32_t, 3>> triangles;
    for (const auto& path : objs) {
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot read " + path.string());
        const auto base = static_cast<uint32_t>(positions.size());
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream s(line);
            std::string tag;
            s >> tag;
            if (tag == "v") {
                std::array<float, 3> p{};
                s >> p[0] >> p[1] >> p[2];
                positions.push_back(p);
            } else if (tag == "f") {
                std::vector<uint32_t> idx;
                std::string token;
                while (s >> token)
                    idx.push_back(base + static_cast<uint32_t>(std::stoul(token)) - 1);
                for (size_t i = 2; i < idx.size(); ++i)
                    triangles.push_back({idx[0], idx[i - 1], idx[i]});
            }
        }
    }
    std::string header = "ply\nformat binary_little_endian 1.0\nelement vertex " +
                         std::to_string(positions.size()) +
                         "\nproperty float x\nproperty float y\nproperty float z\nelement face " +
                         std::to_string(triangles.size()) +
                         "\nproperty list uchar uint vertex_indices\nend_header\n";
    std::vector<std::byte> out(header.size() + positions.size() * 12 + triangles.size() * 13);
    std::memcpy(out.data(), header.data(), header.size());
    std::byte* p = out.data() + header.size();
    for (const auto& v : positions) {
        std::memcpy(p, v.data(), 12);
        p += 12;
    }
    for (const auto& t : triangles) {
        *p++ = std::byte{3};
        std::memcpy(p, t.data(), 12);
        p += 12;
    }
    return out;
}

}  // namespace intake::drivers::test
