#include "drivers/export_manifest.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "drivers/folder_import.h"

namespace intake::drivers {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// The five predefined XML entities; numeric references are rare in file names and kept as is.
std::string unescape(std::string_view s) {
    static const std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    std::string out;
    for (size_t i = 0; i < s.size();) {
        bool replaced = false;
        for (const auto& [entity, c] : kEntities) {
            if (s.substr(i, entity.size()) == entity) {
                out += c;
                i += entity.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) out += s[i++];
    }
    return out;
}

// name="value" or name='value' pairs of one tag's text (between "<Object" and ">").
std::map<std::string, std::string> attributes(std::string_view tag) {
    std::map<std::string, std::string> out;
    size_t i = 0;
    while (i < tag.size()) {
        while (i < tag.size() && !std::isalpha(static_cast<unsigned char>(tag[i]))) ++i;
        size_t name_start = i;
        while (i < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[i])) ||
                                  tag[i] == '_' || tag[i] == ':' || tag[i] == '-'))
            ++i;
        std::string name(tag.substr(name_start, i - name_start));
        while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
        if (i >= tag.size() || tag[i] != '=') continue;
        ++i;
        while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
        if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
        char quote = tag[i++];
        size_t end = tag.find(quote, i);
        if (end == std::string_view::npos) break;
        out[lower(name)] = unescape(tag.substr(i, end - i));
        i = end + 1;
    }
    return out;
}

}  // namespace

bool is_export_manifest(const std::filesystem::path& path) {
    const std::string name = lower(path.filename().string());
    return name.rfind("itero_export_", 0) == 0 && path.extension() == ".xml";
}

std::vector<ManifestEntry> parse_itero_manifest(std::string_view xml, const std::string& manifest) {
    std::vector<ManifestEntry> out;
    for (size_t at = xml.find("<Object"); at != std::string_view::npos;
         at = xml.find("<Object", at + 1)) {
        size_t end = xml.find('>', at);
        if (end == std::string_view::npos) break;
        auto attrs = attributes(xml.substr(at + 7, end - at - 7));
        if (lower(attrs["objecttype"]) != "surface" || lower(attrs["subtype"]) != "jaw") continue;
        const std::string jaw = lower(attrs["jawid"]);
        if (jaw != "upper" && jaw != "lower") continue;
        std::string file = attrs["filename"];
        // Only the name counts: the export may have been moved to this folder.
        if (auto slash = file.find_last_of("/\\"); slash != std::string::npos) {
            file = file.substr(slash + 1);
        }
        if (file.empty()) continue;
        out.push_back({file, jaw == "upper" ? ScanRole::upper : ScanRole::lower, manifest});
    }
    return out;
}

FolderManifests read_folder_manifests(const std::filesystem::path& folder) {
    FolderManifests out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file(ec) || !is_export_manifest(entry.path())) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        const std::string manifest = entry.path().filename().string();
        for (ManifestEntry& e : parse_itero_manifest(text.str(), manifest)) {
            const std::string key = lower(e.file_name);
            if (out.conflicts.count(key)) continue;
            auto it = out.roles.find(key);
            if (it != out.roles.end() && it->second.role != e.role) {
                out.conflicts[key] = it->second.manifest + " says " +
                                     scan_role_name(it->second.role) + ", " + manifest + " says " +
                                     scan_role_name(e.role);
                out.roles.erase(it);
                continue;
            }
            out.roles[key] = std::move(e);
        }
    }
    return out;
}

}  // namespace intake::drivers
