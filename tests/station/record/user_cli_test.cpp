// `intake user ...` end to end through the real binary: the first-user rules, --by with the PIN
// on stdin, list keys, PIN changes, disabling, and bad input with its exit code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/cli_runner.h"

namespace {

namespace fs = std::filesystem;
using intake::test::CliRun;

class UserCli : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("intake-user-cli-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    CliRun run(const std::string& args, const std::string& stdin_text = "") {
        return intake::test::run_intake(args, dir_, {.home = dir_, .stdin_text = stdin_text});
    }
    // The station's first user, then an assistant added by them.
    void staff_up() {
        CliRun first =
            run("user add dr-lee --name 'Dr Lee' --role clinician --pin-stdin", "135790\n");
        ASSERT_EQ(first.code, 0) << first.err;
        CliRun amy = run("user add amy --name Amy --role assistant --pin-stdin --by dr-lee",
                         "246810\n135790\n");
        ASSERT_EQ(amy.code, 0) << amy.err;
    }
    nlohmann::json audit() { return nlohmann::json::parse(run("audit list").out); }
    fs::path dir_;
};

TEST_F(UserCli, FirstUserIsAClinicianOrAdminAndLaterOnesNeedBy) {
    CliRun assistant = run("user add amy --name Amy --role assistant --pin-stdin", "246810\n");
    EXPECT_EQ(assistant.code, 2);
    EXPECT_NE(assistant.err.find("first user must be a clinician or an admin"), std::string::npos)
        << assistant.err;
    CliRun first = run("user add ops --name 'Front Office' --role admin --pin-stdin", "135790\n");
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_NE(first.out.find("added ops (admin)"), std::string::npos);
    CliRun no_by = run("user add amy --name Amy --role assistant --pin-stdin", "246810\n");
    EXPECT_EQ(no_by.code, 2);
    EXPECT_NE(no_by.err.find("--by"), std::string::npos) << no_by.err;
    CliRun wrong_pin =
        run("user add amy --name Amy --role assistant --pin-stdin --by ops", "246810\n000000\n");
    EXPECT_EQ(wrong_pin.code, 4);
    EXPECT_NE(wrong_pin.err.find("--by ops"), std::string::npos) << wrong_pin.err;
    CliRun one_line =
        run("user add amy --name Amy --role assistant --pin-stdin --by ops", "246810\n");
    EXPECT_EQ(one_line.code, 2) << "the --by PIN line is missing";
    CliRun added =
        run("user add amy --name Amy --role assistant --pin-stdin --by ops", "246810\n135790\n");
    ASSERT_EQ(added.code, 0) << added.err;
    // The audit names the person who added her, never a program.
    bool found = false;
    for (const auto& e : audit()) {
        EXPECT_NE(e["actor"], "intake-cli");
        if (e["action"] == "user.add" && e["subject"] == "user amy") found = e["actor"] == "ops";
    }
    EXPECT_TRUE(found);
}

TEST_F(UserCli, ListJsonKeysAndNeverAHash) {
    staff_up();
    CliRun list = run("user list --json");
    ASSERT_EQ(list.code, 0) << list.err;
    EXPECT_EQ(list.out.find("argon2"), std::string::npos);
    const auto j = nlohmann::json::parse(list.out);
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j[0]["id"], "amy");
    EXPECT_EQ(j[0]["name"], "Amy");
    EXPECT_EQ(j[0]["role"], "assistant");
    EXPECT_EQ(j[0]["active"], true);
    EXPECT_TRUE(j[0]["locked_until"].is_null());
    EXPECT_EQ(j[0].size(), 5u) << j[0].dump();
    for (int i = 0; i < 5; ++i) run("user sign-in amy --pin-stdin", "000000\n");
    const auto locked = nlohmann::json::parse(run("user list --json").out);
    EXPECT_TRUE(locked[0]["locked_until"].is_string()) << locked.dump();
    CliRun text = run("user list");
    EXPECT_NE(text.out.find("dr-lee  Dr Lee  clinician  active"), std::string::npos) << text.out;
}

TEST_F(UserCli, PasswdTakesTheOldThenTheNewPin) {
    staff_up();
    EXPECT_EQ(run("user passwd amy --pin-stdin", "000000\n975310\n").code, 4);
    EXPECT_EQ(run("user passwd amy --pin-stdin", "246810\n975\n").code, 2);
    EXPECT_EQ(run("user passwd amy --pin-stdin", "246810\n").code, 2) << "the new PIN is missing";
    EXPECT_EQ(run("user passwd amy", "246810\n975310\n").code, 2) << "--pin-stdin is required";
    CliRun changed = run("user passwd amy --pin-stdin", "246810\n975310\n");
    ASSERT_EQ(changed.code, 0) << changed.err;
    EXPECT_EQ(run("user sign-in amy --pin-stdin", "246810\n").code, 1);
    EXPECT_EQ(run("user sign-in amy --pin-stdin", "975310\n").code, 0);
}

TEST_F(UserCli, DisableTakesTheByPinAndStopsSignIn) {
    staff_up();
    EXPECT_EQ(run("user disable amy").code, 2) << "--by is required";
    EXPECT_EQ(run("user disable amy --by dr-lee").code, 2) << "no PIN on stdin";
    EXPECT_EQ(run("user disable nobody --by dr-lee", "135790\n").code, 4);
    CliRun by_assistant = run("user disable dr-lee --by amy", "246810\n");
    EXPECT_EQ(by_assistant.code, 4);
    EXPECT_NE(by_assistant.err.find("user.disable takes a clinician or an admin"),
              std::string::npos)
        << by_assistant.err;
    CliRun disabled = run("user disable amy --by dr-lee", "135790\n");
    ASSERT_EQ(disabled.code, 0) << disabled.err;
    EXPECT_EQ(run("user sign-in amy --pin-stdin", "246810\n").code, 1);
    EXPECT_EQ(nlohmann::json::parse(run("user list --json").out)[0]["active"], false);
    EXPECT_EQ(run("user disable dr-lee --by dr-lee", "135790\n").code, 4)
        << "the last clinician or admin stays";
    ASSERT_EQ(run("user enable amy --by dr-lee", "135790\n").code, 0);
    ASSERT_EQ(run("user reset-pin amy --by dr-lee --pin-stdin", "112233\n135790\n").code, 0);
    EXPECT_EQ(run("user sign-in amy --pin-stdin", "112233\n").code, 0);
}

TEST_F(UserCli, BadInputIsAUsageErrorAndStoresNothing) {
    EXPECT_EQ(run("user add 'dr lee' --name X --role clinician --pin-stdin", "135790\n").code, 2);
    EXPECT_EQ(run("user add dr --name X --role dentist --pin-stdin", "135790\n").code, 2);
    EXPECT_EQ(run("user add dr --name X --role clinician --pin-stdin", "12ab56\n").code, 2);
    EXPECT_EQ(run("user add dr --name X --role clinician --pin-stdin", "").code, 2);
    EXPECT_EQ(run("user add dr --name X --role clinician", "135790\n").code, 2);
    EXPECT_EQ(run("user add dr --role clinician --pin-stdin", "135790\n").code, 2) << "--name";
    EXPECT_EQ(nlohmann::json::parse(run("user list --json").out).size(), 0u);
}

TEST_F(UserCli, SeedDemoIsAuditedAsTheLocalAccount) {
    ASSERT_EQ(run("case seed-demo").code, 0);
    const auto log = audit();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0]["actor"].get<std::string>().rfind("unix:", 0), 0u) << log.dump();
    EXPECT_EQ(run("user sign-in clinician --pin-stdin", "2222\n").code, 0);
}

}  // namespace
