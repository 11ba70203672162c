// A restart in the middle of the refinement wizard: the workflow and the draft are in the store,
// so the case list shows the appointment in progress and the wizard opens on the same step with
// the photos already taken; the role gates still hold for whoever signs in next.
#include <QVariantList>

#include "app_context.h"
#include "backend.h"
#include "refinement_fixture.h"
#include "station/record/store.h"

namespace intake::app::test {
namespace {

TEST_F(RefinementTest, RestartMidWizardResumesAtTheSameStep) {
    AppConfig c = config("resume");
    {
        Kiosk kiosk(c);
        sign_in(kiosk, "clinician", "2222");
        open_demo_case(kiosk);
        next(kiosk);  // step 1 by the clinician; the wizard moves to the photos
        ASSERT_NE(kiosk.item("importCard"), nullptr);
        // The default card is the simulated DSLR card (DCIM/100DEMO), read by drivers/.
        kiosk.click("importCard");
        QObject* photos = kiosk.adapter("photos");
        ASSERT_TRUE(kiosk.wait_until(
            [&] { return photo_count(kiosk) == 8 && !photos->property("busy").toBool(); }, 90000))
            << photos->property("message").toString().toStdString();
        EXPECT_TRUE(photos->property("message").toString().contains("100DEMO"))
            << photos->property("message").toString().toStdString();
        // What a crash would leave: the store already holds the step and the eight photos.
        AppContext& ctx = kiosk.backend()->context();
        ASSERT_TRUE(kiosk.wait_until(
            [&] {
                auto row = ctx.store().lock()->find_workflow("DEMO-1");
                return row && *row &&
                       (*row)->draft_json.find("intraoral-frontal") != std::string::npos;
            },
            5000));
    }  // the app stops here
    Kiosk again(c);
    sign_in(again, "assistant", "1111");
    QObject* cases = again.adapter("cases");
    ASSERT_TRUE(
        again.wait_until([&] { return !cases->property("results").toList().isEmpty(); }, 5000));
    // The lookup searches partially and case-insensitively (patient, chart, case, lab case id).
    for (const char* query : {"aLeX", "demo-000", "lab-000123", "demo-1"}) {
        QMetaObject::invokeMethod(cases, "search", Q_ARG(QString, query));
        ASSERT_EQ(cases->property("results").toList().size(), 1) << query;
    }
    QMetaObject::invokeMethod(cases, "search", Q_ARG(QString, "nobody"));
    EXPECT_TRUE(cases->property("results").toList().isEmpty());
    EXPECT_TRUE(cases->property("message").toString().contains("nobody"));
    QMetaObject::invokeMethod(cases, "search", Q_ARG(QString, ""));
    const QVariantMap row = cases->property("results").toList().first().toMap();
    EXPECT_EQ(row["caseId"].toString(), "DEMO-1");
    EXPECT_TRUE(row["inProgress"].toString().contains("step 2"))
        << row["inProgress"].toString().toStdString();
    again.click("caseRow_0");
    again.screenshot("19-cases-in-progress");
    again.click("startRefinement");

    // The same step: the photos page, with the eight photos and their verdicts.
    EXPECT_EQ(wizard_page_index(again), 1);
    ASSERT_NE(again.item("takePhoto"), nullptr);
    EXPECT_EQ(photo_count(again), 8);
    for (const auto& v : again.adapter("photos")->property("views").toList())
        EXPECT_FALSE(v.toMap()["verdict"].toString().isEmpty())
            << v.toMap()["id"].toString().toStdString();
    QObject* workflow = again.adapter("workflow");
    EXPECT_TRUE(workflow->property("resumed").toBool());
    EXPECT_EQ(workflow->property("nextStep").toInt(), 2);
    const QVariantMap step1 = workflow->property("steps").toList().first().toMap();
    EXPECT_TRUE(step1["done"].toBool());
    EXPECT_EQ(step1["by"].toString(), "clinician");
    again.screenshot("20-wizard-resumed");

    // The assistant completes the capture (step 2 is theirs) and the submission kind (step 3),
    // but the prescription (step 4) needs the clinician: Next stays and says so.
    next(again);  // photos → scans
    next(again);  // step 2
    next(again, /*expect_ok=*/false);
    EXPECT_TRUE(workflow->property("message").toString().contains("clinician"))
        << workflow->property("message").toString().toStdString();
    EXPECT_EQ(workflow->property("nextStep").toInt(), 4);
    again.screenshot("21-wizard-needs-clinician");
}

}  // namespace
}  // namespace intake::app::test
