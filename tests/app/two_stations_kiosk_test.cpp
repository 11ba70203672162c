// Two stations on one case through the kiosk's screens (issue 17), on the practice's PostgreSQL
// (a database in the test process's throwaway cluster, tests/support/pg_cluster.h): the chair
// runs the real kiosk, the desk is a second station's AppContext on the same database. The
// chair's Next over a case the desk has just written is refused, the case reloaded and the
// banner names the desk's change; a later desk write reaches the chair's open wizard by itself
// (LISTEN/NOTIFY) and shows the banner again.
#include <gtest/gtest.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <cstdio>
#include <string>

#include "app_context.h"
#include "refinement_fixture.h"
#include "station/record/workflow.h"
#include "tests/support/pg_cluster.h"

namespace intake::app::test {
namespace {

bool banner_shown(Kiosk& kiosk) { return kiosk.item("otherStationBanner") != nullptr; }

std::string banner_text(Kiosk& kiosk) {
    QQuickItem* text = kiosk.item("otherStationText");
    return text ? text->property("text").toString().toStdString() : std::string();
}

TEST_F(RefinementTest, AnotherStationsChangeIsShownOnTheOpenCaseAndAStaleNextRefused) {
    std::string why;
    auto* cluster = intake::test::PgCluster::shared(why);
    ASSERT_NE(cluster, nullptr) << why;
    const std::string url = cluster->create_database("kioskui" + std::to_string(::getpid()), why);
    ASSERT_FALSE(url.empty()) << why;
    AppConfig c = config("two-stations-chair");
    c.station.database = url;
    Kiosk kiosk(c);
    AppContext& chair = kiosk.backend()->context();
    ASSERT_EQ(chair.store().engine(), "postgresql") << chair.store().error().toStdString();
    sign_in(kiosk, "clinician", "2222");
    open_demo_case(kiosk);
    ASSERT_FALSE(HasFatalFailure());
    kiosk.wizard_page("attachments");
    ASSERT_TRUE(chair.save_progress()) << chair.progress_error().toStdString();
    EXPECT_FALSE(banner_shown(kiosk));

    AppConfig d = c;
    d.home = fresh_home("two-stations-desk");
    d.demo = false;
    AppContext desk(d);
    ASSERT_TRUE(desk.open_store());
    desk.begin_case("DEMO-1", "Demo Patient", true);
    ASSERT_EQ(desk.version(), chair.version());
    desk.draft().free_text = "Please extrude the 24.";
    ASSERT_TRUE(desk.save_progress()) << desk.progress_error().toStdString();

    // The chair's Next now writes over a version the desk has moved on: refused, reloaded.
    QObject* workflow = kiosk.adapter("workflow");
    kiosk.click("wizardNext");
    EXPECT_TRUE(workflow->property("message").toString().contains("another station"))
        << workflow->property("message").toString().toStdString();
    ASSERT_TRUE(kiosk.wait_until([&] { return banner_shown(kiosk); }, 5000));
    EXPECT_NE(banner_text(kiosk).find("the free text to the lab"), std::string::npos)
        << banner_text(kiosk);
    EXPECT_NE(banner_text(kiosk).find("was not saved"), std::string::npos) << banner_text(kiosk);
    EXPECT_EQ(chair.draft().free_text, "Please extrude the 24.");
    EXPECT_EQ(chair.version(), desk.version());
    kiosk.screenshot("two-stations-refused");
    kiosk.click("otherStationDismiss");
    EXPECT_TRUE(kiosk.wait_until([&] { return !banner_shown(kiosk); }, 5000));

    // Made again over what was reloaded, the chair's Next is kept.
    kiosk.click("wizardNext");
    EXPECT_TRUE(workflow->property("message").toString().isEmpty())
        << workflow->property("message").toString().toStdString();
    EXPECT_TRUE(chair.workflow()->done(intake::record::Step::attachments));

    // The desk writes again; the chair's open wizard learns of it by itself (no save there).
    ASSERT_TRUE(chair.save_progress());  // nothing of the chair's left waiting for the debounce
    desk.begin_case("DEMO-1", "Demo Patient", true);
    desk.draft().treat_arches = "upper";
    ASSERT_TRUE(desk.save_progress()) << desk.progress_error().toStdString();
    QElapsedTimer seen;
    seen.start();
    ASSERT_TRUE(kiosk.wait_until([&] { return chair.draft().treat_arches == "upper"; }, 10000));
    const qint64 latency_ms = seen.elapsed();
    EXPECT_TRUE(kiosk.wait_until([&] { return banner_shown(kiosk); }, 5000));
    EXPECT_NE(banner_text(kiosk).find("arches to treat: upper"), std::string::npos)
        << banner_text(kiosk);
    EXPECT_EQ(banner_text(kiosk).find("was not saved"), std::string::npos) << banner_text(kiosk);
    kiosk.screenshot("two-stations-seen");
    std::printf("[figures] another station's write seen by the open kiosk after %lld ms\n",
                static_cast<long long>(latency_ms));
}

}  // namespace
}  // namespace intake::app::test
