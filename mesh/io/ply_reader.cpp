// PLY: ASCII and binary (both byte orders). x,y,z as any numeric type; optional nx,ny,nz and
// red,green,blue; faces as a list of any integer count/index types, polygons fanned into
// triangles. Other elements and properties are read past and ignored.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include "mesh/io/ply_body.h"
#include "mesh/io/ply_header.h"
#include "mesh/io/readers.h"

namespace intake::mesh::io {
namespace {

enum Role : uint8_t { kNone, kX, kY, kZ, kNx, kNy, kNz, kR, kG, kB, kRoles };

// A polygon with more corners than this is not a scan face; bounds the scratch buffer.
constexpr uint32_t kMaxPolygon = 1u << 16;

struct ReadState {
    const ReadOptions& options;
    uint64_t vertex_count = 0;
};

std::vector<uint8_t> vertex_roles(const PlyElement& el, bool& normals, bool& colors) {
    static constexpr std::string_view kNames[kRoles] = {"",   "x",  "y",   "z",     "nx",
                                                        "ny", "nz", "red", "green", "blue"};
    std::vector<uint8_t> roles(el.properties.size(), kNone);
    bool seen[kRoles] = {};
    for (size_t i = 0; i < el.properties.size(); ++i) {
        if (el.properties[i].is_list) continue;
        for (uint8_t r = kX; r < kRoles; ++r) {
            if (el.properties[i].name == kNames[r]) {
                roles[i] = r;
                seen[r] = true;
            }
        }
    }
    normals = seen[kNx] && seen[kNy] && seen[kNz];
    colors = seen[kR] && seen[kG] && seen[kB];
    return roles;
}

// Skips one property value (or a whole list) of a row we do not use.
template <typename Body>
Status skip_property(Body& body, const PlyProperty& prop) {
    size_t at = body.pos();
    double value = 0;
    if (!body.read(prop.is_list ? prop.count_type : prop.type, value)) {
        return body.error(at, "truncated or malformed PLY data");
    }
    if (!prop.is_list) return ok();
    if (value < 0 || value > kMaxPolygon) return body.error(at, "PLY list length out of range");
    // The length is read once: each item lands in a variable of its own.
    const int length = static_cast<int>(value);
    double item = 0;
    for (int i = 0; i < length; ++i) {
        if (!body.read(prop.type, item)) return body.error(body.pos(), "truncated PLY list");
    }
    return ok();
}

uint8_t color_byte(double value, PlyType type) {
    if (type == PlyType::f32 || type == PlyType::f64) value *= 255.0;
    return static_cast<uint8_t>(std::clamp(std::lround(value), 0l, 255l));
}

template <typename Body>
Status read_vertices(Body& body, const PlyElement& el, Mesh& mesh) {
    bool normals = false, colors = false;
    std::vector<uint8_t> roles = vertex_roles(el, normals, colors);
    if (el.find("x") < 0 || el.find("y") < 0 || el.find("z") < 0) {
        return body.error(body.pos(), "PLY vertex element without x, y and z");
    }
    mesh.positions.resize(el.count);
    if (normals) mesh.normals.resize(el.count);
    if (colors) mesh.colors.resize(el.count);
    for (uint64_t v = 0; v < el.count; ++v) {
        size_t row = body.pos();
        double slot[kRoles] = {};
        for (size_t i = 0; i < roles.size(); ++i) {
            if (roles[i] == kNone) {
                INTAKE_TRY(skip_property(body, el.properties[i]));
            } else if (!body.read(el.properties[i].type, slot[roles[i]])) {
                return body.error(body.pos(),
                                  "truncated or malformed PLY vertex " + std::to_string(v));
            }
        }
        Vec3 p{static_cast<float>(slot[kX]), static_cast<float>(slot[kY]),
               static_cast<float>(slot[kZ])};
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) {
            return body.error(
                row, "non-finite coordinate (NaN or Inf) in PLY vertex " + std::to_string(v));
        }
        mesh.positions[v] = p;
        if (normals) {
            mesh.normals[v] = {static_cast<float>(slot[kNx]), static_cast<float>(slot[kNy]),
                               static_cast<float>(slot[kNz])};
        }
        if (colors) {
            PlyType t = el.properties[static_cast<size_t>(el.find("red"))].type;
            mesh.colors[v] = {color_byte(slot[kR], t), color_byte(slot[kG], t),
                              color_byte(slot[kB], t)};
        }
    }
    return ok();
}

// A count or index from the file, for a message. A double past 2^63 (or NaN) has no integer to
// convert to — the conversion would be undefined — so such values are printed as they are.
std::string number_text(double value) {
    if (std::isfinite(value) && std::fabs(value) < 1e15 && value == std::floor(value)) {
        return std::to_string(static_cast<long long>(value));
    }
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// Reads one face's index list and fans it into triangles.
template <typename Body>
Status read_polygon(Body& body, const PlyProperty& prop, ReadState& state,
                    std::vector<uint32_t>& corners, Mesh& mesh) {
    size_t at = body.pos();
    double count = 0;
    if (!body.read(prop.count_type, count)) return body.error(at, "truncated PLY face");
    if (count < 3 || count > kMaxPolygon || count != std::floor(count)) {
        return body.error(at, "PLY face with " + number_text(count) + " corners (needs 3 or more)");
    }
    corners.clear();
    for (uint32_t i = 0; i < static_cast<uint32_t>(count); ++i) {
        size_t index_at = body.pos();
        double index = 0;
        if (!body.read(prop.type, index)) return body.error(index_at, "truncated PLY face");
        if (index < 0 || index >= static_cast<double>(state.vertex_count) ||
            index != std::floor(index)) {
            return body.error(index_at, "vertex index " + number_text(index) + " out of range (" +
                                            std::to_string(state.vertex_count) + " vertices)");
        }
        corners.push_back(static_cast<uint32_t>(index));
    }
    if (mesh.triangles.size() + corners.size() - 2 > state.options.max_triangles) {
        return body.error(at, "more than the limit of " +
                                  std::to_string(state.options.max_triangles) + " triangles");
    }
    for (size_t i = 1; i + 1 < corners.size(); ++i) {
        mesh.triangles.push_back({corners[0], corners[i], corners[i + 1]});
    }
    return ok();
}

template <typename Body>
Status read_faces(Body& body, const PlyElement& el, ReadState& state, Mesh& mesh) {
    int list = el.find("vertex_indices");
    if (list < 0) list = el.find("vertex_index");
    if (list < 0 || !el.properties[static_cast<size_t>(list)].is_list) {
        return body.error(body.pos(), "PLY face element without a vertex_indices list");
    }
    mesh.triangles.reserve(std::min<uint64_t>(el.count, state.options.max_triangles));
    std::vector<uint32_t> corners;
    for (uint64_t f = 0; f < el.count; ++f) {
        for (size_t i = 0; i < el.properties.size(); ++i) {
            if (static_cast<int>(i) == list) {
                INTAKE_TRY(read_polygon(body, el.properties[i], state, corners, mesh));
            } else {
                INTAKE_TRY(skip_property(body, el.properties[i]));
            }
        }
    }
    return ok();
}

// Fast paths for the layout scanners and our writer produce (little-endian float vertex
// properties; faces that are only a uchar-counted int/uint list): memcpy straight out of the
// mapping instead of decoding value by value. Anything else takes the generic path.
bool is_float_vertex_layout(const PlyElement& el) {
    if (!el.fixed_size()) return false;
    for (const PlyProperty& p : el.properties) {
        if (p.type != PlyType::f32) return false;
    }
    return el.find("x") == 0 && el.find("y") == 1 && el.find("z") == 2;
}

bool is_simple_face_layout(const PlyElement& el) {
    if (el.properties.size() != 1 || !el.properties[0].is_list) return false;
    const PlyProperty& p = el.properties[0];
    return p.count_type == PlyType::u8 && (p.type == PlyType::i32 || p.type == PlyType::u32) &&
           (p.name == "vertex_indices" || p.name == "vertex_index");
}

Status fast_vertices(BinaryPlyBody& body, const PlyElement& el, Mesh& mesh) {
    const size_t stride = el.row_bytes();
    // check_counts held each element alone to the whole body; the elements before this one have
    // used some of it since.
    if (el.count > body.remaining() / stride) {
        return body.error(body.pos() + body.remaining(), "truncated PLY: header declares " +
                                                             std::to_string(el.count) +
                                                             " vertex rows but the file ends");
    }
    const char* data = body.data() + body.pos();
    mesh.positions.resize(el.count);
    for (uint64_t v = 0; v < el.count; ++v) {
        Vec3 p;
        std::memcpy(&p, data + v * stride, sizeof p);
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) {
            return body.error(
                body.pos() + v * stride,
                "non-finite coordinate (NaN or Inf) in PLY vertex " + std::to_string(v));
        }
        mesh.positions[v] = p;
    }
    body.skip(el.count * stride);
    return ok();
}

Status fast_faces(BinaryPlyBody& body, const PlyElement& el, const ReadState& state, Mesh& mesh) {
    mesh.triangles.reserve(std::min<uint64_t>(el.count, state.options.max_triangles));
    const char* data = body.data();
    size_t pos = body.pos(), end = body.pos() + body.remaining();
    for (uint64_t f = 0; f < el.count; ++f) {
        if (pos >= end) return body.error(pos, "truncated PLY face");
        auto count = static_cast<uint8_t>(data[pos]);
        // Triangles, nearly every face of a scan: one fixed-size copy and one range test.
        // Anything unusual (a polygon, a bad index, the limit, the end) takes the path below,
        // which finds and reports it.
        if (count == 3 && end - pos > 12 && mesh.triangles.size() < state.options.max_triangles) {
            Triangle t;
            std::memcpy(t.data(), data + pos + 1, sizeof t);
            if (std::max({t[0], t[1], t[2]}) < state.vertex_count) {
                mesh.triangles.push_back(t);
                pos += 13;
                continue;
            }
        }
        if (count < 3)
            return body.error(
                pos, "PLY face with " + std::to_string(count) + " corners (needs 3 or more)");
        if (end - pos - 1 < size_t{count} * 4) return body.error(pos, "truncated PLY face");
        if (mesh.triangles.size() + count - 2 > state.options.max_triangles) {
            return body.error(pos, "more than the limit of " +
                                       std::to_string(state.options.max_triangles) + " triangles");
        }
        uint32_t idx[256];
        std::memcpy(idx, data + pos + 1, size_t{count} * 4);
        for (uint32_t i = 0; i < count; ++i) {
            // As unsigned, a negative int index is huge and fails the same range test.
            if (idx[i] >= state.vertex_count) {
                return body.error(pos + 1 + 4 * i,
                                  "vertex index " + std::to_string(int32_t(idx[i])) +
                                      " out of range (" + std::to_string(state.vertex_count) +
                                      " vertices)");
            }
        }
        for (uint32_t i = 1; i + 1 < count; ++i)
            mesh.triangles.push_back({idx[0], idx[i], idx[i + 1]});
        pos += 1 + size_t{count} * 4;
    }
    body.skip(pos - body.pos());
    return ok();
}

template <typename Body>
Status read_element(Body& body, const PlyElement& el, ReadState& state, Mesh& mesh) {
    if constexpr (std::is_same_v<Body, BinaryPlyBody>) {
        if (!body.swapped() && el.name == "vertex" && is_float_vertex_layout(el) &&
            el.find("nx") < 0 && el.find("red") < 0) {
            return fast_vertices(body, el, mesh);
        }
        if (!body.swapped() && el.name == "face" && is_simple_face_layout(el)) {
            return fast_faces(body, el, state, mesh);
        }
    }
    if (el.name == "vertex") return read_vertices(body, el, mesh);
    if (el.name == "face") return read_faces(body, el, state, mesh);
    if (el.properties.empty()) return ok();  // rows of nothing: a huge count costs no bytes
    for (uint64_t r = 0; r < el.count; ++r) {
        for (const PlyProperty& prop : el.properties) INTAKE_TRY(skip_property(body, prop));
    }
    return ok();
}

// Rejects counts the remaining bytes cannot possibly hold, before anything is allocated.
template <typename Body>
Status check_counts(Body& body, const PlyHeader& header, const ReadOptions& options, bool binary) {
    for (const PlyElement& el : header.elements) {
        size_t min_row = binary ? std::max<size_t>(el.row_bytes(), 1) : 2 * el.properties.size();
        if (el.name == "face" && el.count > options.max_triangles) {
            return body.error(body.pos(), "PLY declares " + std::to_string(el.count) +
                                              " faces, more than the limit of " +
                                              std::to_string(options.max_triangles));
        }
        if (el.count > 0 && min_row > 0 && el.count > body.remaining() / min_row) {
            return body.error(body.pos() + body.remaining(),
                              "truncated PLY: header declares " + std::to_string(el.count) + " " +
                                  el.name + " rows but the file ends");
        }
    }
    return ok();
}

template <typename Body>
Result<Mesh> read_body(Body& body, const PlyHeader& header, const ReadOptions& options,
                       bool binary) {
    INTAKE_TRY(check_counts(body, header, options, binary));
    ReadState state{options};
    const PlyElement* vertices = nullptr;
    for (const PlyElement& el : header.elements) {
        if (el.name == "vertex") vertices = &el;
    }
    if (vertices == nullptr) return body.error(0, "PLY without a vertex element");
    if (vertices->count >= std::numeric_limits<uint32_t>::max()) {
        return body.error(0, "PLY declares too many vertices");
    }
    state.vertex_count = vertices->count;
    Mesh mesh;
    for (const PlyElement& el : header.elements) INTAKE_TRY(read_element(body, el, state, mesh));
    if (!body.at_end() && !binary)
        return body.error(body.pos(), "unexpected data after the last PLY element");
    return mesh;
}

}  // namespace

Result<Mesh> read_ply(std::span<const std::byte> bytes, std::string_view name,
                      const ReadOptions& options, MeshFormat* format) {
    std::string_view text = as_text(bytes);
    auto header = parse_ply_header(text, name);
    if (!header) return fail(header.error());
    *format = header->format;
    if (header->format == MeshFormat::ply_ascii) {
        AsciiPlyBody body(text, header->body_offset, name);
        return read_body(body, *header, options, false);
    }
    BinaryPlyBody body(text.substr(header->body_offset), header->body_offset,
                       header->format == MeshFormat::ply_binary_be, name);
    auto mesh = read_body(body, *header, options, true);
    if (mesh && !body.at_end()) {
        return body.error(body.pos(), "PLY has " + std::to_string(body.remaining()) +
                                          " bytes after the declared elements");
    }
    return mesh;
}

}  // namespace intake::mesh::io
