#include "case_details.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <nlohmann/json.hpp>

#include "qt_strings.h"
#include "station/record/rule_pack.h"

namespace intake::app {

namespace rec = intake::record;

namespace {

QString date_or_empty(const std::optional<rec::CivilDate>& date) {
    return date ? qs(date->to_string()) : QString();
}

const rec::Phase* phase_numbered(const rec::CaseFile& file, int number) {
    for (const auto& p : file.phases)
        if (p.number == number) return &p;
    return nullptr;
}

QVariantList phase_rows(const rec::CaseFile& file) {
    QVariantList rows;
    for (const auto& p : file.phases) {
        rows.append(QVariantMap{{"number", p.number},
                                {"kind", qs(rec::phase_kind_name(p.kind))},
                                {"steps", p.steps},
                                {"status", qs(rec::phase_status_name(p.status))},
                                {"shipOn", date_or_empty(p.ship_on)},
                                {"shippedOn", date_or_empty(p.shipped_on)},
                                {"arrivedOn", date_or_empty(p.arrived_on)}});
    }
    return rows;
}

// "Uploaded — receipt https://lab/…" : the lab's receipt is JSON; its url says the most.
QString receipt_text(const std::string& detail) {
    const QJsonObject receipt = QJsonDocument::fromJson(QByteArray::fromStdString(detail)).object();
    const QString url = receipt.value("url").toString();
    return url.isEmpty() ? qs(detail).left(160) : url;
}

const char* event_title(const std::string& event) {
    if (event == "built") return "Package built";
    if (event == "overridden") return "Package built (gate overridden by a clinician)";
    if (event == "queued") return "Queued in the outbox";
    if (event == "uploaded") return "Uploaded to the lab";
    if (event == "failed") return "Upload failed";
    return "Event";
}

}  // namespace

QString close_explanation(const rec::CaseFile& file, const rec::CaseStatus& status,
                          const rec::LifecycleTerms& terms) {
    if (status.open) return {};
    const QString on = status.close_date ? qs(status.close_date->to_string()) : QString("?");
    if (status.close_reason == rec::CloseReason::retainer_requested) {
        return QString(
                   "Closed on %1: a retainer was requested on %2, and the lab closes a case "
                   "at its retainer request.")
            .arg(on, date_or_empty(file.retainer_requested_on));
    }
    if (status.close_reason == rec::CloseReason::final_phase_worn && status.final_phase) {
        const rec::Phase* last = phase_numbered(file, *status.final_phase);
        return QString(
                   "Closed on %1: the final phase (%2) arrived on %3; its %4 steps × %5 wear "
                   "days, plus %6 days, ended on %1.")
            .arg(on)
            .arg(*status.final_phase)
            .arg(last ? date_or_empty(last->arrived_on) : QString("?"))
            .arg(last ? last->steps : 0)
            .arg(file.wear_days_per_step)
            .arg(terms.close_after_final_wear_days);
    }
    return QString("Closed on %1.").arg(on);
}

QVariantList history_rows(const std::vector<rec::SubmissionEvent>& events) {
    QVariantList rows;
    for (const auto& e : events) {
        QString detail;
        if (e.event == "uploaded") detail = "receipt " + receipt_text(e.detail);
        if (e.event == "failed") detail = qs(e.detail);
        rows.append(QVariantMap{{"at", qs(e.at)},
                                {"event", qs(e.event)},
                                {"title", event_title(e.event)},
                                {"packageId", qs(e.package_id.substr(0, 12))},
                                {"labCaseId", qs(e.lab_case_id)},
                                {"detail", detail}});
    }
    return rows;
}

QVariantMap case_detail(rec::Store& store, const rec::CaseRecord& record, rec::CivilDate today) {
    QVariantMap out{{"caseId", qs(record.case_id)},
                    {"labCaseId", qs(record.lab_case_id)},
                    {"lab", qs(record.lab)},
                    {"rules", qs(record.rules)},
                    {"open", false},
                    {"needsReopen", false}};
    if (auto patient = store.find_patient(record.patient_id); patient && *patient) {
        out["patientName"] = qs((*patient)->name);
        out["chartId"] = qs((*patient)->chart_id);
    }
    if (auto events = store.submission_history(record.case_id); events)
        out["history"] = history_rows(*events);
    auto file = rec::parse_case_json(record.case_json, record.case_id);
    if (!file) {
        out["error"] = qs(file.error().to_string());
        return out;
    }
    auto pack = rec::load_rule_pack(file->rules, rec::default_rules_dir());
    const rec::LifecycleTerms terms = pack ? pack->lifecycle : rec::LifecycleTerms{};
    const rec::CaseStatus status = rec::evaluate_case(*file, today, terms);
    out["open"] = status.open && status.can_submit_refinement;
    out["needsReopen"] = status.needs_reopen;
    out["state"] = status.open ? "open" : "closed";
    out["closeReason"] = close_explanation(*file, status, terms);
    out["closeDate"] = status.close_date ? qs(status.close_date->to_string())
                                         : date_or_empty(status.close_date_projected);
    out["phases"] = phase_rows(*file);
    out["retainerRequestedOn"] = date_or_empty(file->retainer_requested_on);
    out["reopenedOn"] = date_or_empty(file->reopened_on);
    out["wearDays"] = file->wear_days_per_step;
    return out;
}

Result<rec::CaseFile> case_from_form(const QVariantMap& form) {
    auto text = [&](const char* key) { return form.value(key).toString().trimmed().toStdString(); };
    nlohmann::json phase{
        {"number", 1},
        {"kind", text("phaseKind").empty() ? "treatment" : text("phaseKind")},
        {"steps", form.value("phaseSteps").toInt()},
        {"status", text("phaseStatus").empty() ? "scheduled" : text("phaseStatus")}};
    for (const auto& [key, field] :
         {std::pair{"shipOn", "ship_on"}, std::pair{"shippedOn", "shipped_on"},
          std::pair{"arrivedOn", "arrived_on"}}) {
        if (!text(key).empty()) phase[field] = text(key);
    }
    nlohmann::json json{{"case_id", text("caseId")},
                        {"rules", text("rules")},
                        {"type", text("type").empty() ? "standard" : text("type")},
                        {"lab", text("lab")},
                        {"lab_case_id", text("labCaseId")},
                        {"submitted_on", text("submittedOn")},
                        {"wear_days_per_step", form.value("wearDays", 14).toInt()},
                        {"phases", nlohmann::json::array({phase})}};
    if (text("labCaseId").empty())
        return fail(Errc::bad_input,
                    "the lab's case number is required (a refinement is "
                    "submitted under the lab's existing case)");
    return rec::parse_case_json(json.dump(), "the new case");
}

rec::PhaseEdit phase_edit_from_form(int number, const QVariantMap& fields) {
    rec::PhaseEdit edit;
    edit.number = number;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const std::string value = it.value().toString().trimmed().toStdString();
        if (!value.empty()) edit.fields[it.key().toStdString()] = value;
    }
    return edit;
}

}  // namespace intake::app
