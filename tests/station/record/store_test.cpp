// Store, audit chain and PIN sign-in, on real SQLite files in a temporary folder.
#include "station/record/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "base/atomic_file.h"
#include "station/record/audit_log.h"
#include "station/record/demo_data.h"
#include "station/record/pin_auth.h"

namespace intake::record {
namespace {

namespace fs = std::filesystem;

class TempDir {
  public:
    TempDir() {
        path_ = fs::temp_directory_path() /
                ("intake-record-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }

  private:
    static inline int counter_ = 0;
    fs::path path_;
};

// Tampering the way an attacker with file access would: raw SQL, triggers dropped.
void raw_sql(const fs::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(h);
}

TEST(Store, CreatesWithWalFullSyncAndMigrations) {
    TempDir dir;
    auto store = Store::open(dir.path() / "station.db");
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(store->schema_version(), kSchemaVersion);
    EXPECT_EQ(store->journal_mode(), "wal");
    EXPECT_EQ(store->synchronous(), 2);
    auto practice = store->add_practice({0, "P", "addr"});
    ASSERT_TRUE(practice);
    auto patient = store->add_patient({0, *practice, "Pat", "1990-01-01", "CH-1"});
    ASSERT_TRUE(patient);
    auto dup = store->add_patient({0, *practice, "Pat 2", "1990-01-01", "CH-1"});
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, Errc::conflict);
    ASSERT_TRUE(store->save_case({0, *patient, "C-9", "lab", "L-1", "generic", "1.0", "{}"}));
    ASSERT_TRUE(
        store->save_case({0, *patient, "C-9", "lab", "L-2", "generic", "1.0", "{\"x\":1}"}));
    auto found = store->find_case("C-9");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->lab_case_id, "L-2");
    EXPECT_TRUE(store->add_submission(
        {0, "C-9", "2026-01-01T00:00:00Z", "draft", "generic", "1.0", "", "", ""}));
}

TEST(Store, ReopensWithoutReapplyingAndRefusesNewerSchemas) {
    TempDir dir;
    const auto db = dir.path() / "station.db";
    {
        auto store = Store::open(db);
        ASSERT_TRUE(store);
        ASSERT_TRUE(store->add_practice({0, "P", ""}));
    }
    {
        auto store = Store::open(db);
        ASSERT_TRUE(store) << store.error().message;
        EXPECT_EQ(store->practices()->size(), 1u);
    }
    raw_sql(db, "PRAGMA user_version = 99");
    auto newer = Store::open(db);
    ASSERT_FALSE(newer);
    EXPECT_EQ(newer.error().code, Errc::unsupported);
}

TEST(Store, NotADatabaseIsCorrupt) {
    TempDir dir;
    const auto db = dir.path() / "station.db";
    ASSERT_TRUE(write_file_atomic(db, std::string(4096, 'x')));
    auto store = Store::open(db);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, Errc::corrupt);
}

std::string fixed_clock() { return "2026-11-23T12:00:00Z"; }

TEST(Audit, ChainVerifiesAndNamesTheFirstBrokenLink) {
    TempDir dir;
    const auto db = dir.path() / "station.db";
    {
        auto store = Store::open(db);
        ASSERT_TRUE(store);
        AuditLog log(*store, fixed_clock);
        for (int i = 1; i <= 5; ++i) {
            auto seq = log.append({"dr-lee", "clinician", "test.action", "case C-1", "", "",
                                   "entry " + std::to_string(i)});
            ASSERT_TRUE(seq);
            EXPECT_EQ(*seq, i);
        }
        auto v = log.verify();
        ASSERT_TRUE(v);
        EXPECT_TRUE(v->ok);
        EXPECT_EQ(v->entries, 5);
        // The database itself refuses edits while the triggers stand.
        auto rows = store->audit_rows();
        ASSERT_TRUE(rows);
        EXPECT_EQ((*rows)[1].prev_hash, (*rows)[0].entry_hash);
        EXPECT_EQ((*rows)[0].prev_hash, kAuditGenesis);
    }
    raw_sql(
        db,
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'forged' WHERE seq = 3");
    {
        auto store = Store::open(db);
        ASSERT_TRUE(store);
        auto v = AuditLog(*store).verify();
        ASSERT_TRUE(v);
        EXPECT_FALSE(v->ok);
        EXPECT_EQ(v->broken_seq, 3);
        EXPECT_NE(v->problem.find("hash mismatch"), std::string::npos);
    }
}

TEST(Audit, DeletionAndRelinkingAreCaught) {
    TempDir dir;
    const auto db = dir.path() / "station.db";
    {
        auto store = Store::open(db);
        ASSERT_TRUE(store);
        AuditLog log(*store, fixed_clock);
        for (int i = 0; i < 4; ++i)
            ASSERT_TRUE(log.append({"a", "assistant", "x", "y", "", "", ""}));
    }
    raw_sql(db, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2");
    {
        auto store = Store::open(db);
        auto v = AuditLog(*store).verify();
        EXPECT_FALSE(v->ok);
        EXPECT_EQ(v->broken_seq, 3);
        EXPECT_NE(v->problem.find("entry 2 is missing"), std::string::npos);
    }
    // Renumbering to hide the gap breaks the prev_hash link instead.
    raw_sql(db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET seq = 2 WHERE seq = 3");
    {
        auto store = Store::open(db);
        auto v = AuditLog(*store).verify();
        EXPECT_FALSE(v->ok);
        EXPECT_EQ(v->broken_seq, 2);
    }
}

TEST(Audit, AnAnchorKeptElsewhereCatchesACutOffOrRewrittenTail) {
    TempDir dir;
    const auto db = dir.path() / "station.db";
    AuditAnchor kept;
    {
        auto store = Store::open(db);
        AuditLog log(*store, fixed_clock);
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
    raw_sql(db, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 4");
    {
        auto store = Store::open(db);
        AuditLog log(*store, fixed_clock);
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

TEST(Audit, TriggersRefuseUpdateAndDelete) {
    TempDir dir;
    const auto db = dir.path() / "station.db";
    {
        auto store = Store::open(db);
        ASSERT_TRUE(AuditLog(*store).append({"a", "assistant", "x", "y", "", "", ""}));
    }
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(h, "UPDATE audit_log SET actor = 'z'", nullptr, nullptr, nullptr),
              SQLITE_OK);
    EXPECT_NE(sqlite3_exec(h, "DELETE FROM audit_log", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(h);
}

struct FakeClock {
    int64_t now = 1'800'000'000;
};

TEST(PinAuth, Argon2idEnrolmentAndSignIn) {
    TempDir dir;
    auto store = Store::open(dir.path() / "station.db");
    ASSERT_TRUE(store);
    AuditLog log(*store, fixed_clock);
    PinAuth auth(*store, &log, PinAuthOptions::fast_for_tests());
    ASSERT_TRUE(auth.enroll("dr-lee", "Dr Lee", "clinician", "246813"));
    auto user = store->find_user("dr-lee");
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

TEST(Demo, SeedsAnOpenCaseOnceAndItStaysOpen) {
    TempDir dir;
    auto store = Store::open(dir.path() / "station.db");
    ASSERT_TRUE(store);
    const DemoSeedOptions fast{PinAuthOptions::fast_for_tests(), nullptr};
    auto ids = seed_demo_data(*store, *CivilDate::parse("2026-11-23"), fast);
    ASSERT_TRUE(ids) << ids.error().message;
    auto again = seed_demo_data(*store, *CivilDate::parse("2026-11-24"), fast);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->patient_id, ids->patient_id);
    EXPECT_EQ(again->practice_id, ids->practice_id);
    EXPECT_EQ(store->patients()->size(), 1u);
    auto c = store->find_case(kDemoCaseId);
    ASSERT_TRUE(c && *c);
    EXPECT_EQ((*c)->rules, "aligner-refinement-2026");
}

TEST(Demo, SeedsTheDemoUsersOnceWithTheirPins) {
    TempDir dir;
    auto store = Store::open(dir.path() / "station.db");
    ASSERT_TRUE(store);
    AuditLog log(*store);
    const DemoSeedOptions fast{PinAuthOptions::fast_for_tests(), &log};
    ASSERT_TRUE(seed_demo_data(*store, *CivilDate::parse("2026-11-23"), fast));
    PinAuth auth(*store, nullptr, PinAuthOptions::fast_for_tests());
    auto assistant = auth.sign_in("assistant", "1111");
    ASSERT_TRUE(assistant) << assistant.error().message;
    EXPECT_EQ(assistant->role, "assistant");
    auto clinician = auth.sign_in("clinician", "2222");
    ASSERT_TRUE(clinician) << clinician.error().message;
    EXPECT_EQ(clinician->role, "clinician");
    EXPECT_FALSE(auth.sign_in("clinician", "1111"));
    // Seeding again leaves the users alone: the failed attempt above is still counted.
    ASSERT_TRUE(seed_demo_data(*store, *CivilDate::parse("2026-11-24"), fast));
    auto row = store->find_user("clinician");
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->failed_attempts, 1);
    int enrolments = 0;
    auto rows = store->audit_rows();
    ASSERT_TRUE(rows);
    for (const auto& r : *rows) enrolments += r.action == "user.enroll";
    EXPECT_EQ(enrolments, 2);
}

}  // namespace
}  // namespace intake::record
