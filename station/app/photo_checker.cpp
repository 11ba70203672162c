#include "photo_checker.h"

#include <algorithm>
#include <cctype>
#include <system_error>

#include "base/atomic_file.h"
#include "base/file_io.h"
#include "capture/photo_check.h"

namespace intake::app {
namespace fs = std::filesystem;

PhotoVerdict check_photo(const fs::path& file, const std::string& view_key) {
    namespace cap = intake::capture;
    auto report = cap::check_photo_file(file, view_key, cap::CheckOptions{});
    if (!report) return {"", "", QString::fromStdString(report.error().to_string())};
    PhotoVerdict out;
    out.verdict = QString::fromUtf8(intake::verdict_name(report->verdict).data());
    out.long_side = std::max(report->width, report->height);
    if (const auto* sharp = report->find("sharpness")) out.sharpness = sharp->value;
    // The reason a person reads first: the worst finding; all findings go to the gate.
    for (cap::Verdict level : {cap::Verdict::fail, cap::Verdict::warn}) {
        for (const auto& c : report->checks) {
            if (c.verdict != level) continue;
            if (out.reason.isEmpty()) out.reason = QString::fromStdString(c.message);
            out.reasons.push_back(c.message);
        }
    }
    if (out.reason.isEmpty())
        out.reason = QString("All %1 checks passed (%2 × %3).")
                         .arg(report->checks.size())
                         .arg(report->width)
                         .arg(report->height);
    return out;
}

Result<fs::path> save_still(const fs::path& dir, const std::string& view_key, const Still& still) {
    INTAKE_TRY(create_private_directories(dir));
    const fs::path out = dir / (view_key + still.extension);
    INTAKE_TRY(write_file_atomic(out, still.bytes));
    return out;
}

Result<fs::path> copy_into_draft(const fs::path& dir, const std::string& view_key,
                                 const fs::path& source) {
    auto bytes = read_file_bytes(source, size_t{256} << 20);
    if (!bytes) return fail(bytes.error());
    std::string ext = source.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return save_still(dir, view_key, Still{std::move(*bytes), ext});
}

}  // namespace intake::app
