#include "staff_adapter.h"

#include <ctime>

#include "async.h"
#include "first_run_adapter.h"
#include "qt_strings.h"
#include "station/record/staff.h"
#include "station/record/store.h"

namespace intake::app {

namespace rec = intake::record;

namespace {

int64_t now_by(const rec::PinAuthOptions& options) {
    return options.clock ? options.clock() : static_cast<int64_t>(std::time(nullptr));
}

QVariantMap member_row(const rec::StaffMember& m, const QString& me, int64_t now) {
    return QVariantMap{{"id", qs(m.user_id)},
                       {"name", qs(m.display_name)},
                       {"role", qs(rec::role_name(m.role))},
                       {"active", m.active},
                       {"locked", m.locked_until > now},
                       {"isMe", qs(m.user_id) == me}};
}

}  // namespace

StaffAdapter::StaffAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    connect(&context_.session(), &Session::changed, this, [this] {
        message_.clear();
        refresh();
    });
}

bool StaffAdapter::may_manage() const {
    return context_.store().available() && context_.session().is_clinician_or_admin();
}

// The list is read on the GUI thread: a handful of rows, no hashing. Only those who manage staff
// see it (an assistant has no use for who else is locked out).
void StaffAdapter::refresh() {
    members_.clear();
    if (may_manage()) {
        auto list = context_.store().with_store([&](rec::Store& store, rec::AuditLog& audit) {
            return rec::Staff(store, audit, context_.config().pin_options).list();
        });
        const int64_t now = now_by(context_.config().pin_options);
        if (list)
            for (const auto& m : *list)
                members_.append(member_row(m, context_.session().user_id(), now));
        else
            message_ = "Staff list not available: " + qs(list.error().message);
    }
    emit changed();
}

bool StaffAdapter::refuse_early(const QString& why) {
    if (why.isEmpty()) return false;
    message_ = why;
    emit changed();
    return true;
}

void StaffAdapter::run(const QString& action, const QString& working, StaffAction work,
                       const QString& success, std::function<void()> after) {
    if (busy_) return;
    if (!context_.store().available()) {
        refuse_early("Staff is not available: " + context_.store().error());
        return;
    }
    busy_ = true;
    message_ = working;
    emit changed();
    AppContext* ctx = &context_;
    run_async<Status>(
        this,
        [ctx, work = std::move(work)]() -> Status {
            return ctx->store().with_store([&](rec::Store& store, rec::AuditLog& audit) {
                rec::Staff staff(store, audit, ctx->config().pin_options);
                return work(staff);
            });
        },
        [this, action, success, after = std::move(after)](AsyncOutcome<Status> result) {
            busy_ = false;
            const bool accepted = result.value && *result.value;
            if (!result.value)
                message_ = "Not done: " + qs(result.crash);
            else if (!accepted)
                message_ = "Not done: " + qs(result.value->error().message);
            else
                message_ = success;
            refresh();
            if (!accepted) return;
            if (after) after();
            emit done(action);
        });
}

void StaffAdapter::add(const QString& user_id, const QString& display_name, const QString& role,
                       const QString& pin, const QString& pin_again) {
    const QString id = user_id.trimmed(), name = display_name.trimmed();
    auto actor = context_.actor();
    if (!actor) return void(refuse_early("Sign in first."));
    if (refuse_early(user_id_problem(id))) return;
    if (name.isEmpty())
        return void(refuse_early("Display name: type the name as it should appear in the audit."));
    auto parsed = rec::parse_role(role.toStdString());
    if (!parsed) return void(refuse_early("Role: " + qs(parsed.error().message)));
    if (refuse_early(pin_problem(pin, pin_again, kMinPinDigits))) return;
    const std::string new_id = id.toStdString(), new_name = name.toStdString(),
                      secret = pin.toStdString();
    const rec::Role new_role = *parsed;
    run(
        "add", "Adding " + name + "…",
        [by = *actor, new_id, new_name, new_role, secret](rec::Staff& staff) {
            return staff.add(by, new_id, new_name, new_role, secret);
        },
        "Added " + name + " (" + id + ", " + role + "). They sign in with their id and PIN.",
        [this, id] { emit added(id); });
}

void StaffAdapter::disable(const QString& user_id) {
    auto actor = context_.actor();
    if (!actor) return void(refuse_early("Sign in first."));
    run(
        "disable", "Disabling " + user_id + "…",
        [by = *actor, id = user_id.toStdString()](rec::Staff& s) { return s.disable(by, id); },
        user_id + " is disabled: they can no longer sign in.",
        [this, user_id] {
            if (user_id == context_.session().user_id()) emit signedInUserDisabled();
        });
}

void StaffAdapter::enable(const QString& user_id) {
    auto actor = context_.actor();
    if (!actor) return void(refuse_early("Sign in first."));
    run(
        "enable", "Enabling " + user_id + "…",
        [by = *actor, id = user_id.toStdString()](rec::Staff& s) { return s.enable(by, id); },
        user_id + " may sign in again.");
}

void StaffAdapter::resetPin(const QString& user_id, const QString& pin, const QString& pin_again) {
    auto actor = context_.actor();
    if (!actor) return void(refuse_early("Sign in first."));
    if (refuse_early(pin_problem(pin, pin_again, kMinPinDigits))) return;
    run(
        "reset-pin", "Setting a new PIN for " + user_id + "…",
        [by = *actor, id = user_id.toStdString(), secret = pin.toStdString()](rec::Staff& s) {
            return s.reset_pin(by, id, secret);
        },
        "New PIN set for " + user_id + "; any lockout is lifted. Tell them in person.");
}

void StaffAdapter::changeMyPin(const QString& old_pin, const QString& pin,
                               const QString& pin_again) {
    auto actor = context_.actor();
    if (!actor) return void(refuse_early("Sign in first."));
    if (refuse_early(pin_problem(pin, pin_again, kMinPinDigits))) return;
    if (pin == old_pin) return void(refuse_early("The new PIN is the old one: choose another."));
    run(
        "change-pin", "Changing your PIN…",
        [id = actor->user_id, old_secret = old_pin.toStdString(), secret = pin.toStdString()](
            rec::Staff& s) { return s.change_pin(id, old_secret, secret); },
        "Your PIN is changed. Use the new one from the next sign-in.");
}

}  // namespace intake::app
