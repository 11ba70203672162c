#include "submission_builder.h"

#include <chrono>
#include <functional>
#include <system_error>

#include "base/atomic_file.h"
#include "base/file_io.h"
#include "prescription_adapter.h"
#include "qt_strings.h"
#include "station/appointment/appointment_folder.h"
#include "station/appointment/submission_history.h"
#include "station/package/manifest.h"
#include "station/package/outbox.h"
#include "station/package/package_writer.h"
#include "station/package/station_key.h"
#include "station/package/submission.h"
#include "station/record/case_file.h"
#include "station/record/prescription.h"
#include "station/record/rule_pack.h"
#include "station/record/store.h"
#include "station/record/submission_gate.h"

namespace intake::app {

namespace fs = std::filesystem;
namespace rec = intake::record;
namespace pkg = intake::package;

namespace {

rec::CapturedRecord captured(const QString& verdict, const std::vector<std::string>& reasons) {
    rec::CapturedRecord r;
    // The draft keeps the word; an unknown one (a damaged draft) blocks rather than passes.
    r.verdict = verdict.isEmpty() ? Verdict::pass
                                  : parse_verdict(verdict.toStdString()).value_or(Verdict::fail);
    r.reasons = reasons;
    return r;
}

// A readable title for a gate record id ("photo:intraoral-left" → "Photo: intraoral-left").
QString title_for(const std::string& record) {
    if (record == "case") return "Case is open for a refinement";
    if (record == "rx" || record.rfind("rx", 0) == 0) return "Prescription";
    if (record.rfind("photo:", 0) == 0) return "Photo: " + qs(record.substr(6));
    if (record.rfind("scan:", 0) == 0) return "Scan: " + qs(record.substr(5));
    return qs(record);
}

}  // namespace

DraftSnapshot snapshot(AppContext& context) {
    DraftSnapshot d;
    d.home = context.home();
    d.store = &context.store();
    d.database = context.database();
    d.draft_dir = context.draft_dir();
    d.case_id = context.case_id().toStdString();
    d.user_id = context.session().user_id().toStdString();
    d.role = context.session().role().toStdString();
    d.keep_all = context.draft().keep_all_attachments;
    d.photos = context.draft().photos;
    d.scans = context.draft().scans;
    d.rx_json = rec::prescription_to_json(build_prescription(context)).dump(2);
    context.store().with_store([&](rec::Store& store, rec::AuditLog&) {
        auto found = store.find_case(d.case_id);
        if (found && *found) d.case_json = (*found)->case_json;
    });
    return d;
}

Checklist evaluate_checklist(const DraftSnapshot& draft) {
    Checklist out;
    auto file = rec::parse_case_json(draft.case_json, draft.case_id);
    if (!file) {
        out.rows.append(
            QVariantMap{{"item", "Case"}, {"ok", false}, {"reason", qs(file.error().to_string())}});
        out.summary = "Not ready: the case cannot be read.";
        return out;
    }
    auto pack = rec::load_rule_pack(file->rules, rec::default_rules_dir());
    if (!pack) {
        out.rows.append(QVariantMap{
            {"item", "Rule pack"}, {"ok", false}, {"reason", qs(pack.error().to_string())}});
        out.summary = "Not ready: the lab's rule pack cannot be loaded.";
        return out;
    }
    auto rx = rec::parse_prescription_json(draft.rx_json, "rx.json");
    if (!rx) {
        out.rows.append(QVariantMap{
            {"item", "Prescription"}, {"ok", false}, {"reason", qs(rx.error().to_string())}});
        return out;
    }
    rec::GateInputs in;
    in.pack = &*pack;
    in.case_status = rec::evaluate_case(*file, rec::CivilDate::today(), pack->lifecycle);
    in.rx = &*rx;
    for (const auto& [view, shot] : draft.photos) {
        auto r = captured(shot.verdict, shot.reasons);
        if (shot.long_side > 0) r.long_side_px = shot.long_side;
        r.sharpness = shot.sharpness;
        in.photos[view] = r;
    }
    for (const auto& [arch, scan] : draft.scans) {
        auto r = captured(scan.verdict, scan.reason_list);
        r.taken_with_attachments = scan.taken_with_attachments;  // the gate applies the decision
        if (scan.mesh)
            r.triangles = static_cast<int64_t>(scan.mesh->triangle_count());
        else if (scan.triangles > 0)
            r.triangles = scan.triangles;  // resumed, mesh not read back yet
        in.scans[arch] = r;
    }
    in.workflow_attachments_decision = draft.keep_all ? "keep-all" : "remove-all";
    out.gate = rec::evaluate_gate(in);
    const rec::GateResult& gate = out.gate;

    // One row per required record, in the order of the appointment; then anything else.
    std::vector<std::string> order = {"case"};
    for (const auto& v : pack->photo_views) order.push_back("photo:" + v);
    for (const auto& s : pack->scans) order.push_back("scan:" + s);
    order.push_back("rx");
    std::vector<bool> used(gate.items.size(), false);
    for (const auto& record : order) {
        QStringList reasons;
        bool ok = true;
        for (size_t i = 0; i < gate.items.size(); ++i) {
            const auto& item = gate.items[i];
            const bool match =
                item.record == record || (record == "rx" && item.record.rfind("rx", 0) == 0);
            if (!match) continue;
            used[i] = true;
            if (item.status != "warn") ok = false;
            reasons << qs(item.status + ": " + item.message);
        }
        out.rows.append(
            QVariantMap{{"item", title_for(record)}, {"ok", ok}, {"reason", reasons.join("\n")}});
    }
    for (size_t i = 0; i < gate.items.size(); ++i) {
        if (used[i]) continue;
        const auto& item = gate.items[i];
        out.rows.append(QVariantMap{{"item", title_for(item.record)},
                                    {"ok", item.status == "warn"},
                                    {"reason", qs(item.status + ": " + item.message)}});
    }
    out.may_submit = gate.may_submit();
    out.summary =
        out.may_submit
            ? QString("Ready: checked against %1 %2.").arg(qs(gate.rules), qs(gate.rules_version))
            : QString("Not ready: %1 item(s) block the submission.").arg(gate.blocking_count());
    return out;
}

Result<Submitted> build_and_queue(const DraftSnapshot& draft) {
    INTAKE_TRY(create_private_directories(draft.draft_dir));
    const fs::path case_path = draft.draft_dir / "case.json", rx_path = draft.draft_dir / "rx.json";
    INTAKE_TRY(write_file_atomic(case_path, std::string_view(draft.case_json)));
    INTAKE_TRY(write_file_atomic(rx_path, std::string_view(draft.rx_json)));
    pkg::SubmissionInput in;
    in.case_json = case_path;
    in.rx_json = rx_path;
    for (const auto& [arch, scan] : draft.scans) in.scans.emplace_back(arch, scan.raw_file);
    for (const auto& [view, shot] : draft.photos) in.photos.emplace_back(view, shot.file);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    in.created_at = pkg::rfc3339_utc(now);
    in.override_reason = draft.override_reason;  // the override was checked and audited in review
    if (auto role = intake::record::parse_role(draft.role))
        in.override_by = {draft.user_id, "", *role};
    auto submission = pkg::assemble_submission(in);
    if (!submission) return fail(submission.error());
    if (!submission->may_submit()) {
        std::string why;
        for (const auto& b : submission->gate.blocking) why += (why.empty() ? "" : "; ") + b;
        return fail(Errc::bad_input, "the pre-submit gate blocks the package: " + why);
    }
    auto key = pkg::load_or_create_station_key(draft.home);
    if (!key) return fail(key.error());
    Submitted out;
    out.package = draft.draft_dir / (draft.case_id + "-refinement.zip");
    auto manifest = pkg::write_package(submission->request, *key, out.package);
    if (!manifest) return fail(manifest.error());
    out.package_id = manifest->package_id;
    const appointment::HistoryNote note{draft.case_id, manifest->lab_case_id, manifest->package_id,
                                        draft.user_id, out.package};
    auto record_history = [&](const std::function<Status(rec::Store&)>& record_note) {
        if (!draft.store) return;
        auto noted = draft.store->with_store(
            [&](rec::Store& store, rec::AuditLog&) { return record_note(store); });
        if (!noted) out.history_warning = noted.error().to_string();
    };
    record_history([&](rec::Store& store) {
        return appointment::note_built(store, note, submission->gate.overridden);
    });
    auto outbox = pkg::Outbox::open_location(draft.home, draft.database);
    if (!outbox) return fail(outbox.error());
    auto job = outbox->add(out.package);
    if (!job) return fail(job.error());
    out.job_id = job->id;
    record_history(
        [&](rec::Store& store) { return appointment::note_queued(store, note, job->id); });
    // Sealed: the outbox's encrypted copy is all an upload or a retry needs, so the plaintext
    // photos, scans, documents and zip leave the chair-side PC now.
    if (auto sweep = appointment::discard_sealed_plaintext(draft.home, draft.draft_dir); !sweep)
        out.plaintext_warning = sweep.error().to_string();
    out.summary = QString("Package %1 queued for the lab (job %2).")
                      .arg(qs(out.package_id.substr(0, 12)))
                      .arg(job->id);
    if (!out.history_warning.empty())
        out.summary += " The case's history was not updated: " + qs(out.history_warning);
    if (!out.plaintext_warning.empty())
        out.summary += " The plaintext copies were not deleted: " + qs(out.plaintext_warning);
    return out;
}

}  // namespace intake::app
