// Settings: lab endpoint, rule pack and devices, kept in <home>/kiosk-settings.json (atomic write).
// Devices: the scan source ("sim", "usb" or "folder" with the export folder's path) and the camera
// ("sim", "uvc" or "card"); until chosen here, station.conf's `scanner` and `camera` keys decide
// (base/station_config.h), so a station set up by IT starts on its real devices.
#pragma once

#include <QJsonObject>
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
    Q_PROPERTY(QString scanSource MEMBER scan_source_ NOTIFY changed)
    Q_PROPERTY(QString scanFolder MEMBER scan_folder_ NOTIFY changed)
    Q_PROPERTY(QString cameraSource MEMBER camera_source_ NOTIFY changed)

  public:
    explicit SettingsAdapter(AppContext& context, QObject* parent = nullptr);

    Q_INVOKABLE bool save(const QString& endpoint, const QString& rule_pack);
    // Checks and keeps the device choice; the scanner switches at once (devicesChanged), the
    // camera at the next start of the kiosk (its preview is shared with the image provider).
    Q_INVOKABLE bool saveDevices(const QString& scan_source, const QString& scan_folder,
                                 const QString& camera_source);
    void set_devices(QVariantList devices);
    const QString& scan_source() const { return scan_source_; }
    const QString& scan_folder() const { return scan_folder_; }
    const QString& camera_source() const { return camera_source_; }

  signals:
    void changed();
    void devicesChanged();

  private:
    void load();
    bool write(const QJsonObject& settings);

    AppContext& context_;
    QString lab_endpoint_, rule_pack_, data_dir_, message_;
    QString scan_source_ = "sim", scan_folder_, camera_source_ = "sim";
    QStringList rule_packs_;
    QVariantList devices_;
};

}  // namespace intake::app
