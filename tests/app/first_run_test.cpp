// A new practice's first day: a fresh data directory has no users and no cases and opens the
// first-run screen; the first clinician is enrolled there (through record::Staff, audited under
// their own id) with the lab settings, and signs in. And the idle sign-out:
// after the configured quiet time the kiosk signs out, and the appointment is still there.
#include <QTest>
#include <QVariantList>

#include "app_context.h"
#include "backend.h"
#include "refinement_fixture.h"
#include "station/record/station_settings.h"
#include "station/record/store.h"

namespace intake::app::test {
namespace {

// Fills the first-run form as the practice would.
void fill_first_run(Kiosk& kiosk, const QString& endpoint, const QString& pin,
                    const QString& pin_again) {
    kiosk.type_text("firstRunPractice", "Lakeside Orthodontics");
    kiosk.type_text("firstRunEndpoint", endpoint);
    kiosk.type_text("firstRunUserId", "dr.lee");
    kiosk.type_text("firstRunName", "Dr. Mia Lee");
    kiosk.type_text("firstRunPin", pin);
    kiosk.type_text("firstRunPinAgain", pin_again);
}

TEST_F(RefinementTest, FreshHomeOpensFirstRunThenTheClinicianSignsIn) {
    AppConfig c = config("first-run");
    c.demo = false;  // a real practice: nothing seeded
    Kiosk kiosk(c);
    ASSERT_NE(kiosk.window(), nullptr);
    AppContext& ctx = kiosk.backend()->context();
    {
        auto held = ctx.store().lock();
        auto cases = held->list_cases();
        ASSERT_TRUE(cases);
        EXPECT_EQ(cases->total, 0) << "a fresh home has no cases";
        for (const char* demo_user : {"assistant", "clinician"}) {
            auto user = held->find_user(demo_user);
            ASSERT_TRUE(user);
            EXPECT_FALSE(user->has_value()) << demo_user << ": a fresh home has no demo users";
        }
    }
    ASSERT_NE(kiosk.item("screen_firstrun"), nullptr) << "the first-run screen opens, not sign-in";
    EXPECT_EQ(kiosk.item("signInPad"), nullptr);
    QObject* first_run = kiosk.adapter("firstRun");
    ASSERT_TRUE(first_run->property("needed").toBool());

    // Bad input is refused with a reason, and nothing is written.
    const QString endpoint = QString::fromStdString(inbox_.endpoint());
    fill_first_run(kiosk, endpoint, "246810", "246811");
    kiosk.click("firstRunDone");
    EXPECT_TRUE(first_run->property("message").toString().contains("differ"))
        << first_run->property("message").toString().toStdString();
    kiosk.type_text("firstRunPin", "2468");
    kiosk.type_text("firstRunPinAgain", "2468");
    kiosk.click("firstRunDone");
    EXPECT_TRUE(first_run->property("message").toString().contains("6 to 12 digits"))
        << first_run->property("message").toString().toStdString();
    {
        auto held = ctx.store().lock();
        EXPECT_FALSE(held->find_user("dr.lee")->has_value());
        EXPECT_TRUE(held->practices()->empty());
    }
    EXPECT_TRUE(first_run->property("needed").toBool());

    kiosk.type_text("firstRunPin", "246810");
    kiosk.type_text("firstRunPinAgain", "246810");
    kiosk.screenshot("first-run");
    kiosk.click("firstRunDone");
    ASSERT_TRUE(kiosk.wait_until([&] { return !first_run->property("needed").toBool(); }, 20000))
        << first_run->property("message").toString().toStdString();
    ASSERT_TRUE(kiosk.wait_until([&] { return kiosk.item("signInPad") != nullptr; }, 5000));
    EXPECT_TRUE(kiosk.backend_object()->property("practiceName").toString().contains("Lakeside"));
    {
        auto held = ctx.store().lock();
        auto user = held->find_user("dr.lee");
        ASSERT_TRUE(user && *user);
        EXPECT_EQ((*user)->role, "clinician");
        EXPECT_EQ((*user)->display_name, "Dr. Mia Lee");
        EXPECT_EQ((*user)->pin_hash.find("246810"), std::string::npos);
        auto practices = held->practices();
        ASSERT_TRUE(practices && practices->size() == 1);
        EXPECT_EQ(practices->front().name, "Lakeside Orthodontics");
    }
    {
        // The lab settings are the station's, in the store, set by the new clinician (audited).
        auto held = ctx.store().lock();
        auto stored = intake::record::load_station_settings(held.store());
        ASSERT_TRUE(stored) << stored.error().to_string();
        EXPECT_EQ(stored->endpoint, endpoint.toStdString());
        EXPECT_EQ(stored->practice_name, "Lakeside Orthodontics");
        EXPECT_EQ(stored->updated_by, "dr.lee");
    }
    EXPECT_TRUE(audited(ctx, "user.add", "dr.lee", "user dr.lee"))
        << "the first clinician's enrolment names them";
    EXPECT_TRUE(audited(ctx, "settings.endpoint", "dr.lee", "station settings"));
    EXPECT_EQ(kiosk.adapter("settings")->property("labEndpoint").toString(), endpoint);

    // The normal sign-in follows, with the new account; the station has no cases yet.
    sign_in(kiosk, "dr.lee", "246810");
    QObject* session = kiosk.adapter("session");
    EXPECT_EQ(session->property("userName").toString(), "Dr. Mia Lee");
    EXPECT_EQ(session->property("role").toString(), "clinician");
    EXPECT_TRUE(audited(ctx, "user.sign-in", "dr.lee", "user dr.lee"));
    QObject* cases = kiosk.adapter("cases");
    ASSERT_TRUE(kiosk.wait_until(
        [&] { return cases->property("message").toString().contains("No cases"); }, 5000))
        << cases->property("message").toString().toStdString();
    EXPECT_TRUE(cases->property("results").toList().isEmpty());
    EXPECT_TRUE(kiosk.item("openStaff")->isEnabled()) << "the clinician manages staff";
}

TEST_F(RefinementTest, IdleSignOutKeepsTheAppointment) {
    AppConfig c = config("idle");
    c.idle_timeout_ms = 1500;
    Kiosk kiosk(c);
    sign_in(kiosk, "clinician", "2222");
    open_demo_case(kiosk);
    next(kiosk);  // step 1 done by the clinician
    QObject* session = kiosk.adapter("session");

    // Activity keeps the session: touches every half second for three times the timeout.
    for (int i = 0; i < 9; ++i) {
        QTest::mouseMove(kiosk.window(), QPoint(400 + i * 10, 300));
        kiosk.settle(500);
        ASSERT_TRUE(session->property("signedIn").toBool()) << "signed out despite activity";
    }
    // Then nobody touches the kiosk: it signs out by itself and shows the sign-in.
    ASSERT_TRUE(kiosk.wait_until([&] { return !session->property("signedIn").toBool(); }, 10000));
    ASSERT_TRUE(kiosk.wait_until([&] { return kiosk.item("signInPad") != nullptr; }, 5000));
    EXPECT_TRUE(session->property("message").toString().contains("idle"))
        << session->property("message").toString().toStdString();
    kiosk.screenshot("idle-signed-out");
    {
        AppContext& ctx = kiosk.backend()->context();
        auto held = ctx.store().lock();
        auto row = held->find_workflow("DEMO-1");
        ASSERT_TRUE(row && *row) << "the appointment was not kept";
    }

    // Whoever signs in next finds the appointment where it was left.
    sign_in(kiosk, "assistant", "1111");
    open_demo_case(kiosk);
    QObject* workflow = kiosk.adapter("workflow");
    EXPECT_TRUE(workflow->property("resumed").toBool());
    EXPECT_EQ(workflow->property("nextStep").toInt(), 2);
    EXPECT_EQ(wizard_page_index(kiosk), 1);  // the photos page, where the clinician left it
}

}  // namespace
}  // namespace intake::app::test
