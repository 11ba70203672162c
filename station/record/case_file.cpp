#include "station/record/case_file.h"

#include <set>

#include "base/file_io.h"
#include "station/record/json_fields.h"

namespace intake::record {
namespace {

using nlohmann::json;

constexpr std::string_view kCaseTypes[] = {"standard",       "limited",     "full", "express",
                                           "legacy-limited", "legacy-full", "teen"};

Result<PhaseKind> parse_kind(const FieldReader& r) {
    auto text = r.string("kind");
    if (!text) return fail(text.error());
    if (*text == "starter") return PhaseKind::starter;
    if (*text == "treatment") return PhaseKind::treatment;
    if (*text == "retentive") return PhaseKind::retentive;
    return r.error("kind", "'" + *text + "' is not one of starter, treatment, retentive");
}

Result<PhaseStatus> parse_status(const FieldReader& r) {
    auto text = r.string("status");
    if (!text) return fail(text.error());
    if (*text == "scheduled") return PhaseStatus::scheduled;
    if (*text == "on-hold") return PhaseStatus::on_hold;
    if (*text == "shipped") return PhaseStatus::shipped;
    if (*text == "delivered") return PhaseStatus::delivered;
    return r.error("status",
                   "'" + *text + "' is not one of scheduled, on-hold, shipped, delivered");
}

// Dates must agree with the status: a delivered phase has arrived, arrival follows shipment.
Status check_phase_dates(const FieldReader& r, const Phase& p) {
    if (p.status == PhaseStatus::delivered && !p.arrived_on) {
        return r.error("arrived_on", "required when status is delivered");
    }
    if ((p.status == PhaseStatus::shipped || p.status == PhaseStatus::delivered) && !p.shipped_on &&
        !p.arrived_on) {
        return r.error("shipped_on", "required when status is shipped");
    }
    if (p.arrived_on && p.status != PhaseStatus::delivered) {
        return r.error("arrived_on", "only a delivered phase has an arrival date");
    }
    if (p.shipped_on && p.arrived_on && *p.arrived_on < *p.shipped_on) {
        return r.error("arrived_on", p.arrived_on->to_string() + " is before shipped_on " +
                                         p.shipped_on->to_string());
    }
    return ok();
}

Result<Phase> parse_phase(const json& value, const std::string& source, const std::string& path) {
    auto r = FieldReader::open(value, source, path);
    if (!r) return fail(r.error());
    INTAKE_TRY(
        r->only({"number", "kind", "steps", "status", "ship_on", "shipped_on", "arrived_on"}));
    Phase p;
    auto number = r->integer("number", 1, 999);
    if (!number) return fail(number.error());
    p.number = static_cast<int>(*number);
    auto kind = parse_kind(*r);
    if (!kind) return fail(kind.error());
    p.kind = *kind;
    auto steps = r->integer("steps", 0, 200);
    if (!steps) return fail(steps.error());
    p.steps = static_cast<int>(*steps);
    auto status = parse_status(*r);
    if (!status) return fail(status.error());
    p.status = *status;
    auto ship_on = r->optional_date("ship_on");
    if (!ship_on) return fail(ship_on.error());
    p.ship_on = *ship_on;
    auto shipped_on = r->optional_date("shipped_on");
    if (!shipped_on) return fail(shipped_on.error());
    p.shipped_on = *shipped_on;
    auto arrived_on = r->optional_date("arrived_on");
    if (!arrived_on) return fail(arrived_on.error());
    p.arrived_on = *arrived_on;
    INTAKE_TRY(check_phase_dates(*r, p));
    return p;
}

Result<Revision> parse_revision(const json& value, const std::string& source,
                                const std::string& path) {
    auto r = FieldReader::open(value, source, path);
    if (!r) return fail(r.error());
    INTAKE_TRY(r->only({"requested_on", "phase", "processed_on"}));
    Revision rev;
    auto requested = r->date("requested_on");
    if (!requested) return fail(requested.error());
    rev.requested_on = *requested;
    auto phase = r->optional_integer("phase", 1, 999);
    if (!phase) return fail(phase.error());
    if (*phase) rev.phase = static_cast<int>(**phase);
    auto processed = r->optional_date("processed_on");
    if (!processed) return fail(processed.error());
    rev.processed_on = *processed;
    if (rev.processed_on && *rev.processed_on < rev.requested_on) {
        return r->error("processed_on", "is before requested_on");
    }
    return rev;
}

Status parse_identity(const FieldReader& r, CaseFile& c) {
    auto id = r.string("case_id");
    if (!id) return fail(id.error());
    if (id->empty()) return r.error("case_id", "must not be empty");
    c.case_id = *id;
    auto rules = r.string("rules");
    if (!rules) return fail(rules.error());
    c.rules = *rules;
    auto version = r.optional_string("rules_version");
    if (!version) return fail(version.error());
    c.rules_version = *version;
    auto type = r.optional_string("type");
    if (!type) return fail(type.error());
    if (*type) c.type = **type;
    if (!is_known_case_type(c.type)) {
        return r.error("type", "'" + c.type +
                                   "' is not a known case type (standard, limited, full, express, "
                                   "teen, legacy-limited, legacy-full)");
    }
    for (auto [key, target] : {std::pair{"lab", &c.lab}, std::pair{"lab_case_id", &c.lab_case_id},
                               std::pair{"patient_chart_id", &c.patient_chart_id}}) {
        auto v = r.optional_string(key);
        if (!v) return fail(v.error());
        *target = *v;
    }
    return ok();
}

Status parse_dates(const FieldReader& r, CaseFile& c) {
    auto submitted = r.date("submitted_on");
    if (!submitted) return fail(submitted.error());
    c.submitted_on = *submitted;
    auto wear = r.optional_integer("wear_days_per_step", 1, 60);
    if (!wear) return fail(wear.error());
    if (*wear) c.wear_days_per_step = static_cast<int>(**wear);
    auto retainer = r.optional_date("retainer_requested_on");
    if (!retainer) return fail(retainer.error());
    c.retainer_requested_on = *retainer;
    auto reopened = r.optional_date("reopened_on");
    if (!reopened) return fail(reopened.error());
    c.reopened_on = *reopened;
    auto hold = r.optional_bool("hold_requested");
    if (!hold) return fail(hold.error());
    c.hold_requested = hold->value_or(false);
    return ok();
}

Status parse_lists(const FieldReader& r, CaseFile& c) {
    auto phases = r.optional_array("phases");
    if (!phases) return fail(phases.error());
    std::set<int> numbers;
    for (size_t i = 0; *phases != nullptr && i < (*phases)->size(); ++i) {
        const std::string path = r.child_path("phases") + "[" + std::to_string(i) + "]";
        auto p = parse_phase((**phases)[i], r.source(), path);
        if (!p) return fail(p.error());
        if (!numbers.insert(p->number).second) {
            return fail(Errc::bad_input, r.source() + ": " + path + ".number: phase " +
                                             std::to_string(p->number) + " appears twice");
        }
        c.phases.push_back(*p);
    }
    auto revisions = r.optional_array("revisions");
    if (!revisions) return fail(revisions.error());
    for (size_t i = 0; *revisions != nullptr && i < (*revisions)->size(); ++i) {
        const std::string path = r.child_path("revisions") + "[" + std::to_string(i) + "]";
        auto rev = parse_revision((**revisions)[i], r.source(), path);
        if (!rev) return fail(rev.error());
        c.revisions.push_back(*rev);
    }
    return ok();
}

}  // namespace

std::string_view phase_kind_name(PhaseKind kind) {
    switch (kind) {
        case PhaseKind::starter:
            return "starter";
        case PhaseKind::treatment:
            return "treatment";
        case PhaseKind::retentive:
            return "retentive";
    }
    return "treatment";
}

std::string_view phase_status_name(PhaseStatus status) {
    switch (status) {
        case PhaseStatus::scheduled:
            return "scheduled";
        case PhaseStatus::on_hold:
            return "on-hold";
        case PhaseStatus::shipped:
            return "shipped";
        case PhaseStatus::delivered:
            return "delivered";
    }
    return "scheduled";
}

bool is_known_case_type(std::string_view type) {
    for (std::string_view t : kCaseTypes) {
        if (t == type) return true;
    }
    return false;
}

Result<CaseFile> parse_case_json(std::string_view text, std::string_view source_name) {
    auto doc = parse_json_document(text, source_name);
    if (!doc) return fail(doc.error());
    auto r = FieldReader::open(*doc, std::string(source_name), "");
    if (!r) return fail(r.error());
    INTAKE_TRY(
        r->only({"case_id", "rules", "rules_version", "type", "lab", "lab_case_id",
                 "patient_chart_id", "submitted_on", "wear_days_per_step", "retainer_requested_on",
                 "reopened_on", "hold_requested", "phases", "revisions"}));
    CaseFile c;
    INTAKE_TRY(parse_identity(*r, c));
    INTAKE_TRY(parse_dates(*r, c));
    INTAKE_TRY(parse_lists(*r, c));
    return c;
}

Result<CaseFile> load_case_file(const std::string& path) {
    auto text = read_file_text(path, size_t{1} << 24);
    if (!text) return fail(text.error());
    return parse_case_json(*text, path);
}

namespace {

json optional_date_json(const std::optional<CivilDate>& d) {
    return d ? json(d->to_string()) : json(nullptr);
}

}  // namespace

std::string case_to_json_text(const CaseFile& c) {
    json j = {{"case_id", c.case_id},
              {"rules", c.rules},
              {"type", c.type},
              {"submitted_on", c.submitted_on.to_string()},
              {"wear_days_per_step", c.wear_days_per_step},
              {"retainer_requested_on", optional_date_json(c.retainer_requested_on)},
              {"reopened_on", optional_date_json(c.reopened_on)}};
    if (c.rules_version) j["rules_version"] = *c.rules_version;
    if (c.lab) j["lab"] = *c.lab;
    if (c.lab_case_id) j["lab_case_id"] = *c.lab_case_id;
    if (c.patient_chart_id) j["patient_chart_id"] = *c.patient_chart_id;
    if (c.hold_requested) j["hold_requested"] = true;
    j["phases"] = json::array();
    for (const Phase& p : c.phases) {
        json pj = {{"number", p.number},
                   {"kind", phase_kind_name(p.kind)},
                   {"steps", p.steps},
                   {"status", phase_status_name(p.status)}};
        if (p.ship_on) pj["ship_on"] = p.ship_on->to_string();
        if (p.shipped_on) pj["shipped_on"] = p.shipped_on->to_string();
        if (p.arrived_on) pj["arrived_on"] = p.arrived_on->to_string();
        j["phases"].push_back(pj);
    }
    if (!c.revisions.empty()) {
        j["revisions"] = json::array();
        for (const Revision& r : c.revisions) {
            json rj = {{"requested_on", r.requested_on.to_string()}};
            if (r.phase) rj["phase"] = *r.phase;
            if (r.processed_on) rj["processed_on"] = r.processed_on->to_string();
            j["revisions"].push_back(rj);
        }
    }
    return j.dump(2) + "\n";
}

}  // namespace intake::record
