// A stored patient and case through `intake package build`, `export-dicom` and `outbox add`:
// the lab's case number in manifest.json, the first line of prescription.txt, the hand-out
// greeting the patient by name, DICOM PatientName/PatientID, and the case's history.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "station/package/package_reader.h"
#include "tests/station/record/case_cli_support.h"

namespace intake::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using CasePackage = CaseHome;

std::string build_args(const std::string& case_file) {
    const fs::path data = INTAKE_TESTDATA_DIR, src = INTAKE_SOURCE_DIR;
    std::string a = "package build --case " + case_file + " --rx " +
                    shell_quote(src / "station/rules/demo/rx.json") + " --scan " +
                    shell_quote("upper=" + (data / "scans/Ref_Upper_Mesh_Tag=0.obj").string()) +
                    " --scan " +
                    shell_quote("lower=" + (data / "scans/Ref_Lower_Mesh_Tag=0.obj").string());
    a += " --photo " + shell_quote("intraoral-frontal=" + (data / "photos/0-4.png").string());
    return a +
           " --created-at 2026-12-01T10:00:00Z --override-reason 'testdata series' --by dr-test";
}

std::string entry_text(const package::PackageContents& c, const std::string& path) {
    const auto& bytes = c.files.at(path);
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::string dicom_string(const fs::path& file, const DcmTagKey& tag) {
    DcmFileFormat ff;
    EXPECT_TRUE(ff.loadFile(file.c_str()).good()) << file;
    OFString value;
    ff.getDataset()->findAndGetOFString(tag, value);
    return value.c_str();
}

TEST_F(CasePackage, LabCaseNumberAndPatientNameReachTheLabAndTheHistory) {
    add_clinician();
    add_patient("Jane Q. Doe", "CH-1");
    // The practice's case file names the patient's chart, as package build needs.
    json with_chart = json::parse(case_json("C-1", "LAB-000777"));
    with_chart["patient_chart_id"] = "CH-1";
    const std::string file = write("case.json", with_chart.dump());
    ASSERT_EQ(run("case add " + file + " --patient 1").code, 0);
    const fs::path pkg = dir_ / "p.zip";
    CliRun built = run(build_args(file) + " -o " + shell_quote(pkg), clinician_pin());
    ASSERT_EQ(built.code, 0) << built.err;
    const std::string package_id = json::parse(built.out)["package_id"];

    auto contents = package::read_package(pkg);
    ASSERT_TRUE(contents) << contents.error().message;
    EXPECT_EQ(contents->manifest.lab_case_id, "LAB-000777");
    EXPECT_EQ(json::parse(contents->manifest_text)["lab_case_id"], "LAB-000777");
    const std::string rx = entry_text(*contents, "prescription.txt");
    EXPECT_EQ(rx.substr(0, rx.find('\n')), "Additional aligners for case LAB-000777");
    const std::string handout = entry_text(*contents, "handout.html");
    EXPECT_NE(handout.find("Dear Jane Q. Doe,"), std::string::npos);
    EXPECT_EQ(handout.find("CH-1"), std::string::npos);  // never the chart id
    // Phase 1 (2 steps) arrived 2026-06-14: by December the patient wears aligner 2; the pack's
    // 21 days of turnaround put the new ones on 22 December.
    EXPECT_NE(handout.find("aligner number 2"), std::string::npos);
    EXPECT_NE(handout.find("22 December 2026"), std::string::npos);

    CliRun dicom =
        run("package export-dicom " + shell_quote(pkg) + " " + shell_quote(dir_ / "dcm"));
    ASSERT_EQ(dicom.code, 0) << dicom.err;
    for (const char* name : {"scan-upper.dcm", "photo-intraoral-frontal.dcm"}) {
        EXPECT_EQ(dicom_string(dir_ / "dcm" / name, DCM_PatientName), "Doe^Jane Q.");
        EXPECT_EQ(dicom_string(dir_ / "dcm" / name, DCM_PatientID), "CH-1");
    }

    CliRun queued = run("outbox add " + shell_quote(pkg));
    ASSERT_EQ(queued.code, 0) << queued.err;
    const json shown = json::parse(run("case show C-1 --json").out);
    ASSERT_EQ(shown["history"].size(), 2u) << shown.dump(2);
    EXPECT_EQ(shown["history"][0]["event"], "overridden");
    EXPECT_EQ(shown["history"][0]["package_id"], package_id);
    EXPECT_EQ(shown["history"][0]["lab_case_id"], "LAB-000777");
    EXPECT_EQ(shown["history"][0]["package_path"], pkg.string());
    EXPECT_EQ(shown["history"][1]["event"], "queued");
    // Queuing the same package again is not a second submission.
    ASSERT_EQ(run("outbox add " + shell_quote(pkg)).code, 0);
    EXPECT_EQ(json::parse(run("case show C-1 --json").out)["history"].size(), 2u);
}

TEST_F(CasePackage, ARefinementWithoutTheLabsCaseNumberIsRefused) {
    add_clinician();
    json no_number = json::parse(case_json("C-2", "x"));
    no_number.erase("lab_case_id");
    no_number["patient_chart_id"] = "CH-2";
    const std::string file = write("case.json", no_number.dump());
    CliRun refused = run(build_args(file) + " -o " + shell_quote(dir_ / "p.zip"), clinician_pin());
    EXPECT_EQ(refused.code, 3);
    EXPECT_NE(refused.err.find("lab_case_id is required to submit a refinement"), std::string::npos)
        << refused.err;
    EXPECT_FALSE(fs::exists(dir_ / "p.zip"));
}

}  // namespace
}  // namespace intake::test
