#include "case_adapter.h"

#include "station/record/case_file.h"
#include "station/record/civil_date.h"
#include "station/record/demo_data.h"
#include "station/record/lifecycle.h"
#include "station/record/rule_pack.h"
#include "station/record/store.h"

namespace intake::app {

namespace rec = intake::record;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// One result row: the case, its patient and its lifecycle state today.
QVariantMap case_row(const rec::CaseRecord& record, const std::vector<rec::Patient>& patients,
                     const std::filesystem::path& rules_dir) {
    QVariantMap row{{"caseId", qs(record.case_id)},
                    {"patientName", "(unknown patient)"},
                    {"birthDate", ""},
                    {"state", "unreadable"},
                    {"closeDate", ""},
                    {"open", false}};
    for (const auto& p : patients) {
        if (p.id == record.patient_id) {
            row["patientName"] = qs(p.name);
            row["birthDate"] = qs(p.date_of_birth);
        }
    }
    auto file = rec::parse_case_json(record.case_json, record.case_id);
    if (!file) {
        row["state"] = "unreadable: " + qs(file.error().message);
        return row;
    }
    rec::LifecycleTerms terms;
    if (auto pack = rec::load_rule_pack(file->rules, rules_dir)) terms = pack->lifecycle;
    const rec::CaseStatus status = rec::evaluate_case(*file, rec::CivilDate::today(), terms);
    row["open"] = status.open && status.can_submit_refinement;
    row["state"] =
        status.open ? (status.can_submit_refinement ? "open" : "open, no refinement") : "closed";
    if (status.close_date)
        row["closeDate"] = qs(status.close_date->to_string());
    else if (status.close_date_projected)
        row["closeDate"] = qs(status.close_date_projected->to_string()) + " (projected)";
    return row;
}

}  // namespace

CaseAdapter::CaseAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    message_ = context_.store() ? "Search by patient name or case number (empty: all)."
                                : "Case lookup is not available: " + context_.store_error;
    connect(&context_, &AppContext::sessionChanged, this, [this] {
        if (context_.user_id.isEmpty()) {
            results_.clear();
            current_case_id_.clear();
            current_open_ = false;
            emit changed();
        }
    });
}

void CaseAdapter::search(const QString& query) {
    results_.clear();
    if (!context_.store()) {
        emit changed();
        return;
    }
    std::lock_guard lock(context_.store_mutex());
    auto& store = *context_.store();
    auto patients = store.patients();
    if (!patients) {
        message_ = qs(patients.error().to_string());
        emit changed();
        return;
    }
    // The store finds cases by id; the kiosk knows the demo case and whatever id was typed.
    std::vector<std::string> ids = {rec::kDemoCaseId};
    if (!query.trimmed().isEmpty() && query.trimmed().toStdString() != rec::kDemoCaseId)
        ids.push_back(query.trimmed().toStdString());
    const QString needle = query.trimmed().toLower();
    for (const auto& id : ids) {
        auto found = store.find_case(id);
        if (!found || !*found) continue;
        QVariantMap row = case_row(**found, *patients, rec::default_rules_dir());
        const bool hit = needle.isEmpty() ||
                         row["patientName"].toString().toLower().contains(needle) ||
                         row["caseId"].toString().toLower().contains(needle);
        if (hit) results_.append(row);
    }
    message_ = results_.isEmpty() ? "No case matches “" + query + "”." : QString();
    emit changed();
}

bool CaseAdapter::open(const QString& case_id) {
    for (const auto& r : results_) {
        const QVariantMap row = r.toMap();
        if (row["caseId"].toString() != case_id) continue;
        current_case_id_ = case_id;
        current_patient_ = row["patientName"].toString();
        current_state_ = row["state"].toString();
        current_open_ = row["open"].toBool();
        context_.begin_case(case_id, current_patient_, current_open_);
        emit changed();
        return current_open_;
    }
    return false;
}

}  // namespace intake::app
