#include "review_adapter.h"

#include "async.h"
#include "outbox_adapter.h"
#include "station/record/workflow.h"
#include "submission_builder.h"

namespace intake::app {

ReviewAdapter::ReviewAdapter(AppContext& context, OutboxAdapter& outbox, QObject* parent)
    : QObject(parent), context_(context), outbox_(outbox) {
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
    if (context_.case_id.isEmpty()) {
        checklist_.clear();
        can_submit_ = false;
        message_ = "Open a case first.";
        emit changed();
        return;
    }
    const Checklist list = evaluate_checklist(snapshot(context_));
    checklist_ = list.rows;
    can_submit_ = list.may_submit;
    can_override_ = !can_submit_ && context_.role == "clinician";
    message_ = list.summary;
    emit changed();
}

void ReviewAdapter::submitWithOverride(const QString& reason) {
    if (busy_ || submitted_) return;
    const Checklist list = evaluate_checklist(snapshot(context_));
    intake::record::Actor actor;
    actor.user_id = context_.user_id.toStdString();
    auto role = intake::record::parse_role(context_.role.toStdString());
    if (role) actor.role = *role;
    auto overridden = role ? intake::record::override_gate(
                                 list.gate, actor, reason.trimmed().toStdString(), context_.audit())
                           : Result<intake::record::GateResult>(fail(role.error()));
    if (!overridden) {
        message_ = "Not overridden: " + QString::fromStdString(overridden.error().message);
        emit changed();
        return;
    }
    start_submit(reason.trimmed().toStdString());
}

void ReviewAdapter::submit() {
    refresh();  // the gate is asked again at the moment of submitting
    if (!can_submit_ || busy_ || submitted_) return;
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
