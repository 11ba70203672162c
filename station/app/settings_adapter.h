// Settings: lab endpoint, rule pack and devices, kept in <home>/kiosk-settings.json (atomic write).
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include "app_context.h"

namespace intake::app {

class SettingsAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString labEndpoint MEMBER lab_endpoint_ NOTIFY changed)
    Q_PROPERTY(QString rulePack MEMBER rule_pack_ NOTIFY changed)
    Q_PROPERTY(QStringList rulePacks MEMBER rule_packs_ NOTIFY changed)
    Q_PROPERTY(QVariantList devices MEMBER devices_ NOTIFY changed)
    Q_PROPERTY(QString dataDir MEMBER data_dir_ CONSTANT)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)

  public:
    explicit SettingsAdapter(AppContext& context, QObject* parent = nullptr);

    Q_INVOKABLE bool save(const QString& endpoint, const QString& rule_pack);
    void set_devices(QVariantList devices);

  signals:
    void changed();

  private:
    void load();

    AppContext& context_;
    QString lab_endpoint_, rule_pack_, data_dir_, message_;
    QStringList rule_packs_;
    QVariantList devices_;
};

}  // namespace intake::app
