// Cases: patient and case lookup from the record store (Store::list_cases), each with its
// lifecycle state and close date evaluated for today and any appointment left in progress;
// opening a case starts (or resumes) the refinement. A clinician or admin adds and edits patients
// and cases here (station/record/case_actions.h checks the signed-in person's role and audits);
// a closed case says why (the lifecycle rule) and can be re-opened by purchasing phases.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QVariantMap>

#include "app_context.h"

namespace intake::record {
struct CaseEdit;
}

namespace intake::app {

class CaseAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(QVariantList results MEMBER results_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)
    Q_PROPERTY(QString currentCaseId MEMBER current_case_id_ NOTIFY changed)
    Q_PROPERTY(QString currentPatient MEMBER current_patient_ NOTIFY changed)
    Q_PROPERTY(QString currentState MEMBER current_state_ NOTIFY changed)
    Q_PROPERTY(bool currentCaseOpen MEMBER current_open_ NOTIFY changed)
    Q_PROPERTY(int total MEMBER total_ NOTIFY changed)  // matches before the row limit
    // The open case in full (case_details.h: phases, close reason, history); empty when none.
    Q_PROPERTY(QVariantMap current MEMBER current_ NOTIFY changed)
    Q_PROPERTY(bool canEdit READ can_edit NOTIFY changed)  // a clinician or admin is signed in
    Q_PROPERTY(QVariantList patients MEMBER patients_ NOTIFY changed)  // {id, name, chartId, born}

  public:
    explicit CaseAdapter(AppContext& context, QObject* parent = nullptr);

    // Lists the cases matching `query` (case id, lab case id, patient name, chart or patient id;
    // partial, case-insensitive; empty lists all), newest first, at most kMaxRows.
    Q_INVOKABLE void search(const QString& query);
    Q_INVOKABLE bool open(const QString& case_id);

    // Each returns false (message set) when the core refuses: a wrong role, a bad field, an id
    // already used. The new patient's id as text, or "".
    Q_INVOKABLE QString addPatient(const QString& name, const QString& born, const QString& chart);
    // Corrects patient `id` (from `patients`): only the fields that differ from the stored ones
    // are changed (and named in the audit); a new chart id reaches the patient's cases.
    Q_INVOKABLE bool editPatient(const QString& id, const QString& name, const QString& born,
                                 const QString& chart);
    // case_details.h's case_from_form fields plus patientId; the new case becomes current.
    Q_INVOKABLE bool addCase(const QVariantMap& form);
    // Edits phase `number` of the current case (a number not in the case adds a phase).
    Q_INVOKABLE bool setPhase(int number, const QVariantMap& fields);
    Q_INVOKABLE bool requestRetainer(const QString& date);
    // "Re-open by purchasing phases": records reopened_on (today) and adds the purchased phase
    // of `steps` aligners as a scheduled treatment phase; the refinement is then allowed.
    Q_INVOKABLE bool reopen(int steps);
    Q_INVOKABLE void refreshPatients();

    const QVariantList& results() const { return results_; }
    bool can_edit() const;

  signals:
    void changed();

  private:
    bool apply_edit(const intake::record::CaseEdit& edit, const QString& done);
    void load_current(const QString& case_id);

    AppContext& context_;
    QVariantMap current_;
    QVariantList patients_;
    QVariantList results_;
    QString message_, current_case_id_, current_patient_, current_state_;
    bool current_open_ = false;
    int total_ = 0;
    static constexpr int kMaxRows = 50;
};

}  // namespace intake::app
