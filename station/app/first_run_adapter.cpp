#include "first_run_adapter.h"

#include <QRegularExpression>

#include "async.h"
#include "qt_strings.h"
#include "settings_adapter.h"
#include "station/record/pin_auth.h"
#include "station/record/staff.h"
#include "station/record/station_settings.h"
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
    needed_ = context_.store().available() && station_is_empty();
    if (needed_)
        message_ = "Welcome. Name the practice, choose the lab and enrol the first clinician.";
}

// A station is new while nobody can sign in: no staff enrolled (record::Staff::empty). The demo
// seed enrols its users, so --demo never opens the first run.
bool FirstRunAdapter::station_is_empty() const {
    auto empty = context_.store().with_store([&](rec::Store& store, rec::AuditLog& audit) {
        return rec::Staff(store, audit, context_.config().pin_options).empty();
    });
    return empty && *empty;
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
    if (QString why = pin_problem(pin, pin_again, kMinPinDigits); !why.isEmpty()) return why;
    // The core's own checks (lengths, control characters), so nothing is half written later.
    rec::StationSettings settings{practice.trimmed().toStdString(),
                                  rule_pack.toStdString(),
                                  rule_pack.toStdString(),
                                  endpoint.toStdString(),
                                  "",
                                  ""};
    if (auto st = rec::check_station_settings(settings); !st) return qs(st.error().message);
    if (auto st = rec::PinAuth::check_user_fields(user_id.trimmed().toStdString(),
                                                  display_name.trimmed().toStdString());
        !st)
        return qs(st.error().message);
    return {};
}

namespace {

struct FirstRunInput {
    std::string practice, rule_pack, endpoint, user_id, name, pin;
};

// On a worker thread, in one transaction: the first clinician (Staff::add_first, audited
// `user.add`), then, as that clinician, the station's settings (audited `settings.endpoint`) and
// the practice. Any failure leaves nothing behind.
Status store_first_run(AppContext* ctx, const FirstRunInput& in) {
    return ctx->store().with_store([&](rec::Store& store, rec::AuditLog& audit) {
        rec::Staff staff(store, audit, ctx->config().pin_options);
        return store.in_transaction([&]() -> Status {
            INTAKE_TRY(staff.add_first(in.user_id, in.name, rec::Role::clinician, in.pin));
            const rec::Actor clinician{in.user_id, in.name, rec::Role::clinician};
            INTAKE_TRY(rec::save_station_settings(
                store, audit, clinician,
                rec::StationSettings{in.practice, in.rule_pack, in.rule_pack, in.endpoint, "",
                                     ""}));
            auto practices = store.practices();
            if (!practices) return fail(practices.error());
            if (!practices->empty()) return ok();
            auto added = store.add_practice(rec::Practice{0, in.practice, ""});
            if (!added) return fail(added.error());
            return ok();
        });
    });
}

}  // namespace

void FirstRunAdapter::complete(const QString& practice, const QString& rule_pack,
                               const QString& endpoint, const QString& user_id,
                               const QString& display_name, const QString& pin,
                               const QString& pin_again) {
    if (!needed_ || busy_) return;
    message_ = check(practice, rule_pack, endpoint, user_id, display_name, pin, pin_again);
    if (!message_.isEmpty()) {
        emit changed();
        return;
    }
    busy_ = true;
    message_ = "Enrolling " + display_name.trimmed() + "…";
    emit changed();
    AppContext* ctx = &context_;
    const FirstRunInput in{practice.trimmed().toStdString(),
                           rule_pack.toStdString(),
                           endpoint.toStdString(),
                           user_id.trimmed().toStdString(),
                           display_name.trimmed().toStdString(),
                           pin.toStdString()};
    // argon2id (the PIN hash) takes a noticeable fraction of a second: off the GUI thread.
    run_async<Status>(
        this, [ctx, in]() { return store_first_run(ctx, in); },
        [this, practice_name = qs(in.practice)](AsyncOutcome<Status> result) {
            busy_ = false;
            if (!result.value) {
                message_ = "Enrolment failed: " + qs(result.crash);
            } else if (!*result.value) {
                message_ = "Not enrolled: " + qs(result.value->error().message);
            } else {
                needed_ = false;
                context_.practice_name = practice_name;
                settings_.load();
                message_ = "Done. Sign in with the new account.";
                emit context_.session().changed();
            }
            emit changed();
        });
}

}  // namespace intake::app
