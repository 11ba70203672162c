// `intake patient add` and `intake case add|edit|list|show|import` through the real binary on a
// real store: exit codes, JSON keys, stderr naming the field or line, nothing half-stored.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/station/record/case_cli_support.h"

namespace intake::test {
namespace {

using nlohmann::json;
using CaseCli = CaseHome;

TEST_F(CaseCli, AFreshHomeHasNoCasesAndNoPatients) {
    CliRun list = run("case list --json");
    ASSERT_EQ(list.code, 0) << list.err;
    const json j = json::parse(list.out);
    EXPECT_TRUE(j["cases"].empty());
    EXPECT_EQ(j["total"], 0);
    EXPECT_EQ(run("case list").out, "no cases\n");
    CliRun show = run("case show DEMO-1");
    EXPECT_EQ(show.code, 3);
    EXPECT_NE(show.err.find("case DEMO-1 does not exist"), std::string::npos) << show.err;
}

TEST_F(CaseCli, PatientAddPrintsTheIdAndRefusesBadInput) {
    CliRun first = run("patient add --name 'Jane Doe' --born 1990-04-12 --chart CH-1");
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_EQ(first.out, "1\n");
    CliRun second = run("patient add --name 'Doe, John' --born 1988-02-29 --chart CH-2 --json");
    ASSERT_EQ(second.code, 0) << second.err;
    EXPECT_EQ(json::parse(second.out)["id"], 2);

    CliRun bad_date = run("patient add --name 'A B' --born 1989-02-29 --chart CH-3");
    EXPECT_EQ(bad_date.code, 3);
    EXPECT_NE(bad_date.err.find("born: 1989-02-29 is not a date"), std::string::npos);
    CliRun empty_name = run("patient add --name '' --born 1989-01-01 --chart CH-3");
    EXPECT_EQ(empty_name.code, 3);
    EXPECT_NE(empty_name.err.find("name: must not be empty"), std::string::npos);
    CliRun dup = run("patient add --name 'Other' --born 1970-01-01 --chart CH-1");
    EXPECT_EQ(dup.code, 3);
    EXPECT_NE(dup.err.find("chart id CH-1 is already patient 1"), std::string::npos) << dup.err;
    EXPECT_EQ(run("patient add --name 'A B' --born 1989-01-01").code, 2);  // --chart missing
}

TEST_F(CaseCli, PatientEditCorrectsThePatientAndTheCasesFollowTheChart) {
    const int64_t patient = add_patient("Jane Doe", "CH-1");
    add_patient("John Roe", "CH-2");
    const std::string file = write("case.json", case_json("C-1", "LAB-000777"));
    ASSERT_EQ(run("case add " + file + " --patient " + std::to_string(patient)).code, 0);
    const std::string id = std::to_string(patient);

    CliRun edited = run("patient edit " + id + " --name 'Jane Smith' --chart CH-1A --json");
    ASSERT_EQ(edited.code, 0) << edited.err;
    const json j = json::parse(edited.out);
    EXPECT_EQ(j["name"], "Jane Smith");
    EXPECT_EQ(j["chart_id"], "CH-1A");
    EXPECT_EQ(j["born"], "1990-04-12");
    CliRun shown = run("case show C-1 --json");
    ASSERT_EQ(shown.code, 0) << shown.err;
    EXPECT_NE(shown.out.find("CH-1A"), std::string::npos) << shown.out;
    EXPECT_EQ(shown.out.find("\"CH-1\""), std::string::npos) << shown.out;

    CliRun taken = run("patient edit " + id + " --chart CH-2");
    EXPECT_EQ(taken.code, 3);
    EXPECT_NE(taken.err.find("chart id CH-2 is already patient"), std::string::npos) << taken.err;
    CliRun traversal = run("patient edit " + id + " --chart ../x");
    EXPECT_EQ(traversal.code, 3);
    CliRun unknown = run("patient edit 42 --name X");
    EXPECT_EQ(unknown.code, 3);
    EXPECT_NE(unknown.err.find("patient 42 does not exist"), std::string::npos) << unknown.err;
    EXPECT_EQ(run("patient edit " + id).code, 2) << "no change given";
    EXPECT_EQ(json::parse(run("patient edit " + id + " --born 1990-04-13 --json").out)["name"],
              "Jane Smith");
}

TEST_F(CaseCli, CaseAddEditListAndShow) {
    const int64_t patient = add_patient("Jane Doe", "CH-1");
    const std::string file = write("case.json", case_json("C-1", "LAB-000777"));
    CliRun added = run("case add " + file + " --patient " + std::to_string(patient) + " --json");
    ASSERT_EQ(added.code, 0) << added.err;
    EXPECT_EQ(json::parse(added.out)["lab_case_id"], "LAB-000777");

    CliRun unknown_patient =
        run("case add " + write("c2.json", case_json("C-2", "LAB-2")) + " --patient 42");
    EXPECT_EQ(unknown_patient.code, 3);
    EXPECT_NE(unknown_patient.err.find("patient 42 does not exist"), std::string::npos);
    json no_number = json::parse(case_json("C-3", "x"));
    no_number.erase("lab_case_id");
    CliRun refused = run("case add " + write("c3.json", no_number.dump()) + " --patient 1");
    EXPECT_EQ(refused.code, 3);
    EXPECT_NE(refused.err.find("lab_case_id: is required"), std::string::npos) << refused.err;
    EXPECT_EQ(run("case add " + file + " --patient 1").code, 3);  // C-1 exists

    CliRun edited =
        run("case edit C-1 --set-phase 2:status=delivered,arrived_on=2026-08-01 "
            "--set-phase 3:kind=treatment,steps=4,status=on-hold --json");
    ASSERT_EQ(edited.code, 0) << edited.err;
    EXPECT_EQ(json::parse(edited.out)["phases"][1]["arrived_on"], "2026-08-01");
    CliRun bad_date = run("case edit C-1 --retainer-requested 2026-02-30");
    EXPECT_EQ(bad_date.code, 3);
    EXPECT_NE(bad_date.err.find("--retainer-requested: 2026-02-30 is not a date"),
              std::string::npos);
    CliRun bad_phase = run("case edit C-1 --set-phase 2:arrived_on=2026-13-01");
    EXPECT_EQ(bad_phase.code, 3);
    EXPECT_NE(bad_phase.err.find("phases[1].arrived_on"), std::string::npos) << bad_phase.err;
    EXPECT_EQ(run("case edit C-404 --reopened 2026-11-01").code, 3);
    EXPECT_EQ(run("case edit C-1").code, 2);

    CliRun found = run("case list --search jane --json");
    ASSERT_EQ(found.code, 0);
    const json list = json::parse(found.out);
    ASSERT_EQ(list["cases"].size(), 1u);
    EXPECT_EQ(list["cases"][0]["case_id"], "C-1");
    EXPECT_EQ(list["cases"][0]["chart_id"], "CH-1");
    EXPECT_EQ(list["cases"][0]["patient_name"], "Jane Doe");
    EXPECT_EQ(json::parse(run("case list --search nobody --json").out)["total"], 0);

    CliRun shown = run("case show C-1 --on 2026-12-01 --json");
    ASSERT_EQ(shown.code, 0) << shown.err;
    const json s = json::parse(shown.out);
    EXPECT_EQ(s["lab_case_id"], "LAB-000777");
    EXPECT_EQ(s["patient"]["name"], "Jane Doe");
    EXPECT_EQ(s["patient"]["chart_id"], "CH-1");
    EXPECT_EQ(s["status"]["state"], "open");
    EXPECT_EQ(s["status"]["can_submit_refinement"], true);
    EXPECT_EQ(s["case"]["phases"].size(), 3u);
    EXPECT_TRUE(s["history"].empty());
    CliRun text = run("case show C-1 --on 2026-12-01");
    EXPECT_NE(text.out.find("submissions: none"), std::string::npos) << text.out;

    // A retainer request closes the case (seed 003): show says so.
    ASSERT_EQ(run("case edit C-1 --retainer-requested 2026-11-15").code, 0);
    const json closed = json::parse(run("case show C-1 --on 2026-12-01 --json").out);
    EXPECT_EQ(closed["status"]["state"], "closed");
    EXPECT_EQ(closed["status"]["close_reason"], "retainer-requested");
}

TEST_F(CaseCli, ImportAddsEverythingOrNothing) {
    const std::string header =
        "chart_id,name,born,case_id,rules,lab,lab_case_id,submitted_on,type\n";
    const std::string good =
        write("good.csv", header +
                              "CH-1,\"Doe, Jane\",1990-04-12,C-1,generic,Lab A,LAB-1,2026-05-01,\n"
                              "CH-2,Bo Li,1992-07-30,C-2,generic,Lab A,LAB-2,2026-05-02,teen\n");
    CliRun imported = run("case import " + good + " --json");
    ASSERT_EQ(imported.code, 0) << imported.err;
    EXPECT_EQ(json::parse(imported.out)["cases_added"], 2);
    EXPECT_EQ(json::parse(run("case list --json").out)["total"], 2);

    const std::string bad =
        write("bad.csv", header +
                             "CH-3,Al Roe,1990-01-01,C-3,generic,Lab A,LAB-3,2026-05-01,\n"
                             "CH-4,Cy Poe,1990-02-30,C-4,generic,Lab A,LAB-4,2026-05-01,\n");
    CliRun refused = run("case import " + bad);
    EXPECT_EQ(refused.code, 3);
    EXPECT_NE(refused.err.find("bad.csv:3: born: 1990-02-30 is not a date"), std::string::npos)
        << refused.err;
    EXPECT_EQ(json::parse(run("case list --json").out)["total"], 2);
    EXPECT_EQ(run("case show C-3").code, 3);  // row 2 was fine, still not stored
    CliRun missing = run("case import " + shell_quote(dir_ / "missing.csv"));
    EXPECT_EQ(missing.code, 3);  // a missing file is bad input, like every command's
    EXPECT_NE(missing.err.find("missing.csv"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace intake::test
