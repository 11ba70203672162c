#include "station/record/demo_data.h"

#include <nlohmann/json.hpp>

namespace intake::record {

std::string demo_case_json(CivilDate today) {
    auto d = [&](int64_t days_ago) { return today.add_days(-days_ago).to_string(); };
    const nlohmann::json j = {
        {"case_id", kDemoCaseId},
        {"rules", "aligner-refinement-2026"},
        {"rules_version", "2026.1"},
        {"type", "standard"},
        {"lab", "Demo Aligner Lab"},
        {"lab_case_id", "LAB-000123"},
        {"patient_chart_id", "DEMO-0001"},
        {"submitted_on", d(120)},
        {"wear_days_per_step", 14},
        {"retainer_requested_on", nullptr},
        {"reopened_on", nullptr},
        {"phases",
         {{{"number", 1},
           {"kind", "starter"},
           {"steps", 2},
           {"status", "delivered"},
           {"shipped_on", d(110)},
           {"arrived_on", d(106)}},
          {{"number", 2},
           {"kind", "treatment"},
           {"steps", 6},
           {"status", "delivered"},
           {"shipped_on", d(84)},
           {"arrived_on", d(80)}},
          {{"number", 3}, {"kind", "treatment"}, {"steps", 8}, {"status", "on-hold"}}}}};
    return j.dump(2) + "\n";
}

std::string demo_rx_json() {
    const nlohmann::json j = {
        {"case_id", kDemoCaseId},
        {"attachments", {{"decision", "keep-all"}}},
        {"instructions",
         {{{"teeth", "lower 3-3"}, {"movement", "align-facial-surfaces"}},
          {{"teeth", "24"},
           {"movement", "extrude"},
           {"amount", 0.5},
           {"unit", "mm"},
           {"note", "into better occlusion"}}}},
        {"free_text",
         "Please align the facial surfaces of the lower 3-3; please extrude the 24 "
         "another 0.5mm into better occlusion."}};
    return j.dump(2) + "\n";
}

namespace {

Status enroll_demo_users(Store& store, const DemoSeedOptions& options) {
    PinAuth auth(store, options.audit, options.pin);
    for (const auto& u : kDemoUsers) {
        auto existing = store.find_user(u.user_id);
        if (!existing) return fail(existing.error());
        if (*existing) continue;
        INTAKE_TRY(auth.enroll_demo(u.user_id, u.display_name, u.role, u.pin));
    }
    return ok();
}

}  // namespace

Result<DemoIds> seed_demo_data(Store& store, CivilDate today, const DemoSeedOptions& options) {
    DemoIds ids;
    ids.case_id = kDemoCaseId;
    Status st = store.in_transaction([&]() -> Status {
        auto existing = store.find_case(kDemoCaseId);
        if (!existing) return fail(existing.error());
        if (*existing) {
            ids.patient_id = (*existing)->patient_id;
            auto patients = store.patients();
            if (!patients) return fail(patients.error());
            for (const auto& p : *patients) {
                if (p.id == ids.patient_id) ids.practice_id = p.practice_id;
            }
            return ok();
        }
        auto practice = store.add_practice({0, "Demo Dental Practice", "1 Demo Street"});
        if (!practice) return fail(practice.error());
        ids.practice_id = *practice;
        auto patient = store.add_patient({0, *practice, "Alex Demo", "1990-04-12", "DEMO-0001"});
        if (!patient) return fail(patient.error());
        ids.patient_id = *patient;
        auto saved = store.save_case({0, *patient, kDemoCaseId, "Demo Aligner Lab", "LAB-000123",
                                      "aligner-refinement-2026", "2026.1", demo_case_json(today)});
        if (!saved) return fail(saved.error());
        return ok();
    });
    if (!st) return fail(st.error());
    // Enrolment appends audit entries in their own transactions, so it runs after the seed's.
    INTAKE_TRY(enroll_demo_users(store, options));
    return ids;
}

std::filesystem::path demo_case_path(const std::filesystem::path& rules_dir) {
    return rules_dir / "demo" / "case.json";
}

std::filesystem::path demo_rx_path(const std::filesystem::path& rules_dir) {
    return rules_dir / "demo" / "rx.json";
}

}  // namespace intake::record
