// The appointment in progress survives a restart: the Workflow's JSON and the draft are kept
// in the store (migration 3) and restored to the same step, with what was captured.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "station/record/audit_log.h"
#include "station/record/store.h"
#include "station/record/submission_gate.h"
#include "station/record/workflow.h"
#include "tests/station/record/staff_fixture.h"

namespace intake::record {
namespace {

namespace fs = std::filesystem;

const Actor kAssistant{"assistant", "Alex", Role::assistant};
const Actor kClinician{"clinician", "Dr Demo", Role::clinician};

class WorkflowStore : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("intake-wf-store-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    Store open() {
        auto s = Store::open(dir_ / "station.db");
        EXPECT_TRUE(s) << s.error().message;
        return std::move(*s);
    }
    fs::path dir_;
};

TEST_F(WorkflowStore, ResumesAtTheSameStepWithWhatWasCaptured) {
    const nlohmann::json captured = {{"photos", {{"intraoral-left", "pass"}}}, {"scans", 2}};
    const std::string draft = R"({"photos":{"intraoral-frontal":{"verdict":"warn"}}})";
    nlohmann::json before;
    {
        Store store = open();
        test::enrol(store, kAssistant.user_id, Role::assistant);  // the store checks each actor
        test::enrol(store, kClinician.user_id, Role::clinician);
        AuditLog log(store);
        Workflow wf("DEMO-1", &log);
        ASSERT_TRUE(wf.complete(Step::attachments, kClinician, {{"decision", "keep-all"}}));
        ASSERT_TRUE(wf.complete(Step::capture, kAssistant, captured));
        before = wf.to_json();
        ASSERT_TRUE(store.save_workflow({"DEMO-1", before.dump(), draft, ""}));
    }  // the app stops here (crash or restart)
    Store store = open();
    auto row = store.find_workflow("DEMO-1");
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->draft_json, draft);
    EXPECT_FALSE((*row)->updated_at.empty());
    AuditLog log(store);
    auto wf = Workflow::from_json(nlohmann::json::parse((*row)->state_json), "DEMO-1", &log);
    ASSERT_TRUE(wf) << wf.error().message;
    EXPECT_EQ(wf->to_json(), before);
    EXPECT_EQ(wf->next_step(), Step::submission);
    EXPECT_EQ(wf->record(Step::capture).record, captured);
    EXPECT_EQ(wf->record(Step::capture).role, Role::assistant);
    EXPECT_EQ(wf->record(Step::attachments).by, "clinician");
    // The role gates and the order still hold after the restart, and the audit chain goes on
    // from the restored state.
    EXPECT_EQ(wf->complete(Step::prescription, kClinician, {{"decision", "keep-all"}}).error().code,
              Errc::conflict);
    ASSERT_TRUE(wf->complete(Step::submission, kAssistant, {{"kind", "additional-aligners"}}));
    auto rows = store.audit_rows();
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ((*rows)[2].before_hash, (*rows)[1].after_hash);
    EXPECT_TRUE(log.verify()->ok);
}

TEST_F(WorkflowStore, SavingReplacesAndClearingRemoves) {
    Store store = open();
    EXPECT_FALSE(*store.find_workflow("C-1"));
    ASSERT_TRUE(store.save_workflow({"C-1", "{\"v\":1}", "", ""}));
    ASSERT_TRUE(store.save_workflow({"C-1", "{\"v\":2}", "{\"d\":1}", ""}));
    ASSERT_TRUE(store.save_workflow({"C-2", "{}", "{}", ""}));
    auto row = store.find_workflow("C-1");
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->state_json, "{\"v\":2}");
    EXPECT_EQ((*row)->draft_json, "{\"d\":1}");
    ASSERT_TRUE(store.clear_workflow("C-1"));
    EXPECT_FALSE(*store.find_workflow("C-1"));
    EXPECT_TRUE(*store.find_workflow("C-2"));
    EXPECT_FALSE(store.save_workflow({"", "{}", "{}", ""}));
}

TEST_F(WorkflowStore, MigratesAVersion2DatabaseKeepingItsData) {
    {
        Store store = open();
        ASSERT_TRUE(store.save_case({0, 0, "OLD-1", "", "", "generic", "1", "{}"}));
    }
    // Turn it back into what a version-2 build left behind.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "station.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(
                  db,
                  "DROP TABLE workflows; DROP INDEX cases_by_patient; "
                  "DROP TABLE IF EXISTS submission_events; DROP TABLE IF EXISTS sign_in_attempts; "
                  "DROP INDEX IF EXISTS patients_by_chart; PRAGMA user_version = 2;",
                  nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    Store store = open();
    EXPECT_EQ(store.schema_version(), kSchemaVersion);
    EXPECT_TRUE(*store.find_case("OLD-1"));
    EXPECT_TRUE(store.save_workflow({"OLD-1", "{}", "{}", ""}));
}

TEST(WorkflowJson, RefusesWhatThisClassNeverWrites) {
    Workflow wf("C-1");
    ASSERT_TRUE(wf.complete(Step::attachments, kClinician, {{"decision", "keep-all"}}));
    const nlohmann::json good = wf.to_json();
    ASSERT_TRUE(Workflow::from_json(good, "C-1"));
    auto expect_bad = [](const nlohmann::json& j, const std::string& field) {
        auto r = Workflow::from_json(j, "C-1");
        ASSERT_FALSE(r) << j.dump();
        EXPECT_EQ(r.error().code, Errc::bad_input);
        EXPECT_NE(r.error().message.find(field), std::string::npos) << r.error().message;
    };
    expect_bad(nlohmann::json::array(), "(top)");
    expect_bad(Workflow("C-2").to_json(), "case_id");
    nlohmann::json j = good;
    j["steps"].erase(5);
    expect_bad(j, "steps");
    j = good;
    j["steps"][0]["role"] = "dentist";
    expect_bad(j, "steps[0].role");
    j = good;
    j["steps"][0]["by"] = "";
    expect_bad(j, "steps[0].by");
    j = good;
    j["steps"][2]["done"] = true;  // step 3 done while step 2 is not
    j["steps"][2]["by"] = "x";
    j["steps"][2]["role"] = "assistant";
    expect_bad(j, "steps[2]");
    j = good;
    j["signed_off"] = true;
    j["signed_off_by"] = "clinician";
    expect_bad(j, "signed_off");
}

TEST(WorkflowJson, ASignedOffWorkflowRoundTrips) {
    Workflow wf("C-1");
    ASSERT_TRUE(wf.complete(Step::attachments, kClinician, {{"decision", "keep-all"}}));
    ASSERT_TRUE(wf.complete(Step::capture, kAssistant, {}));
    ASSERT_TRUE(wf.complete(Step::submission, kAssistant, {}));
    ASSERT_TRUE(wf.complete(Step::prescription, kClinician, {{"decision", "keep-all"}}));
    ASSERT_TRUE(wf.complete(Step::instructions, kClinician, {{"count", 1}}));
    GateResult gate;
    gate.passed = true;
    ASSERT_TRUE(wf.sign_off(kClinician, gate));
    auto back = Workflow::from_json(wf.to_json(), "C-1");
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->signed_off());
    EXPECT_EQ(back->signed_off_by(), "clinician");
    EXPECT_EQ(back->next_step(), Step::handout);
    EXPECT_TRUE(back->complete(Step::handout, kAssistant, {{"printed", true}}));
}

}  // namespace
}  // namespace intake::record
