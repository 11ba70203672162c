// Cases: patient and case lookup from the record store (Store::list_cases), each with its
// lifecycle state and close date evaluated for today and any appointment left in progress;
// opening a case starts (or resumes) the refinement.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>

#include "app_context.h"

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

  public:
    explicit CaseAdapter(AppContext& context, QObject* parent = nullptr);

    // Lists the cases matching `query` (case id, lab case id, patient name, chart or patient id;
    // partial, case-insensitive; empty lists all), newest first, at most kMaxRows.
    Q_INVOKABLE void search(const QString& query);
    Q_INVOKABLE bool open(const QString& case_id);

    const QVariantList& results() const { return results_; }

  signals:
    void changed();

  private:
    AppContext& context_;
    QVariantList results_;
    QString message_, current_case_id_, current_patient_, current_state_;
    bool current_open_ = false;
    int total_ = 0;
    static constexpr int kMaxRows = 50;
};

}  // namespace intake::app
