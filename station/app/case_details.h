// What the case screen shows of one case, and how its forms become core values: the case with
// its patient, phases, lifecycle state and, when closed, the lifecycle rule's reason in words;
// its submission history; a new case or a phase edit from the form's fields. Plain functions
// (no QObject) so CaseAdapter stays the thin layer between QML and station/record.
#pragma once

#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <string>
#include <vector>

#include "base/result.h"
#include "station/record/case_registry.h"
#include "station/record/lifecycle.h"

namespace intake::app {

// Why a closed case is closed, from seed 003's rule as the lab's rule pack sets it: "Closed on
// 2026-03-01: a retainer was requested on 2026-03-01 ..." Empty while the case is open.
QString close_explanation(const intake::record::CaseFile& file,
                          const intake::record::CaseStatus& status,
                          const intake::record::LifecycleTerms& terms);

// One row per history event, oldest first: {at, event, title, packageId, labCaseId, detail}.
QVariantList history_rows(const std::vector<intake::record::SubmissionEvent>& events);

// The case screen's detail of `record`: caseId, labCaseId, lab, rules, patientName, chartId,
// state, open, needsReopen, closeReason, closeDate, phases[], retainerRequestedOn, reopenedOn,
// history[], error. Reads the store (the caller holds its lock).
QVariantMap case_detail(intake::record::Store& store, const intake::record::CaseRecord& record,
                        intake::record::CivilDate today);

// A new case from the form's fields: caseId, lab, labCaseId, rules, type, submittedOn,
// wearDays, and the first phase's phaseKind, phaseSteps, phaseStatus, shipOn, shippedOn,
// arrivedOn (empty dates left out). Checked as strictly as a case file from disk.
Result<intake::record::CaseFile> case_from_form(const QVariantMap& form);

// A phase edit from the form's fields (status, kind, steps, ship_on, shipped_on, arrived_on;
// empty values left out).
intake::record::PhaseEdit phase_edit_from_form(int number, const QVariantMap& fields);

}  // namespace intake::app
