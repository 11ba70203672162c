// `intake device list`, `intake scan`, `intake camera capture`: parse, drive intake_drivers, write
// the result atomically, print a JSON summary. Device failures exit 4 and name the device.
#include <iostream>
#include <memory>
#include <string>

#include "base/atomic_file.h"
#include "base/sha256.h"
#include "drivers/camera.h"
#include "drivers/folder_import.h"
#include "drivers/scanner.h"
#include "drivers/sim/sim_devices.h"
#include "drivers/sim/sim_scan_head.h"
#include "drivers/usb/usb_context.h"
#include "mesh/mesh_io.h"
#include "station/cli/cli_support.h"

namespace intake::cli {
namespace {

using namespace intake::drivers;

struct ScanArgs {
    std::string device = "sim";
    std::string arch;
    std::string output;
    double timeout_s = 120;
};

struct CaptureArgs {
    std::string device = "sim";
    std::string output;
    bool still = false;
    double timeout_s = 10;
};

// Every device failure is exit 4 and names the device, whatever the underlying code.
void device_failure(CliContext& ctx, const std::string& device, const Error& error) {
    const bool named = error.message.rfind(device, 0) == 0;
    std::cerr << "intake: " << (named ? "" : device + ": ") << error.message << " ["
              << errc_name(error.code) << "]\n";
    ctx.exit_code = kExitDeviceOrIo;
}

std::chrono::milliseconds millis(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// Scan files → the binary PLY of their union, with intake::mesh (the simulated head's data).
Result<std::vector<std::byte>> files_to_ply(const std::vector<std::filesystem::path>& files) {
    mesh::Mesh merged;
    for (const auto& file : files) {
        auto loaded = mesh::read_mesh(file);
        if (!loaded) return fail(loaded.error());
        const auto base = static_cast<uint32_t>(merged.positions.size());
        const auto& m = loaded->mesh;
        merged.positions.insert(merged.positions.end(), m.positions.begin(), m.positions.end());
        for (auto t : m.triangles)
            merged.triangles.push_back({t[0] + base, t[1] + base, t[2] + base});
    }
    return mesh::encode_mesh(merged, mesh::MeshFormat::ply_binary_le);
}

// folder:PATH — takes this arch's export (already there, newest first, or the next to arrive),
// then writes it as binary PLY; `summary` says which file and on whose word.
Result<std::vector<std::byte>> scan_from_folder(const std::string& folder, Arch arch,
                                                double timeout_s, nlohmann::json& summary) {
    auto watcher = FolderWatcher::open(folder);
    if (!watcher) return fail(watcher.error());
    const ScanRole role = arch == Arch::upper   ? ScanRole::upper
                          : arch == Arch::lower ? ScanRole::lower
                                                : ScanRole::bite;
    auto found = watcher.value().wait_for({role}, millis(timeout_s));
    if (!found) return fail(found.error());
    const ImportedScan& scan = found->at(role);
    summary["file"] = scan.path.filename().string();
    summary["matched_by"] = scan.source;
    return files_to_ply({scan.path});
}

// What an export folder offers, newest first: each file with its role or "ask" and why.
Result<nlohmann::json> folder_offers(const std::string& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        return fail(Errc::not_found, folder + ": export folder does not exist");
    }
    nlohmann::json offers = nlohmann::json::array();
    for (const ScanOffer& o : list_offers(folder)) {
        nlohmann::json j = {{"file", o.path.filename().string()},
                            {"bytes", o.size},
                            {"role", o.match.role ? scan_role_name(*o.match.role) : "ask"}};
        if (o.match.role) {
            j["matched_by"] = o.match.source;
        } else {
            j["question"] = o.match.question;
        }
        offers.push_back(std::move(j));
    }
    return nlohmann::json{{"path", folder}, {"offers", offers}};
}

Result<std::unique_ptr<ScanHead>> open_head(const std::string& device, double timeout_s) {
    ScanOptions options;
    options.scan_timeout = millis(timeout_s);
    if (device == "usb") return ScanHead::open_usb(kScanHeadVid, kScanHeadPid, options);
    auto sim = make_bundled_sim_head(files_to_ply);
    if (!sim) return fail(sim.error());
    return ScanHead::open_simulated(sim.value(), options);
}

void run_scan(const ScanArgs& args, CliContext& ctx) {
    const Arch arch = *parse_arch(args.arch);
    const bool folder = args.device.rfind("folder:", 0) == 0;
    std::string name = folder                 ? "export folder " + args.device.substr(7)
                       : args.device == "usb" ? "scan head 1209:4953"
                                              : "simulated scan head";
    Result<std::vector<std::byte>> ply = fail(Errc::internal, "not run");
    nlohmann::json summary;
    if (folder) {
        ply = scan_from_folder(args.device.substr(7), arch, args.timeout_s, summary);
    } else {
        auto head = open_head(args.device, args.timeout_s);
        if (!head) return device_failure(ctx, name, head.error());
        name = head.value()->describe();
        auto id = head.value()->identify();
        if (!id) return device_failure(ctx, name, id.error());
        summary["head"] = {
            {"model", id->model}, {"serial", id->serial}, {"firmware", id->firmware}};
        ply = head.value()->scan(arch);
        summary["retransmits"] = head.value()->stats().retransmits;
    }
    if (!ply) return device_failure(ctx, name, ply.error());
    if (Status written = write_file_atomic(args.output, ply.value()); !written) {
        report_error(ctx, written.error());
        return;
    }
    summary["device"] = name;
    summary["arch"] = args.arch;
    summary["output"] = args.output;
    summary["bytes"] = ply->size();
    summary["sha256"] = sha256_hex(ply.value());
    print_json(summary);
}

void run_capture(const CaptureArgs& args, CliContext& ctx) {
    Result<std::unique_ptr<Camera>> cam = fail(Errc::internal, "not run");
    if (args.device == "usb") {
        cam = Camera::open_uvc();
    } else {
        auto photos = bundled_photos();
        cam = photos ? Camera::open_simulated_photos(photos.value())
                     : Result<std::unique_ptr<Camera>>(fail(photos.error()));
    }
    const std::string fallback = args.device == "usb" ? "UVC camera" : "simulated camera";
    if (!cam) return device_failure(ctx, fallback, cam.error());
    Camera& camera = *cam.value();
    if (Status started = camera.start(); !started)
        return device_failure(ctx, camera.describe(), started.error());
    if (args.still) camera.press_button();  // the simulated shutter; a real one is pressed by hand
    auto frame = args.still ? camera.next_still(millis(args.timeout_s))
                            : camera.next_frame(millis(args.timeout_s));
    camera.stop();
    if (!frame) return device_failure(ctx, camera.describe(), frame.error());
    if (Status written = write_file_atomic(args.output, frame->jpeg); !written) {
        report_error(ctx, written.error());
        return;
    }
    print_json({{"device", camera.describe()},
                {"output", args.output},
                {"bytes", frame->jpeg.size()},
                {"width", frame->width},
                {"height", frame->height},
                {"still", frame->still},
                {"sha256", sha256_hex(frame->jpeg)}});
}

void run_list(const std::string& folder, CliContext& ctx) {
    nlohmann::json exported;
    if (!folder.empty()) {
        auto offers = folder_offers(folder);
        if (!offers) return device_failure(ctx, "export folder " + folder, offers.error());
        exported = std::move(offers.value());
    }
    nlohmann::json usb = {{"available", true}, {"devices", nlohmann::json::array()}};
    auto usb_ctx = UsbContext::shared();
    auto devices = usb_ctx ? usb_ctx.value()->list_devices()
                           : Result<std::vector<UsbDeviceInfo>>(fail(usb_ctx.error()));
    if (!devices) {
        // No USB on this machine is not a failure of the listing: say so and list the rest.
        usb = {{"available", false},
               {"error", devices.error().message},
               {"devices", nlohmann::json::array()}};
        std::cerr << "intake: warning: USB unavailable: " << devices.error().message << "\n";
    } else {
        for (const auto& d : devices.value()) {
            char ids[16];
            std::snprintf(ids, sizeof ids, "%04x:%04x", d.vid, d.pid);
            usb["devices"].push_back({{"location", d.location()}, {"id", ids}, {"kind", d.kind}});
        }
    }
    nlohmann::json sim = nlohmann::json::array();
    sim.push_back(
        {{"device", "sim"}, {"kind", "scan-head"}, {"data", bundled_data_dir().string()}});
    sim.push_back({{"device", "sim"}, {"kind", "camera"}, {"data", bundled_data_dir().string()}});
    nlohmann::json out = {{"usb", usb}, {"simulated", sim}};
    if (!exported.is_null()) out["export_folder"] = std::move(exported);
    print_json(out);
}

bool valid_device(const std::string& d, bool folder_ok) {
    return d == "sim" || d == "usb" || (folder_ok && d.rfind("folder:", 0) == 0 && d.size() > 7);
}

}  // namespace

void add_device_commands(CLI::App& root, CliContext& ctx) {
    CLI::App* device = root.add_subcommand("device", "USB and simulated devices");
    device->require_subcommand(1);
    auto list_folder = std::make_shared<std::string>();
    CLI::App* list = device->add_subcommand("list", "List scan heads and cameras (JSON)");
    list->add_option("--folder", *list_folder,
                     "Also list what this export folder offers (role or ask, newest first)");
    list->callback([list_folder, &ctx] { run_list(*list_folder, ctx); });

    auto scan_args = std::make_shared<ScanArgs>();
    CLI::App* scan = root.add_subcommand(
        "scan", "Scan an arch with a scan head, or take it from an export folder");
    scan->add_option("--device", scan_args->device, "sim, usb or folder:PATH")
        ->capture_default_str();
    scan->add_option("--arch", scan_args->arch, "upper, lower or bite")
        ->required()
        ->check(CLI::IsMember({"upper", "lower", "bite"}));
    scan->add_option("-o,--output", scan_args->output, "Binary PLY to write")->required();
    scan->add_option("--timeout", scan_args->timeout_s, "Seconds to wait for the scan")
        ->capture_default_str();
    scan->callback([scan_args, &ctx] {
        if (!valid_device(scan_args->device, true)) {
            report_usage(
                ctx, "--device must be sim, usb or folder:PATH, not '" + scan_args->device + "'");
            return;
        }
        run_scan(*scan_args, ctx);
    });

    auto cap_args = std::make_shared<CaptureArgs>();
    CLI::App* camera = root.add_subcommand("camera", "Intraoral camera");
    camera->require_subcommand(1);
    CLI::App* capture = camera->add_subcommand("capture", "Take one JPEG frame");
    capture->add_option("--device", cap_args->device, "sim or usb")->capture_default_str();
    capture->add_option("-o,--output", cap_args->output, "JPEG to write")->required();
    capture->add_flag("--still", cap_args->still, "Wait for the camera's still button");
    capture->add_option("--timeout", cap_args->timeout_s, "Seconds to wait for a frame")
        ->capture_default_str();
    capture->callback([cap_args, &ctx] {
        if (!valid_device(cap_args->device, false)) {
            report_usage(ctx, "--device must be sim or usb, not '" + cap_args->device + "'");
            return;
        }
        run_capture(*cap_args, ctx);
    });
}

}  // namespace intake::cli
