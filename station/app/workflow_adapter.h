// The refinement wizard's steps go through station/record's Workflow: the six steps of the seed
// with their role gates (the assistant captures; the clinician decides attachments, writes the
// prescription and instructions, and signs off). Each wizard page completes its step(s) through
// here; refusals (wrong role, an earlier step not done) come back as the Workflow's own message.
// After every transition the workflow and the draft are saved to the store, so a crash or restart
// mid-appointment resumes on the same page with what was captured.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>

#include "app_context.h"
#include "base/result.h"

namespace intake::record {
struct GateResult;
struct Actor;
}  // namespace intake::record

namespace intake::app {

class WorkflowAdapter : public QObject {
    Q_OBJECT
    // One row per step: {number, name, title, done, by, role, clinicianOnly, mayDo}.
    Q_PROPERTY(QVariantList steps MEMBER steps_ NOTIFY changed)
    Q_PROPERTY(int nextStep MEMBER next_step_ NOTIFY changed)  // 1-6; 0 when all are done
    Q_PROPERTY(bool signedOff MEMBER signed_off_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)
    // The wizard page to open: where the user was, else the page of the next step.
    Q_PROPERTY(QString resumePage MEMBER resume_page_ NOTIFY changed)
    Q_PROPERTY(bool resumed MEMBER resumed_ NOTIFY changed)
    // What another station changed on this case (the case was reloaded to show it); "" when
    // nothing. A banner on the wizard until dismissed.
    Q_PROPERTY(QString otherStation MEMBER other_station_ NOTIFY changed)

  public:
    explicit WorkflowAdapter(AppContext& context, QObject* parent = nullptr);

    // Completes the step(s) of a wizard page with what the draft holds: attachments → 1,
    // scans → 2 (photos and scans), prescription → 3 and 4, instructions → 5, handout → 6.
    // photos completes nothing (step 2 ends with the scans); review needs the sign-off, which
    // happens at submit. Returns false, with `message` saying why, when the workflow refuses.
    Q_INVOKABLE bool completePage(const QString& page);
    // Remembers the page on screen (kept with the draft for a resume).
    Q_INVOKABLE void setPage(const QString& page);
    // The step number a page belongs to (0 for none), for the step bar.
    Q_INVOKABLE int stepOf(const QString& page) const;
    // The user has read the other station's changes: the banner goes.
    Q_INVOKABLE void dismissOtherStation();

    // The clinician's sign-off at submit, against the gate (passed or overridden).
    Status sign_off(const intake::record::GateResult& gate);
    // The signed-in user as the workflow's actor.
    Result<intake::record::Actor> actor() const;

  signals:
    void changed();

  private:
    void refresh();
    Status complete(int step);

    AppContext& context_;
    QVariantList steps_;
    int next_step_ = 1;
    bool signed_off_ = false, resumed_ = false;
    QString message_, resume_page_, other_station_;
};

}  // namespace intake::app
