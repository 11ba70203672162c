#include "settings_adapter.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include "base/atomic_file.h"
#include "base/station_config.h"
#include "station/record/rule_pack.h"

namespace intake::app {

namespace {
// The local lab inbox the packaging engineer's demo server listens on.
const char* const kDefaultEndpoint = "http://127.0.0.1:1080/files/";
}  // namespace

SettingsAdapter::SettingsAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    data_dir_ = QString::fromStdString(context_.home().string());
    QDir rules(QString::fromStdString(intake::record::default_rules_dir().string()));
    for (const QString& f : rules.entryList({"*.json"}, QDir::Files, QDir::Name))
        rule_packs_ << f.chopped(5);
    if (rule_packs_.isEmpty()) rule_packs_ << "default";
    load();
}

void SettingsAdapter::load() {
    QFile f(QString::fromStdString((context_.home() / "kiosk-settings.json").string()));
    QJsonObject o;
    if (f.open(QIODevice::ReadOnly)) o = QJsonDocument::fromJson(f.readAll()).object();
    lab_endpoint_ = o.value("lab_endpoint").toString(kDefaultEndpoint);
    rule_pack_ = o.value("rule_pack").toString(rule_packs_.value(0));
    if (!context_.config().lab_endpoint.isEmpty()) lab_endpoint_ = context_.config().lab_endpoint;
    context_.lab_endpoint = lab_endpoint_;
    // The devices: station.conf's choice until someone picks them here. The demo keeps its
    // simulated devices whatever the station is configured for.
    if (auto conf = intake::load_station_config(); conf && !context_.config().demo) {
        scan_source_ = QString::fromStdString(conf->scanner);
        camera_source_ = QString::fromStdString(conf->camera);
    }
    scan_source_ = o.value("scanner").toString(scan_source_);
    scan_folder_ = o.value("scan_folder").toString();
    camera_source_ = o.value("camera").toString(camera_source_);
}

bool SettingsAdapter::write(const QJsonObject& settings) {
    QDir().mkpath(QString::fromStdString(context_.home().string()));
    const auto bytes = QJsonDocument(settings).toJson().toStdString();
    if (auto st =
            write_file_atomic(context_.home() / "kiosk-settings.json", std::string_view(bytes));
        !st) {
        message_ = "Not saved: " + QString::fromStdString(st.error().to_string());
        emit changed();
        return false;
    }
    return true;
}

bool SettingsAdapter::saveDevices(const QString& scan_source, const QString& scan_folder,
                                  const QString& camera_source) {
    const QString folder = scan_folder.trimmed();
    QString refusal;
    if (scan_source != "sim" && scan_source != "usb" && scan_source != "folder")
        refusal = "the scan source must be simulated, USB or an export folder";
    else if (scan_source == "folder" && !QDir(folder).exists())
        refusal = "the export folder " + (folder.isEmpty() ? QString("(none given)") : folder) +
                  " does not exist";
    else if (camera_source != "sim" && camera_source != "uvc" && camera_source != "card")
        refusal = "the camera must be simulated, UVC or card import";
    if (!refusal.isEmpty()) {
        message_ = "Not saved: " + refusal + ".";
        emit changed();
        return false;
    }
    const bool camera_changed = camera_source != camera_source_;
    if (!write(QJsonObject{{"lab_endpoint", lab_endpoint_},
                           {"rule_pack", rule_pack_},
                           {"scanner", scan_source},
                           {"scan_folder", folder},
                           {"camera", camera_source}}))
        return false;
    scan_source_ = scan_source;
    scan_folder_ = folder;
    camera_source_ = camera_source;
    message_ = camera_changed ? "Devices saved. The camera changes at the next start of the kiosk."
                              : "Devices saved.";
    emit changed();
    emit devicesChanged();
    return true;
}

bool SettingsAdapter::save(const QString& endpoint, const QString& rule_pack) {
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
        message_ = "Not saved: the lab endpoint must be an http:// or https:// URL.";
        emit changed();
        return false;
    }
    if (!write(QJsonObject{{"lab_endpoint", endpoint},
                           {"rule_pack", rule_pack},
                           {"scanner", scan_source_},
                           {"scan_folder", scan_folder_},
                           {"camera", camera_source_}}))
        return false;
    lab_endpoint_ = endpoint;
    rule_pack_ = rule_pack;
    context_.lab_endpoint = endpoint;
    message_ = "Saved.";
    emit changed();
    return true;
}

void SettingsAdapter::set_devices(QVariantList devices) {
    devices_ = std::move(devices);
    emit changed();
}

}  // namespace intake::app
