// The appointment, headless (`intake demo`): the whole refinement on the bundled demo case — scans
// and photos in, checks, the pre-submit gate, the signed package, the sealed outbox and the upload
// to a lab inbox (a local one unless an endpoint is given) — printing each step.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/result.h"
#include "station/package/submission.h"

namespace intake::appointment {

using package::Progress;

struct DemoOptions {
    std::filesystem::path out_dir;  // captures, the package, the local inbox's store
    std::filesystem::path home;     // the station: keys, database, outbox (intake --home)
    std::string endpoint;           // empty: start the local lab inbox from the data dir
    std::string token;
    std::string ca_file;
};

// The bundled case, prescription and recordings come from the station's data dir
// (base/data_dir.h). Refuses (busy) when the outbox in `home` holds other unsent jobs, which
// the demo's upload run would otherwise send to its endpoint too.
// Returns a summary (package path and id, gate, upload receipt). Steps go to `progress`.
Result<nlohmann::json> run_demo(const DemoOptions& options, const Progress& progress);

}  // namespace intake::appointment
