// A stored case's package through `intake outbox run` to the real tus server (tests/servers,
// 127.0.0.1, an ephemeral port): the upload carries the case id and the lab's case number in
// its tus metadata, and the case's history records the upload with the lab's receipt.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/station/package/test_support.h"
#include "tests/station/record/case_cli_support.h"

namespace intake::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using CaseUpload = CaseHome;

std::string build_args(const std::string& case_file) {
    const fs::path data = INTAKE_TESTDATA_DIR, src = INTAKE_SOURCE_DIR;
    return "package build --case " + case_file + " --rx " +
           shell_quote(src / "station/rules/demo/rx.json") + " --scan " +
           shell_quote("upper=" + (data / "scans/Ref_Upper_Mesh_Tag=0.obj").string()) +
           " --created-at 2026-12-01T10:00:00Z --override-reason 'testdata series' --by dr-test";
}

// The metadata of every upload the file store holds.
std::vector<json> stored_metadata(const fs::path& dir) {
    std::vector<json> out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        auto j = json::parse(in, nullptr, false);
        if (!j.is_discarded() && j.contains("metadata")) out.push_back(j["metadata"]);
    }
    return out;
}

TEST_F(CaseUpload, TheUploadNamesTheLabsCaseAndTheHistoryKeepsTheReceipt) {
    ASSERT_TRUE(package::test::tus_server_available())
        << "node or the tus server's npm modules are missing: run scripts/setup.sh";
    const fs::path inbox = dir_ / "inbox";
    package::test::NodeProcess server;
    ASSERT_TRUE(server.start("tus-inbox.mjs", {"--dir", inbox.string()}));

    add_clinician();
    add_patient("Jane Doe", "CH-1");
    json file = json::parse(case_json("C-1", "LAB-000777"));
    file["patient_chart_id"] = "CH-1";
    const std::string case_file = write("case.json", file.dump());
    ASSERT_EQ(run("case add " + case_file + " --patient 1").code, 0);
    const fs::path pkg = dir_ / "p.zip";
    CliRun built = run(build_args(case_file) + " -o " + shell_quote(pkg), clinician_pin());
    ASSERT_EQ(built.code, 0) << built.err;
    ASSERT_EQ(run("outbox add " + shell_quote(pkg)).code, 0);

    // `outbox run` until SIGTERM: one pass uploads the small package, then the run ends
    // cleanly on the signal and records the outcome.
    const std::string endpoint = "http://127.0.0.1:" + std::to_string(server.port()) + "/files/";
    const std::string command =
        "timeout -s TERM 8 " + shell_quote(std::string(INTAKE_BINARY_DIR "/station/cli/intake")) +
        " --home " + shell_quote(dir_) + " outbox run --endpoint " + shell_quote(endpoint) +
        " > /dev/null 2> " + shell_quote(dir_ / "run.err");
    (void)std::system(command.c_str());
    server.stop();

    const auto metadata = stored_metadata(inbox);
    ASSERT_EQ(metadata.size(), 1u);
    EXPECT_EQ(metadata[0].value("lab_case_id", ""), "LAB-000777");
    EXPECT_EQ(metadata[0].value("case_id", ""), "C-1");
    EXPECT_EQ(metadata[0].value("package_id", ""), json::parse(built.out)["package_id"]);

    const json history = json::parse(run("case show C-1 --json").out)["history"];
    ASSERT_EQ(history.size(), 3u) << history.dump(2);
    EXPECT_EQ(history[1]["event"], "queued");
    EXPECT_EQ(history[2]["event"], "uploaded");
    EXPECT_EQ(history[2]["detail"]["protocol"], "tus/1.0.0");
    EXPECT_EQ(history[2]["detail"]["package_id"], json::parse(built.out)["package_id"]);
}

}  // namespace
}  // namespace intake::test
