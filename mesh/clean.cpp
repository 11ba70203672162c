#include "mesh/clean.h"

#include <chrono>
#include <cmath>
#include <string>

#include "mesh/adjacency.h"
#include "mesh/clean/compact.h"
#include "mesh/clean/decimate.h"
#include "mesh/clean/faces.h"
#include "mesh/clean/islands.h"
#include "mesh/clean/nonmanifold.h"
#include "mesh/clean/normals.h"
#include "mesh/clean/orient.h"
#include "mesh/clean/units.h"
#include "mesh/clean/weld.h"
#include "mesh/components.h"

namespace intake::mesh {
namespace {

class StepTimer {
  public:
    explicit StepTimer(CleanReport& report) : report_(report) {}
    void done(const char* step) {
        auto now = std::chrono::steady_clock::now();
        report_.timings_ms.emplace_back(
            step, std::chrono::duration<double, std::milli>(now - last_).count());
        last_ = now;
    }

  private:
    CleanReport& report_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

Status validate(const Mesh& mesh, const CleanOptions& o) {
    if (!(o.weld_tolerance_mm >= 0) || !(o.min_island_area_mm2 >= 0) ||
        !(o.max_fill_perimeter_mm >= 0) || !(o.border_min_perimeter_mm > 0)) {
        return fail(Errc::invalid_argument, "cleanup options must be non-negative numbers");
    }
    if (mesh.triangles.empty()) return fail(Errc::bad_input, "the mesh has no triangles");
    for (size_t t = 0; t < mesh.triangles.size(); ++t) {
        for (uint32_t v : mesh.triangles[t]) {
            if (v >= mesh.positions.size()) {
                return fail(Errc::bad_input, "triangle " + std::to_string(t) +
                                                 " refers to vertex " + std::to_string(v) + " of " +
                                                 std::to_string(mesh.positions.size()));
            }
        }
    }
    return ok();
}

struct Topology {
    VertexFaces vf;
    std::vector<uint32_t> opposites;
};

void remap_voids(CleanReport& report, const std::vector<uint32_t>& remap) {
    for (VoidReport& v : report.voids) {
        std::vector<uint32_t> kept;
        for (uint32_t i : v.boundary_vertices) {
            if (remap[i] != UINT32_MAX) kept.push_back(remap[i]);
        }
        v.boundary_vertices = std::move(kept);
    }
}

// Units, weld, degenerate and duplicate faces: the steps that need no edge topology.
void clean_geometry(Mesh& mesh, const CleanOptions& options, CleanReport& r, StepTimer& timer) {
    UnitGuess units = guess_units(mesh);
    r.units = std::string(units.units);
    if (options.convert_units && units.scale_to_mm != 1.0) {
        scale_mesh(mesh, units.scale_to_mm);
        r.unit_scale = units.scale_to_mm;
    }
    timer.done("units");
    r.welded_vertices = weld_vertices(mesh, options.weld_tolerance_mm);
    timer.done("weld");
    r.removed_degenerate = remove_degenerate_faces(mesh);
    timer.done("degenerate");
}

// Duplicates, non-manifold edges, islands, orientation and holes: the topology steps.
void clean_topology(Mesh& mesh, const CleanOptions& options, CleanReport& r, StepTimer& timer) {
    Topology topo{build_vertex_faces(mesh), {}};
    r.removed_duplicate = remove_duplicate_faces(mesh, topo.vf);
    timer.done("duplicates");
    build_vertex_faces(mesh, topo.vf);  // into the same storage: no fresh pages to fault in
    topo.opposites = build_opposites(mesh, topo.vf);
    timer.done("adjacency");
    NonManifoldResult nm = remove_nonmanifold_faces(mesh, topo.vf, topo.opposites);
    r.nonmanifold_edges = nm.edges;
    r.removed_nonmanifold = nm.triangles;
    topo.vf = {};  // stale from here on; 14 MB per million triangles off the peak
    timer.done("nonmanifold");
    // From here on only opposites are needed; removals remap them instead of rebuilding.
    uint32_t count = 0;
    std::vector<uint32_t> labels = label_components(mesh, topo.opposites, &count);
    IslandResult islands = remove_islands(mesh, labels, count, options.min_island_area_mm2);
    r.removed_islands = islands.islands;
    r.removed_island_triangles = islands.triangles;
    r.components = islands.components_kept;
    if (islands.islands > 0) {
        remap_opposites(topo.opposites, islands.dead);
        size_t out = 0;
        for (size_t t = 0; t < labels.size(); ++t) {
            if (!islands.dead[t]) labels[out++] = labels[t];
        }
        labels.resize(out);
    }
    timer.done("islands");
    OrientResult orient = orient_faces(mesh, topo.opposites, labels, count);
    r.flipped_faces = orient.flipped;
    r.orientation_conflicts = orient.conflicts;
    timer.done("orientation");
    HoleOptions hole_options{options.max_fill_perimeter_mm, options.border_min_perimeter_mm};
    HoleResult holes = process_holes(mesh, orient.boundary, hole_options, options.fill_holes);
    r.small_holes = holes.small_holes;
    r.holes_filled = holes.filled;
    r.fill_triangles = holes.fill_triangles;
    r.holes_zipped = holes.zipped;
    r.holes_fanned = holes.fanned;
    r.borders = holes.borders;
    r.open_chains = holes.open_chains;
    r.voids = std::move(holes.voids);
    timer.done("holes");
}

}  // namespace

Result<CleanResult> clean_mesh(Mesh mesh, const CleanOptions& options) {
    INTAKE_TRY(validate(mesh, options));
    CleanResult result;
    CleanReport& r = result.report;
    r.input_vertices = mesh.positions.size();
    r.input_triangles = mesh.triangles.size();
    StepTimer timer(r);
    clean_geometry(mesh, options, r, timer);
    clean_topology(mesh, options, r, timer);
    remap_voids(r, compact_vertices(mesh));
    timer.done("compact");
    if (options.target_triangles > 0 && mesh.triangles.size() > options.target_triangles) {
        DecimateResult dec = decimate_mesh(mesh, options.target_triangles);
        r.decimated = dec.done;
        r.decimation_mean_deviation_mm = dec.mean_deviation_mm;
        r.decimation_max_deviation_mm = dec.max_deviation_mm;
        r.decimation_faults = dec.faults_after;
        r.decimation_faults_before = dec.faults_before;
        remap_voids(r, compact_vertices(mesh));
        timer.done("decimate");
    }
    r.target_triangles = options.target_triangles;
    if (options.compute_normals) {
        compute_vertex_normals(mesh);
        timer.done("normals");
    }
    r.output_vertices = mesh.positions.size();
    r.output_triangles = mesh.triangles.size();
    r.bbox_mm = mesh_bounds(mesh).size();
    judge_report(r, options);
    result.mesh = std::move(mesh);
    return result;
}

}  // namespace intake::mesh
