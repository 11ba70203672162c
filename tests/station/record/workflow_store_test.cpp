// The appointment on the store, on both engines (SQLite and a throwaway PostgreSQL): the
// Workflow's JSON and the draft are kept and restored to the same step after a restart, every
// action is audited, and a gate override or a submission is stored only by the right person.
// Saving, finding and clearing rows with versions is StoreOnEngine.* (store_engine_test.cpp).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "station/record/audit_log.h"
#include "station/record/store.h"
#include "station/record/submission.h"
#include "station/record/submission_gate.h"
#include "station/record/workflow.h"
#include "tests/station/record/engine_fixture.h"
#include "tests/station/record/gate_fixture.h"
#include "tests/station/record/staff_fixture.h"

namespace intake::record {
namespace {

using test::GateFixture;

const Actor kAssistant{"amy", "Amy", Role::assistant};
const Actor kClinician{"dr-lee", "Dr Lee", Role::clinician};

class WorkflowOnEngine : public test::EngineTest {
  protected:
    // The store with both actors enrolled: the store checks each actor is staff of the station.
    Store open_with_staff() {
        Store store = open();
        test::enrol(store, kAssistant.user_id, Role::assistant, pin_options());
        test::enrol(store, kClinician.user_id, Role::clinician, pin_options());
        return store;
    }
};

TEST_P(WorkflowOnEngine, ResumesAtTheSameStepWithWhatWasCaptured) {
    const nlohmann::json captured = {{"photos", {{"intraoral-left", "pass"}}}, {"scans", 2}};
    const std::string draft = R"({"photos":{"intraoral-frontal":{"verdict":"warn"}}})";
    nlohmann::json before;
    {
        Store store = open_with_staff();
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
    EXPECT_EQ(wf->record(Step::attachments).by, "dr-lee");
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

// A station.db from the second build (no workflows table yet) gains the later tables.
TEST(SqliteStore, MigratesAVersion2DatabaseKeepingItsData) {
    test::HomeDir home;
    const std::string db_path = (home.path() / "station.db").string();
    const auto open = [&] {
        auto s = Store::open(db_path);
        EXPECT_TRUE(s) << s.error().message;
        return std::move(*s);
    };
    {
        Store store = open();
        ASSERT_TRUE(store.save_case({0, 0, "OLD-1", "", "", "generic", "1", "{}"}));
    }
    // Turn it back into what a version-2 build left behind.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
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

TEST_P(WorkflowOnEngine, WorkflowActionsAreAuditedWithBeforeAfterHashes) {
    Store store = open_with_staff();
    AuditLog log(store);
    Workflow wf("DEMO-1", &log);
    ASSERT_TRUE(wf.complete(Step::attachments, kClinician, {{"decision", "keep-all"}}));
    ASSERT_TRUE(wf.complete(Step::capture, kAssistant, {{"photos", 8}}));
    auto rows = store.audit_rows();
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].action, "workflow.attachments");
    EXPECT_EQ((*rows)[0].role, "clinician");
    EXPECT_EQ((*rows)[1].before_hash, (*rows)[0].after_hash);
    EXPECT_NE((*rows)[1].after_hash, (*rows)[1].before_hash);
    EXPECT_TRUE(log.verify()->ok);
}

TEST_P(WorkflowOnEngine, OnlyAClinicianOverridesWithAWrittenReason) {
    Store store = open_with_staff();
    GateFixture f;
    f.in.scans.erase("bite");
    const GateResult g = evaluate_gate(f.in);
    ASSERT_FALSE(g.may_submit());
    AuditLog log(store);
    auto by_assistant = override_gate(g, kAssistant, "bite scan failed twice, lab has it", &log);
    ASSERT_FALSE(by_assistant);
    EXPECT_EQ(by_assistant.error().code, Errc::access_denied);
    EXPECT_FALSE(override_gate(g, kClinician, "   ok   ", &log));
    auto over = override_gate(g, kClinician, "bite registration sent by post", &log);
    ASSERT_TRUE(over);
    EXPECT_TRUE(over->may_submit());
    EXPECT_FALSE(over->passed);
    auto rows = store.audit_rows();
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].action, "access.denied") << "the assistant's attempt is on record";
    EXPECT_EQ((*rows)[0].actor, "amy");
    EXPECT_EQ((*rows)[0].subject, "gate.override");
    EXPECT_EQ((*rows)[1].action, "gate.override");
    EXPECT_EQ((*rows)[1].actor, "dr-lee");
    EXPECT_NE((*rows)[1].detail.find("bite registration sent by post"), std::string::npos);
    Workflow wf("DEMO-1");
    ASSERT_TRUE(wf.complete(Step::attachments, kClinician, {{"decision", "keep-all"}}));
    ASSERT_TRUE(wf.complete(Step::capture, kAssistant, {}));
    ASSERT_TRUE(wf.complete(Step::submission, kAssistant, {}));
    ASSERT_TRUE(wf.complete(Step::prescription, kClinician, {{"decision", "keep-all"}}));
    ASSERT_TRUE(wf.complete(Step::instructions, kClinician, {}));
    EXPECT_TRUE(wf.sign_off(kClinician, *over));
}

TEST_P(WorkflowOnEngine, SubmissionIsStoredOnlyWhenGatedAndSignedOff) {
    Store store = open_with_staff();
    GateFixture f;
    AuditLog log(store);
    RefinementSubmission s;
    s.case_id = "DEMO-1";
    s.rx = f.rx;
    s.photos["intraoral-left"] = {"photos/left.png", std::string(64, 'a'), Verdict::pass};
    s.scans["upper"] = {"scans/upper.obj", std::string(64, 'b'), Verdict::pass};
    s.gate = evaluate_gate(f.in);
    ASSERT_TRUE(s.gate.passed);
    auto unsigned_submission = record_submission(store, log, kClinician, s);
    ASSERT_FALSE(unsigned_submission);
    EXPECT_EQ(unsigned_submission.error().code, Errc::conflict);
    s.signed_off_by = "dr-lee";
    auto id = record_submission(store, log, kClinician, s);
    ASSERT_TRUE(id) << id.error().message;
    const auto j = to_json(s);
    EXPECT_EQ(j["attachments"], "Keep all existing attachments");
    EXPECT_EQ(j["rules_version"], "2026.1");
    EXPECT_EQ(j["scans"]["upper"]["verdict"], "pass");
    f.in.scans.erase("bite");
    s.gate = evaluate_gate(f.in);
    EXPECT_FALSE(record_submission(store, log, kClinician, s));
    auto rows = store.audit_rows();
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].action, "submission.record");
    EXPECT_TRUE(log.verify()->ok);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, WorkflowOnEngine, test::kBothEngines, test::engine_name);

}  // namespace
}  // namespace intake::record
