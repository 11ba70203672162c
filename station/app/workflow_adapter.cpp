#include "workflow_adapter.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "prescription_adapter.h"
#include "station/record/store.h"
#include "station/record/submission_gate.h"
#include "station/record/workflow.h"

namespace intake::app {

namespace rec = intake::record;
using nlohmann::json;

namespace {

const char* const kTitles[] = {"Attachments decision", "Photos and scans", "Additional aligners",
                               "Prescription",         "Instructions",     "Hand-out"};

// Where each step is done in the wizard; the review page is where the clinician signs off.
QString page_of(rec::Step step) {
    switch (step) {
        case rec::Step::attachments:
            return "attachments";
        case rec::Step::capture:
            return "photos";
        case rec::Step::submission:
        case rec::Step::prescription:
            return "prescription";
        case rec::Step::instructions:
            return "instructions";
        case rec::Step::handout:
            return "handout";
    }
    return "attachments";
}

std::string decision(const AppContext& c) { return attachments_decision(c); }

// What step 2 records: every photo and scan with its own verdict.
json capture_record(const AppContext& c) {
    json photos = json::object(), scans = json::object();
    for (const auto& [view, p] : c.draft().photos)
        photos[view] = {{"file", p.file.filename().string()}, {"verdict", p.verdict.toStdString()}};
    for (const auto& [arch, s] : c.draft().scans)
        scans[arch] = {{"file", s.file.filename().string()},
                       {"verdict", s.verdict.toStdString()},
                       {"taken_with_attachments", s.taken_with_attachments}};
    return {{"photos", photos}, {"scans", scans}, {"bite", c.draft().bite_verdict.toStdString()}};
}

json step_record(rec::Step step, const AppContext& c) {
    switch (step) {
        case rec::Step::attachments:
            if (c.draft().keep_all_attachments) return {{"decision", decision(c)}};
            return {{"decision", decision(c)},
                    {"teeth", c.draft().attachments_teeth.toStdString()},
                    {"reason", c.draft().attachments_reason.toStdString()}};
        case rec::Step::capture:
            return capture_record(c);
        case rec::Step::submission:
            return {{"kind", "additional-aligners"}, {"case_id", c.case_id().toStdString()}};
        case rec::Step::prescription:
            return {{"decision", decision(c)},
                    {"treat_arches", c.draft().treat_arches.toStdString()}};
        case rec::Step::instructions: {
            json list = json::array();
            for (const auto& i : c.draft().instructions)
                list.push_back({{"teeth", i.teeth.toStdString()},
                                {"movement", i.movement.toStdString()},
                                {"amount", i.amount},
                                {"note", i.note.toStdString()}});
            return {{"instructions", list},
                    {"free_text", c.draft().free_text.toStdString()},
                    {"lab_text", c.draft().lab_text.toStdString()}};
        }
        case rec::Step::handout:
            return {{"given_to", c.patient_name().toStdString()}};
    }
    return json::object();
}

}  // namespace

WorkflowAdapter::WorkflowAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    connect(&context_, &AppContext::caseChanged, this, &WorkflowAdapter::refresh);
    connect(&context_.session(), &Session::changed, this, &WorkflowAdapter::refresh);
    connect(&context_, &AppContext::otherStationChanged, this, &WorkflowAdapter::refresh);
    refresh();
}

Result<rec::Actor> WorkflowAdapter::actor() const { return context_.actor(); }

void WorkflowAdapter::refresh() {
    steps_.clear();
    const rec::Workflow* wf = context_.workflow();
    auto role = rec::parse_role(context_.session().role().toStdString());
    for (int n = 1; n <= rec::kStepCount; ++n) {
        const auto step = static_cast<rec::Step>(n);
        const bool done = wf && wf->done(step);
        steps_.append(QVariantMap{
            {"number", n},
            {"name", QString::fromUtf8(rec::step_name(step).data())},
            {"title", kTitles[n - 1]},
            {"done", done},
            {"by", done ? QString::fromStdString(wf->record(step).by) : QString()},
            {"role",
             done ? QString::fromUtf8(rec::role_name(wf->record(step).role).data()) : QString()},
            {"clinicianOnly", !rec::Workflow::role_may(rec::Role::assistant, step)},
            {"mayDo", role && rec::Workflow::role_may(*role, step)}});
    }
    const auto next = wf ? wf->next_step() : std::optional<rec::Step>(rec::Step::attachments);
    next_step_ = next ? static_cast<int>(*next) : 0;
    signed_off_ = wf && wf->signed_off();
    resumed_ = context_.resumed();
    other_station_ = context_.other_station_change();
    if (!context_.draft().page.isEmpty())
        resume_page_ = context_.draft().page;
    else if (next == rec::Step::handout && !signed_off_)
        resume_page_ = "review";
    else
        resume_page_ = next ? page_of(*next) : QString("handout");
    emit changed();
}

int WorkflowAdapter::stepOf(const QString& page) const {
    if (page == "attachments") return 1;
    if (page == "photos" || page == "scans") return 2;
    if (page == "prescription") return 4;
    if (page == "instructions") return 5;
    if (page == "handout") return 6;
    return 0;
}

void WorkflowAdapter::dismissOtherStation() { context_.acknowledge_other_station_change(); }

void WorkflowAdapter::setPage(const QString& page) {
    if (context_.draft().page == page) return;
    context_.draft().page = page;
    context_.notify_draft();
}

Status WorkflowAdapter::complete(int n) {
    rec::Workflow* wf = context_.workflow();
    if (!wf) return fail(Errc::conflict, "open a case first");
    const auto step = static_cast<rec::Step>(n);
    json record = step_record(step, context_);
    // Going through a page again without changing anything is not a new decision (and must not
    // withdraw the clinician's sign-off).
    if (wf->done(step) && wf->record(step).record == record) return ok();
    auto who = actor();
    if (!who) return fail(who.error());
    // The transition appends to the audit log: under the store's lock.
    return context_.store().with_store(
        [&](rec::Store&, rec::AuditLog&) { return wf->complete(step, *who, std::move(record)); });
}

bool WorkflowAdapter::completePage(const QString& page) {
    std::vector<int> steps;
    if (page == "attachments") steps = {1};
    if (page == "scans") steps = {2};
    if (page == "prescription") steps = {3, 4};
    if (page == "instructions") steps = {5};
    if (page == "handout") steps = {6};
    if (page == "review" && !(context_.workflow() && context_.workflow()->signed_off())) {
        message_ = "The clinician signs off by submitting (or overriding) on this page.";
        emit changed();
        return false;
    }
    message_.clear();
    bool all_ok = true;
    for (int n : steps) {
        if (auto st = complete(n); !st) {
            message_ = QString::fromStdString(st.error().message);
            all_ok = false;
            break;
        }
    }
    if (!context_.save_progress() && context_.reloaded_on_save()) {
        // Another station wrote the case first: it was reloaded; this page's step is not kept.
        message_ =
            "Not saved: another station changed this case. Check the page and press Next "
            "again.";
        all_ok = false;
    }
    refresh();
    return all_ok;
}

Status WorkflowAdapter::sign_off(const rec::GateResult& gate) {
    rec::Workflow* wf = context_.workflow();
    if (!wf) return fail(Errc::conflict, "open a case first");
    auto who = actor();
    if (!who) return fail(who.error());
    INTAKE_TRY(context_.store().with_store(
        [&](rec::Store&, rec::AuditLog&) { return wf->sign_off(*who, gate); }));
    const bool refused = !context_.save_progress() && context_.reloaded_on_save();
    refresh();
    // Another station wrote the case first: it was reloaded without this sign-off, so nothing
    // goes out on it.
    if (refused)
        return fail(
            Errc::conflict,
            "another station changed this case; it was reloaded: check it and submit again");
    return ok();
}

}  // namespace intake::app
