// The store's staff tables (users, the station's settings) and the record layer above the store
// — Staff enrolling and signing in, the case registry adding patients and cases — on SQLite and
// on a real PostgreSQL: a practice's stations sharing one database work the same as one chair.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "station/record/audit_log.h"
#include "station/record/case_file.h"
#include "station/record/case_registry.h"
#include "station/record/civil_date.h"
#include "station/record/staff.h"
#include "tests/station/record/engine_fixture.h"

namespace intake::record::test {
namespace {

using StaffOnEngine = EngineTest;

UserRecord user(const std::string& id, const std::string& role, const std::string& scheme) {
    UserRecord u{id, "Name of " + id, role, "hash-" + id};
    u.pin_scheme = scheme;
    return u;
}

TEST_P(StaffOnEngine, UsersAreInsertedFoundListedAndUpdated) {
    Store store = open();
    EXPECT_EQ(*store.user_count(), 0);
    ASSERT_TRUE(store.insert_user(user("sam", "assistant", "argon2id-hmac")));
    ASSERT_TRUE(store.insert_user(user("dr-lee", "clinician", "argon2id")));
    UserRecord admin = user("admin-1", "admin", "argon2id-hmac");
    admin.demo = true;
    ASSERT_TRUE(store.insert_user(admin));
    auto twice = store.insert_user(user("sam", "clinician", "argon2id-hmac"));
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, Errc::conflict) << twice.error().message;
    auto bad_role = store.insert_user(user("x", "janitor", "argon2id-hmac"));
    ASSERT_FALSE(bad_role);  // the CHECK constraint holds on both engines
    EXPECT_EQ(bad_role.error().code, Errc::conflict);
    EXPECT_EQ(*store.user_count(), 3);
    EXPECT_EQ(*store.peppered_user_count(), 2);

    auto lee = store.find_user("dr-lee");
    ASSERT_TRUE(lee && *lee) << (lee ? "" : lee.error().message);
    EXPECT_EQ((*lee)->display_name, "Name of dr-lee");
    EXPECT_EQ((*lee)->role, "clinician");
    EXPECT_EQ((*lee)->pin_hash, "hash-dr-lee");
    EXPECT_EQ((*lee)->pin_scheme, "argon2id");
    EXPECT_TRUE((*lee)->active);
    EXPECT_FALSE((*lee)->demo);
    EXPECT_FALSE(*store.find_user("nobody"));

    auto all = store.users();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].user_id, "admin-1");  // by user id
    EXPECT_TRUE((*all)[0].demo);
    EXPECT_EQ((*all)[2].user_id, "sam");

    const int64_t far_future = int64_t{1} << 40;  // beyond 32 bits on purpose
    ASSERT_TRUE(store.update_user_lock("sam", 5, far_future));
    EXPECT_EQ((*store.find_user("sam"))->failed_attempts, 5);
    EXPECT_EQ((*store.find_user("sam"))->locked_until, far_future);
    ASSERT_TRUE(store.set_user_active("sam", false));
    EXPECT_FALSE((*store.find_user("sam"))->active);
    ASSERT_TRUE(store.set_user_pin("sam", "new-hash", "argon2id-hmac"));
    auto sam = *store.find_user("sam");
    EXPECT_EQ(sam->pin_hash, "new-hash");
    EXPECT_EQ(sam->failed_attempts, 0);
    EXPECT_EQ(sam->locked_until, 0);
    EXPECT_FALSE(sam->active);  // a new PIN does not enable
    ASSERT_TRUE(store.set_user_pin("dr-lee", "peppered", "argon2id-hmac"));
    EXPECT_EQ(*store.peppered_user_count(), 3);
}

TEST_P(StaffOnEngine, StationSettingsAreEmptyUntilSavedThenReplaced) {
    Store store = open();
    auto before = store.station_settings();
    ASSERT_TRUE(before) << before.error().message;
    EXPECT_EQ(before->practice_name, "");
    EXPECT_EQ(before->updated_at, "");
    ASSERT_TRUE(
        store.save_station_settings({"North Smiles", "Demo Aligner Lab", "aligner-refinement-2026",
                                     "https://lab/files", "2026-12-03T05:00:00Z", "dr-lee"}));
    ASSERT_TRUE(
        store.save_station_settings({"North Smiles", "Other Lab", "generic", "https://other/files",
                                     "2026-12-03T06:00:00Z", "admin-1"}));
    auto after = store.station_settings();
    ASSERT_TRUE(after);
    EXPECT_EQ(after->practice_name, "North Smiles");
    EXPECT_EQ(after->lab, "Other Lab");
    EXPECT_EQ(after->rule_pack, "generic");
    EXPECT_EQ(after->endpoint, "https://other/files");
    EXPECT_EQ(after->updated_at, "2026-12-03T06:00:00Z");
    EXPECT_EQ(after->updated_by, "admin-1");
}

TEST_P(StaffOnEngine, AFirstClinicianEnrolsAndSignsIn) {
    Store store = open();
    AuditLog audit(store);
    PinAuthOptions options = PinAuthOptions::fast_for_tests();
    options.pepper_file = dir_ / "keys" / "pin-pepper";  // a PostgreSQL store has no folder
    Staff staff(store, audit, options);
    EXPECT_TRUE(*staff.empty());
    ASSERT_TRUE(staff.add_first("dr-lee", "Dr Lee", Role::clinician, "246810"));
    EXPECT_FALSE(*staff.empty());
    auto again = staff.add_first("dr-two", "Dr Two", Role::clinician, "135790");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::conflict);

    auto actor = staff.sign_in("dr-lee", "246810");
    ASSERT_TRUE(actor) << actor.error().message;
    EXPECT_EQ(actor->user_id, "dr-lee");
    EXPECT_EQ(actor->display_name, "Dr Lee");
    EXPECT_EQ(actor->role, Role::clinician);
    EXPECT_FALSE(staff.sign_in("dr-lee", "999999"));
    EXPECT_EQ((*store.find_user("dr-lee"))->failed_attempts, 1);
    EXPECT_EQ((*store.find_user("dr-lee"))->pin_scheme, "argon2id-hmac");

    ASSERT_TRUE(staff.add(*actor, "sam", "Sam", Role::assistant, "112233"));
    auto list = staff.list();
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[1].user_id, "sam");
    bool audited = false;
    const auto rows = store.audit_rows();  // kept alive while iterated
    ASSERT_TRUE(rows);
    for (const AuditRow& r : *rows)
        audited = audited || (r.action == "user.add" && r.actor == "dr-lee");
    EXPECT_TRUE(audited);
    EXPECT_TRUE(audit.verify()->ok);
}

// SQLite keeps the pepper beside station.db; a PostgreSQL store has no such folder, and a PIN is
// refused rather than peppered with a file made wherever the process happens to run.
TEST_P(StaffOnEngine, ThePepperNeedsAPlaceOnPostgresql) {
    Store store = open();
    PinAuth auth(store, nullptr, PinAuthOptions::fast_for_tests());
    const Status st = auth.enroll("dr-lee", "Dr Lee", "clinician", "246810");
    if (!postgres()) {
        EXPECT_TRUE(st) << st.error().message;
        EXPECT_TRUE(std::filesystem::exists(dir_ / "keys" / "pin-pepper"));
        return;
    }
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, Errc::invalid_argument);
    EXPECT_NE(st.error().message.find("pepper_file"), std::string::npos) << st.error().message;
    EXPECT_FALSE(std::filesystem::exists("keys/pin-pepper"));
    EXPECT_EQ(*store.user_count(), 0);
}

TEST_P(StaffOnEngine, TheCaseRegistryAddsPatientsAndCases) {
    Store store = open();
    const CivilDate today = *CivilDate::parse("2026-12-01");
    auto patient = add_patient(store, {"Ada Byron", "1990-02-03", "CH-1"}, today);
    ASSERT_TRUE(patient) << patient.error().message;
    EXPECT_EQ(store.practices()->size(), 1u);  // the store's first practice, made on demand
    auto taken = add_patient(store, {"Someone", "1991-01-01", "CH-1"}, today);
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, Errc::bad_input);

    auto file = parse_case_json(R"({"case_id": "C-9", "rules": "aligner-refinement-2026",
        "lab": "Demo Aligner Lab", "lab_case_id": "LAB-000123", "submitted_on": "2025-01-10",
        "phases": [{"number": 1, "kind": "treatment", "steps": 10, "status": "delivered",
                    "shipped_on": "2025-01-20", "arrived_on": "2025-01-25"}]})",
                                "case.json");
    ASSERT_TRUE(file) << file.error().message;
    auto added = add_case(store, *file, *patient, INTAKE_RULES_DIR);
    ASSERT_TRUE(added) << added.error().message;
    EXPECT_EQ(*added, "C-9");
    auto stored = store.find_case("C-9");
    ASSERT_TRUE(stored && *stored);
    EXPECT_EQ((*stored)->patient_id, *patient);
    EXPECT_EQ((*stored)->lab_case_id, "LAB-000123");
    EXPECT_EQ((*stored)->rules, "aligner-refinement-2026");
    EXPECT_NE((*stored)->case_json.find("CH-1"), std::string::npos);  // carries the chart id
    EXPECT_EQ(store.cases_of_patient(*patient)->size(), 1u);
    auto twice = add_case(store, *file, *patient, INTAKE_RULES_DIR);
    EXPECT_FALSE(twice);
    auto listed = store.list_cases({"ada"});
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->cases.size(), 1u);
    EXPECT_EQ(listed->cases[0].patient_chart_id, "CH-1");
}

// Wrong PINs for an id that is no user are kept on both engines (SQLite 9, PostgreSQL 3) under
// the keyed hash of the id: another station of the practice, or a restart, sees the lockout.
TEST_P(StaffOnEngine, AMadeUpIdsLockoutIsSharedThroughTheStore) {
    Store store = open();
    EXPECT_EQ(store.schema_version(), newest_schema());
    EXPECT_EQ(store.sign_in_attempts("k1")->failed_attempts, 0) << "no row: zeros";
    ASSERT_TRUE(store.save_sign_in_attempts("k1", {3, 0}));
    ASSERT_TRUE(store.save_sign_in_attempts("k1", {5, 1'900'000'300}));
    auto back = store.sign_in_attempts("k1");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->failed_attempts, 5);
    EXPECT_EQ(back->locked_until, 1'900'000'300);

    PinAuthOptions options = PinAuthOptions::fast_for_tests();
    options.pepper_file = dir_ / "keys" / "pin-pepper";
    AuditLog audit(store);
    Staff staff(store, audit, options);
    ASSERT_TRUE(staff.add_first("dr-lee", "Dr Lee", Role::clinician, "246810"));
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(staff.sign_in("nobody", "000000"));
    Store other_station = open();
    AuditLog other_audit(other_station);
    Staff other(other_station, other_audit, options);
    auto locked = other.sign_in("nobody", "246810");
    ASSERT_FALSE(locked);
    EXPECT_NE(locked.error().message.find("nobody is locked for "), std::string::npos)
        << locked.error().message;
    auto count = PinAuth(other_station, nullptr, options).attempts("nobody");
    ASSERT_TRUE(count) << count.error().message;
    EXPECT_EQ(count->failed_attempts, 5);
}

INSTANTIATE_TEST_SUITE_P(Engines, StaffOnEngine,
                         ::testing::Values(Engine::sqlite, Engine::postgresql), engine_name);

}  // namespace
}  // namespace intake::record::test
