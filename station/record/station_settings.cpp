#include "station/record/station_settings.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace intake::record {

Result<StationSettings> load_station_settings(Store& store) { return store.station_settings(); }

namespace {

bool has_control(const std::string& s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

Status check_text(const char* field, const std::string& value) {
    if (value.size() > 200 || has_control(value)) {
        return fail(Errc::invalid_argument, std::string("settings: ") + field +
                                                ": at most 200 characters, no control characters");
    }
    return ok();
}

}  // namespace

Status check_station_settings(const StationSettings& s) {
    INTAKE_TRY(check_text("practice_name", s.practice_name));
    INTAKE_TRY(check_text("lab", s.lab));
    INTAKE_TRY(check_text("endpoint", s.endpoint));
    const bool pack_ok = s.rule_pack.size() <= 64 &&
                         std::all_of(s.rule_pack.begin(), s.rule_pack.end(),
                                     [](char c) {
                                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                                c == '.' || c == '_' || c == '-';
                                     }) &&
                         s.rule_pack.find("..") == std::string::npos;
    if (!pack_ok) {
        return fail(Errc::invalid_argument, "settings: rule_pack '" + s.rule_pack +
                                                "': up to 64 of a-z 0-9 . _ - (a rule pack name)");
    }
    const bool url = s.endpoint.empty() || s.endpoint.rfind("https://", 0) == 0 ||
                     s.endpoint.rfind("http://", 0) == 0;
    if (!url || s.endpoint.find(' ') != std::string::npos) {
        return fail(Errc::invalid_argument,
                    "settings: endpoint '" + s.endpoint + "' is not an http(s) URL");
    }
    return ok();
}

Status save_station_settings(Store& store, AuditLog& audit, const Actor& by,
                             const StationSettings& wanted) {
    INTAKE_TRY(require_role(by, {Role::clinician, Role::admin}, "settings.change", audit));
    INTAKE_TRY(check_station_settings(wanted));
    return store.in_transaction([&]() -> Status {
        auto before = store.station_settings();
        if (!before) return fail(before.error());
        nlohmann::json changed = nlohmann::json::object();
        const auto diff = [&](const char* field, const std::string& was, const std::string& is) {
            if (was != is) changed[field] = {{"from", was}, {"to", is}};
        };
        diff("practice_name", before->practice_name, wanted.practice_name);
        diff("lab", before->lab, wanted.lab);
        diff("rule_pack", before->rule_pack, wanted.rule_pack);
        diff("endpoint", before->endpoint, wanted.endpoint);
        StationSettings next = wanted;
        next.updated_at = AuditLog::utc_now();
        next.updated_by = by.user_id;
        INTAKE_TRY(store.save_station_settings(next));
        auto seq = audit.append(
            AuditEntry{by.user_id, std::string(role_name(by.role)),
                       changed.contains("endpoint") ? "settings.endpoint" : "settings.change",
                       "station settings", "", "", changed.dump()});
        if (!seq) return fail(seq.error());
        return ok();
    });
}

}  // namespace intake::record
