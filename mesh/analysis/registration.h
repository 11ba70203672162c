// Rigid registration of a new scan (moving) onto the previous one (fixed).
//
// 1. Coarse: both arches' principal frames (arch_frame.h) are matched. PCA axes have sign
//    ambiguities (and a nearly symmetric arch can fool the front/back test), so every proper
//    sign combination, plus "leave the pose as exported", is tried with a short point-to-plane
//    ICP from a small sample to a few thousand fixed vertices (nanoflann KD-tree). Every
//    candidate gets a few iterations; the best two run the rest; the lowest trimmed mean squared
//    distance wins.
// 2. Fine: trimmed point-to-plane ICP. Each iteration pairs sample points with their exact
//    closest points on the fixed surface, keeps only pairs within
//    min(keep-fraction quantile, max(floor, k · 1.4826 · median distance)), and solves the
//    linearised point-to-plane problem for a small rotation about the kept points' centroid.
//    Teeth that moved give large residuals and drop out, so they do not drag the fit. It
//    converges first on a quarter of the samples, then continues on all of them (usually one
//    or two more iterations), and stops when an update moves no point by more than 1 µm; the
//    converged iteration's pairs give the reported RMS (no extra pass). Samples are queried in
//    spatial order (spatial_order.h).
#pragma once

#include <cstddef>

#include "mesh/analysis/arch_frame.h"
#include "mesh/analysis/rigid.h"
#include "mesh/analysis/surface_index.h"
#include "mesh/mesh.h"

namespace intake::mesh {

struct RegistrationOptions {
    size_t samples = 12000;              // moving points used by the fine ICP
    size_t coarse_samples = 1500;        // moving points used to rank the coarse candidates
    size_t coarse_target_points = 6000;  // fixed vertices (with normals) the coarse stage aims at
    int iterations = 60;                 // fine ICP cap (for each of the two sample sets)
    int coarse_iterations = 15;          // per coarse candidate that reaches the end
    int coarse_first_iterations = 5;     // every candidate gets these before the ranking
    size_t coarse_finalists = 2;         // candidates that run all coarse_iterations
    double quick_share = 0.25;           // fine ICP first converges on this share of the samples
    double quick_converged_mm = 1e-3;    // ... to this tolerance, then continues on all of them
    double keep_fraction = 0.8;          // at most this share of pairs is kept (trimming)
    double inlier_sigmas = 3.0;          // robust-sigma multiple for the distance threshold
    double min_threshold_mm = 0.05;
    // Stop when an update moves no point by more than this. At the noise floor of a real scan
    // trimmed ICP wanders by ~1e-3 mm from one iteration to the next as pairs enter and leave
    // the kept set, so a tighter tolerance buys iterations, not accuracy.
    double converged_mm = 1e-3;
};

struct Registration {
    RigidTransform transform;  // maps moving onto fixed
    double rms_mm = 0;         // RMS distance over the pairs the last iteration kept
    double threshold_mm = 0;   // the last inlier threshold
    size_t kept = 0;           // pairs kept in the last iteration
    size_t used = 0;           // sample points
    int iterations = 0;        // fine iterations run (both sample sets)
    int candidate = 0;         // coarse candidate that won (0 = pose as exported)
};

// `fixed_index` must index `fixed`. Meshes must be non-empty.
Registration register_rigid(const Mesh& moving, const Mesh& fixed, const SurfaceIndex& fixed_index,
                            const RegistrationOptions& options = {});
// The same with both arches' frames already known (compare_scans needs the fixed one anyway).
Registration register_rigid(const Mesh& moving, const ArchFrame& moving_frame, const Mesh& fixed,
                            const ArchFrame& fixed_frame, const SurfaceIndex& fixed_index,
                            const RegistrationOptions& options = {});

// Trimmed ICP from a given start (exposed for tests and the benchmark).
Registration refine_rigid(const std::vector<Vec3d>& samples, const SurfaceIndex& fixed_index,
                          const RigidTransform& start, int iterations,
                          const RegistrationOptions& options);

// Every `count`-th point of `mesh`, evenly strided (deterministic).
std::vector<Vec3d> sample_points(const Mesh& mesh, size_t count);

}  // namespace intake::mesh
