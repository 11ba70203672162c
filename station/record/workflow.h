// The six steps of the refinement appointment (seed 000) as an explicit state machine with
// role gates: the assistant captures; the clinician decides attachments, writes the
// prescription and instructions, and signs off. Every transition is recorded (who, role,
// what) and, when an audit log is attached, appended to it with before/after hashes.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "station/record/audit_log.h"
#include "station/record/roles.h"

namespace intake::record {

enum class Step {
    attachments = 1,   // 1 the attachments decision (clinician)
    capture = 2,       // 2 new photos and a new scan (assistant)
    submission = 3,    // 3 submit as additional aligners under the existing case
    prescription = 4,  // 4 the prescription with the attachments choice (clinician)
    instructions = 5,  // 5 written movement instructions (clinician)
    handout = 6,       // 6 the patient hand-out, after sign-off
};
inline constexpr int kStepCount = 6;
std::string_view step_name(Step step);  // "attachments", "capture", ...

struct StepRecord {
    bool done = false;
    std::string by;
    Role role = Role::assistant;
    nlohmann::json record;  // what was captured or decided
};

struct GateResult;

class Workflow {
  public:
    explicit Workflow(std::string case_id, AuditLog* audit = nullptr);

    // Completes (or redoes) a step. Refused with access_denied when the role may not do it (with
    // an audit log: also when the store does not know the actor as an active user of that role;
    // the refusal is audited), with conflict when an earlier step is not done. Redoing a step
    // withdraws the sign-off. Step 4's record must carry the same "decision" as step 1's. With
    // an audit log, a failed append undoes the step and is returned (fail closed).
    Status complete(Step step, const Actor& actor, nlohmann::json record);

    // The clinician signs off once steps 1-5 are done and the gate passed or was overridden.
    // Role check and fail-closed audit as for complete().
    Status sign_off(const Actor& actor, const GateResult& gate);

    bool done(Step step) const;
    bool signed_off() const { return signed_off_; }
    // The first step not done yet, or nullopt when all six are.
    std::optional<Step> next_step() const;
    const StepRecord& record(Step step) const;
    static bool role_may(Role role, Step step);

    nlohmann::json to_json() const;
    // The inverse of to_json, for resuming an appointment after a crash or restart (the state is
    // kept in the store's `workflows` table). Nothing is audited: restoring is not an action.
    // Errc::bad_input naming the field when the JSON is not a workflow of `case_id`.
    static Result<Workflow> from_json(const nlohmann::json& j, std::string_view case_id,
                                      AuditLog* audit = nullptr);
    const std::string& case_id() const { return case_id_; }
    const std::string& signed_off_by() const { return signed_off_by_; }

  private:
    Status audit(const Actor& actor, std::string_view action, const std::string& before,
                 std::string detail);
    std::string state_hash() const;

    std::string case_id_;
    AuditLog* audit_;
    std::array<StepRecord, kStepCount> steps_{};
    bool signed_off_ = false;
    std::string signed_off_by_;
};

}  // namespace intake::record
