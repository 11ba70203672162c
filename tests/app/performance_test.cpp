// The kiosk's product targets, measured and printed: a 300k-triangle arch on screen in under a
// second once the mesh is in hand, and a cold start to the sign-in screen in under two seconds.
// The figures are printed against their targets, never asserted: on a shared 2-core machine a
// compile next door triples them (a cold start measured 6.7 s at load 20), so a timed assertion
// would fail on noise. What is asserted is that each measured thing happened (a frame swapped,
// the demo start really seeded the demo). Idle figures are in docs/kiosk.md.
#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <cstdio>

#include "app_context.h"
#include "backend.h"
#include "base/file_io.h"
#include "demo_arch.h"
#include "mesh/mesh_io.h"
#include "mesh_geometry.h"
#include "scans_adapter.h"
#include "station/record/store.h"
#include "ui_harness.h"

namespace intake::app::test {
namespace {
namespace fs = std::filesystem;

constexpr qint64 kArchOnScreenTargetMs = 1000;
constexpr qint64 kColdStartTargetMs = 2000;

// Waits for the next frame the window actually swaps to the screen; -1 when none came.
qint64 ms_until_next_frame(Kiosk& kiosk, const QElapsedTimer& since) {
    bool swapped = false;
    auto c = QObject::connect(kiosk.window(), &QQuickWindow::frameSwapped, [&] { swapped = true; });
    kiosk.window()->update();
    const bool came = kiosk.wait_until([&] { return swapped; }, 20000);
    QObject::disconnect(c);
    return came ? since.elapsed() : -1;
}

TEST(Performance, ArchOf300kTrianglesOnScreenAfterTheScanArrives) {
    AppConfig config;
    config.home = fresh_home("perf");
    config.demo_data = INTAKE_TESTDATA_DIR;
    config.pin_options = intake::record::PinAuthOptions::fast_for_tests();
    Kiosk kiosk(config);
    kiosk.backend()->context().begin_case("PERF-1", "Perf", true);
    kiosk.go("wizard");
    kiosk.wizard_page("scans");
    const intake::mesh::Mesh arch = demo_arch(300'000, false);
    ASSERT_GE(arch.triangle_count(), 290'000u);
    const fs::path file = config.home / "arch-300k.ply";
    ASSERT_TRUE(intake::mesh::write_mesh(file, arch));
    auto bytes = intake::read_file_bytes(file);
    ASSERT_TRUE(bytes);

    // Display only: mesh in memory -> GPU buffers -> first frame with it.
    ScansAdapter& scans = *kiosk.backend()->scans();
    QElapsedTimer t;
    t.start();
    scans.show_mesh(arch);
    const qint64 display_ms = ms_until_next_frame(kiosk, t);
    ASSERT_GE(display_ms, 0) << "no frame was swapped after the mesh was shown";
    EXPECT_EQ(scans.mesh_geometry().triangle_count(), static_cast<int>(arch.triangle_count()));

    // The whole path: scan bytes arrive -> read, QA, clean (off the GUI thread) -> on screen.
    bool shown = false;
    auto c = QObject::connect(&scans, &ScansAdapter::displayed, [&] { shown = true; });
    t.restart();
    scans.accept_scan_bytes("upper", std::move(*bytes));
    ASSERT_TRUE(kiosk.wait_until([&] { return shown; }, 120000))
        << scans.property("stage").toString().toStdString();
    const qint64 processed_ms = t.elapsed();
    const qint64 pipeline_ms = ms_until_next_frame(kiosk, t);
    QObject::disconnect(c);
    ASSERT_GE(pipeline_ms, 0) << "no frame was swapped after the scan was processed";
    kiosk.screenshot("19-scans-300k");
    std::printf(
        "[perf] 300k-triangle arch: on screen %lld ms after the mesh is in hand (target < 1000 "
        "ms)\n",
        static_cast<long long>(display_ms));
    std::printf(
        "[perf] 300k-triangle arch: %lld ms from scan bytes to on screen, of which %lld ms "
        "read+QA+clean "
        "off the GUI thread\n",
        static_cast<long long>(pipeline_ms), static_cast<long long>(processed_ms));
    std::printf("[perf] 300k-triangle arch target (< %lld ms): %s\n",
                static_cast<long long>(kArchOnScreenTargetMs),
                display_ms < kArchOnScreenTargetMs ? "met" : "missed on this run");
}

TEST(Performance, ColdStartToSignInScreen) {
    const fs::path home = fresh_home("coldstart");
    const QString exe = QString(INTAKE_BINARY_DIR) + "/station/app/intake-kiosk";
    // --demo, as run.sh starts it: the first run also creates the database and enrols the demo
    // users with the real argon2id cost, the slowest start there is.
    for (int run = 0; run < 2; ++run) {
        QProcess p;
        QElapsedTimer t;
        t.start();
        p.start(exe,
                {"--home", QString::fromStdString(home.string()), "--demo", "--exit-after-start"});
        ASSERT_TRUE(p.waitForFinished(60000));
        const qint64 wall = t.elapsed();
        EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
        const QString err = QString::fromLocal8Bit(p.readAllStandardError());
        const auto m = QRegularExpression("on screen (\\d+) ms").match(err);
        ASSERT_TRUE(m.hasMatch()) << err.toStdString();
        std::printf(
            "[perf] cold start %s: sign-in screen on screen %s ms after main(), process wall time "
            "%lld ms "
            "(target < 2000 ms)\n",
            run == 0 ? "(first run, creates the store)" : "(existing data directory)",
            qPrintable(m.captured(1)), static_cast<long long>(wall));
        std::printf("[perf] cold start target (< %lld ms): %s\n",
                    static_cast<long long>(kColdStartTargetMs),
                    m.captured(1).toLongLong() < kColdStartTargetMs ? "met" : "missed on this run");
    }
    // The timed start really was the demo's: the store holds the demo users it enrolled.
    auto store = record::Store::open(home / "station.db");
    ASSERT_TRUE(store) << store.error().message;
    auto users = store->users();
    ASSERT_TRUE(users) << users.error().message;
    EXPECT_GE(users->size(), 2u) << "--demo did not seed the demo users";
}

}  // namespace
}  // namespace intake::app::test
