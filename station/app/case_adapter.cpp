#include "case_adapter.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "qt_strings.h"
#include "station/record/case_file.h"
#include "station/record/civil_date.h"
#include "station/record/lifecycle.h"
#include "station/record/rule_pack.h"
#include "station/record/store.h"
#include "station/record/workflow.h"

namespace intake::app {

namespace rec = intake::record;

namespace {

using Packs = std::map<std::string, std::optional<rec::RulePack>>;

// The lab's lifecycle terms for a pack, loaded once per search (several cases share a pack).
rec::LifecycleTerms terms_for(const std::string& rules, Packs& packs) {
    auto it = packs.find(rules);
    if (it == packs.end()) {
        auto pack = rec::load_rule_pack(rules, rec::default_rules_dir());
        it = packs.emplace(rules, pack ? std::optional<rec::RulePack>(*pack) : std::nullopt).first;
    }
    return it->second ? it->second->lifecycle : rec::LifecycleTerms{};
}

// One result row: the case, its patient and its lifecycle state today.
QVariantMap case_row(const rec::CaseSummary& summary, Packs& packs) {
    const rec::CaseRecord& record = summary.record;
    QVariantMap row{{"caseId", qs(record.case_id)},
                    {"labCaseId", qs(record.lab_case_id)},
                    {"patientName", summary.patient_name.empty() ? QString("(no patient)")
                                                                 : qs(summary.patient_name)},
                    {"chartId", qs(summary.patient_chart_id)},
                    {"birthDate", qs(summary.date_of_birth)},
                    {"state", "unreadable"},
                    {"closeDate", ""},
                    {"daysLeft", ""},
                    {"inProgress", ""},
                    {"open", false}};
    auto file = rec::parse_case_json(record.case_json, record.case_id);
    if (!file) {
        row["state"] = "unreadable: " + qs(file.error().message);
        return row;
    }
    const rec::CaseStatus status =
        rec::evaluate_case(*file, rec::CivilDate::today(), terms_for(file->rules, packs));
    row["open"] = status.open && status.can_submit_refinement;
    row["state"] =
        status.open ? (status.can_submit_refinement ? "open" : "open, no refinement") : "closed";
    if (status.close_date)
        row["closeDate"] = qs(status.close_date->to_string());
    else if (status.close_date_projected)
        row["closeDate"] = qs(status.close_date_projected->to_string()) + " (projected)";
    if (status.open && status.days_left) row["daysLeft"] = QString::number(*status.days_left);
    return row;
}

// "at step 2 (capture)" when an appointment on the case was left unfinished.
QString progress_of(rec::Store& store, const std::string& case_id) {
    auto row = store.find_workflow(case_id);
    if (!row || !*row) return {};
    auto state = nlohmann::json::parse((*row)->state_json, nullptr, false);
    if (!state.is_object() || !state.contains("next_step") || !state["next_step"].is_number())
        return {};
    const int next = state["next_step"].get<int>();
    if (next < 1 || next > rec::kStepCount) return {};
    return QString("appointment in progress: step %1 (%2)")
        .arg(next)
        .arg(qs(std::string(rec::step_name(static_cast<rec::Step>(next)))));
}

}  // namespace

CaseAdapter::CaseAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    message_ = context_.store() ? "Search by patient name, chart or case number (empty: all)."
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
    auto list = store.list_cases({query.trimmed().toStdString(), kMaxRows});
    if (!list) {
        message_ = qs(list.error().to_string());
        emit changed();
        return;
    }
    Packs packs;
    for (const auto& summary : list->cases) {
        QVariantMap row = case_row(summary, packs);
        row["inProgress"] = progress_of(store, summary.record.case_id);
        results_.append(row);
    }
    total_ = static_cast<int>(list->total);
    if (results_.isEmpty())
        message_ = query.trimmed().isEmpty() ? QString("No cases in this station yet.")
                                             : "No case matches “" + query.trimmed() + "”.";
    else if (list->total > results_.size())
        message_ = QString("Showing the newest %1 of %2 cases: type more to narrow.")
                       .arg(results_.size())
                       .arg(list->total);
    else
        message_.clear();
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
