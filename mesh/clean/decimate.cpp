#include "mesh/clean/decimate.h"

#include <meshoptimizer.h>

#include <vector>

#include "mesh/clean/deviation.h"

namespace intake::mesh {
namespace {

// Relative error budget for meshoptimizer (fraction of the mesh extent): large enough that
// the triangle target, not the error, decides where simplification stops.
constexpr float kRelativeErrorBudget = 0.05f;

}  // namespace

DecimateResult decimate_mesh(Mesh& mesh, size_t target_triangles) {
    DecimateResult result;
    result.target = target_triangles;
    result.before = result.after = mesh.triangles.size();
    if (target_triangles == 0 || mesh.triangles.size() <= target_triangles) return result;
    static_assert(sizeof(Triangle) == 3 * sizeof(unsigned int));
    static_assert(sizeof(Vec3) == 3 * sizeof(float));
    std::vector<Triangle> out(mesh.triangles.size());
    size_t indices = meshopt_simplify(reinterpret_cast<unsigned int*>(out.data()),
                                      reinterpret_cast<const unsigned int*>(mesh.triangles.data()),
                                      mesh.triangles.size() * 3, &mesh.positions[0].x,
                                      mesh.positions.size(), sizeof(Vec3), target_triangles * 3,
                                      kRelativeErrorBudget, meshopt_SimplifyLockBorder, nullptr);
    out.resize(indices / 3);
    Mesh simplified;
    simplified.positions = mesh.positions;
    simplified.triangles = std::move(out);
    Deviation dev = surface_deviation(mesh, simplified);
    result.mean_deviation_mm = dev.mean_mm;
    result.max_deviation_mm = dev.max_mm;
    mesh.triangles = std::move(simplified.triangles);
    result.after = mesh.triangles.size();
    result.done = true;
    return result;
}

}  // namespace intake::mesh
