// Staff: the practice's people at the kiosk, over station/record's Staff. A clinician or admin
// adds a person (user id, display name, role, a first PIN typed twice), disables or enables them
// and resets a forgotten PIN; everyone changes their own PIN with the old one. Every action passes
// the signed-in Actor to the core, which checks the role against the store and audits the action
// (or the refusal) under that person's id; the adapter only checks what was typed, so a refusal
// always comes from the core. Argon2id hashing runs off the GUI thread.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <functional>

#include "app_context.h"
#include "base/result.h"

namespace intake::record {
class Staff;
}  // namespace intake::record

namespace intake::app {

class StaffAdapter : public QObject {
    Q_OBJECT
    // Whether the Staff screen is offered (clinicians and admins); the core decides regardless.
    Q_PROPERTY(bool mayManage READ may_manage NOTIFY changed)
    Q_PROPERTY(QStringList roles MEMBER roles_ CONSTANT)
    // One row per user: {id, name, role, active, locked, isMe}; never a hash.
    Q_PROPERTY(QVariantList members MEMBER members_ NOTIFY changed)
    Q_PROPERTY(bool busy MEMBER busy_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)

  public:
    explicit StaffAdapter(AppContext& context, QObject* parent = nullptr);

    Q_INVOKABLE void refresh();
    // Each answers through `message` (the core's refusal when it refuses) and `done(action)`.
    Q_INVOKABLE void add(const QString& user_id, const QString& display_name, const QString& role,
                         const QString& pin, const QString& pin_again);
    Q_INVOKABLE void disable(const QString& user_id);
    Q_INVOKABLE void enable(const QString& user_id);
    Q_INVOKABLE void resetPin(const QString& user_id, const QString& pin, const QString& pin_again);
    // The signed-in person's own PIN: the old one, then the new one twice.
    Q_INVOKABLE void changeMyPin(const QString& old_pin, const QString& pin,
                                 const QString& pin_again);

    bool may_manage() const;

    // New PINs: the core's rule (6-12 digits), checked here first so a typo costs no hashing.
    static constexpr int kMinPinDigits = 6;

  signals:
    void changed();
    void added(const QString& user_id);
    // An action the core accepted: "add", "disable", "enable", "reset-pin", "change-pin".
    void done(const QString& action);
    // The signed-in person disabled their own account: the session ends now, not at their next
    // protected action (which the core would refuse anyway).
    void signedInUserDisabled();

  private:
    using StaffAction = std::function<Status(intake::record::Staff&)>;
    // Runs `work` off the GUI thread under the store lock; shows `success` (then runs `after`)
    // or the core's refusal.
    void run(const QString& action, const QString& working, StaffAction work,
             const QString& success, std::function<void()> after = {});
    bool refuse_early(const QString& why);

    AppContext& context_;
    QStringList roles_{"assistant", "clinician", "admin"};
    QVariantList members_;
    bool busy_ = false;
    QString message_;
};

}  // namespace intake::app
