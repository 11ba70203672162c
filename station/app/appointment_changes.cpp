#include "appointment_changes.h"

#include <nlohmann/json.hpp>
#include <set>

#include "station/record/workflow.h"

namespace intake::app {

namespace rec = intake::record;
using nlohmann::json;

namespace {

json object_of(const std::string& text) {
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    return j.is_object() ? j : json::object();
}

QString q(const std::string& s) { return QString::fromStdString(s); }

QString step_title(int n) {
    const std::string_view name = rec::step_name(static_cast<rec::Step>(n));
    return QString("step %1 (%2)").arg(n).arg(QString::fromUtf8(name.data(), name.size()));
}

// The steps and sign-off, read as the Workflow reads them (anything unreadable counts as none).
void describe_workflow(const json& before, const json& after, QStringList& out) {
    auto steps_of = [](const json& j) {
        return j.contains("steps") && j["steps"].is_array() ? j["steps"] : json::array();
    };
    const json b = steps_of(before), a = steps_of(after);
    for (size_t i = 0; i < a.size() || i < b.size(); ++i) {
        const json was = i < b.size() ? b[i] : json::object();
        const json now = i < a.size() ? a[i] : json::object();
        const bool was_done = was.value("done", false), now_done = now.value("done", false);
        const int n = static_cast<int>(i) + 1;
        auto by = [&] {
            return q(now.value("by", std::string())) + " (" + q(now.value("role", std::string())) +
                   ")";
        };
        if (now_done && !was_done)
            out << step_title(n) + " done by " + by();
        else if (!now_done && was_done)
            out << step_title(n) + " undone";
        else if (now_done && was.value("record", json()) != now.value("record", json()))
            out << step_title(n) + " changed by " + by();
    }
    const bool was_signed = before.value("signed_off", false);
    const bool now_signed = after.value("signed_off", false);
    if (now_signed && !was_signed)
        out << "signed off by " + q(after.value("signed_off_by", std::string()));
    else if (was_signed && !now_signed)
        out << "the sign-off was withdrawn";
}

// Photos or scans: which views or arches were added, retaken or removed.
void describe_captures(const char* what, const json& before, const json& after, QStringList& out) {
    const json b = before.is_object() ? before : json::object();
    const json a = after.is_object() ? after : json::object();
    QStringList added, retaken, removed;
    for (const auto& [key, shot] : a.items()) {
        if (!b.contains(key))
            added << q(key);
        else if (b[key] != shot)
            retaken << q(key);
    }
    for (const auto& [key, _] : b.items())
        if (!a.contains(key)) removed << q(key);
    if (!added.isEmpty()) out << QString("%1 added: %2").arg(what, added.join(", "));
    if (!retaken.isEmpty()) out << QString("%1 retaken: %2").arg(what, retaken.join(", "));
    if (!removed.isEmpty()) out << QString("%1 removed: %2").arg(what, removed.join(", "));
}

void describe_draft(const json& before, const json& after, QStringList& out) {
    describe_captures("photos", before.value("photos", json()), after.value("photos", json()), out);
    describe_captures("scans", before.value("scans", json()), after.value("scans", json()), out);
    if (before.value("keep_all_attachments", true) != after.value("keep_all_attachments", true) ||
        before.value("attachments_teeth", std::string()) !=
            after.value("attachments_teeth", std::string()))
        out << (after.value("keep_all_attachments", true)
                    ? QString("attachments: keep all")
                    : "attachments: remove " +
                          (after.value("attachments_teeth", std::string()).empty()
                               ? QString("all")
                               : q(after.value("attachments_teeth", std::string()))));
    if (before.value("treat_arches", std::string("both")) !=
        after.value("treat_arches", std::string("both")))
        out << "arches to treat: " + q(after.value("treat_arches", std::string("both")));
    const json bi = before.value("instructions", json::array());
    const json ai = after.value("instructions", json::array());
    if (bi != ai) out << QString("instructions: %1 (were %2)").arg(ai.size()).arg(bi.size());
    if (before.value("free_text", std::string()) != after.value("free_text", std::string()))
        out << "the free text to the lab";
}

}  // namespace

QStringList describe_changes(const AppointmentRow& before, const AppointmentRow& after) {
    QStringList out;
    describe_workflow(object_of(before.state_json), object_of(after.state_json), out);
    describe_draft(object_of(before.draft_json), object_of(after.draft_json), out);
    return out;
}

}  // namespace intake::app
