// Session: who is at the kiosk. PIN sign-in by user id with the store's lockout, sign-out, the
// idle sign-out (the appointment's draft stays in the store), and the clinician PIN that guards
// leaving kiosk mode. PINs are verified by station/record, always off the GUI thread (argon2id).
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>

#include "app_context.h"

namespace intake::app {

class SessionAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool signedIn MEMBER signed_in_ NOTIFY changed)
    Q_PROPERTY(QString userId MEMBER user_id_ NOTIFY changed)
    Q_PROPERTY(QString role MEMBER role_ NOTIFY changed)
    Q_PROPERTY(QString userName MEMBER user_name_ NOTIFY changed)
    // The last user tried is locked out (the store's lockout; other users may still sign in).
    Q_PROPERTY(bool lockedOut MEMBER locked_out_ NOTIFY changed)
    Q_PROPERTY(QString lockedUser MEMBER locked_user_ NOTIFY changed)
    Q_PROPERTY(int lockoutRemaining MEMBER lockout_remaining_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)
    Q_PROPERTY(bool available MEMBER available_ CONSTANT)
    Q_PROPERTY(bool busy MEMBER busy_ NOTIFY changed)
    Q_PROPERTY(int idleTimeoutMs READ idle_timeout_ms WRITE set_idle_timeout_ms NOTIFY changed)

  public:
    explicit SessionAdapter(AppContext& context, QObject* parent = nullptr);

    // Checks the PIN off the GUI thread; the answer arrives through `signedIn` and `message`.
    Q_INVOKABLE void signIn(const QString& user_id, const QString& pin);
    Q_INVOKABLE void signOut();
    // Ends the session of a person whose account was just disabled (StaffAdapter).
    void sign_out_disabled();
    // Leaving kiosk mode: a clinician's or admin's id and PIN, checked off the GUI thread;
    // answered by leaveAnswered(ok) with `message` saying why not.
    Q_INVOKABLE void verifyLeave(const QString& user_id, const QString& pin);

    bool signed_in() const { return signed_in_; }
    bool locked_out() const { return locked_out_; }
    const QString& message() const { return message_; }
    int lockout_remaining() const { return lockout_remaining_; }
    int idle_timeout_ms() const { return idle_timeout_ms_; }
    // 0 turns the idle sign-out off. Tests shorten it; the kiosk takes it from --idle-minutes.
    void set_idle_timeout_ms(int ms);

  signals:
    void changed();
    void leaveAnswered(bool ok);
    void idleSignedOut();

  protected:
    // Every touch, click, wheel or key anywhere in the app counts as activity.
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void set_lockout(const QString& user, int seconds);
    void tick();
    void sign_out_idle();
    void end_session(const QString& why);

    AppContext& context_;
    QTimer lockout_timer_;
    QTimer idle_timer_;
    int idle_timeout_ms_ = 0;
    bool signed_in_ = false;
    QString user_id_, role_, user_name_, message_, locked_user_;
    bool locked_out_ = false;
    int lockout_remaining_ = 0;
    bool available_ = false;
    bool busy_ = false;
};

}  // namespace intake::app
