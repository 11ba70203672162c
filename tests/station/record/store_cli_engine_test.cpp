// `intake --database URL` and station.conf's `database =` choose the engine; the audit commands
// run the same on both. A password in the URL never reaches the output.
#include <gtest/gtest.h>

#include <fstream>

#include "station/record/audit_log.h"
#include "tests/station/record/engine_fixture.h"
#include "tests/support/cli_runner.h"

namespace intake::record::test {
namespace {

using intake::test::run_intake;
using intake::test::shell_quote;

using StoreCliOnEngine = EngineTest;

TEST_P(StoreCliOnEngine, AuditCommandsReadTheChosenDatabase) {
    {
        Store store = open();
        AuditLog log(store);
        for (int i = 0; i < 3; ++i)
            ASSERT_TRUE(log.append({"dr-lee", "clinician", "x", "case C-1", "", "", ""}));
    }
    auto verify = run_intake("--database " + shell_quote(location_) + " audit verify --json", dir_);
    EXPECT_EQ(verify.code, 0) << verify.err;
    EXPECT_NE(verify.out.find("\"entries\": 3"), std::string::npos) << verify.out;
    auto head = run_intake("--database " + shell_quote(location_) + " audit head", dir_);
    EXPECT_EQ(head.code, 0) << head.err;
    EXPECT_EQ(head.out.rfind("3:", 0), 0u) << head.out;

    // The same through station.conf (the system file tests may name).
    const auto conf = dir_ / "station.conf";
    std::ofstream(conf) << "database = " << location_ << "\n";
    intake::test::CliOptions opts;
    opts.environment = "INTAKE_SYSTEM_CONFIG=" + shell_quote(conf) +
                       " XDG_CONFIG_HOME=" + shell_quote(dir_ / "no-user-config");
    auto configured = run_intake("audit verify", dir_, opts);
    EXPECT_EQ(configured.code, 0) << configured.err;
    EXPECT_NE(configured.out.find("intact: 3 entries"), std::string::npos) << configured.out;
}

// Staff and patients through the binary: on PostgreSQL the PIN pepper lives in the station's
// home (there is no station.db folder), on SQLite beside station.db.
TEST_P(StoreCliOnEngine, UsersAndPatientsThroughTheCli) {
    const auto home = dir_ / "home";
    const std::string db = "--database " + shell_quote(location_) + " ";
    intake::test::CliOptions opts{.home = home, .stdin_text = "135790\n"};
    auto add =
        run_intake(db + "user add dr-lee --name 'Dr Lee' --role clinician --pin-stdin", dir_, opts);
    ASSERT_EQ(add.code, 0) << add.err;
    EXPECT_TRUE(std::filesystem::exists(postgres() ? home / "keys" / "pin-pepper"
                                                   : dir_ / "keys" / "pin-pepper"));
    auto sign_in = run_intake(db + "user sign-in dr-lee --pin-stdin", dir_, opts);
    EXPECT_EQ(sign_in.code, 0) << sign_in.err;
    opts.stdin_text = "000000\n";
    EXPECT_NE(run_intake(db + "user sign-in dr-lee --pin-stdin", dir_, opts).code, 0);

    auto patient =
        run_intake(db + "patient add --name 'Jane Doe' --born 1990-04-12 --chart CH-1", dir_, opts);
    ASSERT_EQ(patient.code, 0) << patient.err;
    auto dup =
        run_intake(db + "patient add --name 'Other' --born 1970-01-01 --chart CH-1", dir_, opts);
    EXPECT_NE(dup.code, 0);
    Store store = open();
    auto jane = store.find_patient_by_chart("CH-1");
    ASSERT_TRUE(jane && *jane);
    EXPECT_EQ((*jane)->name, "Jane Doe");
    EXPECT_EQ(store.patients()->size(), 1u);
    EXPECT_EQ((*store.find_user("dr-lee"))->failed_attempts, 1);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, StoreCliOnEngine,
                         ::testing::Values(Engine::sqlite, Engine::postgresql), engine_name);

TEST(StoreCli, AnUnreachableServerIsAnErrorWithoutThePassword) {
    const auto scratch = std::filesystem::temp_directory_path();
    auto run = run_intake(
        "--database 'postgresql://intake:hunter2@/practice?host=/nonexistent-dir' audit verify",
        scratch);
    EXPECT_NE(run.code, 0);
    EXPECT_NE(run.err.find("postgresql:///practice: cannot connect"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("hunter2"), std::string::npos) << run.err;
    EXPECT_EQ(run.out.find("hunter2"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace intake::record::test
