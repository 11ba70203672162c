// Patients and cases changed by a signed-in person, on both engines (SQLite and a throwaway
// PostgreSQL): an assistant is refused (and the refusal audited), a clinician's change is stored
// and audited with the case file's hashes, and a bad edit leaves neither a change nor an audit
// entry.
#include "station/record/case_actions.h"

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "station/record/lifecycle.h"
#include "tests/station/record/engine_fixture.h"
#include "tests/station/record/staff_fixture.h"

namespace intake::record {
namespace {

using test::enrol;

class CaseActions : public test::EngineTest {
  protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (HasFatalFailure()) return;
        store_ = std::make_unique<Store>(open());
        audit_ = std::make_unique<AuditLog>(*store_);
        clinician_ = enrol(*store_, "dr-lee", Role::clinician, pin_options());
        assistant_ = enrol(*store_, "sam", Role::assistant, pin_options());
    }
    void TearDown() override {
        audit_.reset();
        store_.reset();
        EngineTest::TearDown();
    }
    std::vector<AuditRow> rows(const std::string& action) {
        std::vector<AuditRow> out;
        const auto all = store_->audit_rows();  // kept alive while iterated
        for (const auto& r : *all)
            if (r.action == action) out.push_back(r);
        return out;
    }
    CaseFile closed_case() {
        auto f = parse_case_json(R"({"case_id": "C-9", "rules": "aligner-refinement-2026",
            "lab": "Demo Aligner Lab", "lab_case_id": "LAB-000123", "submitted_on": "2025-01-10",
            "retainer_requested_on": "2025-09-01",
            "phases": [{"number": 1, "kind": "treatment", "steps": 10, "status": "delivered",
                        "shipped_on": "2025-01-20", "arrived_on": "2025-01-25"}]})",
                                 "case.json");
        EXPECT_TRUE(f) << f.error().message;
        return *f;
    }

    std::unique_ptr<Store> store_;
    std::unique_ptr<AuditLog> audit_;
    Actor clinician_, assistant_;
    const CivilDate today_ = CivilDate::parse("2026-12-01").value();
};

TEST_P(CaseActions, AssistantIsRefusedAndTheRefusalAudited) {
    auto p = add_patient_by(*store_, *audit_, assistant_, {"Ada Byron", "1990-02-03", "CH-1"});
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, Errc::access_denied);
    EXPECT_TRUE(store_->patients()->empty());
    ASSERT_EQ(rows("access.denied").size(), 1u);
    EXPECT_EQ(rows("access.denied")[0].subject, "patient.add");
}

TEST_P(CaseActions, ClinicianAddsPatientAndCaseAudited) {
    auto p =
        add_patient_by(*store_, *audit_, clinician_, {"Ada Byron", "1990-02-03", "CH-1"}, today_);
    ASSERT_TRUE(p) << p.error().message;
    auto c = add_case_by(*store_, *audit_, clinician_, closed_case(), *p, INTAKE_RULES_DIR);
    ASSERT_TRUE(c) << c.error().message;
    ASSERT_EQ(rows("patient.add").size(), 1u);
    EXPECT_EQ(rows("patient.add")[0].actor, "dr-lee");
    EXPECT_EQ(rows("patient.add")[0].detail.find("Ada"), std::string::npos);  // no patient data
    const auto added = rows("case.add");
    ASSERT_EQ(added.size(), 1u);
    EXPECT_EQ(added[0].subject, "case C-9");
    EXPECT_EQ(added[0].detail, "lab case LAB-000123");
    auto stored = require_case(*store_, "C-9");
    ASSERT_TRUE(stored);
    EXPECT_EQ(added[0].after_hash, sha256_hex(std::string_view(stored->case_json)));
}

TEST_P(CaseActions, ReopenRecordsTheDateAndAllowsTheRefinement) {
    auto p =
        add_patient_by(*store_, *audit_, clinician_, {"Ada Byron", "1990-02-03", "CH-1"}, today_);
    ASSERT_TRUE(p);
    ASSERT_TRUE(add_case_by(*store_, *audit_, clinician_, closed_case(), *p, INTAKE_RULES_DIR));
    EXPECT_FALSE(evaluate_case(closed_case(), today_).can_submit_refinement);

    CaseEdit refused;
    refused.reopened_on = today_;
    auto denied = edit_case_by(*store_, *audit_, assistant_, "C-9", refused);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, Errc::access_denied);

    CaseEdit reopen;
    reopen.reopened_on = today_;
    reopen.phases.push_back({2, {{"kind", "treatment"}, {"steps", "8"}, {"status", "scheduled"}}});
    auto edited = edit_case_by(*store_, *audit_, clinician_, "C-9", reopen);
    ASSERT_TRUE(edited) << edited.error().message;
    EXPECT_EQ(edited->reopened_on, today_);
    EXPECT_TRUE(evaluate_case(*edited, today_).can_submit_refinement);
    const auto audited = rows("case.edit");
    ASSERT_EQ(audited.size(), 1u);
    EXPECT_EQ(audited[0].detail, "phase 2, re-opened 2026-12-01");
    EXPECT_NE(audited[0].before_hash, audited[0].after_hash);
}

TEST_P(CaseActions, BadEditStoresNothingAndAuditsNothing) {
    auto p =
        add_patient_by(*store_, *audit_, clinician_, {"Ada Byron", "1990-02-03", "CH-1"}, today_);
    ASSERT_TRUE(add_case_by(*store_, *audit_, clinician_, closed_case(), *p, INTAKE_RULES_DIR));
    const std::string before = require_case(*store_, "C-9")->case_json;
    CaseEdit bad;
    bad.phases.push_back({7, {{"status", "delivered"}}});  // a new phase needs kind and steps
    EXPECT_FALSE(edit_case_by(*store_, *audit_, clinician_, "C-9", bad));
    EXPECT_EQ(require_case(*store_, "C-9")->case_json, before);
    EXPECT_TRUE(rows("case.edit").empty());
}

TEST_P(CaseActions, PatientCorrectionsAreCheckedAuditedAndFollowedByTheCases) {
    auto p =
        add_patient_by(*store_, *audit_, clinician_, {"Ada Byron", "1990-02-03", "CH-1"}, today_);
    ASSERT_TRUE(p);
    ASSERT_TRUE(add_case_by(*store_, *audit_, clinician_, closed_case(), *p, INTAKE_RULES_DIR));
    ASSERT_TRUE(add_patient_by(*store_, *audit_, clinician_, {"Other", "1980-01-01", "CH-2"}));

    PatientEdit rename;
    rename.name = "Ada King";
    auto denied = edit_patient_by(*store_, *audit_, assistant_, *p, rename, today_);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, Errc::access_denied);
    EXPECT_EQ(require_patient(*store_, *p)->name, "Ada Byron");

    // A chart id another patient holds, or a future birth day: nothing stored, nothing audited.
    PatientEdit taken;
    taken.chart_id = "CH-2";
    EXPECT_FALSE(edit_patient_by(*store_, *audit_, clinician_, *p, taken, today_));
    PatientEdit future;
    future.name = "Ada King";
    future.born = "2027-01-01";
    EXPECT_FALSE(edit_patient_by(*store_, *audit_, clinician_, *p, future, today_));
    EXPECT_EQ(require_patient(*store_, *p)->name, "Ada Byron");
    EXPECT_TRUE(rows("patient.edit").empty());

    PatientEdit correction;
    correction.name = " Ada King ";
    correction.chart_id = "CH-1B";
    auto edited = edit_patient_by(*store_, *audit_, clinician_, *p, correction, today_);
    ASSERT_TRUE(edited) << edited.error().message;
    EXPECT_EQ(edited->name, "Ada King");
    EXPECT_EQ(edited->date_of_birth, "1990-02-03");
    EXPECT_EQ(require_patient(*store_, *p)->chart_id, "CH-1B");
    // The case file names the patient by chart id in every package: it follows.
    auto file = parse_case_json(require_case(*store_, "C-9")->case_json, "C-9");
    ASSERT_TRUE(file);
    EXPECT_EQ(file->patient_chart_id, "CH-1B");
    const auto audited = rows("patient.edit");
    ASSERT_EQ(audited.size(), 1u);
    EXPECT_EQ(audited[0].subject, "patient " + std::to_string(*p));
    EXPECT_EQ(audited[0].detail, "name, chart");  // which fields, never their values
    EXPECT_EQ(audited[0].actor, "dr-lee");

    auto unknown = edit_patient_by(*store_, *audit_, clinician_, 99, correction, today_);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message, "patient 99 does not exist");
    auto nothing = edit_patient_by(*store_, *audit_, clinician_, *p, PatientEdit{}, today_);
    ASSERT_FALSE(nothing);
    EXPECT_EQ(nothing.error().code, Errc::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, CaseActions, test::kBothEngines, test::engine_name);

}  // namespace
}  // namespace intake::record
