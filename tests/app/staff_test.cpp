// Named staff at the kiosk, through record::Staff with a real store: the clinician adds an
// assistant on the Staff screen, is refused disabling the last clinician (themselves), disables and
// enables the assistant and resets their PIN; the assistant cannot open Staff, is refused by the
// core when adding anyone anyway (audited), and changes their own PIN; a clinician who disables
// their own account is signed out at once. Every change is checked
// in the store and in the audit log under the person who made it. And the sign-in's "tries left",
// which follows the escalating lockout (5 min, then 10, ...).
#include "station/record/staff.h"

#include <QTest>
#include <QVariantList>
#include <atomic>
#include <memory>

#include "app_context.h"
#include "backend.h"
#include "refinement_fixture.h"
#include "station/record/audit_log.h"
#include "station/record/store.h"
#include "tests/support/cli_runner.h"

namespace intake::app::test {
namespace {

namespace rec = intake::record;

// A station whose first clinician enrolled on the first-run screen (first_run_test covers that).
void enrol_first_clinician(const AppConfig& c) {
    auto store = rec::Store::open(rec::Store::default_path(c.home));
    ASSERT_TRUE(store) << store.error().to_string();
    rec::AuditLog audit(*store);
    rec::Staff staff(*store, audit, c.pin_options);
    auto added = staff.add_first("dr.lee", "Dr. Mia Lee", rec::Role::clinician, "246810");
    ASSERT_TRUE(added) << added.error().to_string();
}

std::optional<rec::UserRecord> user(AppContext& ctx, const std::string& id) {
    auto found = ctx.store().lock()->find_user(id);
    EXPECT_TRUE(found) << found.error().to_string();
    return found ? *found : std::nullopt;
}

// Waits until the staff adapter has answered and returns its message.
std::string staff_answer(Kiosk& kiosk) {
    QObject* staff = kiosk.adapter("staff");
    kiosk.settle(30);
    EXPECT_TRUE(kiosk.wait_until([&] { return !staff->property("busy").toBool(); }, 20000));
    return staff->property("message").toString().toStdString();
}

void sign_out(Kiosk& kiosk) {
    kiosk.click("signOut");
    ASSERT_TRUE(kiosk.wait_until([&] { return kiosk.item("signInPad") != nullptr; }, 5000));
}

TEST_F(RefinementTest, StaffScreenAddsDisablesResetsAndEveryoneChangesTheirOwnPin) {
    AppConfig c = config("staff");
    c.demo = false;
    enrol_first_clinician(c);
    Kiosk kiosk(c);
    AppContext& ctx = kiosk.backend()->context();
    sign_in(kiosk, "dr.lee", "246810");
    kiosk.click("openStaff");
    ASSERT_TRUE(kiosk.wait_until([&] { return kiosk.item("staffAdd") != nullptr; }, 5000));
    QObject* staff = kiosk.adapter("staff");
    ASSERT_EQ(staff->property("members").toList().size(), 1);

    // Add an assistant (the role list starts with assistant); a mistyped PIN is refused first.
    kiosk.type_text("staffUserId", "sam.p");
    kiosk.type_text("staffName", "Sam Park");
    kiosk.type_text("staffPin", "135790");
    kiosk.type_text("staffPinAgain", "135799");
    kiosk.click("staffAdd");
    EXPECT_NE(staff_answer(kiosk).find("differ"), std::string::npos);
    EXPECT_FALSE(user(ctx, "sam.p").has_value());
    kiosk.type_text("staffPinAgain", "135790");
    kiosk.click("staffAdd");
    EXPECT_EQ(staff_answer(kiosk).rfind("Added Sam Park", 0), 0u);
    auto sam = user(ctx, "sam.p");
    ASSERT_TRUE(sam.has_value());
    EXPECT_EQ(sam->role, "assistant");
    EXPECT_EQ(sam->display_name, "Sam Park");
    EXPECT_TRUE(audited(ctx, "user.add", "dr.lee", "user sam.p"));
    ASSERT_EQ(staff->property("members").toList().size(), 2);

    // The core refuses to disable the last clinician, and the screen says why.
    kiosk.click("staffDisable_dr.lee");
    EXPECT_NE(staff_answer(kiosk).find("last active clinician"), std::string::npos);
    EXPECT_TRUE(user(ctx, "dr.lee")->active);

    // Disable, then enable the assistant.
    kiosk.click("staffDisable_sam.p");
    EXPECT_NE(staff_answer(kiosk).find("disabled"), std::string::npos);
    EXPECT_FALSE(user(ctx, "sam.p")->active);
    EXPECT_TRUE(audited(ctx, "user.disable", "dr.lee", "user sam.p"));
    ASSERT_NE(kiosk.item("staffEnable_sam.p"), nullptr);
    kiosk.click("staffEnable_sam.p");
    staff_answer(kiosk);
    EXPECT_TRUE(user(ctx, "sam.p")->active);
    EXPECT_TRUE(audited(ctx, "user.enable", "dr.lee", "user sam.p"));

    // Sam forgot the PIN: the clinician sets a new one.
    kiosk.click("staffReset_sam.p");
    kiosk.type_text("staffResetPin", "112233");
    kiosk.type_text("staffResetPinAgain", "112233");
    kiosk.screenshot("staff");
    kiosk.click("staffResetSave");
    EXPECT_NE(staff_answer(kiosk).find("New PIN set for sam.p"), std::string::npos);
    EXPECT_TRUE(audited(ctx, "user.reset-pin", "dr.lee", "user sam.p"));
    kiosk.click("staffBack");
    sign_out(kiosk);

    // The old PIN no longer works (and says how many tries are left); the new one does.
    QObject* session = kiosk.adapter("session");
    kiosk.sign_in("sam.p", "135790");
    ASSERT_TRUE(kiosk.wait_until([&] { return !session->property("busy").toBool(); }, 20000));
    EXPECT_FALSE(session->property("signedIn").toBool());
    EXPECT_EQ(session->property("message").toString(),
              "Wrong user id or PIN. 4 tries left before a 5-minute lockout.");
    sign_in(kiosk, "sam.p", "112233");
    EXPECT_EQ(session->property("role").toString(), "assistant");

    // The assistant cannot open Staff, and the core refuses (and audits) an addition anyway.
    ASSERT_NE(kiosk.item("openStaff"), nullptr);
    EXPECT_FALSE(kiosk.item("openStaff")->isEnabled());
    EXPECT_FALSE(staff->property("mayManage").toBool());
    QMetaObject::invokeMethod(staff, "add", Q_ARG(QString, "eve"), Q_ARG(QString, "Eve"),
                              Q_ARG(QString, "clinician"), Q_ARG(QString, "999999"),
                              Q_ARG(QString, "999999"));
    EXPECT_NE(staff_answer(kiosk).find("clinician or an admin"), std::string::npos);
    EXPECT_FALSE(user(ctx, "eve").has_value()) << "an assistant added a clinician";
    EXPECT_TRUE(audited(ctx, "access.denied", "sam.p", "user.add"));

    // Change my PIN: a wrong old PIN is refused; the right one changes it.
    kiosk.click("openChangePin");
    kiosk.type_text("changePinOld", "000000");
    kiosk.type_text("changePinNew", "445566");
    kiosk.type_text("changePinAgain", "445566");
    kiosk.click("changePinSave");
    EXPECT_NE(staff_answer(kiosk).find("Not done"), std::string::npos);
    kiosk.type_text("changePinOld", "112233");
    kiosk.click("changePinSave");
    EXPECT_NE(staff_answer(kiosk).find("PIN is changed"), std::string::npos);
    ASSERT_TRUE(kiosk.wait_until([&] { return kiosk.item("changePinSave") == nullptr; }, 5000))
        << "the dialog closes once the PIN is changed";
    EXPECT_TRUE(audited(ctx, "user.change-pin", "sam.p", "user sam.p"));
    sign_out(kiosk);
    sign_in(kiosk, "sam.p", "445566");
    EXPECT_EQ(session->property("userName").toString(), "Sam Park");
    sign_out(kiosk);

    // A clinician who disables their own account (another clinician remains) is signed out at
    // once, and cannot sign in again.
    {
        auto held = ctx.store().lock();
        rec::Staff s(held.store(), held.audit(), ctx.config().pin_options);
        ASSERT_TRUE(s.add({"dr.lee", "Dr. Lee", rec::Role::clinician}, "dr.kim", "Dr. Kim",
                          rec::Role::clinician, "975310"));
    }
    sign_in(kiosk, "dr.lee", "246810");
    kiosk.click("openStaff");
    ASSERT_TRUE(
        kiosk.wait_until([&] { return kiosk.item("staffDisable_dr.lee") != nullptr; }, 5000));
    kiosk.click("staffDisable_dr.lee");
    ASSERT_TRUE(kiosk.wait_until([&] { return !session->property("signedIn").toBool(); }, 10000))
        << staff_answer(kiosk);
    EXPECT_TRUE(
        session->property("message").toString().startsWith("Signed out: your account is disabled"))
        << session->property("message").toString().toStdString();
    EXPECT_FALSE(ctx.session().signed_in());
    EXPECT_TRUE(audited(ctx, "user.disable", "dr.lee", "user dr.lee"));
    kiosk.sign_in("dr.lee", "246810");
    ASSERT_TRUE(kiosk.wait_until([&] { return !session->property("busy").toBool(); }, 20000));
    EXPECT_FALSE(session->property("signedIn").toBool());
}

TEST_F(RefinementTest, TriesLeftFollowTheEscalatingLockout) {
    auto clock = std::make_shared<std::atomic<int64_t>>(1'900'000'000);
    AppConfig c = config("tries-left");
    c.pin_options.clock = [clock] { return clock->load(); };
    Kiosk kiosk(c);
    QObject* session = kiosk.adapter("session");
    auto wrong_pin = [&] {
        kiosk.type_pin("9999");
        EXPECT_TRUE(kiosk.wait_until([&] { return !session->property("busy").toBool(); }, 20000));
        return session->property("message").toString().toStdString();
    };
    // Five wrong PINs for `id`: the tries left count down, then a 5-minute lockout.
    auto first_lockout = [&](const QString& id) {
        kiosk.type_text("signInUser", id);
        EXPECT_EQ(wrong_pin(), "Wrong user id or PIN. 4 tries left before a 5-minute lockout.");
        for (int i = 0; i < 2; ++i) wrong_pin();
        EXPECT_EQ(wrong_pin(), "Wrong user id or PIN. 1 try left before a 5-minute lockout.");
        wrong_pin();
        EXPECT_TRUE(session->property("lockedOut").toBool()) << id.toStdString();
        EXPECT_NEAR(session->property("lockoutRemaining").toInt(), 300, 2);
    };
    first_lockout("assistant");
    ASSERT_TRUE(session->property("lockedOut").toBool());

    // The lockout ends (the store's clock), but the count goes on: the next lockout is longer.
    clock->fetch_add(301);
    // The screen's own countdown runs on real time: skip it to its last second.
    session->setProperty("lockoutRemaining", 1);
    ASSERT_TRUE(kiosk.wait_until([&] { return !session->property("lockedOut").toBool(); }, 3000));
    EXPECT_EQ(wrong_pin(), "Wrong user id or PIN. 4 tries left before a 10-minute lockout.");
    for (int i = 0; i < 4; ++i) wrong_pin();
    ASSERT_TRUE(session->property("lockedOut").toBool());
    EXPECT_NEAR(session->property("lockoutRemaining").toInt(), 600, 2);
    AppContext& ctx = kiosk.backend()->context();
    auto row = user(ctx, "assistant");
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->failed_attempts, 10);
    EXPECT_EQ(row->locked_until, clock->load() + 600);
    EXPECT_TRUE(audited(ctx, "user.locked", "assistant", "user assistant"));

    // Probing for ids: one that does not exist is answered exactly as a real one would be —
    // tries left, then a lockout with its countdown — so the screen does not tell them apart.
    first_lockout("nobody.here");
    EXPECT_FALSE(user(ctx, "nobody.here").has_value()) << "nothing stored for a made-up id";
}

// A made-up id locked out at the kiosk is still locked after a restart (a new Backend and
// AppContext on the same home), and the CLI, which keeps the same count in the same store,
// agrees — both ways round.
TEST_F(RefinementTest, AMadeUpIdStaysLockedAfterARestartAndTheCliAgrees) {
    AppConfig c = config("phantom-restart");
    const auto wrong_pin = [](Kiosk& kiosk) {
        QObject* session = kiosk.adapter("session");
        kiosk.type_pin("999999");
        EXPECT_TRUE(kiosk.wait_until([&] { return !session->property("busy").toBool(); }, 20000));
    };
    {
        Kiosk kiosk(c);
        kiosk.type_text("signInUser", "nobody.here");
        for (int i = 0; i < 5; ++i) wrong_pin(kiosk);
        ASSERT_TRUE(kiosk.adapter("session")->property("lockedOut").toBool());
    }
    const auto cli = [&](const std::string& id) {
        return intake::test::run_intake("user sign-in " + id + " --pin-stdin", c.home,
                                        {.home = c.home, .stdin_text = "999999\n"});
    };
    auto locked = cli("nobody.here");
    EXPECT_EQ(locked.code, 1);
    EXPECT_NE(locked.err.find("nobody.here is locked for "), std::string::npos) << locked.err;
    EXPECT_NE(locked.err.find("after 5 wrong PINs"), std::string::npos) << locked.err;
    for (int i = 0; i < 5; ++i) EXPECT_EQ(cli("ghost").code, 1);

    Kiosk again(c);  // the restart
    QObject* session = again.adapter("session");
    for (const QString id : {"nobody.here", "ghost"}) {
        again.type_text("signInUser", id);
        wrong_pin(again);
        EXPECT_TRUE(session->property("lockedOut").toBool()) << id.toStdString();
        EXPECT_EQ(session->property("lockedUser").toString().toStdString(), id.toStdString())
            << "locked at the first try";
        const int remaining = session->property("lockoutRemaining").toInt();
        EXPECT_GT(remaining, 0) << id.toStdString();
        EXPECT_LE(remaining, 300) << "what is left of the first, 5-minute lockout";
        EXPECT_FALSE(session->property("signedIn").toBool());
    }
    EXPECT_FALSE(user(again.backend()->context(), "ghost").has_value()) << "no user was made";
}

}  // namespace
}  // namespace intake::app::test
