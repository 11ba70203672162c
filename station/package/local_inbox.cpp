#include "station/package/local_inbox.h"

#include <cstdlib>

namespace intake::package {

namespace fs = std::filesystem;

Result<fs::path> find_servers_dir(const fs::path& start) {
    auto has_server = [](const fs::path& dir) {
        return fs::exists(dir / "tus-inbox.mjs") &&
               fs::exists(dir / "node_modules" / "@tus" / "server");
    };
    if (const char* env = std::getenv("INTAKE_SERVERS_DIR"); env && *env) {
        if (has_server(env)) return fs::path(env);
        return fail(Errc::not_found,
                    std::string(env) + ": no tus-inbox.mjs with node_modules (INTAKE_SERVERS_DIR)");
    }
    std::error_code ec;
    for (fs::path dir = fs::weakly_canonical(start, ec); !dir.empty(); dir = dir.parent_path()) {
        if (has_server(dir / "tests" / "servers")) return dir / "tests" / "servers";
        if (dir == dir.parent_path()) break;
    }
    return fail(Errc::not_found, "tests/servers with node_modules not found above " +
                                     start.string() +
                                     " (run scripts/setup.sh, or set INTAKE_SERVERS_DIR)");
}

Status LocalInbox::start(const fs::path& servers_dir, const fs::path& store,
                         std::chrono::seconds timeout) {
    if (std::system("node --version > /dev/null 2>&1") != 0) {
        return fail(Errc::not_found, "node is not installed: cannot start the local lab inbox");
    }
    Status started =
        server_.start(servers_dir, "tus-inbox.mjs", {"--dir", store.string()}, timeout);
    if (!started) {
        return fail(started.error().code,
                    "the local lab inbox could not start: " + started.error().message);
    }
    return ok();
}

}  // namespace intake::package
