// Staff: a clinician (or admin) adds the practice's people at the kiosk — user id, display name,
// role and a first PIN typed twice. The signed-in person is checked here and named in the audit
// log as the one who added the account; the argon2id hash runs off the GUI thread.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include "app_context.h"

namespace intake::app {

class StaffAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool mayManage READ may_manage NOTIFY changed)
    Q_PROPERTY(QStringList roles MEMBER roles_ CONSTANT)
    Q_PROPERTY(bool busy MEMBER busy_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)

  public:
    explicit StaffAdapter(AppContext& context, QObject* parent = nullptr);

    // Adds an active user. The answer arrives through `message` and `added(id)`.
    Q_INVOKABLE void add(const QString& user_id, const QString& display_name, const QString& role,
                         const QString& pin, const QString& pin_again);

    bool may_manage() const;

    // New accounts get the first clinician's PIN length: every PIN guards patient data.
    static constexpr int kMinPinDigits = 6;

  signals:
    void changed();
    void added(const QString& user_id);

  private:
    AppContext& context_;
    QStringList roles_{"assistant", "clinician"};
    bool busy_ = false;
    QString message_;
};

}  // namespace intake::app
