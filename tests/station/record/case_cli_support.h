// A scratch home for the patient/case CLI tests: the real `intake` binary with --home, the
// bundled rule packs, and files written into the scratch folder.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/atomic_file.h"
#include "tests/support/cli_runner.h"

namespace intake::test {

class CaseHome : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("intake-case-cli-" + std::to_string(::getpid()) + "-" + std::to_string(n_++));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    CliRun run(const std::string& args, const std::string& stdin_text = "") {
        return run_intake(
            args, dir_,
            {.home = dir_,
             .stdin_text = stdin_text,
             .environment = "INTAKE_RULES_DIR=" + shell_quote(std::string(INTAKE_RULES_DIR))});
    }
    std::string write(const std::string& name, const std::string& text) {
        EXPECT_TRUE(write_file_atomic(dir_ / name, text));
        return shell_quote(dir_ / name);
    }
    // The clinician who signs the gate overrides the testdata series needs (it lacks views the
    // rule pack requires): `override_by()` names them, `clinician_pin()` is their stdin line.
    void add_clinician() {
        CliRun r =
            run("user add dr-test --name 'Dr Test' --role clinician --pin-stdin", clinician_pin());
        ASSERT_EQ(r.code, 0) << r.err;
    }
    static std::string override_by() { return " --by dr-test"; }
    static std::string clinician_pin() { return "135790\n"; }
    // `patient add` and its id.
    int64_t add_patient(const std::string& name, const std::string& chart) {
        CliRun r = run("patient add --name " + shell_quote(name) + " --born 1990-04-12 --chart " +
                       shell_quote(chart) + " --json");
        EXPECT_EQ(r.code, 0) << r.err;
        return r.code == 0 ? nlohmann::json::parse(r.out)["id"].get<int64_t>() : 0;
    }
    static std::string case_json(const std::string& id, const std::string& lab_case_id) {
        return R"({"case_id": ")" + id + R"(", "rules": "aligner-refinement-2026",
            "rules_version": "2026.1", "lab": "Demo Aligner Lab", "lab_case_id": ")" +
               lab_case_id + R"(", "submitted_on": "2026-06-01", "wear_days_per_step": 14,
            "phases": [{"number": 1, "kind": "starter", "steps": 2, "status": "delivered",
                        "shipped_on": "2026-06-10", "arrived_on": "2026-06-14"},
                       {"number": 2, "kind": "treatment", "steps": 10, "status": "on-hold"}]})";
    }

    std::filesystem::path dir_;
    static inline int n_ = 0;
};

}  // namespace intake::test
