// The appointment's draft as JSON, for the store's `workflows` row (station/record/store.h):
// what was captured or typed but not yet completed as a workflow step — photos and scans (files
// and verdicts), the attachments choice, instructions, free text — and the wizard page. A crash
// or restart mid-appointment restores it with the workflow, so nothing has to be captured again.
#pragma once

#include <string>

namespace intake::app {

struct AppointmentDraft;

std::string draft_to_json(const AppointmentDraft& draft);

// Fills `draft` from draft_to_json's output. Unknown keys are ignored and a photo or
// scan whose file is gone is dropped (it would have to be taken again anyway); malformed JSON
// restores nothing.
void restore_draft(AppointmentDraft& draft, const std::string& json);

}  // namespace intake::app
