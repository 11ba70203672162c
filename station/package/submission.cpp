#include "station/package/submission.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "base/file_io.h"
#include "base/schema_ids.h"
#include "capture/photo_check.h"
#include "capture/photo_export.h"
#include "mesh/check.h"
#include "mesh/clean.h"
#include "mesh/mesh_io.h"
#include "station/record/case_file.h"
#include "station/record/civil_date.h"
#include "station/record/handout.h"
#include "station/record/lifecycle.h"
#include "station/record/prescription.h"
#include "station/record/rule_pack.h"
#include "station/record/submission_gate.h"

namespace intake::package {

namespace fs = std::filesystem;

namespace {

std::vector<std::byte> as_bytes(const std::string& text) {
    std::vector<std::byte> out(text.size());
    std::memcpy(out.data(), text.data(), text.size());
    return out;
}

// One scan: check as scanned, clean, keep both. The cleaned copy is binary STL (DICOM needs STL).
Status add_scan(const std::string& kind, const fs::path& file, Submission& s,
                record::GateInputs& gate, const Progress& progress) {
    auto raw = read_file_bytes(file);
    if (!raw) return fail(raw.error());
    auto loaded = mesh::read_mesh_bytes(*raw, file.string());
    if (!loaded) return fail(loaded.error());
    auto check = mesh::check_mesh(loaded->mesh);
    auto cleaned = mesh::clean_mesh(std::move(loaded->mesh), mesh::CleanOptions{});
    if (!cleaned) return fail(cleaned.error());
    auto stl = mesh::encode_mesh(cleaned->mesh, mesh::MeshFormat::stl_binary);
    if (!stl) return fail(stl.error());
    std::string ext = file.extension().string();
    s.request.entries.push_back({"scans/" + kind + "-raw" + ext, "scan-" + kind + "-raw",
                                 media_type_for(file), std::move(raw.value())});
    s.request.entries.push_back(
        {"scans/" + kind + ".stl", "scan-" + kind, "model/stl", std::move(stl.value())});
    s.qa["scans"][kind] = {{"check", check.to_json()}, {"clean", cleaned->report.to_json()}};
    gate.scans[kind] = {check.verdict, check.reasons, std::nullopt, std::nullopt,
                        static_cast<int64_t>(check.triangles)};
    if (progress) {
        progress("scan " + kind + ": " + std::to_string(check.triangles) + " triangles, verdict " +
                 std::string(verdict_name(check.verdict)) + ", cleaned to " +
                 std::to_string(cleaned->mesh.triangles.size()) + " triangles");
    }
    return ok();
}

// One photo: the instant checks, then the normalised JPEG (upright, metadata reduced) goes in.
Status add_photo(const std::string& view, const fs::path& file, Submission& s,
                 record::GateInputs& gate, const Progress& progress) {
    auto report = capture::check_photo_file(file, view, capture::CheckOptions{});
    if (!report) return fail(report.error());
    auto normalised = capture::normalise_photo_file(file, view, capture::NormaliseOptions{});
    if (!normalised) return fail(normalised.error());
    s.request.entries.push_back(
        {"photos/" + view + ".jpg", "photo-" + view, "image/jpeg", std::move(normalised->jpeg)});
    auto findings = nlohmann::json::parse(capture::to_json(*report), nullptr, false);
    s.qa["photos"][view] = findings;
    record::CapturedRecord rec;
    rec.verdict = report->verdict;
    for (const auto& c : report->checks) {
        if (c.verdict != capture::Verdict::pass) rec.reasons.push_back(c.name + ": " + c.message);
    }
    rec.long_side_px = std::max(report->width, report->height);
    if (const auto* sharp = report->find("sharpness")) rec.sharpness = sharp->value;
    gate.photos[view] = rec;
    if (progress) {
        progress("photo " + view + ": " + std::to_string(report->width) + "x" +
                 std::to_string(report->height) + ", verdict " +
                 std::string(verdict_name(rec.verdict)));
    }
    return ok();
}

GateOutcome outcome_of(const record::GateResult& gate) {
    GateOutcome out{gate.passed, gate.overridden, {}, {}};
    for (const auto& item : gate.items) {
        std::string line = item.record + ": " + item.status + ": " + item.message;
        (item.status == "warn" ? out.warnings : out.blocking).push_back(line);
    }
    return out;
}

std::string handout_for(const SubmissionInput& input, const record::CaseFile& file,
                        const record::RulePack& pack, record::CivilDate date) {
    return record::handout_html(record::handout_for_case(
        file, input.patient_name, input.practice_name, date, pack.turnaround_days));
}

// The lab reads the first line to file the submission under its case: the renderer's own
// heading (which names our case id) gives way to the lab's case number.
std::string prescription_text(const record::Prescription& rx, const record::RulePack& pack,
                              const std::string& lab_case_id) {
    std::string text = record::render_prescription(rx);
    const auto end = text.find('\n');
    const std::string rest = end == std::string::npos ? std::string() : text.substr(end + 1);
    return submission_heading(pack.submission_kind, lab_case_id) + "\n" + rest;
}

}  // namespace

std::string submission_heading(std::string_view kind, std::string_view lab_case_id) {
    std::string words(kind.empty() ? std::string_view("refinement") : kind);
    std::replace(words.begin(), words.end(), '-', ' ');
    words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
    return words + " for case " + std::string(lab_case_id);
}

nlohmann::json to_json(const GateOutcome& gate) {
    return {{"passed", gate.passed},
            {"overridden", gate.overridden},
            {"blocking", gate.blocking},
            {"warnings", gate.warnings}};
}

namespace {

struct Records {
    record::CaseFile file;
    record::Prescription rx;
    record::RulePack pack;
    record::CivilDate on;
};

Result<Records> load_records(const SubmissionInput& input) {
    auto file = record::load_case_file(input.case_json.string());
    if (!file) return fail(file.error());
    auto rx = record::load_prescription_file(input.rx_json.string());
    if (!rx) return fail(rx.error());
    auto pack = record::load_rule_pack(file->rules, record::default_rules_dir());
    if (!pack) return fail(pack.error());
    auto on = record::CivilDate::parse(input.created_at.substr(0, 10), "created_at");
    if (!on) return fail(on.error());
    if (!file->patient_chart_id) {
        return fail(Errc::bad_input,
                    input.case_json.string() + ": patient_chart_id is required to submit");
    }
    if (!file->lab_case_id || file->lab_case_id->empty()) {
        return fail(Errc::bad_input, input.case_json.string() +
                                         ": lab_case_id is required to submit a refinement "
                                         "(the lab's case number it goes under)");
    }
    return Records{std::move(file.value()), std::move(rx.value()), std::move(pack.value()), *on};
}

}  // namespace

Result<Submission> assemble_submission(const SubmissionInput& input, const Progress& progress) {
    auto records = load_records(input);
    if (!records) return fail(records.error());
    Submission s;
    s.qa = {{"$schema", schema_ids::kQaReport},
            {"scans", nlohmann::json::object()},
            {"photos", nlohmann::json::object()}};
    PackageRequest& r = s.request;
    r.case_id = records->file.case_id;
    r.lab_case_id = *records->file.lab_case_id;
    r.patient_id = *records->file.patient_chart_id;
    r.lab_id = records->file.lab.value_or("unknown-lab");
    r.rule_pack_version = records->pack.name + "@" + records->pack.version;
    r.created_at = input.created_at;
    record::GateInputs gate;
    gate.pack = &records->pack;
    gate.case_status = record::evaluate_case(records->file, records->on, records->pack.lifecycle);
    gate.rx = &records->rx;
    // Outside the kiosk workflow, an explicit decision in the prescription is step 1's decision.
    if (!records->rx.attachments.defaulted)
        gate.workflow_attachments_decision = records->rx.attachments.decision;
    for (const auto& [kind, file] : input.scans)
        INTAKE_TRY(add_scan(kind, file, s, gate, progress));
    for (const auto& [view, file] : input.photos)
        INTAKE_TRY(add_photo(view, file, s, gate, progress));
    auto rx_check = record::check_prescription(records->rx);
    nlohmann::json rx_json = record::prescription_to_json(records->rx);
    rx_json["$schema"] = schema_ids::kPrescription;  // the lab's copy names its format
    r.entries.push_back({"prescription.json", "prescription", "application/json",
                         as_bytes(rx_json.dump(2) + "\n")});
    s.qa["prescription"] = record::to_json(rx_check, records->rx);
    r.entries.push_back({"prescription.txt", "prescription", "text/plain; charset=utf-8",
                         as_bytes(prescription_text(records->rx, records->pack, r.lab_case_id))});
    r.entries.push_back({"handout.html", "handout", "text/html; charset=utf-8",
                         as_bytes(handout_for(input, records->file, records->pack, records->on))});
    auto result = record::evaluate_gate(gate);
    if (!result.passed && !input.override_reason.empty()) {
        auto overridden =
            record::override_gate(result, input.override_by, input.override_reason, input.audit);
        if (!overridden) return fail(overridden.error());
        result = overridden.value();
    }
    s.gate = outcome_of(result);
    s.qa["gate"] = record::to_json(result);
    r.entries.push_back(
        {"qa-report.json", "qa-report", "application/json", as_bytes(s.qa.dump(2) + "\n")});
    return s;
}

}  // namespace intake::package
