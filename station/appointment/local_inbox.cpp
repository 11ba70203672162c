#include "station/appointment/local_inbox.h"

#include <cstdlib>

#include "base/data_dir.h"
#include "base/file_io.h"

namespace intake::appointment {

namespace fs = std::filesystem;

Result<fs::path> find_lab_inbox_server() {
    auto dir = data_path("lab-inbox");
    if (!dir) return fail(dir.error());
    std::error_code ec;
    for (const fs::path& need : {fs::path("tus-inbox.mjs"), fs::path("node_modules/@tus/server")}) {
        if (!fs::exists(*dir / need, ec)) {
            return fail(Errc::not_found, (*dir / need).string() +
                                             ": missing, the local lab inbox cannot start "
                                             "(run scripts/setup.sh, or pass --endpoint)");
        }
    }
    return *dir;
}

Status LocalInbox::start(const fs::path& server_dir, const fs::path& store,
                         std::chrono::seconds timeout) {
    if (std::system("node --version > /dev/null 2>&1") != 0) {
        return fail(Errc::not_found, "node is not installed: cannot start the local lab inbox");
    }
    // node runs in the server's folder: a relative store would land there, not where asked.
    std::error_code ec;
    const fs::path absolute_store = fs::absolute(store, ec);
    if (ec) return fail(Errc::io, store.string() + ": " + ec.message());
    // What the inbox receives is a patient's package: its folder is the owner's alone.
    INTAKE_TRY(create_private_directories(absolute_store));
    Status started =
        server_.start(server_dir, "tus-inbox.mjs", {"--dir", absolute_store.string()}, timeout);
    if (!started) {
        return fail(started.error().code,
                    "the local lab inbox could not start: " + started.error().message);
    }
    return ok();
}

Status LocalInbox::start(const fs::path& store, std::chrono::seconds timeout) {
    auto dir = find_lab_inbox_server();
    if (!dir) return fail(dir.error());
    return start(*dir, store, timeout);
}

}  // namespace intake::appointment
