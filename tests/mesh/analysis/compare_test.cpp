// Progress comparison on the real arches: rigid moves are recovered, one moved tooth is measured
// and does not drag the fit, noise does not change that.
#include "mesh/analysis/compare.h"

#include <gtest/gtest.h>

#include "arch_fixtures.h"

namespace intake::mesh {
namespace {

// RMS over every vertex of |estimate(truth(p)) - p|: how well the true move was undone.
double recovery_rms(const Mesh& before, const RigidTransform& truth,
                    const RigidTransform& estimate) {
    double sum = 0;
    for (const auto& v : before.positions) {
        const Vec3d p = to_d(v);
        const Vec3d d = estimate.apply(truth.apply(p)) - p;
        sum += dot(d, d);
    }
    return std::sqrt(sum / static_cast<double>(before.positions.size()));
}

class RigidRecovery : public ::testing::TestWithParam<uint32_t> {};

TEST_P(RigidRecovery, RandomRigidTransformIsRecoveredTo20Micrometres) {
    const Mesh before = testing::load_arch("Ref_Upper_Mesh_Tag=0.obj");
    const RigidTransform truth = testing::random_rigid(GetParam());
    const auto report = compare_scans(before, transformed(before, truth));
    ASSERT_TRUE(report.has_value());
    EXPECT_LE(report->registration.rms_mm, 0.02);
    EXPECT_LE(recovery_rms(before, truth, report->registration.transform), 0.02);
    EXPECT_LE(report->max_deviation_mm, 0.02);
    ASSERT_EQ(report->per_component.size(), 14u);
    for (const auto& c : report->per_component) {
        EXPECT_EQ(c.component, c.before_component);  // same shells, same order
        EXPECT_LT(c.displacement_mm, 0.02);
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RigidRecovery, ::testing::Values(1u, 2u, 3u, 4u));

struct MovedTooth {
    const char* scan;
    uint32_t tooth;
    double noise_mm;
};

class OneToothMoved : public ::testing::TestWithParam<MovedTooth> {};

TEST_P(OneToothMoved, IsReportedAtHalfAMillimetreAndOthersStayPut) {
    const MovedTooth param = GetParam();
    const Mesh before = testing::load_arch(param.scan);
    uint32_t count = 0;
    const auto labels = label_components(before, &count);
    ASSERT_GT(count, param.tooth);
    Mesh after = before;
    const Vec3d offset = normalized({0.6, 0.5, -0.62}) * 0.5;
    testing::displace_component(after, labels, param.tooth, offset);
    if (param.noise_mm > 0) testing::add_noise(after, param.noise_mm, 99);
    const RigidTransform truth = testing::random_rigid(param.tooth + 17);
    const auto report = compare_scans(before, transformed(after, truth));
    ASSERT_TRUE(report.has_value());
    EXPECT_LE(report->registration.rms_mm, 0.02 + 1.5 * param.noise_mm);
    ASSERT_EQ(report->per_component.size(), count);
    for (const auto& c : report->per_component) {
        if (c.before_component == param.tooth) {
            EXPECT_NEAR(c.displacement_mm, 0.5, 0.05);
            EXPECT_GT(dot(c.direction, normalized(offset)), 0.98);
        } else {
            EXPECT_LT(c.displacement_mm, 0.08) << "tooth " << c.before_component;
        }
    }
    EXPECT_NEAR(report->max_deviation_mm, 0.5, 0.1);
}

INSTANTIATE_TEST_SUITE_P(Teeth, OneToothMoved,
                         ::testing::Values(MovedTooth{"Ref_Upper_Mesh_Tag=0.obj", 3, 0.0},
                                           MovedTooth{"Ref_Upper_Mesh_Tag=0.obj", 3, 0.02},
                                           MovedTooth{"Ref_Lower_Mesh_Tag=0.obj", 0, 0.0},
                                           MovedTooth{"Ref_Lower_Mesh_Tag=0.obj", 0, 0.02},
                                           MovedTooth{"Ref_Upper_Mesh_Tag=1.obj", 12, 0.02}));

TEST(Compare, RegionOfTheMovedToothCarriesTheDeviation) {
    const Mesh before = testing::load_arch("Ref_Upper_Mesh_Tag=0.obj");
    uint32_t count = 0;
    const auto labels = label_components(before, &count);
    Mesh after = before;
    // The tooth farthest to the back on the patient's left is a left molar.
    const ArchFrame frame = arch_frame(before);
    const auto centroids = component_centroids(before, labels, count);
    uint32_t molar = 0;
    double deepest = -1;
    for (uint32_t k = 0; k < count; ++k) {
        const double t = depth_fraction(frame, centroids[k]);
        if (left_coordinate(frame, centroids[k]) > 0 && t > deepest) deepest = t, molar = k;
    }
    testing::displace_component(after, labels, molar, frame.superior * 0.4);
    const auto report = compare_scans(before, after);
    ASSERT_TRUE(report.has_value());
    for (const auto& region : report->regions) {
        if (region.name == "left_molar") {
            EXPECT_NEAR(region.max_mm, 0.4, 0.05);
        } else {
            EXPECT_LT(region.max_mm, 0.05) << region.name;
        }
        EXPECT_GT(region.vertices, 1000u) << region.name;
    }
}

TEST(Compare, EmptyMeshIsBadInput) {
    const Mesh arch = testing::load_arch("Ref_Upper_Mesh_Tag=0.obj");
    const auto report = compare_scans(Mesh{}, arch);
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, Errc::bad_input);
}

TEST(Compare, HeatMapIsWhiteAtZeroRedOutwardBlueInward) {
    const auto colors = deviation_colors({0.0f, 0.5f, -0.5f, 2.0f, 0.25f});
    EXPECT_EQ(colors[0], (Rgb8{255, 255, 255}));
    EXPECT_EQ(colors[1], (Rgb8{255, 0, 0}));
    EXPECT_EQ(colors[2], (Rgb8{0, 0, 255}));
    EXPECT_EQ(colors[3], (Rgb8{255, 0, 0}));  // saturates
    EXPECT_EQ(colors[4][0], 255);
    EXPECT_NEAR(colors[4][1], 128, 1);
}

}  // namespace
}  // namespace intake::mesh
