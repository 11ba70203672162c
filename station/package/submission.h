// Assembling a refinement submission from the chairside inputs: each scan is checked as it came
// from the scanner, cleaned and written as STL next to its raw original; each photo is added
// under its view; the prescription is copied and rendered as the lab's text; findings go into
// qa-report.json; then the pre-submit gate decides whether the package may be built.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "station/package/package_writer.h"
#include "station/record/roles.h"

namespace intake::record {
class AuditLog;
}

namespace intake::package {

struct SubmissionInput {
    std::filesystem::path case_json;
    std::filesystem::path rx_json;
    std::vector<std::pair<std::string, std::filesystem::path>>
        scans;  // upper|lower|bite[-n] -> file
    std::vector<std::pair<std::string, std::filesystem::path>> photos;  // view id -> file
    std::string override_reason;  // lets a failing gate through, recorded in the QA report
    std::string created_at;       // RFC 3339; part of the input so rebuilds are identical
    // Who overrides (an authenticated clinician) and the audit log the override goes into: the
    // override names this person in qa-report.json and in the log.
    record::Actor override_by;
    record::AuditLog* audit = nullptr;
    // From the station's store when the case is there: the hand-out greets the patient by name
    // (never by chart id; empty: "Dear patient") and signs with the practice's name.
    std::string patient_name;
    std::string practice_name;
};

struct GateOutcome {
    bool passed = false;
    bool overridden = false;
    std::vector<std::string> blocking;  // "scan:lower: missing", "photo:frontal: fail: blurred"
    std::vector<std::string> warnings;
};

struct Submission {
    PackageRequest request;
    GateOutcome gate;
    nlohmann::json qa;  // what qa-report.json holds
    bool may_submit() const { return gate.passed || gate.overridden; }
};

using Progress = std::function<void(const std::string&)>;

// Errors are unreadable inputs (a scan that does not parse, a case file that is not JSON);
// failing checks are findings in the gate, not errors.
Result<Submission> assemble_submission(const SubmissionInput& input, const Progress& progress = {});

nlohmann::json to_json(const GateOutcome& gate);

// The first line of prescription.txt: the rule pack's submission kind and the lab's case
// number, "Additional aligners for case LAB-000123".
std::string submission_heading(std::string_view submission_kind, std::string_view lab_case_id);

}  // namespace intake::package
