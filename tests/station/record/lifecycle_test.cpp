// The lifecycle table: seed 003's terms, each row a dated case (docs/workflow.md, case-format.md).
#include "station/record/lifecycle.h"

#include <gtest/gtest.h>

#include <string>

#include "station/record/case_file.h"

namespace intake::record {
namespace {

const std::string kP1 =
    R"({"number":1,"kind":"starter","steps":2,"status":"delivered","shipped_on":"2023-01-16","arrived_on":"2023-01-20"})";
const std::string kP2Scheduled =
    R"({"number":2,"kind":"treatment","steps":10,"status":"scheduled","ship_on":"2023-03-01"})";
const std::string kP2Delivered =
    R"({"number":2,"kind":"treatment","steps":10,"status":"delivered","shipped_on":"2023-03-01","arrived_on":"2023-03-05"})";

std::string case_json(const std::string& extra, const std::string& phases,
                      const std::string& submitted = "2023-01-05", int wear = 14) {
    return R"({"case_id":"C-1","rules":"clearcorrect-2016","submitted_on":")" + submitted +
           R"(","wear_days_per_step":)" + std::to_string(wear) + extra + R"(,"phases":[)" + phases +
           "]}";
}

struct Row {
    const char* name;
    std::string json;
    const char* on;
    const char* state;
    const char* close;      // "" for null
    const char* projected;  // "" for null
    const char* reason;     // "" for null
    int days_left;          // -1 for null
    bool lab_may_close;
    const char* warning;  // a substring one warning must contain, "" for none required
};

const Row kRows[] = {
    {"issue example, final phase scheduled", case_json("", kP1 + "," + kP2Scheduled), "2023-02-01",
     "open", "", "2023-10-17", "", -1, false, "has not arrived"},
    {"final phase delivered, mid wear", case_json("", kP1 + "," + kP2Delivered), "2023-06-01",
     "open", "2023-10-21", "", "final-phase-worn", 142, false, "142 days left"},
    {"closes on the close date itself", case_json("", kP1 + "," + kP2Delivered), "2023-10-21",
     "closed", "2023-10-21", "", "final-phase-worn", 0, false, "forfeited"},
    {"open the day before", case_json("", kP1 + "," + kP2Delivered), "2023-10-20", "open",
     "2023-10-21", "", "final-phase-worn", 1, false, "1 day left"},
    {"retainer first closes the case that day",
     case_json(R"(,"retainer_requested_on":"2023-05-10")", kP1 + "," + kP2Delivered), "2023-05-10",
     "closed", "2023-05-10", "", "retainer-requested", 0, false, "re-open"},
    {"retainer dated after the evaluation day has not happened",
     case_json(R"(,"retainer_requested_on":"2023-05-10")", kP1 + "," + kP2Delivered), "2023-05-09",
     "open", "2023-10-21", "", "final-phase-worn", 165, false, ""},
    {"final phase worn before a late retainer request",
     case_json(R"(,"retainer_requested_on":"2023-11-01")", kP1 + "," + kP2Delivered), "2023-11-05",
     "closed", "2023-10-21", "", "final-phase-worn", 0, false, ""},
    {"retainer on the worn date wins the tie",
     case_json(R"(,"retainer_requested_on":"2023-10-21")", kP1 + "," + kP2Delivered), "2023-10-21",
     "closed", "2023-10-21", "", "retainer-requested", 0, false, ""},
    {"leap day arrival",
     case_json(
         "",
         R"({"number":1,"kind":"treatment","steps":1,"status":"delivered","shipped_on":"2024-02-26","arrived_on":"2024-02-29"})",
         "2024-01-10"),
     "2024-03-01", "open", "2024-06-12", "", "final-phase-worn", 103, false, ""},
    {"wear crosses 29 February",
     case_json(
         "",
         R"({"number":1,"kind":"treatment","steps":6,"status":"delivered","shipped_on":"2023-11-28","arrived_on":"2023-12-01"})",
         "2023-11-01"),
     "2024-02-28", "open", "2024-05-23", "", "final-phase-worn", 85, false, ""},
    {"several treatment phases: the highest non-retentive is final",
     case_json(
         "",
         kP1 + "," + kP2Delivered +
             R"(,{"number":3,"kind":"treatment","steps":8,"status":"delivered","shipped_on":"2023-06-06","arrived_on":"2023-06-10"},{"number":4,"kind":"retentive","steps":1,"status":"delivered","shipped_on":"2023-06-06","arrived_on":"2023-06-10"})"),
     "2023-12-01", "open", "2023-12-29", "", "final-phase-worn", 28, false, ""},
    {"final phase not arrived although phase 2 is long worn",
     case_json("", kP1 + "," + kP2Delivered +
                       R"(,{"number":3,"kind":"treatment","steps":8,"status":"on-hold"})"),
     "2024-06-01", "open", "", "", "", -1, false, "final phase 3 has not arrived"},
    {"final phase shipped, not arrived: projected from shipment",
     case_json(
         "",
         kP1 + "," + kP2Delivered +
             R"(,{"number":3,"kind":"treatment","steps":8,"status":"shipped","shipped_on":"2023-06-20"})"),
     "2023-06-25", "open", "", "2024-01-08", "", -1, false, "projected 2024-01-08"},
    {"delivered phase arriving after the evaluation day", case_json("", kP1 + "," + kP2Delivered),
     "2023-03-04", "open", "", "2023-10-21", "", -1, false, ""},
    {"re-opened, additional phase not arrived",
     case_json(
         R"(,"reopened_on":"2024-01-10")",
         kP1 + "," + kP2Delivered +
             R"(,{"number":3,"kind":"treatment","steps":5,"status":"scheduled","ship_on":"2024-01-20"})"),
     "2024-02-01", "open", "", "2024-06-28", "", -1, false, ""},
    {"re-opened, additional phase arrived",
     case_json(
         R"(,"reopened_on":"2024-01-10")",
         kP1 + "," + kP2Delivered +
             R"(,{"number":3,"kind":"treatment","steps":5,"status":"delivered","shipped_on":"2024-01-20","arrived_on":"2024-01-25"})"),
     "2024-03-01", "open", "2024-07-03", "", "final-phase-worn", 124, false, ""},
    {"re-opened: an earlier retainer request no longer counts",
     case_json(
         R"(,"retainer_requested_on":"2023-09-01","reopened_on":"2024-01-10")",
         kP1 + "," + kP2Delivered +
             R"(,{"number":3,"kind":"treatment","steps":5,"status":"scheduled","ship_on":"2024-01-20"})"),
     "2024-02-01", "open", "", "2024-06-28", "", -1, false, "no longer counts"},
    {"closed before the re-opening day",
     case_json(
         R"(,"retainer_requested_on":"2023-09-01","reopened_on":"2024-01-10")",
         kP1 + "," + kP2Delivered +
             R"(,{"number":3,"kind":"treatment","steps":5,"status":"scheduled","ship_on":"2024-01-20"})"),
     "2023-12-01", "closed", "2023-09-01", "2024-06-28", "retainer-requested", 0, false,
     "forfeited"},
    {"re-opened without recording the new phase: no close date",
     case_json(R"(,"reopened_on":"2024-01-10")", kP1 + "," + kP2Delivered), "2024-02-01", "open",
     "", "", "", -1, false, "record the additional phase"},
    {"five years after submission: the lab may close",
     case_json("", kP1 + R"(,{"number":2,"kind":"treatment","steps":10,"status":"on-hold"})",
               "2018-03-15"),
     "2023-03-15", "open", "", "", "", -1, true, "may close this case at any time"},
    {"the day before five years: notice only",
     case_json("", kP1 + R"(,{"number":2,"kind":"treatment","steps":10,"status":"on-hold"})",
               "2018-03-15"),
     "2023-03-14", "open", "", "", "", -1, false, "may close this case from 2023-03-15"},
    {"submitted on 29 February: five years end on 28 February",
     case_json("", kP1 + R"(,{"number":2,"kind":"treatment","steps":10,"status":"on-hold"})",
               "2020-02-29"),
     "2025-02-28", "open", "", "", "", -1, true, ""},
    {"legacy full case is treated like any other",
     case_json(R"(,"type":"legacy-full")", kP1 + "," + kP2Delivered), "2023-06-01", "open",
     "2023-10-21", "", "final-phase-worn", 142, false, ""},
    {"legacy limited case closes like any other",
     case_json(R"(,"type":"legacy-limited")", kP1 + "," + kP2Delivered), "2023-10-22", "closed",
     "2023-10-21", "", "final-phase-worn", 0, false, ""},
    {"no inactivity closing: a year without activity stays open",
     case_json("", kP1 + "," + kP2Scheduled), "2024-06-01", "open", "", "2023-10-17", "", -1, false,
     ""},
    {"hold on a case with no scheduled phase is refused",
     case_json(R"(,"hold_requested":true)", kP1 + "," + kP2Delivered), "2023-06-01", "open",
     "2023-10-21", "", "final-phase-worn", 142, false, "cannot be placed on hold"},
    {"hold applies to phases, not cases",
     case_json(R"(,"hold_requested":true)", kP1 + "," + kP2Scheduled), "2023-02-01", "open", "",
     "2023-10-17", "", -1, false, "holds apply to phases"},
    {"revision after final delivery must be processed before the close date",
     case_json(R"(,"revisions":[{"requested_on":"2023-07-01"}])", kP1 + "," + kP2Delivered),
     "2023-07-05", "open", "2023-10-21", "", "final-phase-worn", 108, false,
     "not processed yet: it must be before 2023-10-21 (108 days left)"},
    {"revision processed too late",
     case_json(R"(,"revisions":[{"requested_on":"2023-07-01","processed_on":"2023-10-25"}])",
               kP1 + "," + kP2Delivered),
     "2023-11-01", "closed", "2023-10-21", "", "final-phase-worn", 0, false,
     "after the close date"},
    {"revision to a phase after it shipped",
     case_json(R"(,"revisions":[{"requested_on":"2023-03-02","phase":2}])",
               kP1 + "," + kP2Delivered),
     "2023-03-03", "open", "", "2023-10-21", "", -1, false, "only until it ships"},
    {"a one-week wear schedule", case_json("", kP1 + "," + kP2Delivered, "2023-01-05", 7),
     "2023-08-11", "open", "2023-08-12", "", "final-phase-worn", 1, false, ""},
    {"no phases recorded", case_json("", ""), "2023-02-01", "open", "", "", "", -1, false,
     "no starter or treatment phase"},
    {"only retentive phases",
     case_json(
         "",
         R"({"number":1,"kind":"retentive","steps":1,"status":"delivered","shipped_on":"2023-02-01","arrived_on":"2023-02-03"})"),
     "2023-06-01", "open", "", "", "", -1, false, "no starter or treatment phase"},
    {"2100 is not a leap year",
     case_json(
         "",
         R"({"number":1,"kind":"treatment","steps":2,"status":"delivered","shipped_on":"2100-02-17","arrived_on":"2100-02-20"})",
         "2100-01-04"),
     "2100-06-17", "open", "2100-06-18", "", "final-phase-worn", 1, false, ""},
};

std::string opt(const std::optional<CivilDate>& d) { return d ? d->to_string() : ""; }

class LifecycleTable : public ::testing::TestWithParam<Row> {};

TEST_P(LifecycleTable, MatchesTheTerms) {
    const Row& row = GetParam();
    auto file = parse_case_json(row.json, "case.json");
    ASSERT_TRUE(file) << file.error().message;
    auto on = CivilDate::parse(row.on);
    ASSERT_TRUE(on);
    const CaseStatus st = evaluate_case(*file, *on);
    const auto j = to_json(st, *file, *on);
    EXPECT_EQ(j["state"], row.state);
    EXPECT_EQ(opt(st.close_date), row.close);
    EXPECT_EQ(opt(st.close_date_projected), row.projected);
    EXPECT_EQ(std::string(close_reason_name(st.close_reason)), row.reason);
    EXPECT_EQ(st.days_left ? *st.days_left : -1, row.days_left);
    EXPECT_EQ(st.may_be_closed_by_lab, row.lab_may_close);
    EXPECT_EQ(st.can_submit_refinement, std::string(row.state) == "open");
    EXPECT_EQ(st.needs_reopen, std::string(row.state) == "closed");
    if (*row.warning != '\0') {
        bool found = false;
        for (const auto& w : st.warnings) found = found || w.find(row.warning) != std::string::npos;
        EXPECT_TRUE(found) << "no warning containing '" << row.warning << "' in "
                           << j["warnings"].dump();
    }
}

std::string row_name(const ::testing::TestParamInfo<Row>& info) {
    return "row" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(Seed003, LifecycleTable, ::testing::ValuesIn(kRows), row_name);

TEST(Lifecycle, JsonHasTheContractKeys) {
    auto file = parse_case_json(case_json("", kP1 + "," + kP2Scheduled), "case.json");
    ASSERT_TRUE(file);
    const auto j = to_json(evaluate_case(*file, *CivilDate::parse("2023-02-01")), *file,
                           *CivilDate::parse("2023-02-01"));
    for (const char* key :
         {"state", "close_date", "close_date_projected", "close_reason", "days_left",
          "can_submit_refinement", "needs_reopen", "may_be_closed_by_lab", "warnings"}) {
        EXPECT_TRUE(j.contains(key)) << key;
    }
    EXPECT_TRUE(j["close_date"].is_null());
    EXPECT_TRUE(j["close_reason"].is_null());
    EXPECT_TRUE(j["warnings"].is_array());
}

TEST(Lifecycle, TermsFromARulePackChangeTheArithmetic) {
    auto file = parse_case_json(case_json("", kP1 + "," + kP2Delivered), "case.json");
    ASSERT_TRUE(file);
    LifecycleTerms terms;
    terms.close_after_final_wear_days = 30;
    const CaseStatus st = evaluate_case(*file, *CivilDate::parse("2023-06-01"), terms);
    EXPECT_EQ(opt(st.close_date), "2023-08-22");  // 2023-03-05 + 140 + 30
}

}  // namespace
}  // namespace intake::record
