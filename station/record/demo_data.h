// The demo practice, patient and case the headless demo and the kiosk start from. The case is
// open on any day: its final phase is on hold until the refinement is processed, so it has no
// close date yet (station/rules/demo/case.json is the same case as a file).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/result.h"
#include "station/record/audit_log.h"
#include "station/record/civil_date.h"
#include "station/record/pin_auth.h"
#include "station/record/store.h"

namespace intake::record {

struct DemoIds {
    int64_t practice_id = 0;
    int64_t patient_id = 0;
    std::string case_id;  // "DEMO-1"
};

inline constexpr const char* kDemoCaseId = "DEMO-1";

// The demo case file with dates relative to `today` (submitted 120 days ago, phases 1-2
// delivered, final phase 3 on hold). Parses with parse_case_json.
std::string demo_case_json(CivilDate today);
// The demo prescription: keep all attachments, the seed's two instructions.
std::string demo_rx_json();

// The demo users: user id, display name, role, PIN. Only the demo seed creates them (marked
// demo: their 4-digit PINs are accepted, nobody else's); a station's real staff come from
// Staff (staff.h). The ids are the role names, as the demo has always had them.
struct DemoUser {
    const char* user_id;
    const char* display_name;
    const char* role;
    const char* pin;
};
inline constexpr DemoUser kDemoUsers[] = {
    {"assistant", "Alex (assistant)", "assistant", "1111"},
    {"clinician", "Dr. Demo (clinician)", "clinician", "2222"}};

struct DemoSeedOptions {
    PinAuthOptions pin;         // argon2id cost of the demo PINs (tests use fast_for_tests())
    AuditLog* audit = nullptr;  // when given, the enrolments are audited
};

// The explicit demo seed (`intake case seed-demo`, `intake demo`, `intake-kiosk --demo`): adds
// the demo practice, patient and case unless the demo case is already there (then returns the
// existing ids), in one transaction; then enrols each demo user that does not exist yet (an
// existing user, its PIN or lockout, is left alone). Nothing else ever creates demo users.
Result<DemoIds> seed_demo_data(Store& store, CivilDate today = CivilDate::today(),
                               const DemoSeedOptions& options = {});

// <rules_dir>/demo/case.json and rx.json.
std::filesystem::path demo_case_path(const std::filesystem::path& rules_dir);
std::filesystem::path demo_rx_path(const std::filesystem::path& rules_dir);

}  // namespace intake::record
