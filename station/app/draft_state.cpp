#include "draft_state.h"

#include <QStringList>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>

#include "appointment_draft.h"
#include "station/record/submission_gate.h"

namespace intake::app {

namespace {

using nlohmann::json;

QString text_at(const json& j, const char* key) {
    return QString::fromStdString(j.value(key, std::string()));
}

std::vector<std::string> strings(const json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array()) {
        for (const auto& s : j[key])
            if (s.is_string()) out.push_back(s.get<std::string>());
    }
    return out;
}

bool file_exists(const std::string& path) {
    std::error_code ec;
    return !path.empty() && std::filesystem::is_regular_file(path, ec);
}

json photos_json(const AppointmentDraft& c) {
    json out = json::object();
    for (const auto& [view, p] : c.photos) {
        out[view] = {{"file", p.file.string()},
                     {"verdict", p.verdict.toStdString()},
                     {"reason", p.reason.toStdString()},
                     {"reasons", p.reasons},
                     {"long_side", p.long_side},
                     {"sharpness", p.sharpness ? json(*p.sharpness) : json(nullptr)}};
    }
    return out;
}

json scans_json(const AppointmentDraft& c) {
    json out = json::object();
    for (const auto& [arch, s] : c.scans) {
        const int64_t triangles =
            s.mesh ? static_cast<int64_t>(s.mesh->triangle_count()) : s.triangles;
        out[arch] = {{"file", s.file.string()},
                     {"raw_file", s.raw_file.string()},
                     {"verdict", s.verdict.toStdString()},
                     {"reasons", s.reasons.toStdString()},
                     {"reason_list", s.reason_list},
                     {"voids", s.voids},
                     {"triangles", triangles},
                     {"taken_with_attachments", s.taken_with_attachments}};
    }
    return out;
}

void restore_photos(AppointmentDraft& c, const json& photos) {
    if (!photos.is_object()) return;
    for (const auto& [view, p] : photos.items()) {
        if (!p.is_object() || !file_exists(p.value("file", ""))) continue;
        PhotoShot shot{p.value("file", ""),   text_at(p, "verdict"),   text_at(p, "reason"),
                       strings(p, "reasons"), p.value("long_side", 0), std::nullopt};
        if (p.contains("sharpness") && p["sharpness"].is_number())
            shot.sharpness = p["sharpness"].get<double>();
        c.photos[view] = std::move(shot);
    }
}

// Drafts saved before the mark was kept beside the verdict: a scan taken with the attachments
// on had its verdict overwritten with "fail" and the rescan reason appended. The reason becomes
// the mark again; the verdict underneath is known only when no other reason is left (a pass
// has none), otherwise it stays "fail" (a warning and a failure both carry reasons).
void restore_legacy_rescan_mark(ArchScan& scan, bool keep_all) {
    const std::string reason(intake::record::kTakenBeforeRemoval);
    auto it = std::find(scan.reason_list.begin(), scan.reason_list.end(), reason);
    if (it == scan.reason_list.end()) {
        // Unmarked under a removal decision: it was taken after that decision.
        scan.taken_with_attachments = keep_all;
        return;
    }
    scan.taken_with_attachments = true;
    scan.reason_list.erase(it);
    QStringList lines = scan.reasons.split('\n');
    lines.removeAll(QString::fromStdString(reason));
    scan.reasons = lines.join('\n');
    if (scan.reason_list.empty()) {
        scan.verdict = "pass";
        if (scan.reasons.isEmpty()) scan.reasons = "No findings.";
    }
}

void restore_scans(AppointmentDraft& c, const json& scans, bool keep_all) {
    if (!scans.is_object()) return;
    for (const auto& [arch, s] : scans.items()) {
        if (!s.is_object() || !file_exists(s.value("file", ""))) continue;
        ArchScan scan;
        scan.file = s.value("file", "");
        scan.raw_file = s.value("raw_file", "");
        scan.verdict = text_at(s, "verdict");
        scan.reasons = text_at(s, "reasons");
        scan.reason_list = strings(s, "reason_list");
        scan.voids = s.value("voids", 0);
        scan.triangles = s.value("triangles", int64_t{0});
        if (s.contains("taken_with_attachments") && s["taken_with_attachments"].is_boolean())
            scan.taken_with_attachments = s["taken_with_attachments"].get<bool>();
        else
            restore_legacy_rescan_mark(scan, keep_all);
        c.scans[arch] = std::move(scan);
    }
}

void restore_fields(AppointmentDraft& c, const json& j);

}  // namespace

std::string draft_to_json(const AppointmentDraft& c) {
    json instructions = json::array();
    for (const auto& i : c.instructions) {
        instructions.push_back({{"teeth", i.teeth.toStdString()},
                                {"movement", i.movement.toStdString()},
                                {"amount", i.amount},
                                {"note", i.note.toStdString()},
                                {"from", i.from.toStdString()},
                                {"to", i.to.toStdString()},
                                {"class", i.elastic_class.toStdString()}});
    }
    const json j = {{"page", c.page.toStdString()},
                    {"photos", photos_json(c)},
                    {"scans", scans_json(c)},
                    {"bite_verdict", c.bite_verdict.toStdString()},
                    {"bite_reason", c.bite_reason.toStdString()},
                    {"keep_all_attachments", c.keep_all_attachments},
                    {"attachments_teeth", c.attachments_teeth.toStdString()},
                    {"attachments_reason", c.attachments_reason.toStdString()},
                    {"attachments_confirmed", c.attachments_confirmed},
                    {"treat_arches", c.treat_arches.toStdString()},
                    {"aligner_now_upper", c.aligner_now_upper},
                    {"aligner_now_lower", c.aligner_now_lower},
                    {"instructions", instructions},
                    {"free_text", c.free_text.toStdString()}};
    return j.dump();
}

void restore_draft(AppointmentDraft& c, const std::string& text) {
    const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return;
    try {
        restore_fields(c, j);
    } catch (const json::exception&) {
        // A field of the wrong type (not written by draft_to_json): keep what was restored.
    }
}

namespace {
void restore_fields(AppointmentDraft& c, const json& j) {
    c.page = text_at(j, "page");
    restore_photos(c, j.value("photos", json::object()));
    const auto keep = j.find("keep_all_attachments");
    const bool keep_all = keep == j.end() || !keep->is_boolean() || keep->get<bool>();
    restore_scans(c, j.value("scans", json::object()), keep_all);
    c.bite_verdict = text_at(j, "bite_verdict");
    c.bite_reason = text_at(j, "bite_reason");
    c.keep_all_attachments = j.value("keep_all_attachments", true);
    c.attachments_teeth = text_at(j, "attachments_teeth");
    c.attachments_reason = text_at(j, "attachments_reason");
    c.attachments_confirmed = j.value("attachments_confirmed", false);
    c.treat_arches = QString::fromStdString(j.value("treat_arches", std::string("both")));
    c.aligner_now_upper = j.value("aligner_now_upper", 0);
    c.aligner_now_lower = j.value("aligner_now_lower", 0);
    c.free_text = text_at(j, "free_text");
    if (j.contains("instructions") && j["instructions"].is_array()) {
        for (const auto& i : j["instructions"]) {
            if (!i.is_object()) continue;
            Instruction in{text_at(i, "teeth"), text_at(i, "movement"), i.value("amount", 0.0),
                           text_at(i, "note"),  text_at(i, "from"),     text_at(i, "to"),
                           text_at(i, "class")};
            // Drafts saved before instructions took several teeth: one FDI number, in mm.
            if (in.teeth.isEmpty() && i.contains("tooth"))
                in.teeth = QString::number(i.value("tooth", 0));
            if (i.contains("amount_mm")) in.amount = i.value("amount_mm", 0.0);
            c.instructions.push_back(std::move(in));
        }
    }
}
}  // namespace

}  // namespace intake::app
