#include "station/record/staff.h"

namespace intake::record {

namespace {

constexpr std::initializer_list<Role> kManagers = {Role::clinician, Role::admin};

bool manages(const UserRecord& u) { return u.role == "clinician" || u.role == "admin"; }

Result<StaffMember> member_of(const UserRecord& u) {
    auto role = parse_role(u.role);
    if (!role) return fail(Errc::corrupt, "station.db: user " + u.user_id + ": unknown role");
    return StaffMember{u.user_id, u.display_name, *role, u.active, u.locked_until};
}

}  // namespace

Staff::Staff(Store& store, AuditLog& audit, PinAuthOptions options)
    : store_(&store), audit_(&audit), auth_(store, &audit, std::move(options)) {}

Status Staff::audit(const std::string& by, Role by_role, std::string_view action,
                    std::string_view subject, std::string detail) {
    auto seq =
        audit_->append(AuditEntry{by, std::string(role_name(by_role)), std::string(action),
                                  "user " + std::string(subject), "", "", std::move(detail)});
    if (!seq) return fail(seq.error());
    return ok();
}

Result<bool> Staff::empty() {
    auto n = store_->user_count();
    if (!n) return fail(n.error());
    return *n == 0;
}

Result<Actor> Staff::sign_in(std::string_view id, std::string_view pin) {
    auto user = auth_.sign_in(id, pin);
    if (!user) return fail(user.error());
    auto role = parse_role(user->role);
    if (!role) return fail(Errc::corrupt, "station.db: user " + user->user_id + ": unknown role");
    return Actor{user->user_id, user->display_name, *role};
}

// Checks and hashes outside the transaction (argon2id is slow); inside it, the first-user rule is
// checked again so two first runs at once cannot both win.
Status Staff::insert(const std::string& by, Role by_role, std::string_view id,
                     std::string_view name, Role role, std::string_view pin, bool first) {
    INTAKE_TRY(PinAuth::check_user_fields(id, name));
    INTAKE_TRY(PinAuth::check_pin_format(pin, auth_.options().min_pin_digits));
    auto hashed = auth_.hash_new_pin(pin);
    if (!hashed) return fail(hashed.error());
    UserRecord u{
        std::string(id), std::string(name), std::string(role_name(role)), hashed->hash, 0, 0};
    u.pin_scheme = hashed->scheme;
    return store_->in_transaction([&]() -> Status {
        if (first) {
            auto n = store_->user_count();
            if (!n) return fail(n.error());
            if (*n > 0) {
                return fail(Errc::conflict,
                            "this station already has staff: a clinician or admin adds " +
                                std::string(id) + " (--by)");
            }
        }
        auto clash = store_->find_user(id);
        if (!clash) return fail(clash.error());
        if (*clash) return fail(Errc::conflict, "user " + std::string(id) + " already exists");
        INTAKE_TRY(store_->insert_user(u));
        return audit(by, by_role, "user.add", id,
                     std::string(role_name(role)) + (first ? ", the station's first user" : ""));
    });
}

Status Staff::add_first(std::string_view id, std::string_view name, Role role,
                        std::string_view pin) {
    if (role == Role::assistant) {
        return fail(Errc::invalid_argument,
                    "the first user must be a clinician or an admin (they add everyone else)");
    }
    return insert(std::string(id), role, id, name, role, pin, true);
}

Status Staff::add(const Actor& by, std::string_view id, std::string_view name, Role role,
                  std::string_view pin) {
    INTAKE_TRY(require_role(by, kManagers, "user.add", *audit_));
    return insert(by.user_id, by.role, id, name, role, pin, false);
}

Result<UserRecord> Staff::existing(std::string_view id) {
    auto u = store_->find_user(id);
    if (!u) return fail(u.error());
    if (!*u) return fail(Errc::not_found, "user " + std::string(id) + ": no such user");
    return **u;
}

Status Staff::set_active(const Actor& by, std::string_view id, bool active) {
    const char* action = active ? "user.enable" : "user.disable";
    INTAKE_TRY(require_role(by, kManagers, action, *audit_));
    return store_->in_transaction([&]() -> Status {
        auto target = existing(id);
        if (!target) return fail(target.error());
        if (!active && target->active && manages(*target)) {
            auto all = store_->users();
            if (!all) return fail(all.error());
            int others = 0;
            for (const auto& u : *all) others += u.active && manages(u) && u.user_id != id;
            if (others == 0) {
                return fail(Errc::conflict, "user " + std::string(id) +
                                                " is the last active clinician or admin: add "
                                                "another before disabling them");
            }
        }
        INTAKE_TRY(store_->set_user_active(id, active));
        return audit(by.user_id, by.role, action, id, target->role);
    });
}

Status Staff::disable(const Actor& by, std::string_view id) { return set_active(by, id, false); }
Status Staff::enable(const Actor& by, std::string_view id) { return set_active(by, id, true); }

Status Staff::reset_pin(const Actor& by, std::string_view id, std::string_view new_pin) {
    INTAKE_TRY(require_role(by, kManagers, "user.reset-pin", *audit_));
    INTAKE_TRY(PinAuth::check_pin_format(new_pin, auth_.options().min_pin_digits));
    auto target = existing(id);
    if (!target) return fail(target.error());
    auto hashed = auth_.hash_new_pin(new_pin);
    if (!hashed) return fail(hashed.error());
    return store_->in_transaction([&]() -> Status {
        INTAKE_TRY(store_->set_user_pin(id, hashed->hash, hashed->scheme));
        return audit(by.user_id, by.role, "user.reset-pin", id, "lockout cleared");
    });
}

Status Staff::change_pin(std::string_view id, std::string_view old_pin, std::string_view new_pin) {
    // The new PIN's format first: a typo there must not cost an attempt at the old one.
    INTAKE_TRY(PinAuth::check_pin_format(new_pin, auth_.options().min_pin_digits));
    auto me = sign_in(id, old_pin);
    if (!me) return fail(me.error());
    auto hashed = auth_.hash_new_pin(new_pin);
    if (!hashed) return fail(hashed.error());
    return store_->in_transaction([&]() -> Status {
        INTAKE_TRY(store_->set_user_pin(me->user_id, hashed->hash, hashed->scheme));
        return audit(me->user_id, me->role, "user.change-pin", me->user_id, "");
    });
}

Result<std::vector<StaffMember>> Staff::list() {
    auto users = store_->users();
    if (!users) return fail(users.error());
    std::vector<StaffMember> out;
    for (const auto& u : *users) {
        auto m = member_of(u);
        if (!m) return fail(m.error());
        out.push_back(std::move(*m));
    }
    return out;
}

Result<std::optional<StaffMember>> Staff::find(std::string_view id) {
    auto u = store_->find_user(id);
    if (!u) return fail(u.error());
    if (!*u) return std::optional<StaffMember>{};
    auto m = member_of(**u);
    if (!m) return fail(m.error());
    return std::optional<StaffMember>(std::move(*m));
}

}  // namespace intake::record
