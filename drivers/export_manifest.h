// A scanner's own word on which file is which arch. iTero Element writes
// `itero_export_#ORDER_v30.xml` beside its STL files, one
// `<Object ObjectType="Surface" SubType="Jaw" JawId="Upper|Lower" FileName="…"/>` per arch; that
// entry decides the file's role before any name pattern is tried. (3Shape TRIOS and Medit Link:
// see docs/devices.md — no manifest of theirs is read, their names are matched.)
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace intake::drivers {

enum class ScanRole;

struct ManifestEntry {
    std::string file_name;  // as the manifest names it, without any folder
    ScanRole role{};
    std::string manifest;  // the manifest's file name, for messages
};

// True for a file name the station reads as a scanner manifest (`itero_export_*.xml`).
bool is_export_manifest(const std::filesystem::path& path);

// The jaw entries of one iTero export manifest; entries of other kinds, or with a JawId that is
// neither Upper nor Lower, are skipped. Text that holds no entry gives an empty list.
std::vector<ManifestEntry> parse_itero_manifest(std::string_view xml, const std::string& manifest);

// Every manifest in `folder`, by file name (lower-cased). A file two manifests give different
// roles is left out of `roles` and listed in `conflicts`: it must be asked, not guessed.
struct FolderManifests {
    std::map<std::string, ManifestEntry> roles;
    std::map<std::string, std::string> conflicts;  // file name -> why
};
FolderManifests read_folder_manifests(const std::filesystem::path& folder);

}  // namespace intake::drivers
