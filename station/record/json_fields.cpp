#include "station/record/json_fields.h"

#include <cmath>

namespace intake::record {

using nlohmann::json;

Result<json> parse_json_document(std::string_view text, std::string_view source) {
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        return fail(Errc::bad_input, std::string(source) + ": not valid JSON: " + e.what());
    }
}

Result<FieldReader> FieldReader::open(const json& value, std::string source, std::string path) {
    if (!value.is_object()) {
        const std::string where = path.empty() ? source : source + ": " + path;
        return fail(Errc::bad_input, where + ": expected a JSON object");
    }
    return FieldReader(value, std::move(source), std::move(path));
}

Status FieldReader::only(std::initializer_list<std::string_view> allowed) const {
    for (const auto& item : object_->items()) {
        // A document may name its JSON Schema (docs/schemas/) at its root, for editors.
        if (path_.empty() && item.key() == "$schema" && item.value().is_string()) continue;
        bool known = false;
        for (std::string_view a : allowed) known = known || a == item.key();
        if (!known) return error(item.key(), "unknown field");
    }
    return ok();
}

std::string FieldReader::child_path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::string FieldReader::field(std::string_view key) const {
    return source_ + ": " + child_path(key);
}

Failure FieldReader::error(std::string_view key, std::string_view problem) const {
    return fail(Errc::bad_input, field(key) + ": " + std::string(problem));
}

const json* FieldReader::find(std::string_view key) const {
    auto it = object_->find(key);
    if (it == object_->end() || it->is_null()) return nullptr;
    return &*it;
}

Result<std::optional<std::string>> FieldReader::optional_string(std::string_view key) const {
    const json* v = find(key);
    if (v == nullptr) return std::optional<std::string>{};
    if (!v->is_string()) return error(key, "expected a string");
    return std::optional<std::string>(v->get<std::string>());
}

Result<std::string> FieldReader::string(std::string_view key) const {
    auto v = optional_string(key);
    if (!v) return fail(v.error());
    if (!v->has_value()) return error(key, "required");
    return **v;
}

Result<std::optional<int64_t>> FieldReader::optional_integer(std::string_view key, int64_t min,
                                                             int64_t max) const {
    const json* v = find(key);
    if (v == nullptr) return std::optional<int64_t>{};
    if (!v->is_number_integer()) return error(key, "expected a whole number");
    const bool is_unsigned = v->is_number_unsigned();
    const auto n = is_unsigned
                       ? static_cast<int64_t>(std::min<uint64_t>(v->get<uint64_t>(), INT64_MAX))
                       : v->get<int64_t>();
    if (n < min || n > max) {
        return error(key, std::to_string(n) + " is out of range " + std::to_string(min) + ".." +
                              std::to_string(max));
    }
    return std::optional<int64_t>(n);
}

Result<int64_t> FieldReader::integer(std::string_view key, int64_t min, int64_t max) const {
    auto v = optional_integer(key, min, max);
    if (!v) return fail(v.error());
    if (!v->has_value()) return error(key, "required");
    return **v;
}

Result<std::optional<double>> FieldReader::optional_number(std::string_view key) const {
    const json* v = find(key);
    if (v == nullptr) return std::optional<double>{};
    if (!v->is_number()) return error(key, "expected a number");
    const double d = v->get<double>();
    if (!std::isfinite(d)) return error(key, "expected a finite number");
    return std::optional<double>(d);
}

Result<std::optional<bool>> FieldReader::optional_bool(std::string_view key) const {
    const json* v = find(key);
    if (v == nullptr) return std::optional<bool>{};
    if (!v->is_boolean()) return error(key, "expected true or false");
    return std::optional<bool>(v->get<bool>());
}

Result<std::optional<CivilDate>> FieldReader::optional_date(std::string_view key) const {
    auto text = optional_string(key);
    if (!text) return fail(text.error());
    if (!text->has_value()) return std::optional<CivilDate>{};
    auto date = CivilDate::parse(**text, field(key));
    if (!date) return fail(date.error());
    return std::optional<CivilDate>(*date);
}

Result<CivilDate> FieldReader::date(std::string_view key) const {
    auto v = optional_date(key);
    if (!v) return fail(v.error());
    if (!v->has_value()) return error(key, "required");
    return **v;
}

Result<const json*> FieldReader::optional_array(std::string_view key) const {
    const json* v = find(key);
    if (v != nullptr && !v->is_array()) return error(key, "expected an array");
    return v;
}

}  // namespace intake::record
