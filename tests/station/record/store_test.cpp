// The audit chain's tamper checks, PIN sign-in and the demo seed on both engines (SQLite and a
// throwaway PostgreSQL, tests/station/record/engine_fixture.h), and what only an SQLite file has:
// its pragmas and a file that is no database. Migrations, audit append/verify, the database
// refusing UPDATE/DELETE and a forged row are StoreOnEngine.* (store_engine_test.cpp).
#include "station/record/store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/atomic_file.h"
#include "station/record/audit_log.h"
#include "station/record/demo_data.h"
#include "station/record/pin_auth.h"
#include "tests/station/record/engine_fixture.h"
#include "tests/station/record/staff_fixture.h"

namespace intake::record {
namespace {

using test::engine_name;
using test::EngineTest;
using test::kBothEngines;

// A station.db is opened in WAL mode with full sync (power loss at the chair loses no commit).
TEST(SqliteStore, CreatesWithWalAndFullSync) {
    test::HomeDir dir;
    auto store = Store::open(dir.path() / "station.db");
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(store->schema_version(), kSchemaVersion);
    EXPECT_EQ(store->journal_mode(), "wal");
    EXPECT_EQ(store->synchronous(), 2);
}

TEST(SqliteStore, NotADatabaseIsCorrupt) {
    test::HomeDir dir;
    const auto db = dir.path() / "station.db";
    ASSERT_TRUE(write_file_atomic(db, std::string(4096, 'x')));
    auto store = Store::open(db);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, Errc::corrupt);
}

std::string fixed_clock() { return "2026-11-23T12:00:00Z"; }

// Tampering by someone with access to the database: the triggers (SQLite) or the trigger
// functions (PostgreSQL) that refuse UPDATE and DELETE are removed first.
const char* kSqliteUnguarded =
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ";
const char* kPgUnguarded = "ALTER TABLE audit_log DISABLE TRIGGER USER; ";

using AuditOnEngine = EngineTest;

TEST_P(AuditOnEngine, DeletionAndRelinkingAreCaught) {
    {
        Store store = open();
        AuditLog log(store, fixed_clock);
        for (int i = 0; i < 4; ++i)
            ASSERT_TRUE(log.append({"a", "assistant", "x", "y", "", "", ""}));
    }
    const std::string remove = "DELETE FROM audit_log WHERE seq = 2";
    ASSERT_TRUE(raw_sql(kSqliteUnguarded + remove, kPgUnguarded + remove));
    {
        Store store = open();
        auto v = AuditLog(store).verify();
        ASSERT_TRUE(v) << v.error().message;
        EXPECT_FALSE(v->ok);
        EXPECT_EQ(v->broken_seq, 3);
        EXPECT_NE(v->problem.find("entry 2 is missing"), std::string::npos) << v->problem;
    }
    // Renumbering to hide the gap breaks the prev_hash link instead.
    const std::string renumber = "UPDATE audit_log SET seq = 2 WHERE seq = 3";
    ASSERT_TRUE(raw_sql(renumber, kPgUnguarded + renumber));
    {
        Store store = open();
        auto v = AuditLog(store).verify();
        ASSERT_TRUE(v) << v.error().message;
        EXPECT_FALSE(v->ok);
        EXPECT_EQ(v->broken_seq, 2);
    }
}

TEST_P(AuditOnEngine, AnAnchorKeptElsewhereCatchesACutOffOrRewrittenTail) {
    AuditAnchor kept;
    {
        Store store = open();
        AuditLog log(store, fixed_clock);
        auto empty = log.head();
        ASSERT_TRUE(empty);
        EXPECT_EQ(empty->to_string(), std::string("0:") + kAuditGenesis);
        for (int i = 0; i < 4; ++i)
            ASSERT_TRUE(log.append({"a", "assistant", "x", "y", "", "", std::to_string(i)}));
        auto head = log.head();
        ASSERT_TRUE(head);
        EXPECT_EQ(head->seq, 4);
        kept = *head;
        auto parsed = AuditAnchor::parse(kept.to_string());
        ASSERT_TRUE(parsed);
        EXPECT_EQ(parsed->seq, 4);
        EXPECT_EQ(parsed->entry_hash, kept.entry_hash);
        ASSERT_TRUE(log.append({"a", "assistant", "x", "y", "", "", "later"}));
        auto v = log.verify(kept);  // later entries are fine
        ASSERT_TRUE(v);
        EXPECT_TRUE(v->ok) << v->problem;
    }
    // Cut the last two entries off: the shorter chain is valid on its own, not against the anchor.
    const std::string cut = "DELETE FROM audit_log WHERE seq >= 4";
    ASSERT_TRUE(raw_sql(kSqliteUnguarded + cut, kPgUnguarded + cut));
    {
        Store store = open();
        AuditLog log(store, fixed_clock);
        EXPECT_TRUE(log.verify()->ok);
        auto v = log.verify(kept);
        ASSERT_TRUE(v);
        EXPECT_FALSE(v->ok);
        EXPECT_EQ(v->broken_seq, 4);
        EXPECT_NE(v->problem.find("removed from its end"), std::string::npos) << v->problem;
        // Appending a new fourth entry re-grows the chain, but not into the anchored one.
        ASSERT_TRUE(log.append({"eve", "assistant", "x", "y", "", "", "forged"}));
        v = log.verify(kept);
        EXPECT_FALSE(v->ok);
        EXPECT_NE(v->problem.find("hash differs"), std::string::npos) << v->problem;
    }
}

TEST(Audit, AnchorTextIsCheckedNamingWhatIsWrong) {
    EXPECT_FALSE(AuditAnchor::parse("12"));
    EXPECT_FALSE(AuditAnchor::parse("x:" + std::string(64, 'a')));
    EXPECT_FALSE(AuditAnchor::parse("3:abc"));
    auto upper = AuditAnchor::parse("3:" + std::string(64, 'A'));
    ASSERT_FALSE(upper);
    EXPECT_EQ(upper.error().code, Errc::bad_input);
    EXPECT_NE(upper.error().message.find("64 lower-case hex digits"), std::string::npos);
    EXPECT_TRUE(AuditAnchor::parse("3:" + std::string(64, 'a')));
}

using PinAuthOnEngine = EngineTest;

TEST_P(PinAuthOnEngine, Argon2idEnrolmentAndSignIn) {
    Store store = open();
    AuditLog log(store, fixed_clock);
    PinAuth auth(store, &log, pin_options());
    ASSERT_TRUE(auth.enroll("dr-lee", "Dr Lee", "clinician", "246813"));
    auto user = store.find_user("dr-lee");
    ASSERT_TRUE(user && *user);
    EXPECT_EQ((*user)->pin_hash.rfind("$argon2id$", 0), 0u);
    EXPECT_EQ((*user)->pin_hash.find("246813"), std::string::npos);
    EXPECT_EQ((*user)->pin_scheme, "argon2id-hmac");
    auto ok_sign_in = auth.sign_in("dr-lee", "246813");
    ASSERT_TRUE(ok_sign_in);
    EXPECT_EQ(ok_sign_in->role, "clinician");
    EXPECT_FALSE(auth.enroll("dr-lee", "again", "clinician", "111111"));
    EXPECT_EQ(auth.enroll("x", "x", "dentist", "123456").error().code, Errc::invalid_argument);
    EXPECT_EQ(auth.enroll("x", "x", "assistant", "12a456").error().code, Errc::invalid_argument);
    EXPECT_EQ(auth.enroll("x", "x", "assistant", "12345").error().code, Errc::invalid_argument)
        << "new PINs have at least 6 digits";
    EXPECT_EQ(auth.enroll("../x", "x", "assistant", "123456").error().code, Errc::invalid_argument);
    EXPECT_TRUE(auth.enroll("ops", "Office", "admin", "123456")) << "admin is a role";
    auto unknown = auth.sign_in("nobody", "123456");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, Errc::access_denied);
    EXPECT_TRUE(log.verify()->ok);
}

using DemoOnEngine = EngineTest;

TEST_P(DemoOnEngine, SeedsAnOpenCaseOnceAndItStaysOpen) {
    Store store = open();
    const DemoSeedOptions fast{pin_options(), nullptr};
    auto ids = seed_demo_data(store, *CivilDate::parse("2026-11-23"), fast);
    ASSERT_TRUE(ids) << ids.error().message;
    auto again = seed_demo_data(store, *CivilDate::parse("2026-11-24"), fast);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->patient_id, ids->patient_id);
    EXPECT_EQ(again->practice_id, ids->practice_id);
    EXPECT_EQ(store.patients()->size(), 1u);
    auto c = store.find_case(kDemoCaseId);
    ASSERT_TRUE(c && *c);
    EXPECT_EQ((*c)->rules, "aligner-refinement-2026");
}

TEST_P(DemoOnEngine, SeedsTheDemoUsersOnceWithTheirPins) {
    Store store = open();
    AuditLog log(store);
    const DemoSeedOptions fast{pin_options(), &log};
    ASSERT_TRUE(seed_demo_data(store, *CivilDate::parse("2026-11-23"), fast));
    PinAuth auth(store, nullptr, pin_options());
    auto assistant = auth.sign_in("assistant", "1111");
    ASSERT_TRUE(assistant) << assistant.error().message;
    EXPECT_EQ(assistant->role, "assistant");
    auto clinician = auth.sign_in("clinician", "2222");
    ASSERT_TRUE(clinician) << clinician.error().message;
    EXPECT_EQ(clinician->role, "clinician");
    EXPECT_FALSE(auth.sign_in("clinician", "1111"));
    // Seeding again leaves the users alone: the failed attempt above is still counted.
    ASSERT_TRUE(seed_demo_data(store, *CivilDate::parse("2026-11-24"), fast));
    auto row = store.find_user("clinician");
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->failed_attempts, 1);
    int enrolments = 0;
    auto rows = store.audit_rows();
    ASSERT_TRUE(rows);
    for (const auto& r : *rows) enrolments += r.action == "user.enroll";
    EXPECT_EQ(enrolments, 2);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, AuditOnEngine, kBothEngines, engine_name);
INSTANTIATE_TEST_SUITE_P(BothEngines, PinAuthOnEngine, kBothEngines, engine_name);
INSTANTIATE_TEST_SUITE_P(BothEngines, DemoOnEngine, kBothEngines, engine_name);

}  // namespace
}  // namespace intake::record
