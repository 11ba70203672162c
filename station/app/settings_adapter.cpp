#include "settings_adapter.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include "base/atomic_file.h"
#include "base/station_config.h"
#include "qt_strings.h"
#include "station/record/rule_pack.h"
#include "station/record/station_settings.h"

namespace intake::app {

namespace rec = intake::record;

namespace {

// The local lab inbox the packaging engineer's demo server listens on.
const char* const kDefaultEndpoint = "http://127.0.0.1:1080/files/";

// The first non-empty of the candidates.
QString first_set(std::initializer_list<QString> candidates) {
    for (const QString& c : candidates)
        if (!c.isEmpty()) return c;
    return {};
}

// Settings written by the kiosk before they moved into the store.
QJsonObject legacy_settings(const std::filesystem::path& home) {
    QFile f(QString::fromStdString((home / "kiosk-settings.json").string()));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// This PC's devices as chosen on Settings -> Devices.
QJsonObject devices_file(const std::filesystem::path& home) {
    QFile f(QString::fromStdString((home / "kiosk-devices.json").string()));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

}  // namespace

SettingsAdapter::SettingsAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    data_dir_ = QString::fromStdString(context_.home().string());
    QDir rules(QString::fromStdString(rec::default_rules_dir().string()));
    for (const QString& f : rules.entryList({"*.json"}, QDir::Files, QDir::Name))
        rule_packs_ << f.chopped(5);
    if (rule_packs_.isEmpty()) rule_packs_ << "default";
    if (!context_.config().station_error.isEmpty())
        message_ = "station.conf ignored: " + context_.config().station_error;
    load();
}

// Flags win, then what the station stored (first run, Settings), then station.conf, then the
// local lab inbox.
void SettingsAdapter::load() {
    rec::StationSettings stored;
    context_.store().with_store([&](rec::Store& store, rec::AuditLog&) {
        if (auto s = rec::load_station_settings(store)) stored = *s;
    });
    const QJsonObject legacy = legacy_settings(context_.home());
    const auto& conf = context_.config().station;
    lab_endpoint_ = first_set({context_.config().lab_endpoint, qs(stored.endpoint),
                               legacy.value("lab_endpoint").toString(), qs(conf.lab_endpoint),
                               kDefaultEndpoint});
    rule_pack_ = first_set({qs(stored.rule_pack), legacy.value("rule_pack").toString(),
                            qs(conf.rule_pack), rule_packs_.value(0)});
    context_.lab_endpoint = lab_endpoint_;
    if (context_.practice_name.isEmpty() || context_.practice_name == "Intake Station")
        context_.practice_name =
            first_set({qs(stored.practice_name), qs(conf.practice), "Intake Station"});
    // The devices: station.conf's choice until someone picks them here. The demo keeps its
    // simulated devices whatever the station is configured for.
    if (!context_.config().demo) {
        scan_source_ = qs(conf.scanner);
        camera_source_ = qs(conf.camera);
    }
    const QJsonObject o = devices_file(context_.home());
    scan_source_ = o.value("scanner").toString(scan_source_);
    scan_folder_ = o.value("scan_folder").toString();
    camera_source_ = o.value("camera").toString(camera_source_);
    emit changed();
}

bool SettingsAdapter::write_devices(const QJsonObject& settings) {
    QDir().mkpath(QString::fromStdString(context_.home().string()));
    const auto bytes = QJsonDocument(settings).toJson().toStdString();
    if (auto st =
            write_file_atomic(context_.home() / "kiosk-devices.json", std::string_view(bytes));
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
    if (!write_devices(QJsonObject{
            {"scanner", scan_source}, {"scan_folder", folder}, {"camera", camera_source}}))
        return false;
    scan_source_ = scan_source;
    scan_folder_ = folder;
    camera_source_ = camera_source;
    message_ = "Devices saved.";
    emit changed();
    emit devicesChanged();
    return true;
}

bool SettingsAdapter::save(const QString& endpoint, const QString& rule_pack) {
    auto actor = context_.actor();
    if (!context_.store().available() || !actor) {
        message_ = "Not saved: sign in as a clinician or admin first.";
        emit changed();
        return false;
    }
    const std::string practice = context_.practice_name.toStdString();
    Status saved = context_.store().with_store([&](rec::Store& store, rec::AuditLog& audit) {
        auto current = rec::load_station_settings(store);
        if (!current) return Status(fail(current.error()));
        rec::StationSettings next = *current;
        if (next.practice_name.empty()) next.practice_name = practice;
        next.endpoint = endpoint.trimmed().toStdString();
        next.rule_pack = rule_pack.toStdString();
        if (next.lab.empty()) next.lab = next.rule_pack;
        return rec::save_station_settings(store, audit, *actor, next);
    });
    if (!saved) {
        message_ = "Not saved: " + qs(saved.error().message);
        emit changed();
        return false;
    }
    message_ = "Saved.";
    if (!context_.config().lab_endpoint.isEmpty())
        message_ += " --lab " + context_.config().lab_endpoint + " still wins until a restart.";
    load();
    return true;
}

void SettingsAdapter::set_devices(QVariantList devices) {
    devices_ = std::move(devices);
    emit changed();
}

}  // namespace intake::app
