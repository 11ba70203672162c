// Who may do what at the station. An Actor is an authenticated person (Staff::sign_in makes
// one); protected actions in the core take one and ask require_role, which checks the person
// against the store (active, and really holding that role) and audits every refusal.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "base/result.h"

namespace intake::record {

class AuditLog;

// assistant: capture, filing and the hand-out. clinician: the clinical steps, sign-off, the
// gate override, settings and staff. admin: settings and staff, no clinical decisions.
enum class Role { assistant, clinician, admin };
std::string_view role_name(Role role);
// invalid_argument naming the text when it is not assistant, clinician or admin.
Result<Role> parse_role(std::string_view text);

struct Actor {
    std::string user_id;
    std::string display_name;
    Role role = Role::assistant;
};

// ok when `actor` holds one of `roles`. With an audit log the store must also know the actor as
// an active user with exactly that role (a made-up Actor gets nowhere). A refusal is
// access_denied with a sentence naming the person and the action, and is appended to the audit
// log as `access.denied` (subject: `action`).
Status require_role(const Actor& actor, std::initializer_list<Role> roles, std::string_view action,
                    AuditLog& audit);
// The same without an audit log (an in-memory workflow): only the claimed role is checked.
Status require_role(const Actor& actor, std::initializer_list<Role> roles, std::string_view action,
                    AuditLog* audit);

// "a clinician or an admin"
std::string roles_text(std::initializer_list<Role> roles);

}  // namespace intake::record
