// Two kiosks on one case (issue 17): each station is its own AppContext on one database — an
// SQLite file, or a database in the test process's throwaway PostgreSQL (tests/support). A save
// over a version another station has moved on is refused, the case is reloaded from the store
// and the screen is told what the other station changed; the watch sees another station's
// write without a save of its own.
#include <gtest/gtest.h>
#include <unistd.h>

#include <QSignalSpy>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <memory>

#include "app_context.h"
#include "station/record/audit_log.h"
#include "station/record/store.h"
#include "station/record/workflow.h"
#include "tests/app/practice_stations.h"
#include "tests/support/pg_cluster.h"
#include "ui_harness.h"

namespace intake::app::test {
namespace {

namespace fs = std::filesystem;
namespace rec = intake::record;

using Engine = rec::Engine;

class TwoStations : public PracticeStations {
  protected:
    void SetUp() override {
        PracticeStations::SetUp();
        if (HasFatalFailure()) return;
        // A photo both stations can see (a photo whose file is gone is dropped on restore).
        photo_ = shared_ / "intraoral-left.jpg";
        std::ofstream(photo_) << "jpeg";
    }

    static Status complete(AppContext& ctx, rec::Step step, const rec::Actor& who,
                           nlohmann::json record) {
        return ctx.store().with_store([&](rec::Store&, rec::AuditLog&) {
            return ctx.workflow()->complete(step, who, std::move(record));
        });
    }

    fs::path photo_;
};

const rec::Actor kClinician{"clinician", "Demo Clinician", rec::Role::clinician};

TEST_P(TwoStations, AStaleSaveIsRefusedTheCaseReloadedAndTheChangeNamed) {
    auto chair = station("chair-3", /*demo=*/true);
    auto desk = station("desk", /*demo=*/false);
    chair->begin_case("DEMO-1", "Demo Patient", true);
    chair->draft().photos["intraoral-left"] = {photo_, "pass", "", {}, 4000, 3.0};
    ASSERT_TRUE(chair->save_progress()) << chair->progress_error().toStdString();
    EXPECT_EQ(chair->version(), 1);

    desk->begin_case("DEMO-1", "Demo Patient", true);
    EXPECT_EQ(desk->version(), 1);
    ASSERT_EQ(desk->draft().photos.count("intraoral-left"), 1u) << "the desk resumes the chair's";
    ASSERT_TRUE(complete(*desk, rec::Step::attachments, kClinician, {{"decision", "keep-all"}}));
    desk->draft().free_text = "Please extrude the 24.";
    ASSERT_TRUE(desk->save_progress()) << desk->progress_error().toStdString();
    EXPECT_EQ(desk->version(), 2);

    // The chair, still at version 1, writes: refused, nothing of the desk's is lost.
    QSignalSpy told(chair.get(), &AppContext::otherStationChanged);
    chair->draft().treat_arches = "upper";
    EXPECT_FALSE(chair->save_progress());
    EXPECT_TRUE(chair->reloaded_on_save());
    EXPECT_TRUE(chair->progress_error().contains("changed by another station"))
        << chair->progress_error().toStdString();
    EXPECT_EQ(told.count(), 1);
    EXPECT_EQ(chair->version(), 2);
    EXPECT_EQ(chair->draft().free_text, "Please extrude the 24.");
    EXPECT_EQ(chair->draft().treat_arches, "both") << "the refused change is not kept";
    EXPECT_TRUE(chair->workflow()->done(rec::Step::attachments));
    const std::string told_text = chair->other_station_change().toStdString();
    EXPECT_NE(told_text.find("step 1 (attachments) done by clinician (clinician)"),
              std::string::npos)
        << told_text;
    EXPECT_NE(told_text.find("free text"), std::string::npos) << told_text;
    EXPECT_NE(told_text.find("make it again"), std::string::npos) << told_text;
    auto stored = desk->store().with_store(
        [](rec::Store& store, rec::AuditLog&) { return store.find_workflow("DEMO-1"); });
    ASSERT_TRUE(stored && *stored);
    EXPECT_EQ((*stored)->version, 2);
    EXPECT_NE((*stored)->draft_json.find("Please extrude the 24."), std::string::npos);

    // Made again over the version now read, the change is kept.
    chair->draft().treat_arches = "upper";
    ASSERT_TRUE(chair->save_progress()) << chair->progress_error().toStdString();
    EXPECT_EQ(chair->version(), 3);
    chair->acknowledge_other_station_change();
    EXPECT_TRUE(chair->other_station_change().isEmpty());
}

TEST_P(TwoStations, TheWatchSeesAnotherStationsWriteAndReloads) {
    auto chair = station("chair-1", /*demo=*/true);
    auto desk = station("desk", /*demo=*/false);
    chair->begin_case("DEMO-1", "Demo Patient", true);
    ASSERT_TRUE(chair->save_progress());
    desk->begin_case("DEMO-1", "Demo Patient", true);
    EXPECT_FALSE(chair->check_for_other_station()) << "nothing new yet";

    desk->draft().photos["intraoral-left"] = {photo_, "warn", "dark", {"dark"}, 4000, 2.0};
    ASSERT_TRUE(desk->save_progress());
    // PostgreSQL pushes the news (NOTIFY) a moment after the desk's commit; SQLite is read.
    ASSERT_TRUE(QTest::qWaitFor([&] { return chair->check_for_other_station(); }, 5000));
    EXPECT_EQ(chair->version(), desk->version());
    ASSERT_EQ(chair->draft().photos.count("intraoral-left"), 1u);
    EXPECT_NE(chair->other_station_change().toStdString().find("photos added: intraoral-left"),
              std::string::npos)
        << chair->other_station_change().toStdString();
    EXPECT_EQ(chair->other_station_change().toStdString().find("make it again"), std::string::npos)
        << "nothing of the chair's was refused";

    // The running watch (every AppContext::kWatchIntervalMs) does the same on its own.
    QSignalSpy reloaded(chair.get(), &AppContext::otherStationChanged);
    desk->draft().free_text = "Level the incisal edges.";
    ASSERT_TRUE(desk->save_progress());
    ASSERT_TRUE(reloaded.wait(10 * AppContext::kWatchIntervalMs));
    EXPECT_EQ(chair->draft().free_text, "Level the incisal edges.");
    EXPECT_EQ(chair->version(), desk->version());
}

TEST_P(TwoStations, ADebouncedChangeMeetingANewerRowIsRefusedNotWrittenOver) {
    auto chair = station("chair-1", /*demo=*/true);
    auto desk = station("desk", /*demo=*/false);
    chair->begin_case("DEMO-1", "Demo Patient", true);
    ASSERT_TRUE(chair->save_progress());
    desk->begin_case("DEMO-1", "Demo Patient", true);
    desk->draft().free_text = "the desk's";
    ASSERT_TRUE(desk->save_progress());
    chair->draft().free_text = "the chair's";
    chair->notify_draft();  // waits for the debounce
    // Whether the watch or the debounced save comes first, the chair's write is refused.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            chair->check_for_other_station();
            return !chair->other_station_change().isEmpty();
        },
        5000));
    EXPECT_EQ(chair->draft().free_text, "the desk's");
    EXPECT_NE(chair->other_station_change().toStdString().find("make it again"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, TwoStations,
                         ::testing::Values(Engine::sqlite, Engine::postgresql),
                         PracticeStations::param_name);

}  // namespace
}  // namespace intake::app::test
