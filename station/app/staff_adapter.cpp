#include "staff_adapter.h"

#include "async.h"
#include "first_run_adapter.h"
#include "qt_strings.h"
#include "station/record/audit_log.h"
#include "station/record/pin_auth.h"
#include "station/record/store.h"

namespace intake::app {

namespace rec = intake::record;

StaffAdapter::StaffAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    connect(&context_, &AppContext::sessionChanged, this, [this] {
        message_.clear();
        emit changed();
    });
}

bool StaffAdapter::may_manage() const {
    return context_.store() && (context_.role == "clinician" || context_.role == "admin");
}

void StaffAdapter::add(const QString& user_id, const QString& display_name, const QString& role,
                       const QString& pin, const QString& pin_again) {
    if (busy_) return;
    const QString id = user_id.trimmed(), name = display_name.trimmed();
    if (!may_manage())
        message_ = "Only a signed-in clinician or admin may add staff.";
    else if (QString why = user_id_problem(id); !why.isEmpty())
        message_ = why;
    else if (name.isEmpty())
        message_ = "Display name: type the person's name as it should appear in the audit log.";
    else if (!roles_.contains(role))
        message_ = "Role: '" + role + "' is not one of " + roles_.join(", ") + ".";
    else
        message_ = pin_problem(pin, pin_again, kMinPinDigits);
    if (!message_.isEmpty()) {
        emit changed();
        return;
    }
    busy_ = true;
    message_ = "Adding " + name + "…";
    emit changed();
    AppContext* ctx = &context_;
    const std::string by = context_.user_id.toStdString(), by_role = context_.role.toStdString();
    const std::string new_id = id.toStdString(), new_name = name.toStdString(),
                      new_role = role.toStdString(), secret = pin.toStdString();
    run_async<Status>(
        this,
        [ctx, by, by_role, new_id, new_name, new_role, secret]() -> Status {
            std::lock_guard lock(ctx->store_mutex());
            rec::PinAuth auth(*ctx->store(), ctx->audit(), ctx->config().pin_options);
            INTAKE_TRY(auth.enroll(new_id, new_name, new_role, secret));
            // The enrolment is logged under the new user; this names who added them.
            auto logged = ctx->audit()->append(rec::AuditEntry{
                by, by_role, "user.add", "user " + new_id, "", "", "role " + new_role});
            if (!logged) return fail(logged.error());
            return ok();
        },
        [this, id, name](AsyncOutcome<Status> result) {
            busy_ = false;
            if (!result.value)
                message_ = "Not added: " + qs(result.crash);
            else if (!*result.value)
                message_ = "Not added: " + qs(result.value->error().to_string());
            else
                message_ = "Added " + name + " (" + id + "). They sign in with their id and PIN.";
            emit changed();
            if (result.value && *result.value) emit added(id);
        });
}

}  // namespace intake::app
