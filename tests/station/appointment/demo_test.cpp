// `intake --home H demo --out D`: the station (keys, database, outbox) lives in H, the run's
// captures, package and local inbox in D; the bundled data comes from the data dir only.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/station/package/test_support.h"
#include "tests/support/cli_runner.h"

namespace intake::appointment {
namespace {

namespace fs = std::filesystem;
using ::intake::test::CliRun;
using ::intake::test::shell_quote;
using package::test::TempDir;

CliRun intake(const fs::path& scratch, const std::string& args, const std::string& env = {}) {
    return ::intake::test::run_intake(args, scratch, {.environment = env});
}

nlohmann::json outbox_jobs(const fs::path& scratch, const fs::path& home) {
    CliRun status = intake(scratch, "--home " + shell_quote(home) + " outbox status --json");
    EXPECT_EQ(status.code, 0) << status.err;
    return nlohmann::json::parse(status.out, nullptr, false)["jobs"];
}

TEST(Demo, KeepsTheStationInHomeWithARelativeOut) {
    ASSERT_TRUE(package::test::tus_server_available())
        << "node or the tus server's npm modules are missing: run scripts/setup.sh";
    TempDir d;
    const fs::path home = d.path() / "station-home";
    // A relative --out: the local inbox (node runs in its own folder) must still store there.
    // umask 0: the station's modes must not depend on a careful login shell. Debug logging:
    // the chattiest level must not name the patient either.
    CliRun demo = intake(d.path(), "--home " + shell_quote(home) + " demo --out run",
                         "umask 0 && cd " + shell_quote(d.path()) + " && INTAKE_LOG_LEVEL=debug");
    ASSERT_EQ(demo.code, 0) << demo.err << demo.out;
    EXPECT_NE(demo.out.find("byte-identical"), std::string::npos) << demo.out;
    EXPECT_TRUE(fs::exists(home / "keys" / "station.ed25519"));
    EXPECT_EQ(fs::status(home).permissions() & fs::perms::all, fs::perms::owner_all);
    // `find <home> -perm /077` prints nothing: keys, database, outbox, every folder.
    const auto group_or_others = fs::perms::group_all | fs::perms::others_all;
    int entries = 0;
    for (const auto& entry : fs::recursive_directory_iterator(home)) {
        ++entries;
        EXPECT_EQ(entry.symlink_status().permissions() & group_or_others, fs::perms::none)
            << entry.path() << " is open to group or others";
    }
    EXPECT_GT(entries, 3);
    // The run's folder too: the captures and what the local lab inbox received (node's own
    // defaults would leave them 0755/0644).
    int run_entries = 0;
    for (const auto& entry : fs::recursive_directory_iterator(d.path() / "run")) {
        ++run_entries;
        EXPECT_EQ(entry.symlink_status().permissions() & group_or_others, fs::perms::none)
            << entry.path() << " is open to group or others";
    }
    EXPECT_GT(run_entries, 5);
    EXPECT_TRUE(fs::exists(d.path() / "run" / "DEMO-1-refinement.zip"));
    EXPECT_FALSE(fs::exists(d.path() / "run" / "station")) << "a station of its own in --out";
    // The run's log names the case by its id, never the patient's name, date of birth or chart
    // id (station/record/demo_data.cpp), at the debug level too.
    for (const char* personal : {"Alex Demo", "1990-04-12", "DEMO-0001"}) {
        EXPECT_EQ(demo.out.find(personal), std::string::npos) << personal << " in stdout";
        EXPECT_EQ(demo.err.find(personal), std::string::npos) << personal << " in stderr";
    }
    auto jobs = outbox_jobs(d.path(), home);
    ASSERT_EQ(jobs.size(), 1u) << jobs.dump();
    EXPECT_EQ(jobs[0]["state"], "uploaded");
}

// What the demo patient is in the store (station/record/demo_data.cpp): none of it may reach a
// log line, however chatty.
constexpr const char* kDemoPatientData[] = {"Alex Demo", "1990-04-12", "DEMO-0001"};

void expect_no_patient_data(const CliRun& run, const std::string& what) {
    for (const char* personal : kDemoPatientData) {
        EXPECT_EQ(run.out.find(personal), std::string::npos) << personal << " in " << what << ":\n"
                                                             << run.out;
        EXPECT_EQ(run.err.find(personal), std::string::npos) << personal << " in " << what << ":\n"
                                                             << run.err;
    }
}

// The station knows the demo patient (name, birth date, chart id in its store, as a clinic's
// would): the demo's upload, a failed upload and the upload service's run, all at the debug
// level, name the case by its id only.
TEST(Demo, DebugLogsNeverNameTheStoredPatient) {
    ASSERT_TRUE(package::test::tus_server_available())
        << "node or the tus server's npm modules are missing: run scripts/setup.sh";
    TempDir d;
    const std::string home = "--home " + shell_quote(d.path() / "station-home");
    const std::string debug = "INTAKE_LOG_LEVEL=debug";
    ASSERT_EQ(intake(d.path(), home + " case seed-demo").code, 0);
    CliRun shown = intake(d.path(), home + " case show DEMO-1 --json");
    auto patient = nlohmann::json::parse(shown.out, nullptr, false)["patient"];
    ASSERT_EQ(patient["name"], "Alex Demo") << shown.out << shown.err;  // the data is there
    ASSERT_EQ(patient["born"], "1990-04-12");
    ASSERT_EQ(patient["chart_id"], "DEMO-0001");

    CliRun sent = intake(d.path(), home + " demo --out " + shell_quote(d.path() / "run"), debug);
    ASSERT_EQ(sent.code, 0) << sent.err << sent.out;
    expect_no_patient_data(sent, "the demo's upload");
    // A lab that refuses us (401: it wants a token we do not send) logs the failure at once.
    package::test::NodeProcess lab;
    ASSERT_TRUE(
        lab.start("tus-inbox.mjs", {"--dir", (d.path() / "lab").string(), "--token", "not-sent"}));
    const std::string refusing =
        " --endpoint http://127.0.0.1:" + std::to_string(lab.port()) + "/files/";
    CliRun unsent =
        intake(d.path(), home + " demo --out " + shell_quote(d.path() / "run2") + refusing, debug);
    EXPECT_EQ(unsent.code, 4) << unsent.err << unsent.out;
    EXPECT_NE(unsent.err.find("401"), std::string::npos) << unsent.err;
    expect_no_patient_data(unsent, "the demo's refused upload");
    CliRun service = intake(d.path(), home + " outbox run --once" + refusing, debug);
    EXPECT_EQ(service.code, 4) << service.err << service.out;
    EXPECT_EQ(nlohmann::json::parse(service.out, nullptr, false)["pending"], 1) << service.out;
    expect_no_patient_data(service, "outbox run");
}

TEST(Demo, RefusesWhenTheStationsOutboxHoldsAnUnsentJob) {
    ASSERT_TRUE(package::test::tus_server_available())
        << "node or the tus server's npm modules are missing: run scripts/setup.sh";
    TempDir d;
    const fs::path home = d.path() / "station-home", out = d.path() / "run";
    // A lab nobody answers on: the demo's job stays queued in the station's outbox.
    CliRun unsent =
        intake(d.path(), "--home " + shell_quote(home) + " demo --out " + shell_quote(out) +
                             " --endpoint http://127.0.0.1:9/files/");
    EXPECT_EQ(unsent.code, 4) << unsent.err << unsent.out;
    auto jobs = outbox_jobs(d.path(), home);
    ASSERT_EQ(jobs.size(), 1u) << jobs.dump();
    ASSERT_NE(jobs[0]["state"], "uploaded");

    // A real submission waiting in the outbox must never go to the demo's own inbox.
    CliRun again =
        intake(d.path(), "--home " + shell_quote(home) + " demo --out " + shell_quote(out));
    EXPECT_EQ(again.code, 4) << again.out;
    EXPECT_NE(again.err.find("1 unsent job"), std::string::npos) << again.err;
    EXPECT_NE(again.err.find(home.string()), std::string::npos) << again.err;
    jobs = outbox_jobs(d.path(), home);
    ASSERT_EQ(jobs.size(), 1u) << jobs.dump();
    EXPECT_NE(jobs[0]["state"], "uploaded");
    EXPECT_FALSE(fs::exists(out / "lab-inbox")) << "the local inbox started anyway";
}

TEST(Demo, WithoutTheDataDirItNamesTheMissingFileAndTheOverride) {
    TempDir d;
    CliRun demo = intake(
        d.path(),
        "--home " + shell_quote(d.path() / "h") + " demo --out " + shell_quote(d.path() / "run"),
        "INTAKE_DATA_DIR=" + shell_quote(d.path() / "no-data"));
    EXPECT_EQ(demo.code, 4) << demo.out;
    EXPECT_NE(demo.err.find((d.path() / "no-data").string()), std::string::npos) << demo.err;
    EXPECT_NE(demo.err.find("INTAKE_DATA_DIR"), std::string::npos) << demo.err;
    EXPECT_FALSE(fs::exists(d.path() / "h" / "outbox")) << "nothing queued without inputs";
}

}  // namespace
}  // namespace intake::appointment
