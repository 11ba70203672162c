#include "review_adapter.h"

#include "async.h"
#include "outbox_adapter.h"
#include "station/record/workflow.h"
#include "submission_builder.h"
#include "workflow_adapter.h"

namespace intake::app {

namespace {

// The workflow's steps 1-5 that are not done yet, in words, for the checklist.
QStringList steps_not_done(const AppContext& context) {
    QStringList out;
    const auto* wf = context.workflow();
    for (int n = 1; n <= static_cast<int>(intake::record::Step::instructions); ++n) {
        const auto step = static_cast<intake::record::Step>(n);
        if (wf && wf->done(step)) continue;
        const bool clinician =
            !intake::record::Workflow::role_may(intake::record::Role::assistant, step);
        out << QString("%1 %2%3").arg(n).arg(
            QString::fromUtf8(intake::record::step_name(step).data()),
            clinician ? " (clinician)" : "");
    }
    return out;
}

}  // namespace

ReviewAdapter::ReviewAdapter(AppContext& context, OutboxAdapter& outbox, WorkflowAdapter& workflow,
                             QObject* parent)
    : QObject(parent), context_(context), outbox_(outbox), workflow_(workflow) {
    connect(&context_, &AppContext::caseChanged, this, [this] {
        submitted_ = false;
        emit submittedChanged();
        checklist_.clear();
        can_submit_ = false;
        message_.clear();
        emit changed();
    });
}

void ReviewAdapter::refresh() {
    if (context_.case_id().isEmpty()) {
        checklist_.clear();
        can_submit_ = false;
        message_ = "Open a case first.";
        emit changed();
        return;
    }
    const Checklist list = evaluate_checklist(snapshot(context_));
    checklist_ = list.rows;
    const QStringList missing = steps_not_done(context_);
    steps_done_ = missing.isEmpty();
    checklist_.prepend(QVariantMap{
        {"item", "Appointment steps 1–5"},
        {"ok", steps_done_},
        {"reason", steps_done_ ? QString() : "not done yet: step " + missing.join(", step ")}});
    const bool clinician = context_.session().is_clinician();
    can_submit_ = list.may_submit && steps_done_ && clinician;
    can_override_ = !list.may_submit && clinician;
    message_ = list.summary;
    if (!steps_done_)
        message_ = "Not ready: finish steps " + missing.join(", ").left(80) +
                   " first (Next on each page).";
    else if (!clinician && list.may_submit)
        message_ = "Ready: the clinician signs off and submits.";
    emit changed();
}

void ReviewAdapter::submitWithOverride(const QString& reason) {
    if (busy_ || submitted_) return;
    const Checklist list = evaluate_checklist(snapshot(context_));
    // The signed-in person as the core's Actor: override_gate checks the role against the store
    // and audits the override (or the refusal) under their id.
    auto actor = context_.actor();
    Result<intake::record::GateResult> overridden =
        fail(Errc::access_denied, "nobody is signed in");
    if (actor)
        overridden = context_.store().with_store(
            [&](intake::record::Store&, intake::record::AuditLog& audit) {
                return intake::record::override_gate(list.gate, *actor,
                                                     reason.trimmed().toStdString(), &audit);
            });
    if (!overridden) {
        message_ = "Not overridden: " + QString::fromStdString(overridden.error().message);
        emit changed();
        return;
    }
    if (auto st = workflow_.sign_off(*overridden); !st) {
        message_ = "Not signed off: " + QString::fromStdString(st.error().message);
        emit changed();
        return;
    }
    start_submit(reason.trimmed().toStdString());
}

void ReviewAdapter::submit() {
    refresh();  // the gate is asked again at the moment of submitting
    if (!can_submit_ || busy_ || submitted_) return;
    const Checklist list = evaluate_checklist(snapshot(context_));
    if (auto st = workflow_.sign_off(list.gate); !st) {
        message_ = "Not signed off: " + QString::fromStdString(st.error().message);
        emit changed();
        return;
    }
    start_submit({});
}

void ReviewAdapter::start_submit(std::string override_reason) {
    busy_ = true;
    message_ = "Building the package…";
    emit changed();
    DraftSnapshot draft = snapshot(context_);
    draft.override_reason = std::move(override_reason);
    run_async<Result<Submitted>>(
        this, [draft]() { return build_and_queue(draft); },
        [this](AsyncOutcome<Result<Submitted>> out) {
            busy_ = false;
            if (!out.value || !*out.value) {
                message_ = out.value ? "Not submitted: " +
                                           QString::fromStdString(out.value->error().to_string())
                                     : "Packaging crashed: " + QString::fromStdString(out.crash);
                emit changed();
                return;
            }
            message_ = (*out.value)->summary;
            submitted_ = true;
            emit changed();
            emit submittedChanged();
            outbox_.sendAll();
        });
}

}  // namespace intake::app
