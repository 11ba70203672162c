#include "station/appointment/demo.h"

#include <chrono>

#include "base/atomic_file.h"
#include "base/data_dir.h"
#include "base/file_io.h"
#include "base/sha256.h"
#include "drivers/camera.h"
#include "drivers/scanner.h"
#include "drivers/sim/sim_devices.h"
#include "mesh/mesh_io.h"
#include "station/appointment/local_inbox.h"
#include "station/package/outbox.h"
#include "station/package/package_reader.h"
#include "station/package/tus_transport.h"
#include "station/package/uploader.h"
#include "station/record/demo_data.h"

namespace intake::appointment {

namespace fs = std::filesystem;
using namespace intake::package;

namespace {

// The simulated scan head serves PLY; the bundled arches are OBJ, so they are merged here.
Result<std::vector<std::byte>> arches_to_ply(const std::vector<fs::path>& files) {
    mesh::Mesh merged;
    for (const auto& file : files) {
        auto loaded = mesh::read_mesh(file);
        if (!loaded) return fail(loaded.error());
        auto base = static_cast<uint32_t>(merged.positions.size());
        merged.positions.insert(merged.positions.end(), loaded->mesh.positions.begin(),
                                loaded->mesh.positions.end());
        for (auto t : loaded->mesh.triangles)
            merged.triangles.push_back({t[0] + base, t[1] + base, t[2] + base});
    }
    return mesh::encode_mesh(merged, mesh::MeshFormat::ply_binary_le);
}

// Scans upper, lower and bite through the simulated head (the USB protocol over an in-process
// transport) and saves each PLY under DIR/captures.
Status capture_scans(const fs::path& dir, SubmissionInput& in, const Progress& say) {
    auto head = drivers::make_bundled_sim_head(arches_to_ply);
    if (!head) return fail(head.error());
    auto scanner = drivers::ScanHead::open_simulated(*head);
    const std::pair<const char*, drivers::Arch> arches[] = {{"upper", drivers::Arch::upper},
                                                            {"lower", drivers::Arch::lower},
                                                            {"bite", drivers::Arch::bite_front}};
    for (const auto& [kind, arch] : arches) {
        auto ply = scanner->scan(arch);
        if (!ply) return fail(ply.error());
        fs::path file = dir / (std::string(kind) + ".ply");
        INTAKE_TRY(write_file_atomic(file, *ply));
        in.scans.emplace_back(kind, file);
        say(std::string("    scanner (simulated head): ") + kind + " " +
            std::to_string(ply->size()) + " bytes PLY");
    }
    return ok();
}

// Takes one still per view from the simulated camera (testdata photos, PNGs encoded to JPEG).
Status capture_photos(const fs::path& dir, const fs::path& photos, SubmissionInput& in,
                      const Progress& say) {
    const std::pair<const char*, const char*> series[] = {{"intraoral-upper-occlusal", "0-0.png"},
                                                          {"intraoral-lower-occlusal", "0-1.png"},
                                                          {"intraoral-left", "0-2.png"},
                                                          {"intraoral-right", "0-3.png"},
                                                          {"intraoral-frontal", "0-4.png"}};
    std::vector<fs::path> files;
    for (const auto& [view, name] : series) files.push_back(photos / name);
    auto camera = drivers::Camera::open_simulated_photos(files);
    if (!camera) return fail(camera.error());
    INTAKE_TRY((*camera)->start());
    for (const auto& [view, name] : series) {
        (*camera)->press_button();
        auto still = (*camera)->next_still(std::chrono::seconds(10));
        if (!still) return fail(still.error());
        fs::path file = dir / (std::string(view) + ".jpg");
        INTAKE_TRY(write_file_atomic(file, still->jpeg));
        in.photos.emplace_back(view, file);
    }
    (*camera)->stop();
    say("    camera (simulated): " + std::to_string(in.photos.size()) + " stills taken");
    return ok();
}

// The bundled case and prescription; scans and photos captured through the simulated devices.
Result<SubmissionInput> demo_inputs(const fs::path& out, const Progress& say) {
    SubmissionInput in;
    auto case_json = data_path("rules/demo/case.json");
    if (!case_json) return fail(case_json.error());
    auto rx_json = data_path("rules/demo/rx.json");
    if (!rx_json) return fail(rx_json.error());
    in.case_json = *case_json;
    in.rx_json = *rx_json;
    // The captures are the (demo) patient's photos and scans: the owner's alone, as on a station.
    fs::path captures = out / "captures";
    INTAKE_TRY(create_private_directories(captures));
    INTAKE_TRY(capture_scans(captures, in, say));
    INTAKE_TRY(capture_photos(captures, drivers::bundled_data_dir() / "photos", in, say));
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
    in.created_at = rfc3339_utc(secs);
    return in;
}

Result<RunSummary> upload(const fs::path& home, const std::string& endpoint, const DemoOptions& o,
                          const Progress& progress) {
    TusOptions tus{.endpoint = endpoint, .bearer_token = o.token, .ca_file = o.ca_file};
    INTAKE_TRY(check_endpoint(endpoint));
    UploadPolicy policy;
    policy.max_attempts = 5;
    UploaderThread thread(
        home,
        [tus]() -> Result<std::unique_ptr<Transport>> {
            auto t = TusTransport::create_client(tus);
            if (!t) return fail(t.error());
            return std::unique_ptr<Transport>(std::move(t.value()));
        },
        policy, true, std::chrono::milliseconds(100), progress);
    return thread.join();
}

// The demo's upload run sends every pending job of the outbox; a station's real submissions
// must never go to the demo's endpoint, so other unsent jobs stop the demo before it queues.
Status refuse_other_pending(Outbox& outbox, const fs::path& home) {
    auto jobs = outbox.jobs();
    if (!jobs) return fail(jobs.error());
    int pending = 0;
    for (const auto& j : *jobs)
        if (j.state == JobState::queued || j.state == JobState::uploading) ++pending;
    if (pending == 0) return ok();
    return fail(Errc::busy, "the outbox in " + home.string() + " holds " + std::to_string(pending) +
                                " unsent job(s) the demo would upload too; send them with "
                                "`intake outbox run` or give the demo another --home");
}

// The station home holds patient data: a home the demo creates is the owner's alone.
Status ensure_private_home(const fs::path& home) {
    std::error_code ec;
    if (fs::exists(home, ec)) return ok();
    fs::create_directories(home, ec);
    if (ec) return fail(Errc::io, home.string() + ": cannot create: " + ec.message());
    fs::permissions(home, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec) return fail(Errc::io, home.string() + ": cannot make it private: " + ec.message());
    return ok();
}

// Steps 1-3: capture, checks and the gate (overridden the way a clinician would, with a reason).
Result<Submission> gated_submission(const DemoOptions& o, const Progress& say) {
    say("1/6 capture: simulated scan head and camera");
    auto input = demo_inputs(o.out_dir, say);
    if (!input) return fail(input.error());
    say("2/6 records: case " + input->case_json.string() + ", prescription " +
        input->rx_json.string() + "; checking and cleaning");
    auto submission = assemble_submission(*input, [&](const std::string& s) { say("    " + s); });
    if (!submission) return fail(submission.error());
    say(std::string("3/6 pre-submit gate: ") + (submission->gate.passed ? "passed" : "blocked"));
    for (const auto& b : submission->gate.blocking) say("    blocking: " + b);
    for (const auto& w : submission->gate.warnings) say("    warning: " + w);
    if (submission->may_submit()) return submission;
    // The bundled recordings lack some views the rule pack requires; the demo shows the gate's
    // findings, then goes on the way a clinician would: with a recorded override.
    input->override_reason =
        "Demo run on bundled recordings; gate findings reviewed by the clinician.";
    const record::DemoUser& demo_clinician = record::kDemoUsers[1];
    input->override_by =
        record::Actor{demo_clinician.user_id, demo_clinician.display_name, record::Role::clinician};
    submission = assemble_submission(*input, {});
    if (!submission) return fail(submission.error());
    if (!submission->may_submit())
        return fail(Errc::bad_input, "the demo case did not pass the gate");
    say("    overridden by the clinician (reason in qa-report.json): " + input->override_reason);
    return submission;
}

// Step 6: the upload (to the local inbox unless an endpoint is given) and, for the local inbox,
// the check that the lab's copy is the package byte for byte.
Result<nlohmann::json> send(const DemoOptions& o, Outbox& outbox, int64_t job_id,
                            const Progress& say) {
    LocalInbox inbox;
    std::string endpoint = o.endpoint;
    if (endpoint.empty()) {
        INTAKE_TRY(inbox.start(o.out_dir / "lab-inbox"));
        endpoint = inbox.endpoint();
        say("    local lab inbox (tus 1.0) at " + endpoint + " storing in " +
            (o.out_dir / "lab-inbox").string());
    }
    auto summary = upload(o.home, endpoint, o, [&](const std::string& s) { say("    " + s); });
    if (!summary) return fail(summary.error());
    auto done = outbox.job(job_id);
    if (!done) return fail(done.error());
    if (done->state != JobState::uploaded) {
        return fail(Errc::network,
                    "upload did not finish: " + (done->last_error.empty()
                                                     ? std::string(job_state_name(done->state))
                                                     : done->last_error));
    }
    say("6/6 uploaded to the lab inbox: " + done->upload_url);
    nlohmann::json out = {{"upload_url", done->upload_url},
                          {"receipt", nlohmann::json::parse(done->receipt, nullptr, false)}};
    if (inbox.pid() > 0) {
        fs::path stored = o.out_dir / "lab-inbox" / fs::path(done->upload_url).filename();
        auto got = sha256_file_hex(stored);
        bool same = got && *got == done->sha256;
        say(std::string("    lab inbox copy ") +
            (same ? "is byte-identical to the package" : "DIFFERS from the package"));
        out["inbox_copy_identical"] = same;
        if (!same) return fail(Errc::corrupt, stored.string() + ": differs from the package");
    }
    return out;
}

}  // namespace

Result<nlohmann::json> run_demo(const DemoOptions& o, const Progress& say) {
    auto submission = gated_submission(o, say);
    if (!submission) return fail(submission.error());
    INTAKE_TRY(ensure_private_home(o.home));
    auto outbox = Outbox::open(o.home);
    if (!outbox) return fail(outbox.error());
    INTAKE_TRY(refuse_other_pending(*outbox, o.home));
    auto key = load_or_create_station_key(o.home);
    if (!key) return fail(key.error());
    fs::path pkg = o.out_dir / (submission->request.case_id + "-refinement.zip");
    auto manifest = write_package(submission->request, *key, pkg);
    if (!manifest) return fail(manifest.error());
    auto verified = verify_package(pkg, key->public_hex());
    if (!verified || !verified->ok)
        return fail(Errc::corrupt, pkg.string() + ": the new package does not verify");
    say("4/6 package " + pkg.string() + " (" + std::to_string(fs::file_size(pkg)) + " bytes, " +
        std::to_string(manifest->files.size()) + " files) id " + manifest->package_id +
        ": verified");
    auto job = outbox->add(pkg);
    if (!job) return fail(job.error());
    say("5/6 outbox: job " + std::to_string(job->id) + " queued, sealed at rest in " +
        outbox->folder().string());
    auto sent = send(o, *outbox, job->id, say);
    if (!sent) return fail(sent.error());
    nlohmann::json out = {{"package", pkg.string()},
                          {"package_id", manifest->package_id},
                          {"gate", to_json(submission->gate)}};
    out.update(*sent);
    return out;
}

}  // namespace intake::appointment
