// Shared set-up for the real-backend ui tests: a fresh data directory, the simulated devices on
// testdata/, the real tus lab inbox from tests/servers on 127.0.0.1, and helpers that walk the
// appointment through the screens like the assistant and clinician would.
#pragma once

#include <gtest/gtest.h>

#include <QString>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "station/appointment/local_inbox.h"
#include "ui_harness.h"

namespace intake::app {
class AppContext;
}

namespace intake::app::test {

// Whether the store's audit log has an entry `action` by `actor` whose subject is `subject`.
bool audited(AppContext& ctx, std::string_view action, std::string_view actor,
             std::string_view subject);

class RefinementTest : public ::testing::Test {
  protected:
    void SetUp() override;
    AppConfig config(const std::string& name);

    // Signs in through the user id field and the PIN pad and waits for the case screen. The
    // demo users' ids are "assistant" (PIN 1111) and "clinician" (PIN 2222).
    void sign_in(Kiosk& kiosk, const QString& user_id, const QString& pin);
    // Searches, opens the demo case and starts the refinement wizard.
    void open_demo_case(Kiosk& kiosk, const char* shot = nullptr);
    // Takes every view with the camera; a failed check is retaken (the assistant's move).
    void take_photo_series(Kiosk& kiosk, const char* shot = nullptr);
    // Scans one arch through the screen and waits until it is shown.
    void scan_arch(Kiosk& kiosk, const QString& arch);
    int photo_count(Kiosk& kiosk) const;
    // The wizard's Next: completes the page's workflow step(s) and moves on. `expect_ok` says
    // whether the workflow should accept (a refusal stays on the page with its reason).
    void next(Kiosk& kiosk, bool expect_ok = true);
    int wizard_page_index(Kiosk& kiosk) const;

    std::filesystem::path home_;
    intake::appointment::LocalInbox inbox_;
    std::filesystem::path inbox_dir_;
};

}  // namespace intake::app::test
