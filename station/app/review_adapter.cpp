#include "review_adapter.h"

#include "async.h"
#include "outbox_adapter.h"
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
    message_ = list.summary;
    emit changed();
}

void ReviewAdapter::submit() {
    refresh();  // the gate is asked again at the moment of submitting
    if (!can_submit_ || busy_ || submitted_) return;
    busy_ = true;
    message_ = "Building the package…";
    emit changed();
    DraftSnapshot draft = snapshot(context_);
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
