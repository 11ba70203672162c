#include "station/record/submission.h"

#include "base/sha256.h"

namespace intake::record {
namespace {

nlohmann::json files_json(const std::map<std::string, SubmittedFile>& files) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [role, f] : files) {
        j[role] = {{"path", f.path}, {"sha256", f.sha256}, {"verdict", f.verdict}};
    }
    return j;
}

}  // namespace

nlohmann::json to_json(const RefinementSubmission& s) {
    return {{"case_id", s.case_id},
            {"kind", s.kind},
            {"attachments", attachments_text(s.rx.attachments)},
            {"prescription", prescription_to_json(s.rx)},
            {"photos", files_json(s.photos)},
            {"scans", files_json(s.scans)},
            {"gate", to_json(s.gate)},
            {"rules", s.gate.rules},
            {"rules_version", s.gate.rules_version},
            {"signed_off_by", s.signed_off_by},
            {"package_path", s.package_path}};
}

Result<int64_t> record_submission(Store& store, AuditLog& audit, const Actor& actor,
                                  const RefinementSubmission& s) {
    if (!s.gate.may_submit()) {
        return fail(Errc::conflict, "submission " + s.case_id + ": the pre-submit gate has " +
                                        std::to_string(s.gate.blocking_count()) +
                                        " missing or failing records and no override");
    }
    if (s.signed_off_by.empty()) {
        return fail(Errc::conflict, "submission " + s.case_id + ": no clinician signed off");
    }
    const nlohmann::json j = to_json(s);
    SubmissionRecord row{0,
                         s.case_id,
                         AuditLog::utc_now(),
                         s.gate.passed ? "passed" : "overridden",
                         s.gate.rules,
                         s.gate.rules_version,
                         prescription_to_json(s.rx).dump(),
                         to_json(s.gate).dump(),
                         s.package_path};
    // The row and its audit entry commit together: no audit entry, no recorded submission.
    int64_t id = 0;
    INTAKE_TRY(store.in_transaction([&]() -> Status {
        auto added = store.add_submission(row);
        if (!added) return fail(added.error());
        id = *added;
        auto seq = audit.append({actor.user_id, std::string(role_name(actor.role)),
                                 "submission.record", "case " + s.case_id, "", sha256_hex(j.dump()),
                                 "submission " + std::to_string(id) + " (" + row.state + ")"});
        if (!seq) return fail(seq.error());
        return ok();
    }));
    return id;
}

}  // namespace intake::record
