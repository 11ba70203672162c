#include "station/appointment/appointment_folder.h"

#include <string>
#include <system_error>

namespace intake::appointment {

namespace fs = std::filesystem;

namespace {

// Sums and deletes a file or a whole folder; a path that is already gone counts as nothing.
Status remove_counted(const fs::path& path, PlaintextSweep& sweep) {
    std::error_code ec;
    const auto status = fs::symlink_status(path, ec);
    if (ec || !fs::exists(status)) return ok();
    if (fs::is_directory(status)) {
        for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
             it.increment(ec)) {
            if (!it->is_regular_file(ec)) continue;
            sweep.bytes += it->file_size(ec);
            ++sweep.removed;
        }
    } else {
        if (fs::is_regular_file(status)) sweep.bytes += fs::file_size(path, ec);
        ++sweep.removed;
    }
    fs::remove_all(path, ec);
    if (ec) return fail(Errc::io, path.string() + ": cannot delete: " + ec.message());
    return ok();
}

}  // namespace

fs::path appointments_root(const fs::path& home) { return home / "appointments"; }

bool holds_captures(const fs::path& folder) {
    std::error_code ec;
    return fs::exists(folder / "photos", ec) || fs::exists(folder / "scans", ec);
}

fs::file_time_type last_touched(const fs::path& folder) {
    std::error_code ec;
    auto newest = fs::last_write_time(folder, ec);
    for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::end(it); it.increment(ec)) {
        std::error_code entry_ec;
        const auto when = fs::last_write_time(it->path(), entry_ec);
        if (!entry_ec && when > newest) newest = when;
    }
    return newest;
}

Result<PlaintextSweep> discard_sealed_plaintext(const fs::path& home, const fs::path& folder) {
    const fs::path root = appointments_root(home).lexically_normal();
    const fs::path target = folder.lexically_normal();
    if (target.parent_path() != root || target.filename().empty() || target.filename() == "." ||
        target.filename() == "..")
        return fail(Errc::invalid_argument,
                    folder.string() + ": not an appointment folder under " + root.string());
    PlaintextSweep sweep;
    std::error_code ec;
    if (!fs::is_directory(target, ec)) return sweep;
    INTAKE_TRY(remove_counted(target / "photos", sweep));
    INTAKE_TRY(remove_counted(target / "scans", sweep));
    INTAKE_TRY(remove_counted(target / "case.json", sweep));
    INTAKE_TRY(remove_counted(target / "rx.json", sweep));
    for (auto it = fs::directory_iterator(target, ec); !ec && it != fs::end(it); it.increment(ec)) {
        if (it->path().extension() == ".zip") INTAKE_TRY(remove_counted(it->path(), sweep));
    }
    if (ec) return fail(Errc::io, target.string() + ": cannot list: " + ec.message());
    return sweep;
}

Result<AppointmentPrune> prune_appointments(const fs::path& home, std::chrono::seconds keep,
                                            fs::file_time_type now, std::string_view open_case) {
    AppointmentPrune prune;
    const fs::path root = appointments_root(home);
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return prune;
    for (auto it = fs::directory_iterator(root, ec); !ec && it != fs::end(it); it.increment(ec)) {
        if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
        const fs::path folder = it->path();
        if (folder.filename().string() == open_case || now - last_touched(folder) < keep) {
            ++prune.kept_recent;
        } else if (holds_captures(folder)) {
            ++prune.kept_unsent;
        } else {
            std::error_code remove_ec;
            fs::remove_all(folder, remove_ec);
            if (remove_ec)
                return fail(Errc::io, folder.string() + ": cannot delete: " + remove_ec.message());
            ++prune.removed;
        }
    }
    if (ec) return fail(Errc::io, root.string() + ": cannot list: " + ec.message());
    return prune;
}

}  // namespace intake::appointment
