// Session: who is signed in at the kiosk, as the core's Actor. SessionAdapter (PIN sign-in,
// lockout, idle sign-out) is the only writer; every other adapter reads it and listens to
// `changed` (sign-in, sign-out). Protected actions pass actor() to station/record, which checks
// the role against the store and audits.
#pragma once

#include <QObject>
#include <QString>

#include "base/result.h"
#include "station/record/roles.h"

namespace intake::app {

class Session : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

    void sign_in(const intake::record::Actor& who);
    void sign_out();

    bool signed_in() const { return !user_id_.isEmpty(); }
    const QString& user_id() const { return user_id_; }
    const QString& user_name() const { return user_name_; }
    const QString& role() const { return role_; }  // "assistant", "clinician", "admin"; "" out
    bool is_clinician() const { return role_ == "clinician"; }
    bool is_clinician_or_admin() const { return role_ == "clinician" || role_ == "admin"; }
    // access_denied when nobody is signed in.
    Result<intake::record::Actor> actor() const;

  signals:
    void changed();

  private:
    QString user_id_, user_name_, role_;
};

}  // namespace intake::app
