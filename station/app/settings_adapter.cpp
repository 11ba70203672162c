#include "settings_adapter.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

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
    if (context_.store()) {
        std::lock_guard lock(context_.store_mutex());
        if (auto s = rec::load_station_settings(*context_.store())) stored = *s;
    }
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
    emit changed();
}

bool SettingsAdapter::save(const QString& endpoint, const QString& rule_pack) {
    auto actor = context_.actor();
    if (!context_.store() || !actor) {
        message_ = "Not saved: sign in as a clinician or admin first.";
        emit changed();
        return false;
    }
    Status saved = ok();
    {
        std::lock_guard lock(context_.store_mutex());
        auto current = rec::load_station_settings(*context_.store());
        rec::StationSettings next = current ? *current : rec::StationSettings{};
        if (next.practice_name.empty()) next.practice_name = context_.practice_name.toStdString();
        next.endpoint = endpoint.trimmed().toStdString();
        next.rule_pack = rule_pack.toStdString();
        if (next.lab.empty()) next.lab = next.rule_pack;
        saved = current
                    ? rec::save_station_settings(*context_.store(), *context_.audit(), *actor, next)
                    : Status(fail(current.error()));
    }
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
