// The real `intake` binary on prescriptions with the lab form's features and on free text
// alone: `rx check` (exit codes, understood[]), `rx render` (the lab's text, nothing on stdout
// when refused) and `package build --rx` carrying them into the signed package.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/atomic_file.h"
#include "station/package/package_reader.h"
#include "tests/support/cli_runner.h"

namespace {

namespace fs = std::filesystem;
using intake::test::CliRun;
using intake::test::shell_quote;

class RxCli : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("intake-rx-cli-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    CliRun run(const std::string& args, const std::string& stdin_text = "") {
        return intake::test::run_intake(
            args, dir_,
            {.home = dir_,
             .stdin_text = stdin_text,
             .environment = "INTAKE_RULES_DIR=" + shell_quote(std::string(INTAKE_RULES_DIR))});
    }

    std::string write(const std::string& name, const std::string& text) {
        EXPECT_TRUE(intake::write_file_atomic(dir_ / name, text));
        return shell_quote(dir_ / name);
    }

    fs::path dir_;
};

const char* kForm = R"({"case_id":"DEMO-1","arches_to_treat":"both","current_aligner":14,
 "instructions":[{"teeth":"33/34","movement":"ipr","amount":0.2,"unit":"mm"},
  {"movement":"elastic","from":"13","to":"46","class":"II","to_cut":"button-cutout"},
  {"teeth":"22","movement":"pontic"},{"teeth":"11, 21","movement":"bite-ramp"}],
 "free_text":"extrude the 24 another 0.5mm"})";

TEST_F(RxCli, FreeTextAloneIsChecked) {
    const auto file = write("text.json", R"({"free_text":
        "Extrude the 24 another 0.5mm; intrude 12 and 22 by 0.3 mm. Rotate 13 mesially 10 degrees."})");
    CliRun json = run("rx check " + file + " --json");
    ASSERT_EQ(json.code, 0) << json.err << json.out;
    const auto j = nlohmann::json::parse(json.out);
    EXPECT_EQ(j["valid"], true);
    EXPECT_TRUE(j["instructions"].empty());
    ASSERT_EQ(j["understood"].size(), 3u);
    EXPECT_EQ(j["understood"][1]["movement"], "intrude");
    EXPECT_EQ(j["understood"][1]["teeth_fdi"], nlohmann::json::array({12, 22}));
    EXPECT_EQ(j["understood"][1]["amount"], 0.3);
    EXPECT_EQ(j["understood"][2]["text"], "Please rotate the 13 mesially another 10\u00b0.");
    CliRun text = run("rx check " + file);
    EXPECT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("understood from the free text:\n  Please extrude the 24 another "
                            "0.5 mm.  [FDI 24]"),
              std::string::npos)
        << text.out;
    CliRun too_much = run("rx check " + write("much.json", R"({"free_text":"extrude 36 8mm"})"));
    EXPECT_EQ(too_much.code, 1);
    EXPECT_NE(too_much.out.find("error: tooth 36: 8 mm extrusion is over the 3 mm limit"),
              std::string::npos)
        << too_much.out;
}

TEST_F(RxCli, RenderTheLabFormFeatures) {
    CliRun render = run("rx render " + write("form.json", kForm));
    ASSERT_EQ(render.code, 0) << render.err;
    EXPECT_EQ(render.out,
              "Submission: additional aligners under the existing case DEMO-1\n"
              "Arches to treat: upper and lower\n"
              "Aligner worn now: 14\n"
              "Attachments: Keep all existing attachments.\n"
              "Instructions:\n"
              "1. IPR 0.2 mm between 33 and 34.\n"
              "2. Class II elastic on the right: a precision-cut hook on the 13 and a button "
              "cut-out on the 46.\n"
              "3. Please add a pontic for the 22.\n"
              "4. Please add bite ramps to the 11 and 21.\n"
              "Notes: extrude the 24 another 0.5mm\n");
    const auto bad = write("bad.json", R"({"arches_to_treat":"upper","instructions":[
        {"teeth":"13/23","movement":"ipr","amount":0.2,"unit":"mm"}]})");
    CliRun refused = run("rx render " + bad);
    EXPECT_EQ(refused.code, 1);
    EXPECT_TRUE(refused.out.empty()) << refused.out;
    EXPECT_NE(refused.err.find("contact 13/23: instructions[0].teeth: 13 and 23 are not adjacent"),
              std::string::npos)
        << refused.err;
    CliRun checked = run("rx check " + bad + " --json");
    EXPECT_EQ(checked.code, 1);
    EXPECT_EQ(nlohmann::json::parse(checked.out)["arches_to_treat"], "upper");
    CliRun malformed = run("rx check " + write("m.json", R"({"current_aligner":"fourteen"})"));
    EXPECT_EQ(malformed.code, 3);
    EXPECT_NE(malformed.err.find("current_aligner"), std::string::npos) << malformed.err;
}

TEST_F(RxCli, PackageBuildCarriesTheNewInstructions) {
    const fs::path src = INTAKE_SOURCE_DIR, data = INTAKE_TESTDATA_DIR;
    const fs::path out = dir_ / "p.zip";
    // The testdata series lacks views the rule pack requires: a clinician overrides the gate.
    ASSERT_EQ(
        run("user add dr-test --name 'Dr Test' --role clinician --pin-stdin", "135790\n").code, 0);
    CliRun built = run(
        "package build --case " + shell_quote(src / "station/rules/demo/case.json") + " --rx " +
            write("form.json", kForm) + " --scan " +
            shell_quote("upper=" + (data / "scans/Ref_Upper_Mesh_Tag=0.obj").string()) +
            " --scan " +
            shell_quote("lower=" + (data / "scans/Ref_Lower_Mesh_Tag=0.obj").string()) +
            " --photo " + shell_quote("intraoral-frontal=" + (data / "photos/0-4.png").string()) +
            " --override-reason 'testdata series, reviewed' --by dr-test" +
            " --created-at 2026-11-23T13:00:00Z -o " + shell_quote(out),
        "135790\n");
    ASSERT_EQ(built.code, 0) << built.err;
    auto contents = intake::package::read_package(out);
    ASSERT_TRUE(contents) << contents.error().message;
    const auto& txt = contents->files.at("prescription.txt");
    const std::string lab(reinterpret_cast<const char*>(txt.data()), txt.size());
    EXPECT_NE(lab.find("1. IPR 0.2 mm between 33 and 34.\n"), std::string::npos) << lab;
    EXPECT_NE(lab.find("Aligner worn now: 14\n"), std::string::npos) << lab;
    const auto& js = contents->files.at("prescription.json");
    const auto rx =
        nlohmann::json::parse(std::string(reinterpret_cast<const char*>(js.data()), js.size()));
    EXPECT_EQ(rx["instructions"][1]["class"], "II");
    EXPECT_EQ(rx["instructions"][1]["to_cut"], "button-cutout");
    EXPECT_EQ(rx["current_aligner"]["upper"], 14);
}

}  // namespace
