// Patients and cases changed by a signed-in person: an assistant is refused (and the refusal
// audited), a clinician's change is stored and audited with the case file's hashes, and a bad
// edit leaves neither a change nor an audit entry.
#include "station/record/case_actions.h"

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "station/record/lifecycle.h"
#include "tests/station/record/staff_fixture.h"

namespace intake::record {
namespace {

using test::enrol;

class CaseActions : public ::testing::Test {
  protected:
    void SetUp() override {
        auto s = Store::open(home_.path() / "station.db");
        ASSERT_TRUE(s) << s.error().message;
        store_ = std::make_unique<Store>(std::move(*s));
        audit_ = std::make_unique<AuditLog>(*store_);
        clinician_ = enrol(*store_, "dr-lee", Role::clinician);
        assistant_ = enrol(*store_, "sam", Role::assistant);
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

    test::HomeDir home_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<AuditLog> audit_;
    Actor clinician_, assistant_;
    const CivilDate today_ = CivilDate::parse("2026-12-01").value();
};

TEST_F(CaseActions, AssistantIsRefusedAndTheRefusalAudited) {
    auto p = add_patient_by(*store_, *audit_, assistant_, {"Ada Byron", "1990-02-03", "CH-1"});
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, Errc::access_denied);
    EXPECT_TRUE(store_->patients()->empty());
    ASSERT_EQ(rows("access.denied").size(), 1u);
    EXPECT_EQ(rows("access.denied")[0].subject, "patient.add");
}

TEST_F(CaseActions, ClinicianAddsPatientAndCaseAudited) {
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

TEST_F(CaseActions, ReopenRecordsTheDateAndAllowsTheRefinement) {
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

TEST_F(CaseActions, BadEditStoresNothingAndAuditsNothing) {
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

}  // namespace
}  // namespace intake::record
