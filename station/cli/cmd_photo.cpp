// `intake photo ...`: check one photo or a whole series, normalise a photo for the package,
// list the standard views. Exit codes: 0 pass/warn, 1 a check failed, 2 usage (unknown
// view), 3 bad input (unreadable, truncated, oversized or missing photo).
#include <cstdio>
#include <iostream>
#include <memory>

#include "base/atomic_file.h"
#include "capture/photo_check.h"
#include "capture/photo_export.h"
#include "capture/photo_set.h"
#include "capture/views.h"
#include "station/cli/cli_support.h"

namespace intake::cli {
namespace {

using namespace intake::capture;

struct CheckArgs {
    std::string file;
    std::string view;
    std::string previous;
    std::string map;
    int min_long_side = 1280;
    bool flip_mirrored = false;
    bool json = false;
};

struct NormaliseArgs {
    std::string file;
    std::string view;
    std::string out;
    std::string thumbnail;
    bool flip_mirrored = false;
};

void print_report(const PhotoReport& report) {
    std::printf("%s (%s, %d x %d %s): %s\n", report.file.c_str(), report.view.c_str(), report.width,
                report.height, report.format.c_str(),
                std::string(verdict_name(report.verdict)).c_str());
    for (const CheckResult& check : report.checks) {
        std::printf("  %-4s %-13s %s\n", std::string(verdict_name(check.verdict)).c_str(),
                    check.name.c_str(), check.message.c_str());
    }
    std::printf("  (%.1f ms)\n", report.timings.total_ms);
}

// Options shared by check and check-set; false (and the exit code set) on bad input.
bool make_options(CliContext& ctx, const CheckArgs& args, CheckOptions& options) {
    options.min_long_side = args.min_long_side;
    options.flip_mirrored = args.flip_mirrored;
    if (!args.previous.empty()) {
        auto hashes = hash_previous_photos(args.previous);
        if (!hashes) {
            report_error(ctx, hashes.error());
            return false;
        }
        options.previous_hashes = std::move(*hashes);
    }
    return true;
}

void run_check(CliContext& ctx, const CheckArgs& args) {
    CheckOptions options;
    if (!find_view(args.view)) {
        report_error(ctx, Error{Errc::invalid_argument,
                                "unknown view '" + args.view + "' (see `intake photo views`)"});
        return;
    }
    if (!make_options(ctx, args, options)) return;
    auto report = check_photo_file(args.file, args.view, options);
    if (!report) {
        report_error(ctx, report.error());
        return;
    }
    if (args.json) {
        print_json(nlohmann::json::parse(to_json(*report)));
    } else {
        print_report(*report);
    }
    ctx.exit_code = report->verdict == Verdict::fail ? kExitCheckFailed : kExitOk;
}

void run_check_set(CliContext& ctx, const CheckArgs& args) {
    auto map = load_photo_map(args.map);
    if (!map) {
        report_error(ctx, map.error());
        return;
    }
    CheckOptions options;
    if (!make_options(ctx, args, options)) return;
    const SetReport set = check_photo_set(args.file, *map, options, 2);
    if (args.json) {
        print_json(nlohmann::json::parse(to_json(set)));
    } else {
        for (const SetEntry& entry : set.entries) {
            if (entry.report) {
                print_report(*entry.report);
            } else {
                std::printf("%s (%s): error: %s\n", entry.file.c_str(), entry.view.c_str(),
                            entry.error->message.c_str());
            }
        }
        for (const std::string& view : set.missing_views)
            std::printf("missing view: %s\n", view.c_str());
        std::printf("series: %s (%.0f ms)\n", std::string(verdict_name(set.verdict)).c_str(),
                    set.total_ms);
    }
    for (const SetEntry& entry : set.entries) {
        if (entry.error) std::cerr << "intake: " << entry.error->message << "\n";
    }
    ctx.exit_code = set.bad_input                  ? kExitBadInput
                    : set.verdict == Verdict::fail ? kExitCheckFailed
                                                   : kExitOk;
}

void run_normalise(CliContext& ctx, const NormaliseArgs& args) {
    NormaliseOptions options;
    options.flip_mirrored = args.flip_mirrored;
    auto photo = normalise_photo_file(args.file, args.view, options);
    if (!photo) {
        report_error(ctx, photo.error());
        return;
    }
    if (auto written = write_file_atomic(args.out, photo->jpeg); !written) {
        report_error(ctx, written.error());
        return;
    }
    if (!args.thumbnail.empty()) {
        if (auto written = write_file_atomic(args.thumbnail, photo->thumbnail); !written) {
            report_error(ctx, written.error());
            return;
        }
    }
    nlohmann::json out{{"out", args.out},
                       {"width", photo->width},
                       {"height", photo->height},
                       {"phash", phash_to_hex(photo->phash)},
                       {"mirrored", photo->mirrored},
                       {"flipped", photo->flipped}};
    out["captured"] = photo->captured ? nlohmann::json(*photo->captured) : nullptr;
    print_json(out);
}

void add_check(CLI::App& photo, CliContext& ctx, const std::shared_ptr<CheckArgs>& args) {
    CLI::App* check = photo.add_subcommand("check", "Check one photo for its view");
    check->add_option("FILE", args->file, "Photo (JPEG, PNG, HEIC)")->required();
    check->add_option("--view", args->view, "View id (see `intake photo views`)")->required();
    check->add_option("--previous", args->previous, "Folder of the previous submission's photos");
    check->add_option("--min-long-side", args->min_long_side, "Minimum long side in pixels");
    check->add_flag("--json", args->json, "JSON report on stdout");
    check->callback([&ctx, args] { run_check(ctx, *args); });
}

void add_check_set(CLI::App& photo, CliContext& ctx, const std::shared_ptr<CheckArgs>& args) {
    CLI::App* set = photo.add_subcommand("check-set", "Check a whole series against a map");
    set->add_option("DIR", args->file, "Folder with the photos")->required();
    set->add_option("--map", args->map, "MAP.json: file name -> view id")->required();
    set->add_option("--previous", args->previous, "Folder of the previous submission's photos");
    set->add_option("--min-long-side", args->min_long_side, "Minimum long side in pixels");
    set->add_flag("--json", args->json, "JSON report on stdout");
    set->callback([&ctx, args] { run_check_set(ctx, *args); });
}

void add_normalise(CLI::App& photo, CliContext& ctx) {
    auto args = std::make_shared<NormaliseArgs>();
    CLI::App* cmd = photo.add_subcommand("normalise", "Write the package JPEG (and thumbnail)");
    cmd->add_option("FILE", args->file, "Photo (JPEG, PNG, HEIC)")->required();
    cmd->add_option("--view", args->view, "View id")->required();
    cmd->add_option("--out", args->out, "Normalised JPEG to write")->required();
    cmd->add_option("--thumbnail", args->thumbnail, "512 px thumbnail JPEG to write");
    cmd->add_flag("--flip-mirrored", args->flip_mirrored, "Flip mirror views to direct views");
    cmd->callback([&ctx, args] { run_normalise(ctx, *args); });
}

}  // namespace

void add_photo_commands(CLI::App& root, CliContext& ctx) {
    CLI::App* photo = root.add_subcommand("photo", "Check and normalise intake photos");
    photo->require_subcommand(1);
    add_check(*photo, ctx, std::make_shared<CheckArgs>());
    add_check_set(*photo, ctx, std::make_shared<CheckArgs>());
    add_normalise(*photo, ctx);
    photo->add_subcommand("views", "List the standard photo views")->callback([] {
        for (const ViewInfo& view : all_views()) {
            std::printf(
                "%-26s %-8s %s%s\n", std::string(view.key).c_str(),
                view.mirrored ? "mirror" : "direct", std::string(view.name).c_str(),
                view.view_code.empty() ? "" : (" [" + std::string(view.view_code) + "]").c_str());
        }
    });
}

}  // namespace intake::cli
