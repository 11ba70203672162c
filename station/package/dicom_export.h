// DICOM export of a package for practice PACS and viewers: each STL scan as Encapsulated STL
// Storage (modality M3D, MIME model/stl) and each JPEG photo as a VL Photographic Image keeping
// the JPEG bytes, its view in the series description and a View Code Sequence. All objects of
// one package share a study. Objects we cannot express (OBJ/PLY scans, PNG photos) are listed
// as skipped with the reason rather than converted behind the user's back.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "station/package/manifest.h"

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

// Who the objects are of, from the station's store (the package names the patient by chart id
// only). PatientName is `name` as a DICOM person name; an empty name leaves it empty rather
// than putting an id where a name belongs. PatientID is `chart_id`, else the manifest's.
struct DicomPatient {
    std::string name;
    std::string chart_id;
};

// "Jane Q. Doe" -> "Doe^Jane Q.", "Doe, Jane" -> "Doe^Jane", "Doe" -> "Doe": Family^Given.
// DICOM's delimiters (^ = \) are dropped from the parts.
std::string dicom_person_name(std::string_view name);

// Finds the patient of a verified package's manifest (the CLI asks the station's store).
using PatientLookup = std::function<DicomPatient(const Manifest&)>;

// Verifies the package first; refuses one that does not verify.
Result<DicomExport> export_dicom(const std::filesystem::path& package_zip,
                                 const std::filesystem::path& out_dir,
                                 const PatientLookup& lookup = {});

nlohmann::json to_json(const DicomExport& result);

}  // namespace intake::package
