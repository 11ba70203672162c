#include "settings_adapter.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include "base/atomic_file.h"
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
}

bool SettingsAdapter::save(const QString& endpoint, const QString& rule_pack) {
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
        message_ = "Not saved: the lab endpoint must be an http:// or https:// URL.";
        emit changed();
        return false;
    }
    QJsonObject o{{"lab_endpoint", endpoint}, {"rule_pack", rule_pack}};
    QDir().mkpath(QString::fromStdString(context_.home().string()));
    const auto bytes = QJsonDocument(o).toJson().toStdString();
    if (auto st =
            write_file_atomic(context_.home() / "kiosk-settings.json", std::string_view(bytes));
        !st) {
        message_ = "Not saved: " + QString::fromStdString(st.error().to_string());
        emit changed();
        return false;
    }
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
