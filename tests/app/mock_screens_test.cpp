// Every screen on the QML mock backend: the screens stand on their own without devices, a
// database or a lab, and each one renders (screenshots 5x-mock-*).
#include <gtest/gtest.h>

#include <QQuickItem>

#include "ui_harness.h"

namespace intake::app::test {
namespace {

TEST(MockScreens, EveryScreenRendersAndNavigates) {
    AppConfig config;
    config.home = fresh_home("mock");
    Kiosk kiosk(config, /*mock=*/true);
    ASSERT_NE(kiosk.window(), nullptr);
    QObject* session = kiosk.adapter("session");
    ASSERT_NE(session, nullptr);
    kiosk.screenshot("50-mock-signin");

    kiosk.sign_in("assistant", "1111");
    ASSERT_TRUE(kiosk.wait_until([&] { return session->property("signedIn").toBool(); }, 3000));
    kiosk.click("caseSearch");
    kiosk.click("caseRow_0");
    EXPECT_TRUE(kiosk.adapter("cases")->property("currentCaseOpen").toBool());
    kiosk.screenshot("51-mock-cases");

    kiosk.click("startRefinement");
    kiosk.screenshot("52-mock-attachments");
    kiosk.wizard_page("photos");
    kiosk.click("takePhoto");
    kiosk.screenshot("53-mock-photos");
    kiosk.wizard_page("scans");
    kiosk.click("startScan");
    kiosk.screenshot("54-mock-scans");
    kiosk.wizard_page("prescription");
    kiosk.screenshot("55-mock-prescription");
    kiosk.wizard_page("instructions");
    kiosk.click("tooth_24");
    kiosk.click("addInstruction");
    EXPECT_TRUE(kiosk.adapter("prescription")->property("labText").toString().contains("tooth 24"));
    kiosk.screenshot("56-mock-instructions");
    kiosk.wizard_page("review");
    EXPECT_FALSE(kiosk.adapter("review")->property("canSubmit").toBool());
    kiosk.screenshot("57-mock-review");
    kiosk.wizard_page("handout");
    kiosk.screenshot("58-mock-handout");
    kiosk.go("outbox");
    kiosk.screenshot("59-mock-outbox");
    kiosk.go("settings");
    kiosk.screenshot("60-mock-settings");
}

}  // namespace
}  // namespace intake::app::test
