// Settings: the practice, the lab's upload endpoint and rule pack, and the devices. The station's
// settings live in the store (station/record/station_settings.h): a change takes the signed-in
// clinician or admin, whom the core checks and names in the audit (an endpoint change is its own
// audit action). Where the store has nothing yet, station.conf's values are used; --lab wins
// over both. A kiosk-settings.json from an earlier version is still read, never written.
// Devices: the scan source ("sim", "usb" or "folder" with the export folder's path) and the camera
// ("sim", "uvc" or "card") are this PC's own, kept in <home>/kiosk-devices.json (atomic write);
// until chosen here, station.conf's `scanner` and `camera` keys decide (base/station_config.h).
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

    // Saves through the core as the signed-in person; false with `message` saying why not.
    Q_INVOKABLE bool save(const QString& endpoint, const QString& rule_pack);
    // Checks and keeps the device choice; scanner and camera switch at once (devicesChanged).
    Q_INVOKABLE bool saveDevices(const QString& scan_source, const QString& scan_folder,
                                 const QString& camera_source);
    void set_devices(QVariantList devices);
    // Reads the settings again (after the first run stored them).
    void load();
    const QString& scan_source() const { return scan_source_; }
    const QString& scan_folder() const { return scan_folder_; }
    const QString& camera_source() const { return camera_source_; }

  signals:
    void changed();
    void devicesChanged();

  private:
    bool write_devices(const QJsonObject& devices);

    AppContext& context_;
    QString lab_endpoint_, rule_pack_, data_dir_, message_;
    QString scan_source_ = "sim", scan_folder_, camera_source_ = "sim";
    QStringList rule_packs_;
    QVariantList devices_;
};

}  // namespace intake::app
