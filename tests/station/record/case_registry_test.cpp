// Patients and cases through the case registry on both engines (SQLite and a throwaway
// PostgreSQL): the checks on what a person types and the all-or-nothing edits. The submission
// history's rules are RecordsOnEngine.* (store_records_engine_test.cpp).
#include "station/record/case_registry.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "station/record/handout.h"
#include "station/record/rule_pack.h"
#include "tests/station/record/engine_fixture.h"

namespace intake::record {
namespace {

namespace fs = std::filesystem;

CaseFile case_file(const std::string& id) {
    auto f = parse_case_json(R"({"case_id": ")" + id + R"(", "rules": "aligner-refinement-2026",
        "lab": "Demo Aligner Lab", "lab_case_id": "LAB-000777", "submitted_on": "2026-06-01",
        "phases": [{"number": 1, "kind": "starter", "steps": 2, "status": "delivered",
                    "shipped_on": "2026-06-10", "arrived_on": "2026-06-14"},
                   {"number": 2, "kind": "treatment", "steps": 10, "status": "scheduled",
                    "ship_on": "2026-07-20"}]})",
                             "case.json");
    EXPECT_TRUE(f) << f.error().message;
    return *f;
}

const fs::path kRules = INTAKE_RULES_DIR;

class Registry : public test::EngineTest {
  protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (HasFatalFailure()) return;
        store_.emplace(open());
    }
    void TearDown() override {
        store_.reset();
        EngineTest::TearDown();
    }
    Store& store() { return *store_; }
    const CivilDate today_ = CivilDate::parse("2026-12-01").value();
    const fs::path rules_ = kRules;

    std::optional<Store> store_;
};

TEST(Identifiers, RefusePathsControlCharactersAndEmpty) {
    EXPECT_TRUE(check_identifier("LAB-000123", "lab_case_id"));
    EXPECT_TRUE(check_identifier("C 1", "case_id"));
    for (const char* bad : {"", "../etc", "a/b", "a\\b", "..", ".hidden", "-rf", "a\nb", "a\tb",
                            " C-1", "C-1 ", "a\x7f"}) {
        auto st = check_identifier(bad, "case_id");
        ASSERT_FALSE(st) << "accepted '" << bad << "'";
        EXPECT_EQ(st.error().code, Errc::bad_input);
        EXPECT_EQ(st.error().message.rfind("case_id: ", 0), 0u) << st.error().message;
    }
    EXPECT_FALSE(check_identifier(std::string(65, 'x'), "chart"));
    EXPECT_TRUE(check_person_name("Zoë O'Brien-Smith", "name"));
    EXPECT_FALSE(check_person_name("   ", "name"));
    EXPECT_FALSE(check_person_name("Jane\x1b[2J", "name"));
    EXPECT_FALSE(check_person_name("../../Jane", "name"));
}

TEST_P(Registry, AddsPatientsWithCheckedDatesAndUniqueCharts) {
    auto id = add_patient(store(), {"  Jane Doe ", "1990-04-12", "CH-1"}, today_);
    ASSERT_TRUE(id) << id.error().message;
    auto p = store().find_patient(*id);
    ASSERT_TRUE(p && *p);
    EXPECT_EQ((*p)->name, "Jane Doe");
    EXPECT_EQ((*p)->chart_id, "CH-1");
    ASSERT_EQ(store().practices()->size(), 1u);  // the store's practice, made on first use

    auto dup = add_patient(store(), {"John Doe", "1991-01-01", "CH-1"}, today_);
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, Errc::bad_input);
    EXPECT_NE(dup.error().message.find("chart id CH-1 is already patient"), std::string::npos);
    for (const char* born : {"1990-02-30", "1990-2-3", "2027-01-01", "1850-01-01", ""}) {
        auto bad = add_patient(store(), {"A B", born, "CH-2"}, today_);
        ASSERT_FALSE(bad) << born;
        EXPECT_EQ(bad.error().message.rfind("born: ", 0), 0u) << bad.error().message;
    }
    EXPECT_FALSE(add_patient(store(), {"", "1990-01-01", "CH-3"}, today_));
    EXPECT_EQ(store().patients()->size(), 1u);
}

TEST_P(Registry, CaseNeedsItsLabCaseNumberAnExistingPatientAndANewId) {
    auto patient = add_patient(store(), {"Jane Doe", "1990-04-12", "CH-1"}, today_);
    ASSERT_TRUE(patient);
    CaseFile file = case_file("C-1");
    auto added = add_case(store(), file, *patient, rules_);
    ASSERT_TRUE(added) << added.error().message;
    auto stored = store().find_case("C-1");
    ASSERT_TRUE(stored && *stored);
    EXPECT_EQ((*stored)->lab_case_id, "LAB-000777");
    EXPECT_EQ((*stored)->patient_id, *patient);
    EXPECT_EQ(parse_case_json((*stored)->case_json, "db")->patient_chart_id, "CH-1");

    auto again = add_case(store(), file, *patient, rules_);
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().message.find("already exists"), std::string::npos);
    auto unknown = add_case(store(), case_file("C-2"), 999, rules_);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, Errc::bad_input);
    EXPECT_EQ(unknown.error().message, "patient 999 does not exist");

    CaseFile no_number = case_file("C-3");
    no_number.lab_case_id.reset();
    auto refused = add_case(store(), no_number, *patient, rules_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message.rfind("lab_case_id: is required", 0), 0u);
    CaseFile other_chart = case_file("C-4");
    other_chart.patient_chart_id = "CH-9";
    EXPECT_FALSE(add_case(store(), other_chart, *patient, rules_));
    CaseFile traversal = case_file("../C-5");
    EXPECT_FALSE(add_case(store(), traversal, *patient, rules_));
    EXPECT_EQ(store().list_cases()->total, 1);
    auto listed = store().list_cases({"jane"});
    ASSERT_TRUE(listed) << listed.error().message;
    ASSERT_EQ(listed->cases.size(), 1u);
    EXPECT_EQ(listed->cases[0].patient_chart_id, "CH-1");
}

TEST_P(Registry, EditsPhasesRetainerAndReopeningAllOrNothing) {
    auto patient = add_patient(store(), {"Jane Doe", "1990-04-12", "CH-1"}, today_);
    ASSERT_TRUE(add_case(store(), case_file("C-1"), *patient, rules_));
    CaseEdit edit;
    edit.phases.push_back(*parse_phase_edit("2:status=delivered,arrived_on=2026-07-30"));
    edit.phases.push_back(*parse_phase_edit("3:kind=treatment,steps=6"));
    edit.reopened_on = CivilDate::parse("2026-11-02").value();
    auto edited = edit_case(store(), "C-1", edit);
    ASSERT_TRUE(edited) << edited.error().message;
    ASSERT_EQ(edited->phases.size(), 3u);
    EXPECT_EQ(edited->phases[1].status, PhaseStatus::delivered);
    EXPECT_EQ(edited->phases[1].arrived_on->to_string(), "2026-07-30");
    EXPECT_EQ(edited->phases[2].status, PhaseStatus::scheduled);
    auto reread = parse_case_json(store().find_case("C-1").value()->case_json, "db");
    EXPECT_EQ(reread->reopened_on->to_string(), "2026-11-02");

    // Arrival before shipment is refused and nothing of the edit is kept.
    CaseEdit bad;
    bad.phases.push_back(*parse_phase_edit("1:arrived_on=2026-06-01"));
    bad.retainer_requested_on = CivilDate::parse("2026-11-20").value();
    auto refused = edit_case(store(), "C-1", bad);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("phases[0].arrived_on"), std::string::npos)
        << refused.error().message;
    reread = parse_case_json(store().find_case("C-1").value()->case_json, "db");
    EXPECT_FALSE(reread->retainer_requested_on);

    EXPECT_FALSE(edit_case(store(), "C-404", edit));
    EXPECT_FALSE(parse_phase_edit("x:status=delivered"));
    EXPECT_FALSE(parse_phase_edit("2:colour=red"));
    EXPECT_FALSE(parse_phase_edit("2:status"));
    CaseEdit new_phase_without_kind;
    new_phase_without_kind.phases.push_back(*parse_phase_edit("9:status=scheduled"));
    EXPECT_FALSE(edit_case(store(), "C-1", new_phase_without_kind));
}

// No store: the hand-out is worked out from the case file alone.
TEST(Handout, TakesTheAlignerAndArrivalFromTheCase) {
    CaseFile file = case_file("C-1");
    // Phase 1 (2 steps) arrived 2026-06-14; 14 days per step.
    EXPECT_EQ(current_aligner_step(file, CivilDate::parse("2026-06-13").value()), std::nullopt);
    EXPECT_EQ(current_aligner_step(file, CivilDate::parse("2026-06-14").value()), 1);
    EXPECT_EQ(current_aligner_step(file, CivilDate::parse("2026-06-28").value()), 2);
    EXPECT_EQ(current_aligner_step(file, CivilDate::parse("2026-12-01").value()), 2);
    auto two = apply_case_edit(
        file, {{*parse_phase_edit("2:status=delivered,arrived_on=2026-08-01")}, {}, {}});
    ASSERT_TRUE(two);
    EXPECT_EQ(current_aligner_step(*two, CivilDate::parse("2026-09-01").value()), 5);
    auto pack = load_rule_pack("aligner-refinement-2026", kRules);
    ASSERT_TRUE(pack);
    const HandoutInfo info =
        handout_for_case(*two, "Jane Doe", "Smile Dental", CivilDate::parse("2026-09-01").value(),
                         pack->turnaround_days);
    const std::string text = handout_text(info);
    EXPECT_NE(text.find("Dear Jane Doe,"), std::string::npos) << text;
    EXPECT_NE(text.find("aligner number 5"), std::string::npos) << text;
    EXPECT_NE(text.find("22 September 2026"), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(BothEngines, Registry, test::kBothEngines, test::engine_name);

}  // namespace
}  // namespace intake::record
