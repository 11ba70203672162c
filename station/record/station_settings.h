// The station's settings (practice name, lab, rule pack, the lab's upload endpoint): read by
// anyone, changed only by a clinician or admin, every change audited with what it was before.
// Where packages go is a trust decision, so an endpoint change is its own audit action.
#pragma once

#include "base/result.h"
#include "station/record/audit_log.h"
#include "station/record/roles.h"
#include "station/record/store.h"

namespace intake::record {

// All empty on a new station.
Result<StationSettings> load_station_settings(Store& store);

// invalid_argument naming the field: names up to 200 characters without control characters; a
// rule pack name of a-z 0-9 . _ - (it names a file); an endpoint that is empty or an http(s) URL.
Status check_station_settings(const StationSettings& settings);

// `by` must be a clinician or admin (require_role, refusal audited). Stores `settings` (its
// updated_at/updated_by are set here) and appends `settings.change`, or `settings.endpoint` when
// the endpoint changed, with every changed field's old and new value, in one transaction.
Status save_station_settings(Store& store, AuditLog& audit, const Actor& by,
                             const StationSettings& settings);

}  // namespace intake::record
