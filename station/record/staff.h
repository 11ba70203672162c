// Named staff: the people who may use the station, their roles and their PINs. The first user of
// a station is a clinician or admin who enrols themselves; every later change is made by an
// authenticated clinician or admin (`by`), checked against the store and audited in the same
// transaction as the change (no audit entry, no change).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "station/record/audit_log.h"
#include "station/record/pin_auth.h"
#include "station/record/roles.h"
#include "station/record/store.h"

namespace intake::record {

struct StaffMember {
    std::string user_id, display_name;
    Role role = Role::assistant;
    bool active = true;
    int64_t locked_until = 0;  // unix seconds; 0 when never locked (may lie in the past)
};

class Staff {
  public:
    Staff(Store& store, AuditLog& audit, PinAuthOptions options = {});

    // No users yet: the station is new (first run).
    Result<bool> empty();
    // The person behind a PIN (PinAuth::sign_in: lockouts, disabled users, audited).
    Result<Actor> sign_in(std::string_view id, std::string_view pin);

    // The station's first user enrols themselves: conflict once anyone exists; invalid_argument
    // for an assistant (someone must be able to add the others). Audited `user.add`.
    Status add_first(std::string_view id, std::string_view name, Role role, std::string_view pin);
    // `by` (a clinician or admin) adds a user. conflict when the id exists. Audited `user.add`.
    Status add(const Actor& by, std::string_view id, std::string_view name, Role role,
               std::string_view pin);
    // A disabled user can no longer sign in or act. The last active clinician or admin cannot be
    // disabled (conflict): the station would have nobody left to manage it.
    Status disable(const Actor& by, std::string_view id);
    Status enable(const Actor& by, std::string_view id);
    // A forgotten PIN: `by` sets a new one; the failure count and any lockout are cleared.
    Status reset_pin(const Actor& by, std::string_view id, std::string_view new_pin);
    // Everyone's own PIN change: the old PIN must sign in (and counts as an attempt).
    Status change_pin(std::string_view id, std::string_view old_pin, std::string_view new_pin);

    Result<std::vector<StaffMember>> list();
    Result<std::optional<StaffMember>> find(std::string_view id);

  private:
    Status insert(const std::string& by, Role by_role, std::string_view id, std::string_view name,
                  Role role, std::string_view pin, bool first);
    Result<UserRecord> existing(std::string_view id);
    Status set_active(const Actor& by, std::string_view id, bool active);
    Status audit(const std::string& by, Role by_role, std::string_view action,
                 std::string_view subject, std::string detail);

    Store* store_;
    AuditLog* audit_;
    PinAuth auth_;
};

}  // namespace intake::record
