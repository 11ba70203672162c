#include "session_adapter.h"

#include <algorithm>
#include <ctime>

#include "async.h"
#include "station/record/pin_auth.h"
#include "station/record/store.h"

namespace intake::app {

namespace {
struct SignInOutcome {
    bool ok = false;
    intake::record::SignedInUser user;
    QString message;
    int locked_for = 0;  // seconds, when the account is locked
};
}  // namespace

SessionAdapter::SessionAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    lockout_timer_.setInterval(1000);
    connect(&lockout_timer_, &QTimer::timeout, this, &SessionAdapter::tick);
    available_ = context_.store() != nullptr;
    message_ = available_ ? "Choose your role and enter your PIN."
                          : "Sign-in is not available: " + context_.store_error;
}

bool SessionAdapter::signIn(const QString& role, const QString& pin) {
    if (!available_ || busy_ || locked_out_) return false;
    busy_ = true;
    message_ = "Checking…";
    emit changed();
    AppContext* ctx = &context_;
    const std::string user_id = role.toStdString();  // the kiosk's users are named by role
    const std::string secret = pin.toStdString();
    run_async<SignInOutcome>(
        this,
        [ctx, user_id, secret]() {
            // argon2id takes a noticeable fraction of a second: never on the GUI thread.
            std::lock_guard lock(ctx->store_mutex());
            SignInOutcome out;
            intake::record::PinAuth auth(*ctx->store(), ctx->audit(), ctx->config().pin_options);
            auto user = auth.sign_in(user_id, secret);
            if (user) {
                out.ok = true;
                out.user = *user;
                return out;
            }
            out.message = QString::fromStdString(user.error().message);
            auto row = ctx->store()->find_user(user_id);
            if (row && *row) {
                const int64_t now = ctx->config().pin_options.clock
                                        ? ctx->config().pin_options.clock()
                                        : static_cast<int64_t>(std::time(nullptr));
                if ((*row)->locked_until > now)
                    out.locked_for = static_cast<int>((*row)->locked_until - now);
                else
                    out.message =
                        QString("Wrong PIN. %1 tries left before a lockout.")
                            .arg(ctx->config().pin_options.max_failures - (*row)->failed_attempts);
            }
            return out;
        },
        [this](AsyncOutcome<SignInOutcome> result) {
            busy_ = false;
            if (!result.value) {
                message_ = "Sign-in failed: " + QString::fromStdString(result.crash);
            } else if (result.value->ok) {
                signed_in_ = true;
                role_ = QString::fromStdString(result.value->user.role);
                user_name_ = QString::fromStdString(result.value->user.display_name);
                context_.user_id = QString::fromStdString(result.value->user.user_id);
                context_.user_name = user_name_;
                context_.role = role_;
                message_.clear();
                emit context_.sessionChanged();
            } else {
                message_ = result.value->message;
                if (result.value->locked_for > 0) set_lockout(result.value->locked_for);
            }
            emit changed();
        });
    return false;  // the answer arrives through `signedIn`
}

void SessionAdapter::signOut() {
    signed_in_ = false;
    role_.clear();
    user_name_.clear();
    context_.user_id.clear();
    context_.user_name.clear();
    context_.role.clear();
    message_ = "Signed out.";
    emit context_.sessionChanged();
    emit changed();
}

bool SessionAdapter::verifyClinicianPin(const QString& pin) {
    if (!available_) return false;
    std::lock_guard lock(context_.store_mutex());
    intake::record::PinAuth auth(*context_.store(), context_.audit(),
                                 context_.config().pin_options);
    auto user = auth.sign_in("clinician", pin.toStdString());
    message_ = user ? QString() : QString::fromStdString(user.error().message);
    emit changed();
    return user && user->role == "clinician";
}

void SessionAdapter::set_lockout(int seconds) {
    locked_out_ = seconds > 0;
    lockout_remaining_ = std::max(0, seconds);
    if (locked_out_)
        lockout_timer_.start();
    else
        lockout_timer_.stop();
    if (!locked_out_) message_ = "Choose your role and enter your PIN.";
    emit changed();
}

void SessionAdapter::tick() { set_lockout(lockout_remaining_ - 1); }

}  // namespace intake::app
