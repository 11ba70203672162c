// DICOM export of a package for practice PACS and viewers: each STL scan as Encapsulated STL
// Storage (modality M3D, MIME model/stl) and each JPEG photo as a VL Photographic Image keeping
// the JPEG bytes, its view in the series description and a View Code Sequence. All objects of
// one package share a study. Objects we cannot express (OBJ/PLY scans, PNG photos) are listed
// as skipped with the reason rather than converted behind the user's back.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"

namespace intake::package {

struct DicomObject {
    std::string source;  // path inside the package
    std::string role;
    std::string sop_class_uid;
    std::filesystem::path file;
};

struct DicomExport {
    std::string study_instance_uid;
    std::vector<DicomObject> written;
    std::vector<std::string> skipped;  // "photos/x.png: photo is not JPEG"
};

// Verifies the package first; refuses one that does not verify.
Result<DicomExport> export_dicom(const std::filesystem::path& package_zip,
                                 const std::filesystem::path& out_dir);

nlohmann::json to_json(const DicomExport& result);

}  // namespace intake::package
