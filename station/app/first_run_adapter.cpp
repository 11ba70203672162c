#include "first_run_adapter.h"

#include <QRegularExpression>

#include "async.h"
#include "qt_strings.h"
#include "settings_adapter.h"
#include "station/record/pin_auth.h"
#include "station/record/store.h"

namespace intake::app {

namespace rec = intake::record;

QString pin_problem(const QString& pin, const QString& again, int min_digits) {
    static const QRegularExpression digits("^[0-9]+$");
    if (!digits.match(pin).hasMatch() || pin.size() < min_digits || pin.size() > 12)
        return QString("The PIN must be %1 to 12 digits.").arg(min_digits);
    if (pin != again) return "The two PINs differ: type the same PIN twice.";
    return {};
}

QString user_id_problem(const QString& id) {
    static const QRegularExpression allowed("^[A-Za-z0-9._-]{1,64}$");
    if (!allowed.match(id).hasMatch())
        return "The user id must be 1 to 64 letters, digits, '.', '_' or '-' (no spaces).";
    return {};
}

FirstRunAdapter::FirstRunAdapter(AppContext& context, SettingsAdapter& settings, QObject* parent)
    : QObject(parent), context_(context), settings_(settings) {
    needed_ = context_.store() != nullptr && station_is_empty();
    if (needed_)
        message_ = "Welcome. Name the practice, choose the lab and enrol the first clinician.";
}

// A station is new while nobody can sign in: no practice has been recorded and no staff enrolled.
bool FirstRunAdapter::station_is_empty() const {
    std::lock_guard lock(context_.store_mutex());
    auto practices = context_.store()->practices();
    return practices && practices->empty();
}

QString FirstRunAdapter::check(const QString& practice, const QString& rule_pack,
                               const QString& endpoint, const QString& user_id,
                               const QString& display_name, const QString& pin,
                               const QString& pin_again) const {
    if (practice.trimmed().isEmpty()) return "Practice name: type the practice's name.";
    if (!settings_.property("rulePacks").toStringList().contains(rule_pack))
        return "Lab: '" + rule_pack + "' is not a rule pack of this station.";
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://"))
        return "Lab endpoint: must be an http:// or https:// URL.";
    if (QString why = user_id_problem(user_id.trimmed()); !why.isEmpty()) return why;
    if (display_name.trimmed().isEmpty())
        return "Display name: type the clinician's name as patients and the lab should see it.";
    return pin_problem(pin, pin_again, kMinPinDigits);
}

void FirstRunAdapter::complete(const QString& practice, const QString& rule_pack,
                               const QString& endpoint, const QString& user_id,
                               const QString& display_name, const QString& pin,
                               const QString& pin_again) {
    if (!needed_ || busy_) return;
    message_ = check(practice, rule_pack, endpoint, user_id, display_name, pin, pin_again);
    if (message_.isEmpty() && !settings_.save(endpoint, rule_pack))
        message_ = settings_.property("message").toString();
    if (!message_.isEmpty()) {
        emit changed();
        return;
    }
    busy_ = true;
    message_ = "Enrolling " + display_name.trimmed() + "…";
    emit changed();
    AppContext* ctx = &context_;
    const std::string id = user_id.trimmed().toStdString();
    const std::string name = display_name.trimmed().toStdString();
    const std::string practice_name = practice.trimmed().toStdString();
    const std::string secret = pin.toStdString();
    run_async<Status>(
        this,
        [ctx, id, name, practice_name, secret]() -> Status {
            // argon2id (the PIN hash) takes a noticeable fraction of a second: off the GUI thread.
            std::lock_guard lock(ctx->store_mutex());
            rec::PinAuth auth(*ctx->store(), ctx->audit(), ctx->config().pin_options);
            INTAKE_TRY(auth.enroll(id, name, "clinician", secret));
            auto added = ctx->store()->add_practice(rec::Practice{0, practice_name, ""});
            if (!added) return fail(added.error());
            return ok();
        },
        [this, practice_name](AsyncOutcome<Status> result) {
            busy_ = false;
            if (!result.value) {
                message_ = "Enrolment failed: " + qs(result.crash);
            } else if (!*result.value) {
                message_ = "Not enrolled: " + qs(result.value->error().to_string());
            } else {
                needed_ = false;
                context_.practice_name = qs(practice_name);
                message_ = "Done. Sign in with the new account.";
                emit context_.sessionChanged();
            }
            emit changed();
        });
}

}  // namespace intake::app
