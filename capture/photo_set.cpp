#include "capture/photo_set.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/file_io.h"
#include "capture/views.h"

namespace intake::capture {
namespace {

Failure map_error(std::string_view name, const std::string& what) {
    return fail(Errc::bad_input, std::string(name) + ": " + what);
}

Result<std::string> view_id(const nlohmann::json& value, std::string_view name,
                            const std::string& where) {
    if (!value.is_string()) return map_error(name, where + " must be a view id string");
    const std::string id = value.get<std::string>();
    if (!find_view(id)) return map_error(name, where + ": unknown view '" + id + "'");
    return id;
}

void check_one(const std::filesystem::path& folder, const CheckOptions& options, SetEntry& entry) {
    try {
        auto report = check_photo_file(folder / entry.file, entry.view, options);
        if (report) {
            entry.report = std::move(*report);
        } else {
            entry.error = report.error();
        }
    } catch (const std::exception& e) {  // bad_alloc and the like: never past this boundary
        entry.error = Error{Errc::internal, entry.file + ": " + e.what()};
    }
}

}  // namespace

Result<PhotoMap> parse_photo_map(std::string_view json_text, std::string_view name) {
    nlohmann::json json = nlohmann::json::parse(json_text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return map_error(name, "not a JSON object");
    const bool structured = json.contains("photos");
    const nlohmann::json& photos = structured ? json["photos"] : json;
    if (!photos.is_object()) return map_error(name, "\"photos\" must be an object");
    PhotoMap map;
    for (const auto& [file, value] : photos.items()) {
        if (file.empty() || file.find('/') != std::string::npos || file == "..") {
            return map_error(name, "'" + file + "' must be a plain file name in the folder");
        }
        auto id = view_id(value, name, "\"" + file + "\"");
        if (!id) return fail(id.error());
        map.photos.emplace_back(file, *id);
    }
    if (structured && json.contains("required")) {
        if (!json["required"].is_array()) return map_error(name, "\"required\" must be an array");
        for (const auto& value : json["required"]) {
            auto id = view_id(value, name, "\"required\"");
            if (!id) return fail(id.error());
            map.required.push_back(*id);
        }
    } else {
        for (const ViewInfo& view : all_views()) map.required.emplace_back(view.key);
    }
    return map;
}

Result<PhotoMap> load_photo_map(const std::filesystem::path& path) {
    auto text = read_file_text(path, size_t{1} << 20);
    if (!text) return fail(Errc::bad_input, text.error().message);
    return parse_photo_map(*text, path.string());
}

SetReport check_photo_set(const std::filesystem::path& folder, const PhotoMap& map,
                          const CheckOptions& options, int threads) {
    const auto start = std::chrono::steady_clock::now();
    SetReport set;
    for (const auto& [file, view] : map.photos) set.entries.push_back({file, view, {}, {}});
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (size_t i = next++; i < set.entries.size(); i = next++) {
            check_one(folder, options, set.entries[i]);
        }
    };
    const int count =
        std::clamp(threads, 1, static_cast<int>(std::max<size_t>(1, set.entries.size())));
    std::vector<std::thread> pool;
    for (int i = 1; i < count; ++i) pool.emplace_back(worker);
    worker();
    for (std::thread& thread : pool) thread.join();

    for (const SetEntry& entry : set.entries) {
        if (entry.error) {
            set.verdict = Verdict::fail;
            set.bad_input = true;
        } else {
            set.verdict = worst(set.verdict, entry.report->verdict);
        }
    }
    for (const std::string& view : map.required) {
        const bool present =
            std::any_of(set.entries.begin(), set.entries.end(),
                        [&](const SetEntry& e) { return e.view == view && e.report; });
        if (!present) set.missing_views.push_back(view);
    }
    if (!set.missing_views.empty()) set.verdict = Verdict::fail;
    set.total_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return set;
}

std::string to_json(const SetReport& set) {
    nlohmann::ordered_json json;
    json["verdict"] = verdict_name(set.verdict);
    json["missing_views"] = set.missing_views;
    json["photos"] = nlohmann::ordered_json::array();
    for (const SetEntry& entry : set.entries) {
        if (entry.report) {
            json["photos"].push_back(nlohmann::ordered_json::parse(to_json(*entry.report)));
        } else {
            json["photos"].push_back({{"file", entry.file},
                                      {"view", entry.view},
                                      {"verdict", "error"},
                                      {"error", entry.error->to_string()}});
        }
    }
    json["timings_ms"] = {{"total", std::round(set.total_ms * 100) / 100}};
    return json.dump();
}

}  // namespace intake::capture
