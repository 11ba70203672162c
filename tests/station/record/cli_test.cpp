// The real `intake` binary: exit codes, JSON keys and stderr messages for case, rx, audit, user.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/atomic_file.h"
#include "base/file_io.h"
#include "tests/support/cli_runner.h"

namespace {

namespace fs = std::filesystem;
using intake::test::CliRun;

class Cli : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("intake-record-cli-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    CliRun run(const std::string& args, const std::string& stdin_text = "") {
        return intake::test::run_intake(
            args, dir_,
            {.home = dir_,
             .stdin_text = stdin_text,
             .environment =
                 "INTAKE_RULES_DIR=" + intake::test::shell_quote(std::string(INTAKE_RULES_DIR))});
    }

    std::string write(const std::string& name, const std::string& text) {
        EXPECT_TRUE(intake::write_file_atomic(dir_ / name, text));
        return (dir_ / name).string();
    }

    fs::path dir_;
};

const char* kCase = R"({"case_id": "C-1", "rules": "clearcorrect-2016", "type": "standard",
  "submitted_on": "2023-01-05", "wear_days_per_step": 14, "retainer_requested_on": null,
  "reopened_on": null,
  "phases": [{"number": 1, "kind": "starter", "steps": 2, "status": "delivered", "shipped_on": "2023-01-16", "arrived_on": "2023-01-20"},
             {"number": 2, "kind": "treatment", "steps": 10, "status": "delivered", "shipped_on": "2023-03-01", "arrived_on": "2023-03-05"}]})";

TEST_F(Cli, CaseStatusJsonKeysAndDates) {
    const auto file = write("case.json", kCase);
    CliRun r = run("case status '" + file + "' --on 2023-06-01 --json");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["state"], "open");
    EXPECT_EQ(j["close_date"], "2023-10-21");
    EXPECT_TRUE(j["close_date_projected"].is_null());
    EXPECT_EQ(j["close_reason"], "final-phase-worn");
    EXPECT_EQ(j["days_left"], 142);
    EXPECT_EQ(j["can_submit_refinement"], true);
    EXPECT_EQ(j["needs_reopen"], false);
    EXPECT_EQ(j["may_be_closed_by_lab"], false);
    EXPECT_TRUE(j["warnings"].is_array());
    CliRun closed = run("case status '" + file + "' --on 2023-10-21 --json");
    ASSERT_EQ(closed.code, 0);
    EXPECT_EQ(nlohmann::json::parse(closed.out)["state"], "closed");
    CliRun text = run("case status '" + file + "' --on 2023-06-01");
    EXPECT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("open"), std::string::npos);
}

TEST_F(Cli, CaseStatusBadInputExitsThreeNamingTheField) {
    std::string bad = kCase;
    bad.replace(bad.find("2023-03-05"), 10, "2023-02-30");
    CliRun r = run("case status '" + write("case.json", bad) + "' --json");
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("case.json: phases[1].arrived_on: 2023-02-30 is not a date"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(r.out.empty());
    CliRun on = run("case status '" + write("ok.json", kCase) + "' --on 2023-02-29");
    EXPECT_EQ(on.code, 3);
    EXPECT_NE(on.err.find("--on: 2023-02-29 is not a date"), std::string::npos) << on.err;
    std::string pack = kCase;
    pack.replace(pack.find("clearcorrect-2016"), 17, "mystery-pack");
    CliRun unknown = run("case status '" + write("pack.json", pack) + "'");
    EXPECT_EQ(unknown.code, 3);
    EXPECT_NE(unknown.err.find("unknown rule pack 'mystery-pack'"), std::string::npos)
        << unknown.err;
    CliRun malformed = run("case status '" + write("m.json", "{\"case_id\":") + "'");
    EXPECT_EQ(malformed.code, 3);
    CliRun unknown_field =
        run("case status '" + write("u.json", std::string(kCase).replace(1, 0, "\"x\":1,")) + "'");
    EXPECT_EQ(unknown_field.code, 3);
    EXPECT_NE(unknown_field.err.find("x: unknown field"), std::string::npos) << unknown_field.err;
}

TEST_F(Cli, RxCheckAndRender) {
    CliRun ok = run("rx check '" INTAKE_RULES_DIR "/demo/rx.json' --json");
    ASSERT_EQ(ok.code, 0) << ok.err;
    const auto j = nlohmann::json::parse(ok.out);
    EXPECT_EQ(j["valid"], true);
    EXPECT_TRUE(j["errors"].empty());
    EXPECT_TRUE(j["warnings"].is_array());
    EXPECT_EQ(j["instructions"][0]["teeth_fdi"], nlohmann::json::array({43, 42, 41, 31, 32, 33}));
    EXPECT_EQ(j["instructions"][1]["teeth_fdi"], nlohmann::json::array({24}));
    CliRun render = run("rx render '" INTAKE_RULES_DIR "/demo/rx.json'");
    ASSERT_EQ(render.code, 0);
    EXPECT_NE(render.out.find("Keep all existing attachments"), std::string::npos);
    EXPECT_NE(render.out.find("Please extrude the 24 another 0.5 mm into better occlusion."),
              std::string::npos)
        << render.out;
    const auto bad =
        write("bad.json",
              R"({"instructions":[{"teeth":"19","movement":"extrude","amount":0.5,"unit":"mm"},
        {"teeth":"19","movement":"intrude","amount":0.5,"unit":"mm"}]})");
    CliRun invalid = run("rx check '" + bad + "' --json");
    EXPECT_EQ(invalid.code, 1);
    EXPECT_EQ(nlohmann::json::parse(invalid.out)["valid"], false);
    EXPECT_EQ(run("rx render '" + bad + "'").code, 1);
    CliRun unknown = run("rx check '" + write("u.json", R"({"instructions":[],"colour":1})") + "'");
    EXPECT_EQ(unknown.code, 3);
    EXPECT_NE(unknown.err.find("colour: unknown field"), std::string::npos);
}

TEST_F(Cli, AuditVerifyNamesTheFirstBrokenLink) {
    ASSERT_EQ(run("user add amy --name Amy --role clinician --pin-stdin", "123456\n").code, 0);
    ASSERT_EQ(run("user sign-in amy --pin-stdin", "123456\n").code, 0);
    CliRun wrong = run("user sign-in amy --pin-stdin", "999999\n");
    EXPECT_EQ(wrong.code, 1);
    CliRun ok = run("audit verify --json");
    ASSERT_EQ(ok.code, 0) << ok.err;
    EXPECT_EQ(nlohmann::json::parse(ok.out)["entries"], 3);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "station.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(
            db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='eve' WHERE seq=2",
            nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(db);
    CliRun broken = run("audit verify");
    EXPECT_EQ(broken.code, 1);
    EXPECT_NE(broken.err.find("broken at entry 2"), std::string::npos) << broken.err;
}

TEST_F(Cli, AuditHeadGivesAnAnchorThatVerifyChecks) {
    ASSERT_EQ(run("case seed-demo").code, 0);
    CliRun head = run("audit head --json");
    ASSERT_EQ(head.code, 0) << head.err;
    const auto j = nlohmann::json::parse(head.out);
    EXPECT_EQ(j["seq"], 1);
    const std::string anchor = j["anchor"];
    EXPECT_EQ(anchor, "1:" + j["entry_hash"].get<std::string>());
    CliRun ok = run("audit verify --anchor " + anchor);
    EXPECT_EQ(ok.code, 0) << ok.err;
    CliRun beyond = run("audit verify --json --anchor 9:" + j["entry_hash"].get<std::string>());
    EXPECT_EQ(beyond.code, 1);
    EXPECT_NE(nlohmann::json::parse(beyond.out)["problem"].get<std::string>().find(
                  "removed from its end"),
              std::string::npos);
    CliRun bad = run("audit verify --anchor nonsense");
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("audit anchor 'nonsense'"), std::string::npos) << bad.err;
}

TEST_F(Cli, SeedDemoAndHandout) {
    CliRun seed = run("case seed-demo");
    ASSERT_EQ(seed.code, 0) << seed.err;
    EXPECT_EQ(nlohmann::json::parse(seed.out)["case_id"], "DEMO-1");
    CliRun first_audit = run("audit verify --json");
    ASSERT_EQ(first_audit.code, 0) << first_audit.err;
    ASSERT_EQ(run("case seed-demo").code, 0) << "seeding twice is harmless";
    CliRun audit = run("audit verify --json");
    ASSERT_EQ(audit.code, 0);
    // Each run of the command is audited; the second finds the demo there and adds nothing else.
    EXPECT_EQ(nlohmann::json::parse(first_audit.out)["entries"], 1);
    EXPECT_EQ(nlohmann::json::parse(audit.out)["entries"], 2);
    // The demo users of the embedded defaults can sign in with their PINs.
    CliRun assistant = run("user sign-in assistant --pin-stdin", "1111\n");
    EXPECT_EQ(assistant.code, 0) << assistant.err;
    EXPECT_NE(run("user sign-in clinician --pin-stdin", "1111\n").code, 0);
    CliRun status = run("case status '" INTAKE_RULES_DIR "/demo/case.json' --json");
    ASSERT_EQ(status.code, 0) << status.err;
    EXPECT_EQ(nlohmann::json::parse(status.out)["state"], "open");
    const auto html = dir_ / "handout.html";
    CliRun handout = run("handout --patient 'Alex Demo' --step 12 --html '" + html.string() + "'");
    ASSERT_EQ(handout.code, 0) << handout.err;
    EXPECT_NE(handout.out.find("NIGHT ONLY"), std::string::npos);
    EXPECT_TRUE(fs::exists(html));
}

}  // namespace
