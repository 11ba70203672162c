// First run: a data directory without staff opens this instead of the sign-in. The practice
// names itself, chooses its lab (rule pack and upload endpoint) and enrols its first clinician
// (id, display name, a PIN of at least 6 digits typed twice); then the normal sign-in follows.
// Everything is checked before anything is written; then, in one transaction off the GUI thread
// (argon2id), record::Staff::add_first enrols the clinician and the station settings are saved as
// that clinician, so the audit names them for both.
#pragma once

#include <QObject>
#include <QString>

#include "app_context.h"

namespace intake::app {

class SettingsAdapter;

class FirstRunAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool needed MEMBER needed_ NOTIFY changed)
    Q_PROPERTY(bool busy MEMBER busy_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)

  public:
    FirstRunAdapter(AppContext& context, SettingsAdapter& settings, QObject* parent = nullptr);

    // Validates every field, saves the lab settings, enrols the clinician and records the
    // practice. The answer arrives through `needed` (false once done) and `message`.
    Q_INVOKABLE void complete(const QString& practice, const QString& rule_pack,
                              const QString& endpoint, const QString& user_id,
                              const QString& display_name, const QString& pin,
                              const QString& pin_again);

    bool needed() const { return needed_; }

    // The first clinician's PIN is longer than the pad's minimum: it guards every other account.
    static constexpr int kMinPinDigits = 6;

  signals:
    void changed();

  private:
    QString check(const QString& practice, const QString& rule_pack, const QString& endpoint,
                  const QString& user_id, const QString& display_name, const QString& pin,
                  const QString& pin_again) const;
    bool station_is_empty() const;

    AppContext& context_;
    SettingsAdapter& settings_;
    bool needed_ = false;
    bool busy_ = false;
    QString message_;
};

// A PIN rule the first-run and staff screens share: digits only, `min_digits`-12 long, typed the
// same twice. Empty when acceptable, else the sentence to show.
QString pin_problem(const QString& pin, const QString& again, int min_digits);
// User ids are short and typeable on the pad's keyboard: letters, digits, '.', '_' and '-'.
QString user_id_problem(const QString& id);

}  // namespace intake::app
