// What another station changed on the case in hand, in words for the screen: between the row
// this station last read or wrote (`before`) and the one the store holds now (`after`), which
// workflow steps were completed or redone and by whom, the sign-off, and the draft's photos,
// scans, attachments decision, arches, instructions and free text. Used when a save is refused
// as stale (optimistic concurrency) and when the watch sees a newer version.
#pragma once

#include <QStringList>
#include <string>

namespace intake::app {

struct AppointmentRow {
    std::string state_json;  // the Workflow's JSON ("" when the case had no row)
    std::string draft_json;  // draft_state.h's JSON
};

// One line per change, oldest step first; empty when nothing a person would see differs.
QStringList describe_changes(const AppointmentRow& before, const AppointmentRow& after);

}  // namespace intake::app
