// Session: PIN sign-in for assistant and clinician with the store's lockout, sign-out, and the
// clinician PIN check that guards leaving kiosk mode. PINs are verified by station/record.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include "app_context.h"

namespace intake::app {

class SessionAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool signedIn MEMBER signed_in_ NOTIFY changed)
    Q_PROPERTY(QString role MEMBER role_ NOTIFY changed)
    Q_PROPERTY(QString userName MEMBER user_name_ NOTIFY changed)
    Q_PROPERTY(bool lockedOut MEMBER locked_out_ NOTIFY changed)
    Q_PROPERTY(int lockoutRemaining MEMBER lockout_remaining_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)
    Q_PROPERTY(bool available MEMBER available_ CONSTANT)
    Q_PROPERTY(bool busy MEMBER busy_ NOTIFY changed)

  public:
    explicit SessionAdapter(AppContext& context, QObject* parent = nullptr);

    Q_INVOKABLE bool signIn(const QString& role, const QString& pin);
    Q_INVOKABLE void signOut();
    Q_INVOKABLE bool verifyClinicianPin(const QString& pin);

    bool signed_in() const { return signed_in_; }
    bool locked_out() const { return locked_out_; }
    const QString& message() const { return message_; }
    int lockout_remaining() const { return lockout_remaining_; }

  signals:
    void changed();

  private:
    void set_lockout(int seconds);
    void tick();

    AppContext& context_;
    QTimer lockout_timer_;
    bool signed_in_ = false;
    QString role_, user_name_, message_;
    bool locked_out_ = false;
    int lockout_remaining_ = 0;
    bool available_ = false;
    bool busy_ = false;
};

}  // namespace intake::app
