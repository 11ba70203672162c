#include "station/record/workflow.h"

#include "base/sha256.h"
#include "station/record/submission_gate.h"

namespace intake::record {

std::string_view step_name(Step step) {
    switch (step) {
        case Step::attachments:
            return "attachments";
        case Step::capture:
            return "capture";
        case Step::submission:
            return "submission";
        case Step::prescription:
            return "prescription";
        case Step::instructions:
            return "instructions";
        case Step::handout:
            return "handout";
    }
    return "";
}

Workflow::Workflow(std::string case_id, AuditLog* audit)
    : case_id_(std::move(case_id)), audit_(audit) {}

bool Workflow::role_may(Role role, Step step) {
    // Clinical decisions are the clinician's; capture, filing and the hand-out are anyone's.
    switch (step) {
        case Step::attachments:
        case Step::prescription:
        case Step::instructions:
            return role == Role::clinician;
        case Step::capture:
        case Step::submission:
        case Step::handout:
            return true;
    }
    return false;
}

static size_t index_of(Step step) { return static_cast<size_t>(step) - 1; }

bool Workflow::done(Step step) const { return steps_[index_of(step)].done; }
const StepRecord& Workflow::record(Step step) const { return steps_[index_of(step)]; }

std::optional<Step> Workflow::next_step() const {
    for (int i = 1; i <= kStepCount; ++i) {
        if (!done(static_cast<Step>(i))) return static_cast<Step>(i);
    }
    return std::nullopt;
}

std::string Workflow::state_hash() const { return sha256_hex(to_json().dump()); }

Status Workflow::audit(const Actor& actor, std::string_view action, const std::string& before,
                       std::string detail) {
    if (audit_ == nullptr) return ok();
    auto seq = audit_->append(AuditEntry{actor.user_id, std::string(role_name(actor.role)),
                                         std::string(action), "case " + case_id_, before,
                                         state_hash(), std::move(detail)});
    if (!seq) return fail(seq.error());
    return ok();
}

Status Workflow::complete(Step step, const Actor& actor, nlohmann::json rec) {
    const std::string name(step_name(step));
    const std::string action = "workflow." + name;
    if (role_may(Role::assistant, step)) {
        INTAKE_TRY(
            require_role(actor, {Role::assistant, Role::clinician, Role::admin}, action, audit_));
    } else {
        INTAKE_TRY(require_role(actor, {Role::clinician}, action, audit_));
    }
    for (int i = 1; i < static_cast<int>(step); ++i) {
        if (!done(static_cast<Step>(i))) {
            return fail(Errc::conflict, "step " + name + ": step " + std::to_string(i) + " (" +
                                            std::string(step_name(static_cast<Step>(i))) +
                                            ") is not done yet");
        }
    }
    if (step == Step::handout && !signed_off_) {
        return fail(Errc::conflict, "step handout: the clinician has not signed off yet");
    }
    if (step == Step::prescription) {
        const auto& first = record(Step::attachments).record;
        if (!rec.contains("decision") || first.value("decision", "") != rec["decision"]) {
            return fail(Errc::conflict,
                        "step prescription: the attachments decision must match "
                        "step 1 (" +
                            first.value("decision", std::string("?")) + ")");
        }
    }
    const std::string before = state_hash();
    StepRecord& s = steps_[index_of(step)];
    const StepRecord old = s;
    const bool was_signed_off = signed_off_;
    s = StepRecord{true, actor.user_id, actor.role, std::move(rec)};
    if (step != Step::handout && signed_off_) signed_off_ = false;
    if (auto st = audit(actor, action, before, s.record.dump()); !st) {
        s = old;  // not audited, not done
        signed_off_ = was_signed_off;
        return st;
    }
    return ok();
}

Status Workflow::sign_off(const Actor& actor, const GateResult& gate) {
    INTAKE_TRY(require_role(actor, {Role::clinician}, "workflow.sign-off", audit_));
    for (int i = 1; i <= static_cast<int>(Step::instructions); ++i) {
        if (!done(static_cast<Step>(i))) {
            return fail(Errc::conflict, "sign-off: step " + std::to_string(i) + " (" +
                                            std::string(step_name(static_cast<Step>(i))) +
                                            ") is not done yet");
        }
    }
    if (!gate.may_submit()) {
        return fail(Errc::conflict, "sign-off: the pre-submit gate has " +
                                        std::to_string(gate.blocking_count()) +
                                        " missing or failing records and no override");
    }
    const std::string before = state_hash();
    const std::string was_by = signed_off_by_;
    const bool was_signed_off = signed_off_;
    signed_off_ = true;
    signed_off_by_ = actor.user_id;
    if (auto st =
            audit(actor, "workflow.sign-off", before,
                  gate.overridden ? "gate overridden: " + gate.override_reason : "gate passed");
        !st) {
        signed_off_ = was_signed_off;
        signed_off_by_ = was_by;
        return st;
    }
    return ok();
}

nlohmann::json Workflow::to_json() const {
    nlohmann::json steps = nlohmann::json::array();
    for (int i = 1; i <= kStepCount; ++i) {
        const StepRecord& s = record(static_cast<Step>(i));
        steps.push_back(
            {{"number", i},
             {"name", step_name(static_cast<Step>(i))},
             {"done", s.done},
             {"by", s.done ? nlohmann::json(s.by) : nlohmann::json(nullptr)},
             {"role", s.done ? nlohmann::json(role_name(s.role)) : nlohmann::json(nullptr)},
             {"record", s.record}});
    }
    const auto next = next_step();
    return {
        {"case_id", case_id_},
        {"steps", steps},
        {"signed_off", signed_off_},
        {"signed_off_by", signed_off_ ? nlohmann::json(signed_off_by_) : nlohmann::json(nullptr)},
        {"next_step", next ? nlohmann::json(static_cast<int>(*next)) : nlohmann::json(nullptr)}};
}

namespace {

Failure bad_field(std::string_view field, std::string_view what) {
    return fail(Errc::bad_input, "workflow: " + std::string(field) + ": " + std::string(what));
}

Result<StepRecord> step_from_json(const nlohmann::json& j, int number) {
    const std::string at = "steps[" + std::to_string(number - 1) + "]";
    if (!j.is_object()) return bad_field(at, "not an object");
    if (!j.contains("number") || j["number"] != number)
        return bad_field(at + ".number", "expected " + std::to_string(number));
    if (!j.contains("done") || !j["done"].is_boolean())
        return bad_field(at + ".done", "not a bool");
    StepRecord out;
    out.done = j["done"].get<bool>();
    out.record = j.value("record", nlohmann::json(nullptr));
    if (!out.done) return out;
    if (!j.contains("by") || !j["by"].is_string() || j["by"].get<std::string>().empty())
        return bad_field(at + ".by", "a done step needs who did it");
    out.by = j["by"].get<std::string>();
    if (!j.contains("role") || !j["role"].is_string()) return bad_field(at + ".role", "missing");
    auto role = parse_role(j["role"].get<std::string>());
    if (!role) return bad_field(at + ".role", role.error().message);
    out.role = *role;
    return out;
}

}  // namespace

Result<Workflow> Workflow::from_json(const nlohmann::json& j, std::string_view case_id,
                                     AuditLog* audit) {
    if (!j.is_object()) return bad_field("(top)", "not an object");
    if (!j.contains("case_id") || !j["case_id"].is_string() || j["case_id"] != case_id)
        return bad_field("case_id", "expected " + std::string(case_id));
    if (!j.contains("steps") || !j["steps"].is_array() || j["steps"].size() != kStepCount)
        return bad_field("steps", "expected an array of " + std::to_string(kStepCount));
    Workflow wf(std::string(case_id), audit);
    bool earlier_done = true;
    for (int i = 1; i <= kStepCount; ++i) {
        auto step = step_from_json(j["steps"][static_cast<size_t>(i - 1)], i);
        if (!step) return fail(step.error());
        // complete() never lets a step be done before an earlier one; a state that says so
        // was not written by this class.
        if (step->done && !earlier_done)
            return bad_field("steps[" + std::to_string(i - 1) + "]", "done before an earlier step");
        earlier_done = step->done;
        wf.steps_[index_of(static_cast<Step>(i))] = std::move(*step);
    }
    if (!j.contains("signed_off") || !j["signed_off"].is_boolean())
        return bad_field("signed_off", "not a bool");
    wf.signed_off_ = j["signed_off"].get<bool>();
    if (wf.signed_off_) {
        if (!j.contains("signed_off_by") || !j["signed_off_by"].is_string())
            return bad_field("signed_off_by", "a signed-off workflow needs the clinician");
        wf.signed_off_by_ = j["signed_off_by"].get<std::string>();
        if (!wf.done(Step::instructions))
            return bad_field("signed_off", "signed off before step 5 was done");
    }
    return wf;
}

}  // namespace intake::record
