// Civil dates and strict case-file parsing: every bad input names its field.
#include "station/record/case_file.h"

#include <gtest/gtest.h>

#include "station/record/civil_date.h"

namespace intake::record {
namespace {

TEST(CivilDate, ParsesFormatsAndRoundTrips) {
    for (const char* text :
         {"1970-01-01", "2000-02-29", "2023-12-31", "2024-02-29", "9999-12-31"}) {
        auto d = CivilDate::parse(text);
        ASSERT_TRUE(d) << text;
        EXPECT_EQ(d->to_string(), text);
    }
    EXPECT_EQ(CivilDate::parse("1970-01-01")->days_since_epoch(), 0);
    EXPECT_EQ(CivilDate::parse("2000-03-01")->days_since_epoch(), 11017);
}

TEST(CivilDate, RejectsImpossibleDatesNamingTheField) {
    for (const char* text : {"2023-02-29", "2100-02-29", "2023-04-31", "2023-13-01", "2023-00-10",
                             "2023-1-05", "20230105", "2023-01-05T00:00", "", "0000-01-01"}) {
        auto d = CivilDate::parse(text, "phases[1].arrived_on");
        ASSERT_FALSE(d) << text;
        EXPECT_EQ(d.error().code, Errc::bad_input);
        EXPECT_NE(d.error().message.find("phases[1].arrived_on"), std::string::npos);
    }
}

TEST(CivilDate, ArithmeticAcrossLeapYears) {
    const CivilDate a = *CivilDate::parse("2024-02-28");
    EXPECT_EQ(a.add_days(1).to_string(), "2024-02-29");
    EXPECT_EQ(a.add_days(2).to_string(), "2024-03-01");
    EXPECT_EQ(CivilDate::parse("2023-02-28")->add_days(1).to_string(), "2023-03-01");
    EXPECT_EQ(CivilDate::parse("2024-12-31")->days_since(*CivilDate::parse("2024-01-01")), 365);
    EXPECT_EQ(CivilDate::parse("2023-12-31")->days_since(*CivilDate::parse("2023-01-01")), 364);
    EXPECT_EQ(CivilDate::parse("2024-02-29")->add_years(1).to_string(), "2025-02-28");
    EXPECT_EQ(CivilDate::parse("2024-02-29")->add_years(4).to_string(), "2028-02-29");
    EXPECT_TRUE(is_leap_year(2000));
    EXPECT_FALSE(is_leap_year(1900));
    EXPECT_EQ(days_in_month(2023, 2), 28);
}

TEST(CivilDate, DayNumbersAreContinuousOverFourCenturies) {
    CivilDate d = *CivilDate::parse("1900-01-01");
    for (int i = 0; i < 146097; ++i) {
        const CivilDate next = d.add_days(1);
        ASSERT_TRUE(CivilDate::parse(next.to_string())) << next.to_string();
        ASSERT_EQ(*CivilDate::parse(next.to_string()), next);
        d = next;
    }
    EXPECT_EQ(d.to_string(), "2300-01-01");
}

const char* kGood = R"({"case_id": "C-1", "rules": "clearcorrect-2016", "type": "standard",
  "submitted_on": "2023-01-05", "wear_days_per_step": 14, "retainer_requested_on": null,
  "reopened_on": null,
  "phases": [{"number": 1, "kind": "starter", "steps": 2, "status": "delivered",
              "shipped_on": "2023-01-16", "arrived_on": "2023-01-20"},
             {"number": 2, "kind": "treatment", "steps": 10, "status": "scheduled",
              "ship_on": "2023-03-01"}]})";

TEST(CaseFile, ParsesTheIssueExampleAndRoundTrips) {
    auto c = parse_case_json(kGood, "case.json");
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->case_id, "C-1");
    ASSERT_EQ(c->phases.size(), 2u);
    EXPECT_EQ(c->phases[1].kind, PhaseKind::treatment);
    EXPECT_EQ(c->phases[1].ship_on->to_string(), "2023-03-01");
    auto again = parse_case_json(case_to_json_text(*c), "again.json");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(case_to_json_text(*again), case_to_json_text(*c));
}

struct BadCase {
    std::string from;
    std::string to;
    std::string message;
};

TEST(CaseFile, BadInputNamesTheField) {
    const BadCase cases[] = {
        {R"("arrived_on": "2023-01-20")", R"("arrived_on": "2023-02-30")",
         "case.json: phases[0].arrived_on: 2023-02-30 is not a date"},
        {R"("ship_on": "2023-03-01")", R"("ship_on": "2023-02-29")",
         "case.json: phases[1].ship_on: 2023-02-29 is not a date"},
        {R"("type": "standard")", R"("type": "standard", "colour": "red")",
         "case.json: colour: unknown field"},
        {R"("kind": "starter")", R"("kind": "passive")", "case.json: phases[0].kind: 'passive'"},
        {R"("status": "scheduled")", R"("status": "paused")", "phases[1].status: 'paused'"},
        {R"("steps": 10)", R"("steps": "10")", "phases[1].steps: expected a whole number"},
        {R"("case_id": "C-1", )", "", "case.json: case_id: required"},
        {R"("type": "standard")", R"("type": "premium")", "case.json: type: 'premium'"},
        {R"("number": 2)", R"("number": 1)", "phases[1].number: phase 1 appears twice"},
        {R"("shipped_on": "2023-01-16")", R"("shipped_on": "2023-01-26")",
         "phases[0].arrived_on: 2023-01-20 is before shipped_on 2023-01-26"},
        {R"("wear_days_per_step": 14)", R"("wear_days_per_step": 0)",
         "wear_days_per_step: 0 is out of range"},
        {R"("ship_on": "2023-03-01")", R"("ship_on": "2023-03-01", "eta": "2023-03-04")",
         "phases[1].eta: unknown field"},
    };
    for (const BadCase& bc : cases) {
        std::string text = kGood;
        const auto at = text.find(bc.from);
        ASSERT_NE(at, std::string::npos) << bc.from;
        text.replace(at, bc.from.size(), bc.to);
        auto c = parse_case_json(text, "case.json");
        ASSERT_FALSE(c) << bc.to;
        EXPECT_EQ(c.error().code, Errc::bad_input);
        EXPECT_NE(c.error().message.find(bc.message), std::string::npos) << c.error().message;
    }
}

TEST(CaseFile, MalformedJsonIsBadInput) {
    auto c = parse_case_json("{\"case_id\": ", "broken.json");
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, Errc::bad_input);
    EXPECT_EQ(c.error().message.rfind("broken.json: not valid JSON", 0), 0u);
    EXPECT_FALSE(parse_case_json("[]", "array.json"));
}

}  // namespace
}  // namespace intake::record
