// STL, binary and ASCII. STL is a triangle soup: every corner repeats its position, so the
// reader merges bit-identical corners (VertexMap) and hands the cleanup a shared-vertex mesh.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "mesh/io/readers.h"
#include "mesh/io/text_cursor.h"
#include "mesh/io/vertex_map.h"

namespace intake::mesh::io {
namespace {

constexpr size_t kStlHeader = 84;
constexpr size_t kStlRecord = 50;

bool finite(const Vec3& p) {
    return std::isfinite(p.x) && std::isfinite(p.y) && std::isfinite(p.z);
}

Status check_binary_size(std::span<const std::byte> bytes, std::string_view name, uint32_t count,
                         const ReadOptions& options) {
    if (count == 0) return byte_error(name, 80, "binary STL declares no triangles");
    if (count > options.max_triangles) {
        return byte_error(name, 80,
                          "binary STL declares " + std::to_string(count) +
                              " triangles, more than the limit of " +
                              std::to_string(options.max_triangles));
    }
    uint64_t expected = kStlHeader + uint64_t{kStlRecord} * count;
    if (bytes.size() < expected) {
        return byte_error(name, bytes.size(),
                          "truncated binary STL: header declares " + std::to_string(count) +
                              " triangles (" + std::to_string(expected) +
                              " bytes) but the file ends");
    }
    if (bytes.size() > expected) {
        return byte_error(name, expected,
                          "binary STL has " + std::to_string(bytes.size() - expected) +
                              " bytes after the " + std::to_string(count) + " declared triangles");
    }
    return ok();
}

// Below this a second thread costs more than it saves.
constexpr uint32_t kParallelTriangles = 200'000;

// Lookups run this many triangles ahead of their prefetches: enough to cover a memory access.
constexpr uint32_t kPrefetchAhead = 8;

// A mapped input's pages are dropped every this many triangles (about 3 MB of records).
constexpr uint32_t kReleaseEvery = 1 << 16;

// Drops the whole pages inside [begin, end) of a private read-only file mapping from resident
// memory: the parsed records are not read again (and would refault from the page cache if
// they were). A 50 MB STL otherwise sits in the process's peak memory next to the mesh.
void release_pages(const std::byte* begin, const std::byte* end) {
    const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    uintptr_t first = (reinterpret_cast<uintptr_t>(begin) + page - 1) & ~(page - 1);
    uintptr_t last = reinterpret_cast<uintptr_t>(end) & ~(page - 1);
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

// Merges the corners of triangles [begin, end) into `map`; indices are the map's numbering.
Status merge_corners(std::span<const std::byte> bytes, std::string_view name, uint32_t begin,
                     uint32_t end, VertexMap& map, std::vector<Triangle>& triangles,
                     bool mapped_file) {
    const std::byte* record = bytes.data() + kStlHeader + size_t{begin} * kStlRecord;
    const std::byte* unreleased = record;
    for (uint32_t t = begin; t < end; ++t, record += kStlRecord) {
        if (mapped_file && (t - begin) % kReleaseEvery == kReleaseEvery - 1) {
            release_pages(unreleased, record);
            unreleased = record;
        }
        if (t + kPrefetchAhead < end) {
            Vec3 ahead[3];
            std::memcpy(ahead, record + kPrefetchAhead * kStlRecord + 12, sizeof ahead);
            for (const Vec3& p : ahead) map.prefetch(p);
        }
        Vec3 corners[3];
        std::memcpy(corners, record + 12, sizeof corners);
        for (int c = 0; c < 3; ++c) {
            if (!finite(corners[c])) {
                size_t offset = static_cast<size_t>(record - bytes.data()) + 12 + 12 * c;
                return byte_error(name, offset, "non-finite vertex coordinate (NaN or Inf)");
            }
            triangles[t][c] = map.insert(corners[c]);
        }
    }
    return ok();
}

}  // namespace

Result<Mesh> read_stl_binary(std::span<const std::byte> bytes, std::string_view name,
                             const ReadOptions& options, bool mapped_file) {
    if (bytes.size() < kStlHeader) {
        return byte_error(name, bytes.size(), "truncated binary STL header");
    }
    uint32_t count = 0;
    std::memcpy(&count, bytes.data() + 80, 4);
    INTAKE_TRY(check_binary_size(bytes, name, count, options));

    Mesh mesh;
    mesh.triangles.resize(count);
    // A closed scan has about half as many vertices as triangles. Reserving address space
    // (not memory: untouched pages are never faulted in) spares the regrowth copies, each of
    // which faults in a fresh, larger array.
    const size_t expected_vertices = size_t{count} / 2 + count / 32 + 16;
    mesh.positions.reserve(expected_vertices);
    // Large files: each core merges the corners of one half, then the second half's vertices
    // are folded into the first map in their order of first use. That numbers vertices exactly
    // as one sequential pass would.
    uint32_t half = count >= kParallelTriangles ? count / 2 : count;
    std::vector<Vec3> second_positions;
    Status second_status;
    std::thread worker;
    if (half < count) {
        worker = std::thread([&] {
            try {  // nothing may escape a thread
                const size_t expected = size_t{count - half} / 2 + (count - half) / 32 + 16;
                second_positions.reserve(expected);
                VertexMap map(second_positions, expected);
                second_status =
                    merge_corners(bytes, name, half, count, map, mesh.triangles, mapped_file);
            } catch (const std::bad_alloc&) {
                second_status =
                    fail(Errc::bad_input, std::string(name) + ": too large to load into memory");
            }
        });
    }
    VertexMap map(mesh.positions, expected_vertices);
    Status first_status = merge_corners(bytes, name, 0, half, map, mesh.triangles, mapped_file);
    if (worker.joinable()) worker.join();
    if (!first_status) return fail(first_status.error());
    if (!second_status) return fail(second_status.error());
    if (half < count) {
        std::vector<uint32_t> remap(second_positions.size());
        for (size_t k = 0; k < second_positions.size(); ++k) {
            if (k + 3 * kPrefetchAhead < second_positions.size())
                map.prefetch(second_positions[k + 3 * kPrefetchAhead]);
            remap[k] = map.insert(second_positions[k]);
        }
        for (uint32_t t = half; t < count; ++t) {
            for (uint32_t& v : mesh.triangles[t]) v = remap[v];
        }
    }
    return mesh;
}

namespace {

// Expects `word` as the next token; otherwise a line-numbered error.
Status expect(TextCursor& cur, std::string_view word, std::string_view name) {
    cur.skip_space();
    size_t at = cur.pos();
    std::string_view tok = cur.any_token();
    if (tok != word) {
        return text_error(name, cur.text(), at,
                          "expected '" + std::string(word) + "' in ASCII STL, found '" +
                              std::string(tok.substr(0, 40)) + "'");
    }
    return ok();
}

Result<Vec3> read_triple(TextCursor& cur, std::string_view name) {
    Vec3 p;
    float* out[3] = {&p.x, &p.y, &p.z};
    for (float* v : out) {
        cur.skip_space();
        size_t at = cur.pos();
        if (!cur.number(*v)) return text_error(name, cur.text(), at, "expected a number");
        if (!std::isfinite(*v)) {
            return text_error(name, cur.text(), at, "non-finite vertex coordinate (NaN or Inf)");
        }
    }
    return p;
}

Status read_facet(TextCursor& cur, std::string_view name, VertexMap& map, Mesh& mesh) {
    INTAKE_TRY(expect(cur, "normal", name));
    auto normal = read_triple(cur, name);
    if (!normal) return fail(normal.error());
    INTAKE_TRY(expect(cur, "outer", name));
    INTAKE_TRY(expect(cur, "loop", name));
    Triangle tri{};
    for (int c = 0; c < 3; ++c) {
        INTAKE_TRY(expect(cur, "vertex", name));
        auto p = read_triple(cur, name);
        if (!p) return fail(p.error());
        tri[c] = map.insert(*p);
    }
    INTAKE_TRY(expect(cur, "endloop", name));
    INTAKE_TRY(expect(cur, "endfacet", name));
    mesh.triangles.push_back(tri);
    return ok();
}

}  // namespace

Result<Mesh> read_stl_ascii(std::string_view text, std::string_view name,
                            const ReadOptions& options) {
    Mesh mesh;
    // A facet takes at least ~60 bytes of text (three new corners at most); this bounds the
    // table without a first pass.
    VertexMap map(mesh.positions, text.size() / 20 + 16);
    TextCursor cur(text);
    INTAKE_TRY(expect(cur, "solid", name));
    cur.skip_line();  // the solid's name
    for (;;) {
        cur.skip_space();
        size_t at = cur.pos();
        std::string_view tok = cur.any_token();
        if (tok == "facet") {
            if (mesh.triangles.size() >= options.max_triangles) {
                return text_error(name, text, at,
                                  "more than the limit of " +
                                      std::to_string(options.max_triangles) + " triangles");
            }
            INTAKE_TRY(read_facet(cur, name, map, mesh));
        } else if (tok == "endsolid") {
            cur.skip_line();
            cur.skip_space();
            if (cur.at_end()) break;
            INTAKE_TRY(expect(cur, "solid", name));  // several solids in one file
            cur.skip_line();
        } else if (tok.empty()) {
            return text_error(name, text, at, "truncated ASCII STL (no 'endsolid')");
        } else {
            return text_error(
                name, text, at,
                "expected 'facet' or 'endsolid', found '" + std::string(tok.substr(0, 40)) + "'");
        }
    }
    return mesh;
}

}  // namespace intake::mesh::io
