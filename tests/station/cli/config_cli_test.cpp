// `intake outbox run` takes what its flags leave open from station.conf: the system file, then
// the user's $XDG_CONFIG_HOME file, then the flags.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/cli_runner.h"

namespace {

namespace fs = std::filesystem;
using intake::test::shell_quote;

class ConfigCli : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("intake-config-cli-" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "xdg" / "intake-station");
    }
    void TearDown() override { fs::remove_all(dir_); }
    intake::test::CliRun run(const std::string& args) {
        return intake::test::run_intake(
            args, dir_,
            {.home = dir_ / "home",
             .environment = "INTAKE_SYSTEM_CONFIG=" + shell_quote(dir_ / "system.conf") +
                            " XDG_CONFIG_HOME=" + shell_quote(dir_ / "xdg")});
    }
    void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }
    fs::path dir_;
};

TEST_F(ConfigCli, OutboxRunTakesTheEndpointFromTheUsersFileOverTheSystemFile) {
    auto none = run("outbox run --once");
    EXPECT_EQ(none.code, 2) << none.err;
    EXPECT_NE(none.err.find("station.conf"), std::string::npos) << none.err;

    write(dir_ / "system.conf", "lab_endpoint = https://127.0.0.1:1/files/\n");
    write(dir_ / "xdg" / "intake-station" / "station.conf",
          "lab_endpoint = http://lab.example.com/files/\n");
    auto user_wins = run("outbox run --once");
    EXPECT_EQ(user_wins.code, 2) << user_wins.err;
    EXPECT_NE(user_wins.err.find("loopback"), std::string::npos) << user_wins.err;

    auto flag_wins = run("outbox run --once --endpoint http://127.0.0.1:9/files/");
    EXPECT_EQ(flag_wins.code, 0) << flag_wins.err << flag_wins.out;  // an empty outbox
}

TEST_F(ConfigCli, AMalformedFileIsBadInputNamingItsLine) {
    write(dir_ / "system.conf", "practice = Example\nlab-endpoint https://x/\n");
    auto bad = run("outbox run --once");
    EXPECT_EQ(bad.code, 3) << bad.err;
    EXPECT_NE(bad.err.find((dir_ / "system.conf").string() + ":2"), std::string::npos) << bad.err;
}

}  // namespace

namespace {

TEST_F(ConfigCli, ErrorsCarryTheJournalPriorityOnlyWhenStderrIsTheJournal) {
    // The runner sends stderr to this file (truncated, same inode): make it "the journal".
    const fs::path err = dir_ / "intake-stderr.txt";
    write(err, "");
    struct stat st {};
    ASSERT_EQ(::stat(err.c_str(), &st), 0);
    const std::string stream = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    auto journal = intake::test::run_intake("mesh info /nonexistent/scan.ply", dir_,
                                            {.environment = "JOURNAL_STREAM=" + stream});
    EXPECT_NE(journal.code, 0) << journal.err;
    EXPECT_EQ(journal.err.rfind("<3>intake: ", 0), 0u) << journal.err;
    auto terminal = intake::test::run_intake("mesh info /nonexistent/scan.ply", dir_);
    EXPECT_EQ(terminal.err.rfind("intake: ", 0), 0u) << terminal.err;
}

}  // namespace
