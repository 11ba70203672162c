// Attacks on accounts, roles and the audit (ctest label `security`): a copied database without
// the pepper, a made-up Actor, every protected action tried by the wrong role, and actions while
// the audit log cannot be written (fail closed: nothing happens).
#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>

#include "station/record/pin_pepper.h"
#include "station/record/staff.h"
#include "station/record/station_settings.h"
#include "station/record/submission.h"
#include "station/record/submission_gate.h"
#include "station/record/workflow.h"
#include "tests/station/record/staff_fixture.h"

namespace intake::record {
namespace {

namespace fs = std::filesystem;

int mode_of(const fs::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

void sql(const fs::path& db, const char* statement) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(h, statement, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(h);
}

std::vector<AuditRow> denials(Store& store) {
    std::vector<AuditRow> out;
    const auto rows = store.audit_rows();
    for (const auto& r : *rows)
        if (r.action == "access.denied") out.push_back(r);
    return out;
}

class Station {
  public:
    explicit Station(const fs::path& home) : db_(home / "station.db") { reopen(); }
    void reopen() {
        staff.reset();
        log.reset();
        store.reset();
        auto s = Store::open(db_);
        ASSERT_TRUE(s) << s.error().message;
        store = std::make_unique<Store>(std::move(*s));
        log = std::make_unique<AuditLog>(*store);
        staff = std::make_unique<Staff>(*store, *log, PinAuthOptions::fast_for_tests());
    }
    const fs::path& db() const { return db_; }

    std::unique_ptr<Store> store;
    std::unique_ptr<AuditLog> log;
    std::unique_ptr<Staff> staff;

  private:
    fs::path db_;
};

TEST(StaffSecurity, ACopiedDatabaseWithoutThePepperVerifiesNoPin) {
    test::HomeDir home, thief;
    {
        Station st(home.path());
        ASSERT_TRUE(st.staff->add_first("dr-lee", "Dr Lee", Role::clinician, "135790"));
        ASSERT_TRUE(st.staff->sign_in("dr-lee", "135790"));
        const fs::path pepper = pin_pepper_path(home.path());
        EXPECT_EQ(mode_of(pepper), 0600);
        EXPECT_EQ(mode_of(pepper.parent_path()), 0700);
        EXPECT_EQ(fs::file_size(pepper), kPinPepperBytes);
        // The stored hash is not argon2id of the PIN itself: offline guessing needs the pepper.
        const std::string hash = (*st.store->find_user("dr-lee"))->pin_hash;
        ASSERT_EQ(sodium_init() < 0, false);
        EXPECT_NE(crypto_pwhash_str_verify(hash.c_str(), "135790", 6), 0);
    }
    fs::copy_file(home.path() / "station.db", thief.path() / "station.db");
    Station copy(thief.path());
    auto no_pepper = copy.staff->sign_in("dr-lee", "135790");
    ASSERT_FALSE(no_pepper) << "the right PIN against a copied database alone";
    EXPECT_EQ(no_pepper.error().code, Errc::not_found);
    EXPECT_NE(no_pepper.error().message.find("pin-pepper"), std::string::npos);
    // Enrolling cannot quietly make a new pepper while stored hashes depend on the old one.
    EXPECT_FALSE(
        copy.staff->add(Actor{"dr-lee", "", Role::clinician}, "x", "X", Role::assistant, "246810"));
    EXPECT_FALSE(fs::exists(pin_pepper_path(thief.path())));
    // With a pepper of the thief's own the right PIN is simply wrong.
    ASSERT_TRUE(load_or_create_pin_pepper(thief.path() / "other-pepper"));
    fs::create_directories(thief.path() / "keys");
    fs::copy_file(thief.path() / "other-pepper", pin_pepper_path(thief.path()));
    fs::permissions(pin_pepper_path(thief.path()), fs::perms::owner_read | fs::perms::owner_write);
    auto wrong = copy.staff->sign_in("dr-lee", "135790");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, Errc::access_denied);
}

// Probing for user ids by how long a refusal takes: an unknown id, a disabled user and a short
// PIN cost one argon2id verification each, exactly as a wrong PIN does, and the refusal reads the
// same.
TEST(StaffSecurity, ARefusalCostsTheSameWhetherOrNotTheIdExists) {
    test::HomeDir home;
    Station st(home.path());
    ASSERT_TRUE(st.staff->add_first("dr-lee", "Dr Lee", Role::clinician, "135790"));
    ASSERT_TRUE(st.staff->add(Actor{"dr-lee", "", Role::clinician}, "sam", "Sam", Role::assistant,
                              "246810"));
    ASSERT_TRUE(st.staff->disable(Actor{"dr-lee", "", Role::clinician}, "sam"));
    PinAuth auth(*st.store, st.log.get(), PinAuthOptions::fast_for_tests());
    const std::pair<const char*, const char*> probes[] = {
        {"dr-lee", "999999"},  // a real id, a wrong PIN
        {"nobody", "999999"},  // no such id
        {"sam", "246810"},     // disabled, even with the right PIN
        {"dr-lee", "12"},      // a real id, a PIN too short to be anyone's
    };
    std::string first_message;
    for (const auto& [id, pin] : probes) {
        const int before = auth.verifications();
        auto refused = auth.sign_in(id, pin);
        ASSERT_FALSE(refused) << id;
        EXPECT_EQ(auth.verifications() - before, 1) << id << " with " << pin;
        EXPECT_EQ(refused.error().code, Errc::access_denied);
        if (first_message.empty()) first_message = refused.error().message;
        EXPECT_EQ(refused.error().message, first_message) << id;
    }
}

// Every row of sign_in_attempts as "id_key|failed|locked_until".
std::vector<std::string> attempt_rows(const fs::path& db) {
    std::vector<std::string> out;
    sqlite3* h = nullptr;
    EXPECT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(h,
                                 "SELECT id_key, failed_attempts, locked_until FROM "
                                 "sign_in_attempts",
                                 -1, &q, nullptr),
              SQLITE_OK);
    while (q != nullptr && sqlite3_step(q) == SQLITE_ROW) {
        out.push_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)) + std::string("|") +
                      std::to_string(sqlite3_column_int64(q, 1)) + "|" +
                      std::to_string(sqlite3_column_int64(q, 2)));
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    return out;
}

// The message with its countdown cut out: "sign-in refused: ID is locked for ... after N wrong
// PINs" (the seconds left may tick between two attempts).
std::string without_seconds(const std::string& message) {
    const auto from = message.find(" is locked for ");
    const auto to = message.find(" more seconds");
    if (from == std::string::npos || to == std::string::npos) return message;
    return message.substr(0, from) + " is locked ..." + message.substr(to);
}

// Probing for ids by who gets locked out: a made-up id and a disabled user are counted and
// locked exactly like a real user's wrong PINs, in the same words; the count is in the store,
// so a restart (a new Store, as a restarted kiosk or the next CLI command opens) forgets
// nothing; and the table holds keyed hashes only, never the ids people typed.
TEST(StaffSecurity, AMadeUpIdIsLockedOutLikeARealOneAndARestartRemembers) {
    test::HomeDir home;
    Station st(home.path());
    const Actor dr{"dr-lee", "", Role::clinician};
    ASSERT_TRUE(st.staff->add_first("dr-lee", "Dr Lee", Role::clinician, "135790"));
    ASSERT_TRUE(st.staff->add(dr, "amy", "Amy", Role::assistant, "246810"));
    ASSERT_TRUE(st.staff->add(dr, "sam", "Sam", Role::assistant, "112233"));
    ASSERT_TRUE(st.staff->disable(dr, "sam"));
    for (int i = 0; i < 5; ++i) {
        auto real = st.staff->sign_in("amy", "999999");
        auto made_up = st.staff->sign_in("nobody.here", "999999");
        auto disabled = st.staff->sign_in("sam", "112233");
        ASSERT_FALSE(real || made_up || disabled);
        EXPECT_EQ(made_up.error().message, real.error().message) << "attempt " << i + 1;
        EXPECT_EQ(disabled.error().message, real.error().message) << "attempt " << i + 1;
    }
    st.reopen();  // a restart
    const auto sixth = [&](const char* id, const char* pin) {
        auto refused = st.staff->sign_in(id, pin);
        EXPECT_FALSE(refused) << id;
        return refused ? std::string() : without_seconds(refused.error().message);
    };
    EXPECT_EQ(sixth("amy", "246810"),
              "sign-in refused: amy is locked ... more seconds after 5 wrong PINs");
    EXPECT_EQ(sixth("nobody.here", "999999"),
              "sign-in refused: nobody.here is locked ... more seconds after 5 wrong PINs");
    EXPECT_EQ(sixth("sam", "112233"),
              "sign-in refused: sam is locked ... more seconds after 5 wrong PINs");
    PinAuth auth(*st.store, nullptr, PinAuthOptions::fast_for_tests());
    const int before = auth.verifications();
    EXPECT_FALSE(auth.sign_in("nobody.here", "999999"));
    EXPECT_EQ(auth.verifications(), before) << "while locked, no argon2id, as for a real user";
    auto count = auth.attempts("nobody.here");
    ASSERT_TRUE(count) << count.error().message;
    EXPECT_EQ(count->failed_attempts, 5);
    EXPECT_GT(count->locked_until, auth.now() + 250);
    EXPECT_NEAR(count->locked_until, (*st.store->find_user("amy"))->locked_until, 2)
        << "the same lockout as the real user's";
    EXPECT_EQ(st.store->user_count().value(), 3) << "a made-up id creates no user";

    // The table: one row per non-user id, a 64-hex-digit keyed hash, no name, not a plain hash.
    const auto rows = attempt_rows(st.db());
    ASSERT_EQ(rows.size(), 2u);
    unsigned char plain[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(plain, reinterpret_cast<const unsigned char*>("nobody.here"), 11);
    char plain_hex[2 * sizeof plain + 1];
    sodium_bin2hex(plain_hex, sizeof plain_hex, plain, sizeof plain);
    for (const std::string& row : rows) {
        EXPECT_EQ(row.find('|'), 64u) << row;
        EXPECT_EQ(row.find("nobody"), std::string::npos) << row;
        EXPECT_EQ(row.find("sam"), std::string::npos) << row;
        EXPECT_EQ(row.find(plain_hex), std::string::npos) << "an unkeyed hash could be guessed";
        EXPECT_NE(row.find("|5|"), std::string::npos) << row;
    }
    EXPECT_EQ(auth.id_key("nobody.here").value().size(), 64u);
    EXPECT_NE(auth.id_key("nobody.here").value(), auth.id_key("nobody.her").value());
}

// The made-up id's lockout escalates like a user's and never resets (no PIN is right).
TEST(StaffSecurity, AMadeUpIdsLockoutEscalates) {
    test::HomeDir home;
    int64_t now = 1'900'000'000;
    auto options = PinAuthOptions::fast_for_tests();
    options.clock = [&now] { return now; };
    Station st(home.path());
    ASSERT_TRUE(st.staff->add_first("dr-lee", "Dr Lee", Role::clinician, "135790"));
    PinAuth auth(*st.store, st.log.get(), options);
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(auth.sign_in("ghost", "000000"));
    EXPECT_EQ(auth.attempts("ghost")->locked_until, now + 300);
    now += 300;
    for (int i = 0; i < 4; ++i) EXPECT_FALSE(auth.sign_in("ghost", "000000"));
    EXPECT_EQ(auth.attempts("ghost")->locked_until, 0);
    EXPECT_FALSE(auth.sign_in("ghost", "000000"));
    EXPECT_EQ(auth.attempts("ghost")->locked_until, now + 600) << "10 minutes, as for a user";
    EXPECT_EQ(auth.attempts("ghost")->failed_attempts, 10);
    int locked = 0;
    const auto rows = st.store->audit_rows();  // kept alive while iterated
    ASSERT_TRUE(rows);
    for (const auto& r : *rows)
        if (r.action == "user.locked" && r.actor == "ghost") ++locked;
    EXPECT_EQ(locked, 2) << "each lockout audited";
}

TEST(StaffSecurity, APepperReadableByOthersIsRefusedAndNeverReplaced) {
    test::HomeDir home;
    const fs::path file = pin_pepper_path(home.path());
    auto first = load_or_create_pin_pepper(file);
    ASSERT_TRUE(first) << first.error().message;
    auto again = load_or_create_pin_pepper(file);
    ASSERT_TRUE(again);
    EXPECT_EQ(*first, *again) << "an existing pepper is read, never replaced";
    ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
    auto loose = load_pin_pepper(file);
    ASSERT_FALSE(loose);
    EXPECT_EQ(loose.error().code, Errc::access_denied);
    ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
    fs::resize_file(file, 5);
    EXPECT_EQ(load_pin_pepper(file).error().code, Errc::corrupt);
}

TEST(StaffSecurity, AMadeUpActorGetsNowhere) {
    test::HomeDir home;
    Station st(home.path());
    const Actor amy = test::enrol(*st.store, "amy", Role::assistant);
    Workflow wf("C-1", st.log.get());
    // amy claims to be a clinician; the store knows better.
    auto forged = wf.complete(Step::attachments, Actor{"amy", "Amy", Role::clinician},
                              {{"decision", "keep-all"}});
    ASSERT_FALSE(forged);
    EXPECT_EQ(forged.error().code, Errc::access_denied);
    EXPECT_NE(forged.error().message.find("assistant in the store"), std::string::npos)
        << forged.error().message;
    auto ghost = wf.complete(Step::attachments, Actor{"ghost", "Ghost", Role::clinician},
                             {{"decision", "keep-all"}});
    EXPECT_EQ(ghost.error().code, Errc::access_denied);
    EXPECT_FALSE(wf.done(Step::attachments));
    const auto d = denials(*st.store);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].actor, "amy");
    EXPECT_EQ(d[0].subject, "workflow.attachments");
    EXPECT_EQ(d[1].actor, "ghost");
    EXPECT_FALSE(st.staff->add(amy, "eve", "Eve", Role::clinician, "246810"));
}

TEST(StaffSecurity, EveryProtectedActionRefusesTheWrongRoleAndAuditsIt) {
    test::HomeDir home;
    Station st(home.path());
    const Actor amy = test::enrol(*st.store, "amy", Role::assistant);
    const Actor ops = test::enrol(*st.store, "ops", Role::admin);
    const Actor dr = test::enrol(*st.store, "dr-lee", Role::clinician);
    Workflow wf("C-1", st.log.get());
    ASSERT_TRUE(wf.complete(Step::attachments, dr, {{"decision", "keep-all"}}));
    ASSERT_TRUE(wf.complete(Step::capture, amy, {}));
    ASSERT_TRUE(wf.complete(Step::submission, amy, {}));
    GateResult failing;
    failing.items.push_back({"scan:bite", "missing", "no bite scan"});
    const std::string reason = "bite registration sent by post";
    size_t expected = 0;
    for (const Actor& who : {amy, ops}) {
        EXPECT_EQ(wf.complete(Step::attachments, who, {{"decision", "keep-all"}}).error().code,
                  Errc::access_denied);
        EXPECT_EQ(wf.complete(Step::prescription, who, {{"decision", "keep-all"}}).error().code,
                  Errc::access_denied);
        EXPECT_EQ(wf.complete(Step::instructions, who, {}).error().code, Errc::access_denied);
        EXPECT_EQ(wf.sign_off(who, failing).error().code, Errc::access_denied);
        EXPECT_EQ(override_gate(failing, who, reason, st.log.get()).error().code,
                  Errc::access_denied);
        expected += 5;
    }
    StationSettings s{"Smile Dental",          "Lab", "aligner-refinement-2026",
                      "https://evil.example/", "",    ""};
    EXPECT_EQ(save_station_settings(*st.store, *st.log, amy, s).error().code, Errc::access_denied);
    EXPECT_EQ(st.staff->add(amy, "eve", "Eve", Role::admin, "246810").error().code,
              Errc::access_denied);
    EXPECT_EQ(st.staff->disable(amy, "dr-lee").error().code, Errc::access_denied);
    EXPECT_EQ(st.staff->reset_pin(amy, "dr-lee", "000000").error().code, Errc::access_denied);
    expected += 4;
    const auto d = denials(*st.store);
    ASSERT_EQ(d.size(), expected);
    for (const auto& row : d) EXPECT_TRUE(row.actor == "amy" || row.actor == "ops") << row.actor;
    EXPECT_EQ(d.back().subject, "user.reset-pin");
    EXPECT_EQ(d[expected - 4].subject, "settings.change");
    EXPECT_EQ((*st.store->station_settings()).endpoint, "") << "nothing changed";
    EXPECT_FALSE(wf.done(Step::prescription));
    EXPECT_TRUE(st.log->verify()->ok);
}

// A trigger makes every audit append fail, as a full disk or a broken database would.
void break_audit(const fs::path& db) {
    sql(db,
        "CREATE TRIGGER audit_down BEFORE INSERT ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit store failing'); END;");
}

TEST(StaffSecurity, AFailedAuditWriteFailsTheAction) {
    test::HomeDir home;
    Station st(home.path());
    ASSERT_TRUE(st.staff->add_first("dr-lee", "Dr Lee", Role::clinician, "135790"));
    const Actor dr = *st.staff->sign_in("dr-lee", "135790");
    ASSERT_TRUE(st.staff->add(dr, "amy", "Amy", Role::assistant, "246810"));
    const Actor amy = *st.staff->sign_in("amy", "246810");
    Workflow wf("C-1", st.log.get());
    ASSERT_TRUE(wf.complete(Step::attachments, dr, {{"decision", "keep-all"}}));
    const size_t entries = st.store->audit_rows()->size();
    break_audit(st.db());

    EXPECT_FALSE(st.staff->sign_in("dr-lee", "135790")) << "no audit entry, no sign-in";
    EXPECT_FALSE(st.staff->sign_in("amy", "000000"));
    EXPECT_FALSE(st.staff->add(dr, "bo", "Bo", Role::assistant, "246810"));
    EXPECT_FALSE(*st.store->find_user("bo"));
    EXPECT_FALSE(st.staff->disable(dr, "amy"));
    EXPECT_TRUE((*st.store->find_user("amy"))->active);
    EXPECT_FALSE(st.staff->reset_pin(dr, "amy", "111111"));
    EXPECT_FALSE(st.staff->change_pin("dr-lee", "135790", "999999"));
    EXPECT_FALSE(wf.complete(Step::capture, amy, {{"photos", 8}}));
    EXPECT_FALSE(wf.done(Step::capture)) << "the step did not happen";
    GateResult failing;
    failing.items.push_back({"scan:bite", "missing", "no bite scan"});
    EXPECT_FALSE(override_gate(failing, dr, "bite registration sent by post", st.log.get()));
    StationSettings s{
        "Smile Dental", "Lab", "aligner-refinement-2026", "https://lab.example/files/", "", ""};
    EXPECT_FALSE(save_station_settings(*st.store, *st.log, dr, s));
    EXPECT_EQ((*st.store->station_settings()).endpoint, "");
    RefinementSubmission sub;
    sub.case_id = "C-1";
    sub.gate.passed = true;
    sub.signed_off_by = "dr-lee";
    EXPECT_FALSE(record_submission(*st.store, *st.log, dr, sub));

    sql(st.db(), "DROP TRIGGER audit_down");
    EXPECT_EQ(st.store->audit_rows()->size(), entries);
    const auto amy_row = *st.store->find_user("amy");
    EXPECT_EQ(amy_row->failed_attempts, 0) << "the unaudited failure was not stored either";
    EXPECT_TRUE(st.staff->sign_in("amy", "246810")) << "the PIN reset did not happen";
    EXPECT_TRUE(st.staff->sign_in("dr-lee", "135790")) << "the PIN change did not happen";
    EXPECT_TRUE(st.log->verify()->ok);
}

TEST(StaffSecurity, SettingsChangesAreValidatedAndTheEndpointChangeNamesBoth) {
    test::HomeDir home;
    Station st(home.path());
    const Actor ops = test::enrol(*st.store, "ops", Role::admin);
    StationSettings s{"Smile Dental",
                      "Demo Aligner Lab",
                      "aligner-refinement-2026",
                      "https://lab.example/files/",
                      "",
                      ""};
    ASSERT_TRUE(save_station_settings(*st.store, *st.log, ops, s));
    s.endpoint = "https://other.example/files/";
    ASSERT_TRUE(save_station_settings(*st.store, *st.log, ops, s));
    auto saved = st.store->station_settings();
    EXPECT_EQ(saved->endpoint, "https://other.example/files/");
    EXPECT_EQ(saved->updated_by, "ops");
    const auto rows = *st.store->audit_rows();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].action, "settings.endpoint");
    EXPECT_EQ(rows[1].actor, "ops");
    EXPECT_NE(rows[1].detail.find("https://lab.example/files/"), std::string::npos);
    EXPECT_NE(rows[1].detail.find("https://other.example/files/"), std::string::npos);
    for (auto bad : {StationSettings{"x", "y", "../../etc", "", "", ""},
                     StationSettings{"x", "y", "pack", "ftp://lab.example/", "", ""},
                     StationSettings{"a\nb", "y", "pack", "", "", ""}}) {
        EXPECT_EQ(save_station_settings(*st.store, *st.log, ops, bad).error().code,
                  Errc::invalid_argument);
    }
    EXPECT_EQ(st.store->audit_rows()->size(), 2u);
}

TEST(StaffSecurity, AnOldDatabaseIsMigratedAndItsHashesUpgradedOnSignIn) {
    test::HomeDir home;
    const fs::path db = home.path() / "station.db";
    { ASSERT_TRUE(Store::open(db)); }
    // The users table of schema 3, with a hash of the bare PIN as earlier builds wrote it.
    ASSERT_EQ(sodium_init() < 0, false);
    char hash[crypto_pwhash_STRBYTES];
    ASSERT_EQ(crypto_pwhash_str_alg(hash, "2222", 4, crypto_pwhash_OPSLIMIT_MIN,
                                    crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
              0);
    const std::string setup =
        "DROP TABLE users; DROP TABLE station_settings; DROP TABLE submission_events; "
        "DROP TABLE sign_in_attempts; "
        "DROP INDEX patients_by_chart; ALTER TABLE workflows DROP COLUMN version; "
        "CREATE TABLE users (user_id TEXT PRIMARY KEY, display_name TEXT NOT NULL, "
        "role TEXT NOT NULL CHECK (role IN ('assistant', 'clinician')), pin_hash TEXT NOT NULL, "
        "failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0); "
        "INSERT INTO users VALUES ('clinician', 'Dr. Demo', 'clinician', '" +
        std::string(hash) + "', 0, 0); PRAGMA user_version = 3;";
    sql(db, setup.c_str());
    Station st(home.path());
    EXPECT_EQ(st.store->schema_version(), kSchemaVersion);
    auto row = *st.store->find_user("clinician");
    ASSERT_TRUE(row);
    EXPECT_EQ(row->pin_scheme, "argon2id");
    EXPECT_TRUE(row->demo) << "the kiosk's old automatic users were the demo's";
    auto in = st.staff->sign_in("clinician", "2222");
    ASSERT_TRUE(in) << in.error().message;
    EXPECT_EQ((*st.store->find_user("clinician"))->pin_scheme, "argon2id-hmac");
    EXPECT_TRUE(st.staff->sign_in("clinician", "2222")) << "the upgraded hash verifies";
    EXPECT_TRUE(test::enrol(*st.store, "ops", Role::admin).user_id == "ops")
        << "the admin role exists after the migration";
}

}  // namespace
}  // namespace intake::record
