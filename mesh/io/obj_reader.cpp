// Wavefront OBJ: `v x y z [r g b]`, `f` with v, v/vt, v//vn and v/vt/vn corners, negative
// (relative) indices and polygons (fanned). Normals, texture coordinates, groups and
// materials are read past: the cleanup recomputes normals from the geometry.
#include <algorithm>
#include <cmath>
#include <string>

#include "mesh/io/readers.h"
#include "mesh/io/text_cursor.h"

namespace intake::mesh::io {
namespace {

constexpr size_t kMaxPolygon = 1u << 16;

struct ObjState {
    std::string_view name;
    std::string_view text;
    const ReadOptions& options;
    Mesh mesh;
    std::vector<uint32_t> corners;  // scratch for one face
    bool colors_seen = false;
};

Status read_vertex(TextCursor& cur, size_t line_start, ObjState& st) {
    float v[6];
    int n = 0;
    while (n < 6 && !cur.at_line_end()) {
        size_t at = cur.pos();
        if (!cur.number(v[n]))
            return text_error(st.name, st.text, at, "malformed number in 'v' line");
        if (!std::isfinite(v[n])) {
            return text_error(st.name, st.text, at, "non-finite coordinate (NaN or Inf)");
        }
        ++n;
    }
    if (n < 3) return text_error(st.name, st.text, line_start, "'v' line needs x y z");
    if (st.mesh.positions.size() >= UINT32_MAX - 1) {
        return text_error(st.name, st.text, line_start, "too many vertices");
    }
    st.mesh.positions.push_back({v[0], v[1], v[2]});
    if (n == 6) {
        // Colours only count when every vertex has them; fill in late starters with grey.
        if (!st.colors_seen) st.mesh.colors.assign(st.mesh.positions.size() - 1, {128, 128, 128});
        st.colors_seen = true;
        auto byte = [](float c) {
            return static_cast<uint8_t>(std::clamp(std::lround(c * 255.0f), 0l, 255l));
        };
        st.mesh.colors.push_back({byte(v[3]), byte(v[4]), byte(v[5])});
    } else if (st.colors_seen) {
        st.mesh.colors.push_back({128, 128, 128});
    }
    return ok();
}

// One face corner "a", "a/b", "a//c" or "a/b/c": only the position index is used.
Result<uint32_t> corner_index(std::string_view tok, size_t at, ObjState& st) {
    std::string_view first = tok.substr(0, tok.find('/'));
    long long index = 0;
    if (!TextCursor::parse_number(first, index) || index == 0) {
        return text_error(st.name, st.text, at,
                          "malformed face corner '" + std::string(tok.substr(0, 40)) + "'");
    }
    long long count = static_cast<long long>(st.mesh.positions.size());
    long long resolved = index > 0 ? index - 1 : count + index;
    if (resolved < 0 || resolved >= count) {
        return text_error(st.name, st.text, at,
                          "vertex index " + std::to_string(index) + " out of range (" +
                              std::to_string(count) + " vertices so far)");
    }
    return static_cast<uint32_t>(resolved);
}

Status read_face(TextCursor& cur, size_t line_start, ObjState& st) {
    st.corners.clear();
    while (!cur.at_line_end()) {
        size_t at = cur.pos();
        auto index = corner_index(cur.token(), at, st);
        if (!index) return fail(index.error());
        if (st.corners.size() >= kMaxPolygon) {
            return text_error(st.name, st.text, at, "face with too many corners");
        }
        st.corners.push_back(*index);
    }
    if (st.corners.size() < 3) {
        return text_error(st.name, st.text, line_start, "face with fewer than 3 corners");
    }
    if (st.mesh.triangles.size() + st.corners.size() - 2 > st.options.max_triangles) {
        return text_error(
            st.name, st.text, line_start,
            "more than the limit of " + std::to_string(st.options.max_triangles) + " triangles");
    }
    for (size_t i = 1; i + 1 < st.corners.size(); ++i) {
        st.mesh.triangles.push_back({st.corners[0], st.corners[i], st.corners[i + 1]});
    }
    return ok();
}

}  // namespace

Result<Mesh> read_obj(std::string_view text, std::string_view name, const ReadOptions& options) {
    ObjState st{name, text, options, {}, {}, false};
    TextCursor cur(text);
    while (!cur.at_end()) {
        cur.skip_blanks();
        size_t line_start = cur.pos();
        std::string_view keyword = cur.token();
        if (keyword == "v") {
            INTAKE_TRY(read_vertex(cur, line_start, st));
        } else if (keyword == "f") {
            INTAKE_TRY(read_face(cur, line_start, st));
        } else if (keyword.size() > 1 && keyword[0] == 'v' && keyword != "vn" && keyword != "vt" &&
                   keyword != "vp") {
            return text_error(name, text, line_start,
                              "unknown OBJ statement '" + std::string(keyword.substr(0, 20)) + "'");
        } else if (!keyword.empty() && (keyword[0] & 0x80)) {
            return text_error(name, text, line_start, "binary data in an OBJ file");
        }
        cur.skip_line();
    }
    return std::move(st.mesh);
}

}  // namespace intake::mesh::io
