#include "station/record/submission_gate.h"

#include <algorithm>
#include <cstdio>

namespace intake::record {
namespace {

void add(GateResult& g, std::string record, std::string status, std::string message) {
    g.items.push_back({std::move(record), std::move(status), std::move(message)});
}

// A captured record's own verdict plus the pack's minimums the station can check itself.
void check_captured(GateResult& g, const std::string& id, const CapturedRecord& r,
                    const RulePack& pack, bool photo) {
    std::string reasons;
    for (const auto& s : r.reasons) reasons += (reasons.empty() ? "" : "; ") + s;
    if (r.verdict == Verdict::fail)
        add(g, id, "fail", reasons.empty() ? "check failed" : reasons);
    else if (r.verdict == Verdict::warn)
        add(g, id, "warn", reasons.empty() ? "check warned" : reasons);
    if (photo && r.long_side_px && *r.long_side_px < pack.photo.min_long_side_px) {
        add(g, id, "fail",
            std::to_string(*r.long_side_px) + " px long side, needs " +
                std::to_string(pack.photo.min_long_side_px));
    }
    if (photo && r.sharpness && *r.sharpness < pack.photo.min_sharpness) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "sharpness %.2g, needs %.2g", *r.sharpness,
                      pack.photo.min_sharpness);
        add(g, id, "fail", buf);
    }
    if (!photo && r.triangles && *r.triangles > pack.triangle_budget_per_arch) {
        add(g, id, "warn",
            std::to_string(*r.triangles) + " triangles, over the lab's budget of " +
                std::to_string(pack.triangle_budget_per_arch) + ": decimate");
    }
}

// The decision the scans are judged under: the prescription's, else step 1's.
std::string attachments_decision(const GateInputs& in) {
    if (in.rx != nullptr) return in.rx->attachments.decision;
    return in.workflow_attachments_decision.value_or("");
}

void check_records(GateResult& g, const GateInputs& in) {
    for (const std::string& view : in.pack->photo_views) {
        auto it = in.photos.find(view);
        if (it == in.photos.end())
            add(g, "photo:" + view, "missing", "required photo view not taken");
        else
            check_captured(g, "photo:" + view, it->second, *in.pack, true);
    }
    for (const std::string& role : in.pack->scans) {
        auto it = in.scans.find(role);
        if (it == in.scans.end())
            add(g, "scan:" + role, "missing", "required scan not taken");
        else
            check_captured(g, "scan:" + role, scan_standing(it->second, attachments_decision(in)),
                           *in.pack, false);
    }
}

void check_case(GateResult& g, const GateInputs& in) {
    if (!in.case_status) {
        add(g, "case", "missing", "no case status: the refinement must go under an existing case");
        return;
    }
    if (!in.case_status->open) {
        add(g, "case", "fail", "the case is closed: re-open it by purchasing additional phases");
    }
    for (const auto& w : in.case_status->warnings) add(g, "case", "warn", w);
}

void check_rx(GateResult& g, const GateInputs& in) {
    if (in.rx == nullptr) {
        add(g, "rx", "missing", "no prescription");
        return;
    }
    const RxCheck check = in.rx_check ? *in.rx_check : check_prescription(*in.rx);
    for (const auto& e : check.errors) add(g, "rx", "fail", e);
    for (const auto& w : check.warnings) add(g, "rx", "warn", w);
    if (in.pack->instructions_required && in.rx->instructions.empty() && check.understood.empty()) {
        add(g, "rx:instructions", "missing", "the lab needs written movement instructions");
    }
    const std::string& decision = in.rx->attachments.decision;
    if (std::find(in.pack->attachments_allowed.begin(), in.pack->attachments_allowed.end(),
                  decision) == in.pack->attachments_allowed.end()) {
        add(g, "rx:attachments", "fail", "'" + decision + "' is not allowed by " + in.pack->name);
    }
    if (!in.workflow_attachments_decision) {
        add(g, "workflow:attachments", "missing", "step 1: no attachments decision recorded");
    } else if (*in.workflow_attachments_decision != decision) {
        add(g, "rx:attachments", "fail",
            "the prescription says " + decision + " but step 1 decided " +
                *in.workflow_attachments_decision);
    }
}

}  // namespace

bool removes_attachments(std::string_view decision) {
    return decision == "remove-all" || decision == "remove-some";
}

CapturedRecord scan_standing(CapturedRecord scan, std::string_view attachments_decision) {
    if (!scan.taken_with_attachments || !removes_attachments(attachments_decision)) return scan;
    scan.verdict = Verdict::fail;
    if (std::find(scan.reasons.begin(), scan.reasons.end(), kTakenBeforeRemoval) ==
        scan.reasons.end())
        scan.reasons.emplace_back(kTakenBeforeRemoval);
    return scan;
}

size_t GateResult::blocking_count() const {
    size_t n = 0;
    for (const auto& i : items) n += i.status != "warn" ? 1 : 0;
    return n;
}

GateResult evaluate_gate(const GateInputs& in) {
    GateResult g;
    if (in.pack == nullptr) {
        add(g, "rules", "missing", "no rule pack: the case must name one");
        return g;
    }
    g.rules = in.pack->name;
    g.rules_version = in.pack->version;
    check_case(g, in);
    check_records(g, in);
    check_rx(g, in);
    g.passed = g.blocking_count() == 0;
    return g;
}

Result<GateResult> override_gate(const GateResult& gate, const Actor& actor,
                                 const std::string& reason, AuditLog* audit) {
    INTAKE_TRY(require_role(actor, {Role::clinician}, "gate.override", audit));
    const auto first = reason.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || reason.size() - first < 10) {
        return fail(Errc::invalid_argument, "override reason: write why (at least 10 characters)");
    }
    GateResult out = gate;
    out.overridden = true;
    out.override_by = actor.user_id;
    out.override_reason = reason;
    if (audit != nullptr) {
        auto seq = audit->append(AuditEntry{actor.user_id, std::string(role_name(actor.role)),
                                            "gate.override", "gate", "", "", to_json(out).dump()});
        if (!seq) return fail(seq.error());
    }
    return out;
}

nlohmann::json to_json(const GateResult& g) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : g.items) {
        items.push_back({{"record", i.record}, {"status", i.status}, {"message", i.message}});
    }
    return {{"passed", g.passed},
            {"may_submit", g.may_submit()},
            {"overridden", g.overridden},
            {"override_by", g.overridden ? nlohmann::json(g.override_by) : nlohmann::json(nullptr)},
            {"override_reason",
             g.overridden ? nlohmann::json(g.override_reason) : nlohmann::json(nullptr)},
            {"rules", g.rules},
            {"rules_version", g.rules_version},
            {"blocking", g.blocking_count()},
            {"items", items}};
}

}  // namespace intake::record
