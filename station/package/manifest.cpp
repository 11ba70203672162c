#include "station/package/manifest.h"

#include <ctime>
#include <regex>

#include "base/schema_ids.h"
#include "base/sha256.h"

namespace intake::package {

bool is_known_role(std::string_view role) {
    // Raw originals travel next to cleaned scans; bite scans may be numbered (scan-bite-2).
    static const std::regex pattern(
        "^(scan-(upper|lower)(-raw)?|scan-bite[a-z0-9-]*|photo-[a-z0-9-]+|prescription|"
        "qa-report|handout)$");
    return std::regex_match(role.begin(), role.end(), pattern);
}

std::string compute_package_id(const std::vector<ManifestFile>& files) {
    Sha256 hasher;
    for (const auto& file : files) {
        hasher.update(file.path);
        hasher.update("\n");
        hasher.update(file.sha256);
        hasher.update("\n");
    }
    return hasher.hex();
}

std::string compute_package_id(const Manifest& m) {
    if (m.schema_version == 1) return compute_package_id(m.files);
    Sha256 hasher;
    hasher.update("intake-package/2\n");
    hasher.update(nlohmann::json::array(
                      {m.lab_id, m.rule_pack_version, m.case_id, m.lab_case_id, m.patient_id})
                      .dump());
    hasher.update("\n");
    for (const auto& file : m.files) {
        hasher.update(file.path);
        hasher.update("\n");
        hasher.update(file.sha256);
        hasher.update("\n");
    }
    return hasher.hex();
}

nlohmann::json to_json(const Manifest& manifest) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& file : manifest.files) {
        files.push_back({{"path", file.path},
                         {"role", file.role},
                         {"media_type", file.media_type},
                         {"size", file.size},
                         {"sha256", file.sha256}});
    }
    // `$schema` names docs/schemas/package-manifest.schema.json; readers ignore it, and
    // packages written before it was added verify as they always did (the signature covers
    // the bytes as written).
    return {{"$schema", schema_ids::kPackageManifest},
            {"schema_version", manifest.schema_version},
            {"package_id", manifest.package_id},
            {"station_id", manifest.station_id},
            {"station_public_key", manifest.station_public_key},
            {"lab", {{"id", manifest.lab_id}, {"rule_pack_version", manifest.rule_pack_version}}},
            {"case_id", manifest.case_id},
            {"lab_case_id", manifest.lab_case_id},
            {"patient_id", manifest.patient_id},
            {"created_at", manifest.created_at},
            {"files", files}};
}

std::string manifest_text(const Manifest& manifest) { return to_json(manifest).dump(2) + "\n"; }

namespace {

Result<Manifest> manifest_from_json(const nlohmann::json& j) {
    Manifest m;
    m.schema_version = j.at("schema_version").get<int>();
    m.package_id = j.at("package_id").get<std::string>();
    m.station_id = j.at("station_id").get<std::string>();
    m.station_public_key = j.at("station_public_key").get<std::string>();
    m.lab_id = j.at("lab").at("id").get<std::string>();
    m.rule_pack_version = j.at("lab").at("rule_pack_version").get<std::string>();
    m.case_id = j.at("case_id").get<std::string>();
    // Packages from before the lab's case number travelled have none.
    m.lab_case_id = j.value("lab_case_id", std::string());
    m.patient_id = j.at("patient_id").get<std::string>();
    m.created_at = j.at("created_at").get<std::string>();
    for (const auto& f : j.at("files")) {
        m.files.push_back({f.at("path").get<std::string>(), f.at("role").get<std::string>(),
                           f.at("media_type").get<std::string>(), f.at("size").get<uint64_t>(),
                           f.at("sha256").get<std::string>()});
    }
    return m;
}

}  // namespace

Result<Manifest> parse_manifest(std::string_view text, std::string_view name) {
    try {
        auto j = nlohmann::json::parse(text);
        auto m = manifest_from_json(j);
        if (m->schema_version != 1 && m->schema_version != kManifestSchemaVersion) {
            return fail(Errc::unsupported, std::string(name) + ": schema_version " +
                                               std::to_string(m->schema_version) +
                                               " is not supported (expected 1 or 2)");
        }
        return m;
    } catch (const std::exception& e) {
        return fail(Errc::bad_input, std::string(name) + ": " + e.what());
    }
}

std::string rfc3339_utc(int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace intake::package
