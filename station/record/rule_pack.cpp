#include "station/record/rule_pack.h"

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "base/data_dir.h"
#include "base/file_io.h"
#include "station/record/json_fields.h"

namespace intake::record {
namespace {

using nlohmann::json;

// A reference into `doc`, or to a static null: FieldReader keeps a pointer, so never a temporary.
const json& member_or_null(const json& doc, const char* key) {
    static const json null_value;
    auto it = doc.find(key);
    return it == doc.end() ? null_value : *it;
}

Result<std::vector<std::string>> string_list(const FieldReader& r, std::string_view key,
                                             const std::vector<std::string>& allowed) {
    auto arr = r.optional_array(key);
    if (!arr) return fail(arr.error());
    std::vector<std::string> out;
    if (*arr == nullptr) return r.error(key, "required");
    for (const json& item : **arr) {
        if (!item.is_string()) return r.error(key, "expected strings");
        const auto s = item.get<std::string>();
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
            return r.error(key, "'" + s + "' is not a known value");
        }
        if (std::find(out.begin(), out.end(), s) != out.end()) {
            return r.error(key, "'" + s + "' is listed twice");
        }
        out.push_back(s);
    }
    return out;
}

Status parse_records(const json& doc, const std::string& source, RulePack& pack) {
    auto r = FieldReader::open(member_or_null(doc, "records"), source, "records");
    if (!r) return fail(r.error());
    INTAKE_TRY(r->only({"photo_views", "scans", "triangle_budget_per_arch",
                        "photo_min_long_side_px", "photo_min_sharpness"}));
    auto views = string_list(*r, "photo_views", known_photo_views());
    if (!views) return fail(views.error());
    pack.photo_views = *views;
    auto scans = string_list(*r, "scans", {"upper", "lower", "bite"});
    if (!scans) return fail(scans.error());
    pack.scans = *scans;
    auto budget = r->integer("triangle_budget_per_arch", 1000, 20000000);
    if (!budget) return fail(budget.error());
    pack.triangle_budget_per_arch = static_cast<int>(*budget);
    auto px = r->integer("photo_min_long_side_px", 64, 20000);
    if (!px) return fail(px.error());
    pack.photo.min_long_side_px = static_cast<int>(*px);
    auto sharp = r->optional_number("photo_min_sharpness");
    if (!sharp) return fail(sharp.error());
    if (*sharp) pack.photo.min_sharpness = **sharp;
    return ok();
}

Status parse_attachments(const json& doc, const std::string& source, RulePack& pack) {
    auto r = FieldReader::open(member_or_null(doc, "attachments"), source, "attachments");
    if (!r) return fail(r.error());
    INTAKE_TRY(r->only({"default", "allowed", "removal_needs_clinician_reason"}));
    const std::vector<std::string> decisions = {"keep-all", "remove-all", "remove-some"};
    auto allowed = string_list(*r, "allowed", decisions);
    if (!allowed) return fail(allowed.error());
    pack.attachments_allowed = *allowed;
    auto def = r->string("default");
    if (!def) return fail(def.error());
    if (std::find(allowed->begin(), allowed->end(), *def) == allowed->end()) {
        return r->error("default", "'" + *def + "' is not in attachments.allowed");
    }
    pack.attachments_default = *def;
    auto reason = r->optional_bool("removal_needs_clinician_reason");
    if (!reason) return fail(reason.error());
    pack.removal_needs_clinician_reason = reason->value_or(true);
    return ok();
}

Status parse_lifecycle(const json& doc, const std::string& source, RulePack& pack) {
    auto r = FieldReader::open(member_or_null(doc, "lifecycle"), source, "lifecycle");
    if (!r) return fail(r.error());
    INTAKE_TRY(r->only({"close_on_retainer_request", "close_after_final_wear_days",
                        "lab_may_close_after_years", "five_year_notice_days",
                        "inactivity_close_days", "revision_window_years"}));
    // The 2016 terms dropped inactivity closing and the revision window; a pack that tries to
    // bring them back must say so in code, not data, so only null is accepted.
    for (std::string_view gone : {"inactivity_close_days", "revision_window_years"}) {
        if (r->find(gone) != nullptr) return r->error(gone, "must be null (not supported)");
    }
    auto& t = pack.lifecycle;
    auto retainer = r->optional_bool("close_on_retainer_request");
    if (!retainer) return fail(retainer.error());
    t.close_on_retainer_request = retainer->value_or(true);
    auto days = r->integer("close_after_final_wear_days", 0, 3650);
    if (!days) return fail(days.error());
    t.close_after_final_wear_days = static_cast<int>(*days);
    auto years = r->integer("lab_may_close_after_years", 0, 100);
    if (!years) return fail(years.error());
    t.lab_may_close_after_years = static_cast<int>(*years);
    auto notice = r->optional_integer("five_year_notice_days", 0, 3650);
    if (!notice) return fail(notice.error());
    if (*notice) t.five_year_notice_days = static_cast<int>(**notice);
    return ok();
}

bool valid_pack_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

}  // namespace

const std::vector<std::string>& known_photo_views() {
    static const std::vector<std::string> views = {
        "extraoral-frontal",        "extraoral-smile",         "extraoral-profile-right",
        "intraoral-frontal",        "intraoral-right",         "intraoral-left",
        "intraoral-upper-occlusal", "intraoral-lower-occlusal"};
    return views;
}

std::filesystem::path default_rules_dir() {
    if (const char* env = std::getenv("INTAKE_RULES_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    return data_dir() / "rules";
}

Result<RulePack> parse_rule_pack_json(std::string_view text, std::string_view source_name) {
    const std::string source(source_name);
    auto doc = parse_json_document(text, source);
    if (!doc) return fail(doc.error());
    auto r = FieldReader::open(*doc, source, "");
    if (!r) return fail(r.error());
    INTAKE_TRY(r->only({"name", "version", "title", "source", "submission", "records",
                        "attachments", "lifecycle"}));
    RulePack pack;
    for (auto [key, target] :
         {std::pair{"name", &pack.name}, std::pair{"version", &pack.version},
          std::pair{"title", &pack.title}, std::pair{"source", &pack.source}}) {
        auto v = r->string(key);
        if (!v) return fail(v.error());
        *target = *v;
    }
    auto sub = FieldReader::open(member_or_null(*doc, "submission"), source, "submission");
    if (!sub) return fail(sub.error());
    INTAKE_TRY(sub->only({"kind", "instructions_required", "turnaround_days"}));
    auto kind = sub->string("kind");
    if (!kind) return fail(kind.error());
    pack.submission_kind = *kind;
    auto instr = sub->optional_bool("instructions_required");
    if (!instr) return fail(instr.error());
    pack.instructions_required = instr->value_or(true);
    auto turnaround = sub->optional_integer("turnaround_days", 1, 120);
    if (!turnaround) return fail(turnaround.error());
    if (*turnaround) pack.turnaround_days = static_cast<int>(**turnaround);
    INTAKE_TRY(parse_records(*doc, source, pack));
    INTAKE_TRY(parse_attachments(*doc, source, pack));
    INTAKE_TRY(parse_lifecycle(*doc, source, pack));
    return pack;
}

std::vector<std::string> list_rule_packs(const std::filesystem::path& rules_dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(rules_dir, ec)) {
        if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

Result<RulePack> load_rule_pack(std::string_view name, const std::filesystem::path& rules_dir) {
    auto unknown = [&] {
        std::string known;
        for (const auto& n : list_rule_packs(rules_dir)) known += (known.empty() ? "" : ", ") + n;
        return fail(Errc::bad_input, "rules: unknown rule pack '" + std::string(name) +
                                         "' (available in " + rules_dir.string() + ": " +
                                         (known.empty() ? "none" : known) + ")");
    };
    if (!valid_pack_name(name)) return unknown();
    const auto path = rules_dir / (std::string(name) + ".json");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return unknown();
    auto text = read_file_text(path, size_t{1} << 20);
    if (!text) return fail(text.error());
    auto pack = parse_rule_pack_json(*text, path.string());
    if (!pack) return pack;
    if (pack->name != name) {
        return fail(Errc::bad_input,
                    path.string() + ": name: '" + pack->name + "' does not match the file name");
    }
    return pack;
}

}  // namespace intake::record
