// The `$schema` URIs of the file formats the station writes for users and labs. Each is the
// `$id` of a JSON Schema published in docs/schemas/ (docs/schemas.md); the key is only ever
// added to a document, so readers of older files without it are unaffected.
#pragma once

namespace intake::schema_ids {

inline constexpr const char* kPackageManifest =
    "https://intake-station.invalid/schemas/package-manifest.schema.json";
inline constexpr const char* kQaReport =
    "https://intake-station.invalid/schemas/qa-report.schema.json";
inline constexpr const char* kPrescription =
    "https://intake-station.invalid/schemas/prescription.schema.json";
inline constexpr const char* kMeshCleanReport =
    "https://intake-station.invalid/schemas/mesh-clean-report.schema.json";
inline constexpr const char* kMeshCheckReport =
    "https://intake-station.invalid/schemas/mesh-check-report.schema.json";
inline constexpr const char* kReceipt =
    "https://intake-station.invalid/schemas/receipt.schema.json";

}  // namespace intake::schema_ids
