// Attacks through the ids and names a person types: path traversal, control characters and
// terminal escapes are refused before they reach the store or any path, with exit 3.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/station/record/case_cli_support.h"

namespace intake::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using CaseSecurity = CaseHome;

TEST_F(CaseSecurity, TraversalInACaseIdIsRefusedAndNothingIsStored) {
    add_patient("Jane Doe", "CH-1");
    for (const char* id : {"../../outside", "a/b", "..", "C-1\\u001b[2J", ".hidden"}) {
        const std::string file = write("case.json", case_json(id, "LAB-1"));
        CliRun r = run("case add " + file + " --patient 1");
        EXPECT_EQ(r.code, 3) << id << ": " << r.err;
        EXPECT_NE(r.err.find("case_id: "), std::string::npos) << r.err;
    }
    const std::string lab_traversal = write("lab.json", case_json("C-1", "../LAB-1"));
    EXPECT_EQ(run("case add " + lab_traversal + " --patient 1").code, 3);
    EXPECT_EQ(json::parse(run("case list --json").out)["total"], 0);
    EXPECT_FALSE(fs::exists(dir_.parent_path() / "outside"));
}

TEST_F(CaseSecurity, TraversalAndEscapesInPatientFieldsAreRefused) {
    EXPECT_EQ(run("patient add --name 'Jane Doe' --born 1990-01-01 --chart ../../etc").code, 3);
    EXPECT_EQ(run("patient add --name 'Jane Doe' --born 1990-01-01 --chart 'a/b'").code, 3);
    CliRun escape =
        run("patient add --name \"$(printf 'Jane\\033[2JDoe')\" --born 1990-01-01 "
            "--chart CH-9");
    EXPECT_EQ(escape.code, 3);
    EXPECT_NE(escape.err.find("name: contains a control character"), std::string::npos)
        << escape.err;
    EXPECT_EQ(run("case show ../../etc/passwd").code, 3);
    EXPECT_EQ(run("case edit '../x' --reopened 2026-01-01").code, 3);
    CliRun csv = run("case import " + write("x.csv",
                                            "chart_id,name,born,case_id,rules,lab,lab_case_id,"
                                            "submitted_on\nCH-1,A B,1990-01-01,../../x,generic,L,"
                                            "LAB-1,2026-01-01\n"));
    EXPECT_EQ(csv.code, 3);
    EXPECT_NE(csv.err.find("x.csv:2: case_id"), std::string::npos) << csv.err;
}

}  // namespace
}  // namespace intake::test
