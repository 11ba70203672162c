#include "mesh/clean_report.h"

#include <cmath>

namespace intake::mesh {
namespace {

// Millimetre figures rounded to 1 µm keep the JSON readable and stable across runs.
double round_um(double v) { return std::round(v * 1000.0) / 1000.0; }

}  // namespace

nlohmann::json void_to_json(const VoidReport& v) {
    return {{"perimeter_mm", round_um(v.perimeter_mm)},
            {"area_mm2", round_um(v.area_mm2)},
            {"center", {round_um(v.center.x), round_um(v.center.y), round_um(v.center.z)}},
            {"radius_mm", round_um(v.radius_mm)},
            {"kind", v.kind},
            {"boundary_vertices", v.boundary_vertices}};
}

nlohmann::json CleanReport::to_json() const {
    nlohmann::json voids_json = nlohmann::json::array();
    for (const VoidReport& v : voids) voids_json.push_back(void_to_json(v));
    nlohmann::json timings = nlohmann::json::object();
    double total = 0;
    for (const auto& [step, ms] : timings_ms) {
        timings[step] = std::round(ms * 100.0) / 100.0;
        total += ms;
    }
    timings["total"] = std::round(total * 100.0) / 100.0;
    return {
        {"input", {{"vertices", input_vertices}, {"triangles", input_triangles}}},
        {"output", {{"vertices", output_vertices}, {"triangles", output_triangles}}},
        {"welded_vertices", welded_vertices},
        {"removed",
         {{"degenerate", removed_degenerate},
          {"duplicate", removed_duplicate},
          {"islands", removed_islands},
          {"island_triangles", removed_island_triangles},
          {"nonmanifold", removed_nonmanifold}}},
        {"nonmanifold_edges", nonmanifold_edges},
        {"holes",
         {{"small", small_holes},
          {"filled", holes_filled},
          {"zipped", holes_zipped},
          {"fanned", holes_fanned},
          {"fill_triangles", fill_triangles},
          {"voids", voids_json}}},
        {"borders", borders},
        {"open_boundary_chains", open_chains},
        {"components", components},
        {"flipped_faces", flipped_faces},
        {"orientation_conflicts", orientation_conflicts},
        {"units", units},
        {"unit_scale", unit_scale},
        {"bbox_mm", {round_um(bbox_mm[0]), round_um(bbox_mm[1]), round_um(bbox_mm[2])}},
        {"decimation",
         {{"done", decimated},
          {"target_triangles", target_triangles},
          {"mean_deviation_mm", round_um(decimation_mean_deviation_mm)},
          {"max_deviation_mm", round_um(decimation_max_deviation_mm)},
          {"nonmanifold_edges", decimation_faults.nonmanifold_edges},
          {"folded_edges", decimation_faults.folded_edges},
          {"same_direction_edges", decimation_faults.same_direction_edges}}},
        {"verdict", verdict_name(verdict)},
        {"reasons", reasons},
        {"timings_ms", timings},
    };
}

}  // namespace intake::mesh
