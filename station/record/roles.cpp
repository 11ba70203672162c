#include "station/record/roles.h"

#include <algorithm>

#include "station/record/audit_log.h"

namespace intake::record {

std::string_view role_name(Role role) {
    switch (role) {
        case Role::assistant:
            return "assistant";
        case Role::clinician:
            return "clinician";
        case Role::admin:
            return "admin";
    }
    return "";
}

Result<Role> parse_role(std::string_view text) {
    if (text == "assistant") return Role::assistant;
    if (text == "clinician") return Role::clinician;
    if (text == "admin") return Role::admin;
    return fail(Errc::invalid_argument,
                "role: '" + std::string(text) + "' is not assistant, clinician or admin");
}

std::string roles_text(std::initializer_list<Role> roles) {
    std::string out;
    size_t i = 0;
    for (Role r : roles) {
        if (i > 0) out += i + 1 == roles.size() ? " or " : ", ";
        out +=
            (r == Role::assistant || r == Role::admin ? "an " : "a ") + std::string(role_name(r));
        ++i;
    }
    return out;
}

namespace {

bool holds(Role role, std::initializer_list<Role> roles) {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::string who(const Actor& a) { return a.user_id.empty() ? "nobody signed in" : a.user_id; }

// The refusal is recorded before it is returned; when even that fails the caller still gets
// access_denied, with the audit failure in the message so it is not lost.
Status refuse(const Actor& actor, std::string_view action, const std::string& why,
              AuditLog* audit) {
    if (audit != nullptr) {
        auto seq = audit->append(AuditEntry{who(actor), std::string(role_name(actor.role)),
                                            "access.denied", std::string(action), "", "", why});
        if (!seq) {
            return fail(Errc::access_denied,
                        why + " (the refusal could not be audited: " + seq.error().message + ")");
        }
    }
    return fail(Errc::access_denied, why);
}

}  // namespace

Status require_role(const Actor& actor, std::initializer_list<Role> roles, std::string_view action,
                    AuditLog* audit) {
    const std::string act(action);
    if (audit != nullptr) {
        auto user = audit->store().find_user(actor.user_id);
        if (!user) return fail(user.error());
        if (!*user || !(*user)->active) {
            return refuse(actor, action,
                          act + ": " + who(actor) + " is not an active member of staff", audit);
        }
        if ((*user)->role != role_name(actor.role)) {
            return refuse(actor, action,
                          act + ": " + actor.user_id + " is " + (*user)->role +
                              " in the store, not " + std::string(role_name(actor.role)),
                          audit);
        }
    }
    if (!holds(actor.role, roles)) {
        return refuse(actor, action,
                      act + " takes " + roles_text(roles) + "; " + who(actor) + " is " +
                          roles_text({actor.role}),
                      audit);
    }
    return ok();
}

Status require_role(const Actor& actor, std::initializer_list<Role> roles, std::string_view action,
                    AuditLog& audit) {
    return require_role(actor, roles, action, &audit);
}

}  // namespace intake::record
