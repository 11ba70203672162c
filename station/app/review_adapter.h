// Review and submit: asks station/record's submission gate for the pre-submit checklist (plus
// whether workflow steps 1-5 are done); on submit (gate asked again) the clinician signs off
// through the workflow, then the package is built and queued in the outbox off the GUI thread.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>

#include "app_context.h"

namespace intake::app {

class OutboxAdapter;
class WorkflowAdapter;

class ReviewAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(QVariantList checklist MEMBER checklist_ NOTIFY changed)
    Q_PROPERTY(bool canSubmit MEMBER can_submit_ NOTIFY changed)
    Q_PROPERTY(bool busy MEMBER busy_ NOTIFY changed)
    Q_PROPERTY(bool submitted MEMBER submitted_ NOTIFY submittedChanged)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)
    Q_PROPERTY(bool canOverride MEMBER can_override_ NOTIFY changed)

  public:
    ReviewAdapter(AppContext& context, OutboxAdapter& outbox, WorkflowAdapter& workflow,
                  QObject* parent = nullptr);

    Q_INVOKABLE void refresh();
    Q_INVOKABLE void submit();
    // A clinician lets a blocked refinement go with a written reason (>= 10 characters); the
    // override is checked and audit-logged by station/record and recorded in the QA report.
    Q_INVOKABLE void submitWithOverride(const QString& reason);

    bool can_submit() const { return can_submit_; }
    bool submitted() const { return submitted_; }
    bool busy() const { return busy_; }
    const QVariantList& checklist() const { return checklist_; }
    const QString& message() const { return message_; }

  signals:
    void changed();
    void submittedChanged();

  private:
    AppContext& context_;
    OutboxAdapter& outbox_;
    WorkflowAdapter& workflow_;
    QVariantList checklist_;
    bool steps_done_ = false;
    void start_submit(std::string override_reason);

    bool can_submit_ = false, busy_ = false, submitted_ = false, can_override_ = false;
    QString message_;
};

}  // namespace intake::app
