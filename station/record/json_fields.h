// Strict reading of JSON documents: every error names the file and the field
// ("case.json: phases[1].arrived_on: 2023-02-30 is not a date"), unknown fields are refused
// (a misspelt "retainer_requested" must not silently mean "no retainer"), and nlohmann's
// exceptions never leave this file.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "station/record/civil_date.h"

namespace intake::record {

// Parses text; a syntax error becomes bad_input "<source>: not valid JSON: ...".
Result<nlohmann::json> parse_json_document(std::string_view text, std::string_view source);

// A view of one JSON object at a named place in a document.
class FieldReader {
  public:
    // Fails unless `value` is an object. `path` is "" for the document root, else "phases[1]".
    static Result<FieldReader> open(const nlohmann::json& value, std::string source,
                                    std::string path);
    // The reader keeps a pointer: a temporary would dangle.
    static Result<FieldReader> open(nlohmann::json&& value, std::string source,
                                    std::string path) = delete;

    // bad_input naming the first key not in `allowed`. At the document root a string
    // `$schema` (the document's JSON Schema, docs/schemas/) is always allowed.
    Status only(std::initializer_list<std::string_view> allowed) const;

    // "case.json: phases[1].arrived_on"
    std::string field(std::string_view key) const;
    // "phases[1].arrived_on" — the path for nested readers.
    std::string child_path(std::string_view key) const;
    const std::string& source() const { return source_; }

    // The member, or nullptr when absent or null.
    const nlohmann::json* find(std::string_view key) const;

    Result<std::string> string(std::string_view key) const;
    Result<std::optional<std::string>> optional_string(std::string_view key) const;
    Result<int64_t> integer(std::string_view key, int64_t min, int64_t max) const;
    Result<std::optional<int64_t>> optional_integer(std::string_view key, int64_t min,
                                                    int64_t max) const;
    Result<std::optional<double>> optional_number(std::string_view key) const;
    Result<std::optional<bool>> optional_bool(std::string_view key) const;
    Result<CivilDate> date(std::string_view key) const;
    Result<std::optional<CivilDate>> optional_date(std::string_view key) const;
    // Fails unless the member is absent/null or an array.
    Result<const nlohmann::json*> optional_array(std::string_view key) const;

    Failure error(std::string_view key, std::string_view problem) const;

  private:
    FieldReader(const nlohmann::json& object, std::string source, std::string path)
        : object_(&object), source_(std::move(source)), path_(std::move(path)) {}

    const nlohmann::json* object_;
    std::string source_;
    std::string path_;
};

}  // namespace intake::record
