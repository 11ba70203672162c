#include "session_adapter.h"

#include <QCoreApplication>
#include <QEvent>
#include <algorithm>
#include <memory>

#include "async.h"
#include "qt_strings.h"
#include "station/record/pin_auth.h"
#include "station/record/staff.h"
#include "station/record/store.h"

namespace intake::app {

namespace {

const char* const kPrompt = "Enter your user id and PIN.";

struct SignInOutcome {
    bool ok = false;
    intake::record::Actor user;
    QString message;
    int locked_for = 0;  // seconds, when the account is locked
};

// "4 tries left before a 10-minute lockout": the lockout escalates (5, 10, 20 min ... at most a
// day) and the count of wrong PINs is only reset by a successful sign-in, so both the tries left
// and the next lockout's length come from the stored count, not from a fresh five.
QString tries_left(const intake::record::PinAuth& policy, int failures) {
    const int per_lockout = policy.options().max_failures;
    if (per_lockout <= 0) return "Wrong user id or PIN.";
    const int left = per_lockout - failures % per_lockout;
    const int64_t minutes = (policy.lockout_after(failures + left) + 59) / 60;
    return QString("Wrong user id or PIN. %1 %2 left before a %3-minute lockout.")
        .arg(left)
        .arg(left == 1 ? "try" : "tries")
        .arg(minutes);
}

// Runs on a worker thread: argon2id verification plus the lockout bookkeeping, through the core's
// Staff (it audits the sign-in or the failure under the user id typed). The answer to a refusal
// comes from the store's count for the id typed, real or made up (PinAuth::attempts), so the
// screen tells no ids apart and a restart forgets no lockout.
SignInOutcome check_pin(intake::record::Store& store, intake::record::AuditLog& audit,
                        const intake::record::PinAuthOptions& options, const std::string& user_id,
                        const std::string& pin) {
    SignInOutcome out;
    intake::record::Staff staff(store, audit, options);
    auto user = staff.sign_in(user_id, pin);
    if (user) {
        out.ok = true;
        out.user = *user;
        return out;
    }
    // A missing or unreadable pepper or a store error is shown as it is: it needs fixing.
    const bool refused = user.error().code == Errc::access_denied &&
                         user.error().message.rfind("sign-in refused", 0) == 0;
    if (!refused) {
        out.message = qs(user.error().message);
        return out;
    }
    out.message = "Wrong user id or PIN.";
    intake::record::PinAuth policy(store, nullptr, options);
    auto count = policy.attempts(user_id);
    if (!count) return out;
    const int64_t now = policy.now();
    if (count->locked_until > now)
        out.locked_for = static_cast<int>(count->locked_until - now);
    else
        out.message = tries_left(policy, count->failed_attempts);
    return out;
}

// The check under the store's lock.
SignInOutcome check_pin_in(AppContext* ctx, const std::string& user_id, const std::string& pin) {
    return ctx->store().with_store(
        [&](intake::record::Store& store, intake::record::AuditLog& audit) {
            return check_pin(store, audit, ctx->config().pin_options, user_id, pin);
        });
}

bool is_input(QEvent::Type type) {
    switch (type) {
        case QEvent::MouseButtonPress:
        case QEvent::MouseMove:
        case QEvent::KeyPress:
        case QEvent::TouchBegin:
        case QEvent::TouchUpdate:
        case QEvent::Wheel:
            return true;
        default:
            return false;
    }
}

}  // namespace

SessionAdapter::SessionAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    lockout_timer_.setInterval(1000);
    connect(&lockout_timer_, &QTimer::timeout, this, &SessionAdapter::tick);
    idle_timer_.setSingleShot(true);
    connect(&idle_timer_, &QTimer::timeout, this, &SessionAdapter::sign_out_idle);
    set_idle_timeout_ms(context_.config().idle_timeout_ms);
    if (QCoreApplication::instance()) QCoreApplication::instance()->installEventFilter(this);
    available_ = context_.store().available();
    message_ = available_ ? kPrompt : "Sign-in is not available: " + context_.store().error();
}

void SessionAdapter::set_idle_timeout_ms(int ms) {
    idle_timeout_ms_ = std::max(0, ms);
    idle_timer_.setInterval(idle_timeout_ms_);
    if (signed_in_ && idle_timeout_ms_ > 0)
        idle_timer_.start();
    else
        idle_timer_.stop();
    emit changed();
}

bool SessionAdapter::eventFilter(QObject* watched, QEvent* event) {
    if (signed_in_ && idle_timeout_ms_ > 0 && is_input(event->type())) idle_timer_.start();
    return QObject::eventFilter(watched, event);
}

void SessionAdapter::signIn(const QString& user_id, const QString& pin) {
    if (!available_ || busy_) return;
    if (locked_out_ && user_id.trimmed() == locked_user_) return;  // the store would refuse too
    if (user_id.trimmed().isEmpty()) {
        message_ = "Type your user id first.";
        emit changed();
        return;
    }
    busy_ = true;
    message_ = "Checking…";
    emit changed();
    AppContext* ctx = &context_;
    const std::string id = user_id.trimmed().toStdString();
    const std::string secret = pin.toStdString();
    run_async<SignInOutcome>(
        this, [ctx, id, secret]() { return check_pin_in(ctx, id, secret); },
        [this, user = user_id.trimmed()](AsyncOutcome<SignInOutcome> result) {
            busy_ = false;
            if (!result.value) {
                message_ = "Sign-in failed: " + qs(result.crash);
            } else if (result.value->ok) {
                signed_in_ = true;
                user_id_ = qs(result.value->user.user_id);
                role_ = qs(intake::record::role_name(result.value->user.role));
                user_name_ = qs(result.value->user.display_name);
                message_.clear();
                if (idle_timeout_ms_ > 0) idle_timer_.start();
                context_.session().sign_in(result.value->user);
            } else {
                message_ = result.value->message;
                if (result.value->locked_for > 0) set_lockout(user, result.value->locked_for);
            }
            emit changed();
        });
}

void SessionAdapter::end_session(const QString& why) {
    idle_timer_.stop();
    // The appointment in hand is written now, so whoever signs in next resumes it as it was.
    context_.save_progress();
    signed_in_ = false;
    user_id_.clear();
    role_.clear();
    user_name_.clear();
    message_ = why;
    context_.session().sign_out();
    emit changed();
}

void SessionAdapter::signOut() { end_session("Signed out. " + QString(kPrompt)); }

void SessionAdapter::sign_out_disabled() {
    if (!signed_in_) return;
    end_session("Signed out: your account is disabled. " + QString(kPrompt));
}

void SessionAdapter::sign_out_idle() {
    if (!signed_in_) return;
    const int minutes = idle_timeout_ms_ / 60000;
    end_session((minutes > 0 ? QString("Signed out after %1 idle minutes.").arg(minutes)
                             : QString("Signed out while idle.")) +
                " The appointment is kept: open the case again to go on.");
    emit idleSignedOut();
}

void SessionAdapter::verifyLeave(const QString& user_id, const QString& pin) {
    if (!available_ || busy_) {
        emit leaveAnswered(false);
        return;
    }
    busy_ = true;
    emit changed();
    AppContext* ctx = &context_;
    const std::string id = user_id.trimmed().toStdString();
    const std::string secret = pin.toStdString();
    run_async<SignInOutcome>(
        this, [ctx, id, secret]() { return check_pin_in(ctx, id, secret); },
        [this](AsyncOutcome<SignInOutcome> result) {
            busy_ = false;
            const bool signed_ok = result.value && result.value->ok;
            const auto role = signed_ok ? result.value->user.role : intake::record::Role::assistant;
            const bool may_leave =
                role == intake::record::Role::clinician || role == intake::record::Role::admin;
            if (!result.value)
                message_ = "Check failed: " + qs(result.crash);
            else if (!signed_ok)
                message_ = result.value->message;
            else if (!may_leave)
                message_ = "Only a clinician or an admin may leave the kiosk.";
            else
                message_.clear();
            emit changed();
            emit leaveAnswered(may_leave);
        });
}

void SessionAdapter::set_lockout(const QString& user, int seconds) {
    locked_out_ = seconds > 0;
    locked_user_ = locked_out_ ? user : QString();
    lockout_remaining_ = std::max(0, seconds);
    if (locked_out_)
        lockout_timer_.start();
    else
        lockout_timer_.stop();
    if (!locked_out_) message_ = kPrompt;
    emit changed();
}

void SessionAdapter::tick() { set_lockout(locked_user_, lockout_remaining_ - 1); }

}  // namespace intake::app
