#include "station/record/case_actions.h"

#include "base/sha256.h"

namespace intake::record {
namespace {

constexpr std::initializer_list<Role> kEditors = {Role::clinician, Role::admin};

Status audit_change(AuditLog& audit, const Actor& by, std::string_view action, std::string subject,
                    std::string before_hash, std::string after_hash, std::string detail) {
    auto appended = audit.append({by.user_id, std::string(role_name(by.role)), std::string(action),
                                  std::move(subject), std::move(before_hash), std::move(after_hash),
                                  std::move(detail)});
    if (!appended) return fail(appended.error());
    return ok();
}

// What an edit changed, for the audit detail (dates and phase numbers, nothing about the patient).
std::string describe(const CaseEdit& edit) {
    std::string out;
    auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
    for (const auto& phase : edit.phases) add("phase " + std::to_string(phase.number));
    if (edit.retainer_requested_on)
        add("retainer requested " + edit.retainer_requested_on->to_string());
    if (edit.reopened_on) add("re-opened " + edit.reopened_on->to_string());
    return out;
}

}  // namespace

Result<int64_t> add_patient_by(Store& store, AuditLog& audit, const Actor& by,
                               const NewPatient& patient, CivilDate today) {
    INTAKE_TRY(require_role(by, kEditors, "patient.add", audit));
    int64_t id = 0;
    INTAKE_TRY(store.in_transaction([&]() -> Status {
        auto added = insert_patient(store, patient, today);
        if (!added) return fail(added.error());
        id = *added;
        return audit_change(audit, by, "patient.add", "patient " + std::to_string(id), "", "", "");
    }));
    return id;
}

Result<Patient> edit_patient_by(Store& store, AuditLog& audit, const Actor& by, int64_t patient_id,
                                const PatientEdit& edit, CivilDate today) {
    INTAKE_TRY(require_role(by, kEditors, "patient.edit", audit));
    Patient edited;
    INTAKE_TRY(store.in_transaction([&]() -> Status {
        auto changed = edit_patient(store, patient_id, edit, today);
        if (!changed) return fail(changed.error());
        edited = *changed;
        std::string fields;
        for (const auto& [name, present] :
             {std::pair{"name", edit.name.has_value()}, std::pair{"born", edit.born.has_value()},
              std::pair{"chart", edit.chart_id.has_value()}})
            if (present) fields += (fields.empty() ? "" : ", ") + std::string(name);
        return audit_change(audit, by, "patient.edit", "patient " + std::to_string(patient_id), "",
                            "", fields);
    }));
    return edited;
}

Result<std::string> add_case_by(Store& store, AuditLog& audit, const Actor& by, CaseFile file,
                                int64_t patient_id, const std::filesystem::path& rules_dir) {
    INTAKE_TRY(require_role(by, kEditors, "case.add", audit));
    const std::string case_id = file.case_id;
    const std::string lab_case_id = file.lab_case_id.value_or("");
    INTAKE_TRY(store.in_transaction([&]() -> Status {
        INTAKE_TRY(insert_case(store, std::move(file), patient_id, rules_dir));
        auto saved = require_case(store, case_id);
        if (!saved) return fail(saved.error());
        return audit_change(audit, by, "case.add", "case " + case_id, "",
                            sha256_hex(std::string_view(saved->case_json)),
                            "lab case " + lab_case_id);
    }));
    return case_id;
}

Result<CaseFile> edit_case_by(Store& store, AuditLog& audit, const Actor& by,
                              std::string_view case_id, const CaseEdit& edit) {
    INTAKE_TRY(require_role(by, kEditors, "case.edit", audit));
    CaseFile edited;
    INTAKE_TRY(store.in_transaction([&]() -> Status {
        auto before = require_case(store, case_id);
        if (!before) return fail(before.error());
        auto changed = edit_case(store, case_id, edit);
        if (!changed) return fail(changed.error());
        edited = *changed;
        return audit_change(audit, by, "case.edit", "case " + std::string(case_id),
                            sha256_hex(std::string_view(before->case_json)),
                            sha256_hex(std::string_view(case_to_json_text(edited))),
                            describe(edit));
    }));
    return edited;
}

}  // namespace intake::record
