// The practice-management CSV import on both engines (SQLite and a throwaway PostgreSQL): quoting,
// reuse of known patients, and a bad row anywhere leaves the store exactly as it was.
#include "station/record/case_import.h"

#include <gtest/gtest.h>

#include "station/record/case_registry.h"
#include "tests/station/record/engine_fixture.h"

namespace intake::record {
namespace {

namespace fs = std::filesystem;

class Import : public test::EngineTest {
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
    Result<ImportSummary> import(const std::string& csv) {
        return import_cases_csv(*store_, csv, "export.csv", INTAKE_RULES_DIR,
                                CivilDate::parse("2026-12-01").value());
    }
    std::optional<Store> store_;
};

constexpr const char* kHeader =
    "chart_id,name,born,case_id,rules,lab,lab_case_id,submitted_on,wear_days_per_step\r\n";

TEST(Csv, QuotesCommasLineBreaksAndLineNumbers) {
    auto rows = parse_csv(
        "\xEF\xBB\xBF"
        "a,b\r\n\"Doe, Jane\",\"say \"\"hi\"\"\"\n\n"
        "\"two\nlines\",x\ny,z",
        "t.csv");
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 4u);
    EXPECT_EQ((*rows)[0].fields, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"Doe, Jane", "say \"hi\""}));
    EXPECT_EQ((*rows)[2].line, 4);
    EXPECT_EQ((*rows)[2].fields[0], "two\nlines");
    EXPECT_EQ((*rows)[3].line, 6);
    auto open_quote = parse_csv("a,b\n\"never closed,x\n", "t.csv");
    ASSERT_FALSE(open_quote);
    EXPECT_EQ(open_quote.error().message, "t.csv:2: a quoted field is never closed");
}

TEST_P(Import, AddsPatientsAndCasesReusingAKnownChart) {
    ASSERT_TRUE(add_patient(*store_, {"Ann Lee", "1985-03-02", "CH-7"},
                            CivilDate::parse("2026-12-01").value()));
    const std::string csv = std::string(kHeader) +
                            "CH-1,\"Doe, Jane\",1990-04-12,C-1,aligner-refinement-2026,Lab A,"
                            "LAB-1,2026-05-01,14\r\n"
                            "CH-1,\"Doe, Jane\",1990-04-12,C-2,generic,Lab A,LAB-2,2026-06-01,\r\n"
                            "CH-7,Ann Lee,1985-03-02,C-3,generic,Lab B,LAB-3,2026-07-01,10\r\n";
    auto summary = import(csv);
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->rows, 3);
    EXPECT_EQ(summary->cases_added, 3);
    EXPECT_EQ(summary->patients_added, 1);
    EXPECT_EQ(summary->patients_reused, 2);
    EXPECT_EQ(store_->patients()->size(), 2u);
    auto c3 = store_->find_case("C-3");
    ASSERT_TRUE(c3 && *c3);
    EXPECT_EQ((*c3)->lab_case_id, "LAB-3");
    EXPECT_EQ(parse_case_json((*c3)->case_json, "db")->wear_days_per_step, 10);
}

TEST_P(Import, EveryBadRowIsNamedByLineAndNothingIsStored) {
    const std::string csv = std::string(kHeader) +
                            "CH-1,Jane Doe,1990-04-12,C-1,generic,Lab A,LAB-1,2026-05-01,14\n"
                            "CH-2,Bo Li,1990-02-30,C-2,generic,Lab A,LAB-2,2026-05-01,14\n"
                            "CH-3,Al Roe,1990-01-01,C-3,generic,Lab A,LAB-3,2026-13-01,14\n"
                            "CH-1,Someone Else,1970-01-01,C-4,generic,Lab A,LAB-4,2026-05-01,\n"
                            "CH-5,Cy Poe,1990-01-01,../C-5,generic,Lab A,LAB-5,2026-05-01,\n"
                            "CH-6,Di Fox,1990-01-01,C-6,no-such-lab,Lab A,LAB-6,2026-05-01,\n"
                            "CH-7,Ed Hu,1990-01-01,C-1,generic,Lab A,LAB-7,2026-05-01,\n"
                            "CH-8,Fay Wu\n";
    auto summary = import(csv);
    ASSERT_FALSE(summary);
    EXPECT_EQ(summary.error().code, Errc::bad_input);
    const std::string& m = summary.error().message;
    EXPECT_NE(m.find("7 bad row(s), nothing imported"), std::string::npos) << m;
    EXPECT_NE(m.find("export.csv:3: born: 1990-02-30 is not a date"), std::string::npos) << m;
    EXPECT_NE(m.find("export.csv:4: submitted_on"), std::string::npos) << m;
    EXPECT_NE(m.find("export.csv:5: chart_id: CH-1 is already patient"), std::string::npos) << m;
    EXPECT_NE(m.find("export.csv:6: case_id"), std::string::npos) << m;
    EXPECT_NE(m.find("export.csv:7: rules"), std::string::npos) << m;
    EXPECT_NE(m.find("export.csv:8: case_id: case C-1 already exists"), std::string::npos) << m;
    EXPECT_NE(m.find("export.csv:9: 2 fields, the header has 9"), std::string::npos) << m;
    EXPECT_EQ(m.find("export.csv:2:"), std::string::npos) << m;
    EXPECT_TRUE(store_->patients()->empty());
    EXPECT_TRUE(store_->practices()->empty());
    EXPECT_EQ(store_->list_cases()->total, 0);
}

TEST_P(Import, RefusesAHeaderWithUnknownOrMissingColumns) {
    auto unknown = import("chart_id,name,born,case_id,rules,lab,lab_case_id,submitted_on,ssn\n");
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("export.csv:1: unknown column 'ssn'"),
              std::string::npos);
    auto missing = import("chart_id,name,born\nCH-1,A B,1990-01-01\n");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("no 'case_id' column"), std::string::npos);
    EXPECT_FALSE(import(""));
}

INSTANTIATE_TEST_SUITE_P(BothEngines, Import, test::kBothEngines, test::engine_name);

}  // namespace
}  // namespace intake::record
