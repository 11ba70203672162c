// Benchmark: a 100 MB package to the local tus server (npm @tus/server, tests/servers) through
// the outbox (sealed at rest, decrypted ahead on a second thread, PATCHes of --chunk MiB, offset
// committed per chunk) against raw `curl` sending the same bytes to the same server: one PATCH of
// the whole file, and 8 MiB PATCHes in one curl process. Also packaging throughput (random
// content, and the testdata scans and photos).
// Fairness (bench/support/compare.h): the same rounds, interleaved; each side's timed region is a
// whole upload including its creation POST (cutting curl's chunk files is not timed); the
// outbox's at-rest sealing (`outbox add`) happens before the timing, its decryption inside it.
// Every arrival is checked byte-identical to the package. The node server's CPU is reported.
// Usage: bench_upload [--quick] [--runs N] [MB=100] [chunk_mib=8]   (--quick: 4 MB, one round)
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>

#include "base/file_io.h"
#include "base/sha256.h"
#include "compare.h"
#include "options.h"
#include "station/appointment/local_inbox.h"
#include "station/package/outbox.h"
#include "station/package/package_writer.h"
#include "station/package/tus_transport.h"
#include "station/package/uploader.h"

namespace fs = std::filesystem;
using namespace intake;
using namespace intake::package;
using intake::appointment::LocalInbox;

namespace {

bench::Checks g_checks;

// CPU seconds of another process (the node server), from /proc (10 ms resolution).
double process_cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(text.substr(close + 2));
    std::string f;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
        if (i == 14 || i == 15) ticks += std::stod(f);
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::vector<std::byte> random_bytes(size_t n) {
    std::mt19937_64 rng(42);
    std::vector<std::byte> out(n);
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint64_t v = rng();
        std::memcpy(out.data() + i, &v, 8);
    }
    return out;
}

std::string run_capture(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
}

// One tus creation POST; returns the upload URL (empty on failure).
std::string curl_create(const std::string& endpoint, uint64_t size) {
    std::string headers = run_capture(
        "curl -sS -i -X POST -H 'Tus-Resumable: 1.0.0' -H 'Upload-Length: " + std::to_string(size) +
        "' '" + endpoint + "'");
    auto at = headers.find("location: ");
    if (at == std::string::npos) return "";
    return headers.substr(at + 10, headers.find('\r', at) - at - 10);
}

std::string patch_args(const fs::path& file, uint64_t offset, const std::string& url) {
    return " -X PATCH -T '" + file.string() +
           "' -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: " + std::to_string(offset) +
           "' -H 'Content-Type: application/offset+octet-stream' -H 'Expect:' '" + url + "'";
}

// Raw curl, the whole of which is the timed region: the creation POST (one curl process), then
// the PATCH command (one curl process; with chunks, one PATCH per chunk file over the same
// connection, the files cut beforehand). Only the Location header is parsed in between.
struct CurlSide {
    fs::path file;
    uint64_t size = 0;
    std::vector<fs::path> parts;  // empty: one PATCH of the whole file
    std::string url;              // where the last upload went

    void run(const std::string& endpoint) {
        url = curl_create(endpoint, size);
        if (url.empty()) return g_checks.expect(false, "curl created the upload");
        std::string cmd = "curl -sS -o /dev/null";
        if (parts.empty()) {
            cmd += patch_args(file, 0, url);
        } else {
            for (size_t i = 0; i < parts.size(); ++i)
                cmd += (i ? " --next -sS -o /dev/null" : "") +
                       patch_args(parts[i], i * (8u << 20), url);
        }
        g_checks.expect(std::system(cmd.c_str()) == 0, "curl PATCHed");
    }
};

std::vector<fs::path> cut_parts(const fs::path& file, uint64_t size, const fs::path& work) {
    std::vector<fs::path> parts;
    for (uint64_t off = 0, i = 0; off < size; off += 8u << 20, ++i) {
        fs::path part = work / ("part" + std::to_string(i));
        std::string cut = "dd if='" + file.string() + "' of='" + part.string() +
                          "' bs=8M skip=" + std::to_string(i) + " count=1 status=none";
        g_checks.expect(std::system(cut.c_str()) == 0, "dd cut a chunk");
        parts.push_back(part);
    }
    return parts;
}

bool arrived_intact(const std::string& url, const fs::path& inbox, const std::string& want) {
    if (url.empty()) return false;
    const fs::path arrived = inbox / fs::path(url).filename();
    const bool same = sha256_file_hex(arrived).value_or("") == want;
    std::error_code ec;
    fs::remove(arrived, ec);
    fs::remove(fs::path(arrived.string() + ".json"), ec);
    return same;
}

// Packaging throughput: zip (deflate where it pays) + SHA-256 + Ed25519 + atomic write.
void bench_packaging(const StationKey& key, const fs::path& out, PackageRequest request,
                     const char* what) {
    uint64_t in_bytes = 0;
    for (const auto& e : request.entries) in_bytes += e.bytes.size();
    Result<Manifest> manifest = fail(Errc::internal, "not run");
    const bench::Timing t = bench::measure([&] { manifest = write_package(request, key, out); });
    const double wall = t.wall_ms / 1e3, cpu = t.cpu_ms / 1e3;
    if (!manifest) {
        std::cerr << manifest.error().to_string() << "\n";
        std::exit(1);
    }
    std::printf("packaging %s: %.1f MB in, %.1f MB zip, %.2f s wall = %.1f MB/s (CPU %.2f s)\n",
                what, in_bytes / 1e6, fs::file_size(out) / 1e6, wall, in_bytes / 1e6 / wall, cpu);
}

PackageRequest testdata_request() {
    PackageRequest r{"lab-bench", "bench@1", "BENCH-2", "P-BENCH", "2026-11-23T00:00:00Z", "", {}};
    fs::path data = fs::path(INTAKE_SOURCE_DIR) / "testdata";
    const char* scans[][2] = {{"Ref_Upper_Mesh_Tag=0.obj", "scan-upper-raw"},
                              {"Ref_Lower_Mesh_Tag=0.obj", "scan-lower-raw"},
                              {"Ref_Upper_Mesh_Tag=1.obj", "scan-upper"},
                              {"Ref_Lower_Mesh_Tag=1.obj", "scan-lower"}};
    for (auto& s : scans) {
        r.entries.push_back({std::string("scans/") + s[0], s[1], "model/obj",
                             read_file_bytes(data / "scans" / s[0]).value()});
    }
    for (const auto& e : fs::directory_iterator(data / "photos")) {
        if (!e.is_regular_file() || e.path().extension() != ".png") continue;  // not negative/
        std::string view = "photo-" + e.path().stem().string();
        r.entries.push_back({"photos/" + e.path().filename().string(), view, "image/png",
                             read_file_bytes(e.path()).value()});
    }
    return r;
}

struct Setup {
    fs::path work, pkg;
    uint64_t size = 0;
    std::string sha;
    size_t chunk_mib = 8;
};

void bench_uploads(const Setup& s, LocalInbox& inbox, int runs) {
    const pid_t node = inbox.pid();
    const std::string endpoint = inbox.endpoint();
    std::vector<double> node_cpu(3, 0.0);
    double node0 = 0;
    std::string ours_url;
    UploadTimings timings;
    bench::Side ours{"intake outbox", [&] {
                         auto outbox = Outbox::open(s.work / "station");
                         auto tus = TusTransport::create_client({.endpoint = endpoint});
                         std::atomic<bool> stop{false};
                         UploadPolicy policy;
                         policy.chunk_bytes = s.chunk_mib << 20;
                         auto summary = outbox && tus ? upload_pending(*outbox, **tus, policy, stop)
                                                      : fail(Errc::internal, "no outbox");
                         if (summary && summary->uploaded == 1) {
                             timings = summary->timings;
                             ours_url = outbox->jobs()->back().upload_url;
                         }
                     }};
    ours.setup = [&] {  // the at-rest copy is sealed when the package is queued, not when sent
        fs::remove_all(s.work / "station" / "outbox");
        auto outbox = Outbox::open(s.work / "station");
        g_checks.expect(outbox && outbox->add(s.pkg), "outbox add");
        ours_url.clear();
        node0 = process_cpu_seconds(node);
    };
    ours.teardown = [&] {
        node_cpu[0] += process_cpu_seconds(node) - node0;
        g_checks.expect(arrived_intact(ours_url, s.work / "inbox", s.sha),
                        "the outbox's upload arrived intact");
    };
    CurlSide one{s.pkg, s.size, {}, {}},
        chunked{s.pkg, s.size, cut_parts(s.pkg, s.size, s.work), {}};
    auto curl_side = [&](const std::string& name, CurlSide* c, size_t k) {
        bench::Side side{name, [c, &endpoint] { c->run(endpoint); }};
        side.setup = [&node0, node] { node0 = process_cpu_seconds(node); };
        side.teardown = [&node_cpu, &node0, &s, node, c, k, name] {
            node_cpu[k] += process_cpu_seconds(node) - node0;
            g_checks.expect(arrived_intact(c->url, s.work / "inbox", s.sha),
                            name + ": arrived intact");
        };
        return side;
    };
    const auto samples = bench::run_interleaved(
        runs,
        {ours, curl_side("curl one PATCH", &one, 1), curl_side("curl 8 MiB PATCHes", &chunked, 2)});
    bench::print_comparison(
        "upload " + std::to_string(s.size / 1000000) + " MB to the local tus server", samples);
    for (size_t k = 0; k < samples.size(); ++k) {
        std::printf("  %-20s median %.0f MB/s; node CPU %.2f s per upload\n",
                    samples[k].name.c_str(), double(s.size) / 1e3 / samples[k].wall().median,
                    node_cpu[k] / (runs > 1 ? runs + 1 : 1));
    }
    std::printf(
        "  ours, last round: %d PATCHes %.3f s, waiting for decrypt %.3f s, decrypt thread CPU "
        "%.3f s, offset commits %.3f s, POST/HEAD %.3f s\n",
        timings.patches, timings.send_seconds, timings.wait_decrypt_seconds,
        timings.decrypt_cpu_seconds, timings.commit_seconds, timings.query_seconds);
}

}  // namespace

int main(int argc, char** argv) {
    const bench::Options opts = bench::parse_options(argc, argv);
    Setup s;
    const size_t mb = opts.rest.size() > 0 ? std::strtoul(opts.rest[0].c_str(), nullptr, 10)
                                           : (opts.quick ? 4 : 100);
    s.chunk_mib = opts.rest.size() > 1 ? std::strtoul(opts.rest[1].c_str(), nullptr, 10) : 8;
    s.work = fs::temp_directory_path() / ("intake-bench-" + std::to_string(::getpid()));
    fs::create_directories(s.work / "inbox");
    bench::print_machine();
    auto key = load_or_create_station_key(s.work / "station").value();
    bench_packaging(key, s.work / "testdata.zip", testdata_request(), "testdata scans + photos");
    PackageRequest request{"lab-bench", "bench@1", "BENCH-1", "P-BENCH", "2026-11-23T00:00:00Z",
                           "",          {}};
    request.entries.push_back(
        {"scans/upper.stl", "scan-upper", "model/stl", random_bytes(mb << 20)});
    s.pkg = s.work / "bench.zip";
    bench_packaging(key, s.pkg, std::move(request), "random entry");
    s.size = fs::file_size(s.pkg);
    s.sha = sha256_file_hex(s.pkg).value();

    LocalInbox inbox;
    if (!inbox.start(s.work / "inbox")) {
        std::cerr << "cannot start the tus server\n";
        return 4;
    }
    bench_uploads(s, inbox, opts.runs);
    inbox.stop();
    fs::remove_all(s.work);
    return g_checks.exit_code();
}
