// Cases: patient and case lookup from the record store, each with its lifecycle state and close
// date evaluated for today; opening a case starts the refinement draft.
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

  public:
    explicit CaseAdapter(AppContext& context, QObject* parent = nullptr);

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
};

}  // namespace intake::app
