#include "refinement_fixture.h"

#include <QVariantList>

#include "app_context.h"
#include "backend.h"
#include "photos_adapter.h"
#include "station/record/store.h"

namespace intake::app::test {
namespace fs = std::filesystem;

bool audited(AppContext& ctx, std::string_view action, std::string_view actor,
             std::string_view subject) {
    auto rows = ctx.store().lock()->audit_rows();
    if (!rows) {
        ADD_FAILURE() << rows.error().to_string();
        return false;
    }
    for (const auto& row : rows.value())
        if (row.action == action && row.actor == actor && row.subject == subject) return true;
    return false;
}

AppConfig RefinementTest::config(const std::string& name) {
    AppConfig c;
    c.home = home_.empty() ? (home_ = fresh_home(name)) : home_;
    c.demo_data = INTAKE_TESTDATA_DIR;
    c.lab_endpoint = QString::fromStdString(inbox_.endpoint());
    c.pin_options = intake::record::PinAuthOptions::fast_for_tests();
    c.demo = true;  // DEMO-1 and the demo users exist only when asked for (as run.sh does)
    // A scan on a loaded machine can take minutes without a touch; the idle sign-out has its own
    // test, and would otherwise end these sessions mid-scan.
    c.idle_timeout_ms = 0;
    return c;
}

void RefinementTest::SetUp() {
    ensure_app();
    inbox_dir_ =
        fs::path(INTAKE_BINARY_DIR) / "ui-homes" /
        (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-inbox");
    std::error_code ec;
    fs::remove_all(inbox_dir_, ec);
    auto st = inbox_.start(fs::path(INTAKE_SOURCE_DIR) / "tests" / "servers", inbox_dir_);
    ASSERT_TRUE(st) << st.error().to_string();
}

void RefinementTest::sign_in(Kiosk& kiosk, const QString& user_id, const QString& pin) {
    kiosk.sign_in(user_id, pin);
    QObject* session = kiosk.adapter("session");
    ASSERT_TRUE(kiosk.wait_until([&] { return session->property("signedIn").toBool(); }, 20000))
        << session->property("message").toString().toStdString();
    ASSERT_TRUE(kiosk.wait_until([&] { return kiosk.item("caseSearch") != nullptr; }, 5000));
}

void RefinementTest::open_demo_case(Kiosk& kiosk, const char* shot) {
    kiosk.click("caseSearch");
    QObject* cases = kiosk.adapter("cases");
    ASSERT_TRUE(
        kiosk.wait_until([&] { return !cases->property("results").toList().isEmpty(); }, 5000))
        << cases->property("message").toString().toStdString();
    const QVariantMap row = cases->property("results").toList().first().toMap();
    EXPECT_EQ(row["caseId"].toString(), "DEMO-1");
    EXPECT_EQ(row["state"].toString(), "open");
    kiosk.click("caseRow_0");
    ASSERT_TRUE(cases->property("currentCaseOpen").toBool());
    if (shot) kiosk.screenshot(shot);
    kiosk.click("startRefinement");
}

void RefinementTest::next(Kiosk& kiosk, bool expect_ok) {
    QObject* workflow = kiosk.adapter("workflow");
    const int before = wizard_page_index(kiosk);
    kiosk.click("wizardNext");
    const QString message = workflow->property("message").toString();
    if (expect_ok) {
        EXPECT_TRUE(message.isEmpty()) << message.toStdString();
        EXPECT_NE(wizard_page_index(kiosk), before);
    } else {
        EXPECT_FALSE(message.isEmpty());
        EXPECT_EQ(wizard_page_index(kiosk), before);
    }
}

int RefinementTest::wizard_page_index(Kiosk& kiosk) const {
    QObject* wizard = kiosk.window()->findChild<QObject*>("screen_wizard");
    return wizard ? wizard->property("page").toInt() : -1;
}

int RefinementTest::photo_count(Kiosk& kiosk) const {
    return static_cast<int>(kiosk.backend()->context().draft().photos.size());
}

void RefinementTest::take_photo_series(Kiosk& kiosk, const char* shot) {
    kiosk.wizard_page("photos");
    QObject* photos = kiosk.adapter("photos");
    ASSERT_TRUE(kiosk.wait_until([&] { return photos->property("cameraReady").toBool(); }, 5000))
        << photos->property("cameraStatus").toString().toStdString();
    const int views = static_cast<int>(photos->property("views").toList().size());
    ASSERT_EQ(views, 8);
    for (int v = 0; v < views; ++v) {
        photos->setProperty("currentIndex", v);
        const std::string key =
            photos->property("views").toList()[v].toMap()["id"].toString().toStdString();
        // A failed check is retaken (the assistant's move); the simulated camera serves its
        // photos in turn, so a retake gets another one. The last attempt's verdict stays.
        const int attempts = 9;
        for (int attempt = 0; attempt < attempts; ++attempt) {
            kiosk.click("takePhoto");
            ASSERT_TRUE(kiosk.wait_until(
                [&] {
                    return !photos->property("busy").toBool() &&
                           kiosk.backend()->context().draft().photos.count(key);
                },
                30000))
                << photos->property("message").toString().toStdString();
            if (shot && v == 3 && attempt == 0) kiosk.screenshot(shot);
            if (kiosk.backend()->context().draft().photos.at(key).verdict != "fail" ||
                attempt + 1 == attempts)
                break;
            photos->setProperty("currentIndex", v);
            kiosk.click("retakePhoto");
        }
        ASSERT_TRUE(kiosk.backend()->context().draft().photos.count(key)) << key;
    }
}

void RefinementTest::scan_arch(Kiosk& kiosk, const QString& arch) {
    QObject* scans = kiosk.adapter("scans");
    kiosk.click("arch_" + arch);
    kiosk.click("startScan");
    const std::string a = arch.toStdString();
    ASSERT_TRUE(kiosk.wait_until(
        [&] {
            return !scans->property("scanning").toBool() &&
                   kiosk.backend()->context().draft().scans.count(a);
        },
        420000))
        << scans->property("stage").toString().toStdString();
}

}  // namespace intake::app::test
