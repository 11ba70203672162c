// A validator for the subset of JSON Schema that docs/package-manifest.schema.json uses: type,
// const, required, properties, additionalProperties:false, items, minItems, pattern, minLength,
// minimum. No Debian package offers a C++ JSON Schema validator, so the tests carry this one;
// an unsupported keyword is reported instead of silently passing.
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace intake::package::test {

inline bool type_matches(const std::string& type, const nlohmann::json& v) {
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "integer") return v.is_number_integer();
    if (type == "number") return v.is_number();
    if (type == "boolean") return v.is_boolean();
    return false;
}

inline void validate_schema(const nlohmann::json& schema, const nlohmann::json& v,
                            const std::string& at, std::vector<std::string>& errors) {
    static const std::set<std::string> known{"$schema",     "$id",        "title",
                                             "description", "type",       "const",
                                             "required",    "properties", "additionalProperties",
                                             "items",       "minItems",   "pattern",
                                             "minLength",   "minimum",    "enum"};
    for (const auto& [key, _] : schema.items()) {
        if (!known.count(key))
            errors.push_back(at + ": schema keyword '" + key + "' unsupported by the validator");
    }
    if (schema.contains("type") && !type_matches(schema["type"], v)) {
        errors.push_back(at + ": expected " + schema["type"].get<std::string>());
        return;
    }
    if (schema.contains("const") && schema["const"] != v)
        errors.push_back(at + ": must equal " + schema["const"].dump());
    if (schema.contains("enum") &&
        std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end())
        errors.push_back(at + ": must be one of " + schema["enum"].dump());
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        if (schema.contains("minLength") && s.size() < schema["minLength"].get<size_t>())
            errors.push_back(at + ": too short");
        if (schema.contains("pattern") &&
            !std::regex_search(s, std::regex(schema["pattern"].get<std::string>()))) {
            errors.push_back(at + ": '" + s + "' does not match " +
                             schema["pattern"].get<std::string>());
        }
    }
    if (v.is_number() && schema.contains("minimum") &&
        v.get<double>() < schema["minimum"].get<double>()) {
        errors.push_back(at + ": below minimum");
    }
    if (v.is_array()) {
        if (schema.contains("minItems") && v.size() < schema["minItems"].get<size_t>())
            errors.push_back(at + ": too few items");
        if (schema.contains("items")) {
            for (size_t i = 0; i < v.size(); ++i)
                validate_schema(schema["items"], v[i], at + "/" + std::to_string(i), errors);
        }
    }
    if (v.is_object()) {
        for (const auto& r : schema.value("required", nlohmann::json::array())) {
            if (!v.contains(r.get<std::string>()))
                errors.push_back(at + ": missing required '" + r.get<std::string>() + "'");
        }
        const auto props = schema.value("properties", nlohmann::json::object());
        for (const auto& [key, value] : v.items()) {
            if (props.contains(key)) {
                validate_schema(props[key], value, at + "/" + key, errors);
            } else if (schema.contains("additionalProperties") &&
                       schema["additionalProperties"] == false) {
                errors.push_back(at + ": unexpected property '" + key + "'");
            }
        }
    }
}

inline std::vector<std::string> validate_schema(const nlohmann::json& schema,
                                                const nlohmann::json& v) {
    std::vector<std::string> errors;
    validate_schema(schema, v, "", errors);
    return errors;
}

}  // namespace intake::package::test
