#include "case_adapter.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "case_details.h"
#include "qt_strings.h"
#include "station/record/audit_log.h"
#include "station/record/case_actions.h"
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
    message_ = context_.store().available()
                   ? "Search by patient name, chart or case number (empty: all)."
                   : "Case lookup is not available: " + context_.store().error();
    connect(&context_.session(), &Session::changed, this, [this] {
        if (!context_.session().signed_in()) {
            results_.clear();
            current_case_id_.clear();
            current_.clear();
            patients_.clear();
            current_open_ = false;
            emit changed();
        }
    });
}

void CaseAdapter::search(const QString& query) {
    results_.clear();
    if (!context_.store().available()) {
        emit changed();
        return;
    }
    auto list = context_.store().with_store([&](rec::Store& store, rec::AuditLog&) {
        auto found = store.list_cases({query.trimmed().toStdString(), kMaxRows});
        if (!found) return found;
        Packs packs;
        for (const auto& summary : found->cases) {
            QVariantMap row = case_row(summary, packs);
            row["inProgress"] = progress_of(store, summary.record.case_id);
            results_.append(row);
        }
        return found;
    });
    if (!list) {
        message_ = qs(list.error().to_string());
        emit changed();
        return;
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
        load_current(case_id);
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

bool CaseAdapter::can_edit() const { return context_.session().is_clinician_or_admin(); }

void CaseAdapter::load_current(const QString& case_id) {
    current_.clear();
    if (!context_.store().available()) return;
    context_.store().with_store([&](rec::Store& store, rec::AuditLog&) {
        auto record = rec::require_case(store, case_id.toStdString());
        if (!record) {
            message_ = qs(record.error().message);
            return;
        }
        current_ = case_detail(store, *record, rec::CivilDate::today());
    });
}

void CaseAdapter::refreshPatients() {
    patients_.clear();
    if (!context_.store().available()) return;
    {
        auto all = context_.store().with_store(
            [](rec::Store& store, rec::AuditLog&) { return store.patients(); });
        if (!all) {
            message_ = qs(all.error().to_string());
        } else {
            for (const auto& p : *all)
                patients_.append(QVariantMap{{"id", QString::number(p.id)},
                                             {"name", qs(p.name)},
                                             {"chartId", qs(p.chart_id)},
                                             {"born", qs(p.date_of_birth)}});
        }
    }
    emit changed();
}

QString CaseAdapter::addPatient(const QString& name, const QString& born, const QString& chart) {
    auto actor = context_.actor();
    if (!context_.store().available() || !actor) {
        message_ = actor ? context_.store().error() : qs(actor.error().message);
        emit changed();
        return {};
    }
    Result<int64_t> id = context_.store().with_store([&](rec::Store& store, rec::AuditLog& audit) {
        return rec::add_patient_by(store, audit, *actor,
                                   {name.trimmed().toStdString(), born.trimmed().toStdString(),
                                    chart.trimmed().toStdString()});
    });
    message_ =
        id ? "Patient " + name.trimmed() + " added." : "Not added: " + qs(id.error().message);
    refreshPatients();
    return id ? QString::number(*id) : QString();
}

namespace {

// The fields of a patient form that differ from the stored patient.
rec::PatientEdit changed_fields(const QVariantMap& stored, const QString& name, const QString& born,
                                const QString& chart) {
    rec::PatientEdit edit;
    if (name.trimmed() != stored["name"].toString()) edit.name = name.trimmed().toStdString();
    if (born.trimmed() != stored["born"].toString()) edit.born = born.trimmed().toStdString();
    if (chart.trimmed() != stored["chartId"].toString())
        edit.chart_id = chart.trimmed().toStdString();
    return edit;
}

}  // namespace

bool CaseAdapter::editPatient(const QString& id, const QString& name, const QString& born,
                              const QString& chart) {
    auto actor = context_.actor();
    QVariantMap stored;
    for (const auto& p : patients_)
        if (p.toMap()["id"].toString() == id) stored = p.toMap();
    if (!context_.store().available() || !actor || stored.isEmpty()) {
        message_ =
            !actor ? qs(actor.error().message)
                   : (stored.isEmpty() ? "Choose the patient first." : context_.store().error());
        emit changed();
        return false;
    }
    const rec::PatientEdit edit = changed_fields(stored, name, born, chart);
    if (edit.empty()) {
        message_ = "Nothing to change for " + stored["name"].toString() + ".";
        emit changed();
        return false;
    }
    Result<rec::Patient> edited =
        context_.store().with_store([&](rec::Store& store, rec::AuditLog& audit) {
            return rec::edit_patient_by(store, audit, *actor, id.toLongLong(), edit);
        });
    message_ = edited ? "Patient " + qs(edited->name) + " saved."
                      : "Not saved: " + qs(edited.error().message);
    refreshPatients();
    if (edited && !current_case_id_.isEmpty()) load_current(current_case_id_);
    return static_cast<bool>(edited);
}

bool CaseAdapter::addCase(const QVariantMap& form) {
    auto actor = context_.actor();
    auto file = case_from_form(form);
    bool patient_ok = false;
    const int64_t patient_id = form.value("patientId").toString().toLongLong(&patient_ok);
    Result<std::string> added = fail(Errc::bad_input, "choose the patient first");
    if (!actor)
        added = fail(actor.error());
    else if (!file)
        added = fail(file.error());
    else if (patient_ok && context_.store().available())
        added = context_.store().with_store([&](rec::Store& store, rec::AuditLog& audit) {
            return rec::add_case_by(store, audit, *actor, *file, patient_id,
                                    rec::default_rules_dir());
        });
    if (!added) {
        message_ = "Not added: " + qs(added.error().message);
        emit changed();
        return false;
    }
    search(qs(*added));
    open(qs(*added));
    message_ = "Case " + qs(*added) + " added.";
    emit changed();
    return true;
}

bool CaseAdapter::apply_edit(const rec::CaseEdit& edit, const QString& done) {
    auto actor = context_.actor();
    Result<rec::CaseFile> edited = fail(Errc::bad_input, "open a case first");
    if (!actor)
        edited = fail(actor.error());
    else if (!current_case_id_.isEmpty() && context_.store().available())
        edited = context_.store().with_store([&](rec::Store& store, rec::AuditLog& audit) {
            return rec::edit_case_by(store, audit, *actor, current_case_id_.toStdString(), edit);
        });
    if (!edited) {
        message_ = "Not saved: " + qs(edited.error().message);
        emit changed();
        return false;
    }
    // The lifecycle state may have changed (a re-opened case allows the refinement again).
    const QString id = current_case_id_;
    search(id);
    open(id);
    message_ = done;
    emit changed();
    return true;
}

bool CaseAdapter::setPhase(int number, const QVariantMap& fields) {
    rec::CaseEdit edit;
    edit.phases.push_back(phase_edit_from_form(number, fields));
    return apply_edit(edit, QString("Phase %1 saved.").arg(number));
}

bool CaseAdapter::requestRetainer(const QString& date) {
    auto day = rec::CivilDate::parse(date.trimmed().toStdString(), "retainer request date");
    if (!day) {
        message_ = "Not saved: " + qs(day.error().message);
        emit changed();
        return false;
    }
    rec::CaseEdit edit;
    edit.retainer_requested_on = *day;
    return apply_edit(edit, "Retainer request recorded.");
}

bool CaseAdapter::reopen(int steps) {
    if (steps <= 0) {
        message_ = "Not re-opened: enter how many aligners the purchased phase has.";
        emit changed();
        return false;
    }
    int next_phase = 1;
    for (const auto& p : current_.value("phases").toList())
        next_phase = std::max(next_phase, p.toMap()["number"].toInt() + 1);
    rec::CaseEdit edit;
    edit.reopened_on = rec::CivilDate::today();
    edit.phases.push_back(
        {next_phase,
         {{"kind", "treatment"}, {"steps", std::to_string(steps)}, {"status", "scheduled"}}});
    return apply_edit(edit, QString("Re-opened: phase %1 purchased.").arg(next_phase));
}

}  // namespace intake::app
