// Benchmark: a 100 MB package to the local tus server (npm @tus/server, tests/servers) through
// the outbox (sealed at rest, decrypted ahead on a second thread, PATCHes of --chunk MiB, offset
// committed per chunk) against raw `curl` PATCHing the same bytes to the same server, in the same
// run: one PATCH of the whole file, and 8 MiB PATCHes in one curl process. Every arrival is
// checked byte-identical. Wall time and CPU time are reported for each (the client's own CPU and
// the node server's), because the machine is shared and wall figures swing with its load. Also
// reports packaging throughput (random content, and the testdata scans and photos).
// Usage: bench_upload [MB=100] [rounds=3] [chunk_mib=8]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>

#include "base/file_io.h"
#include "base/sha256.h"
#include "station/appointment/local_inbox.h"
#include "station/package/outbox.h"
#include "station/package/package_writer.h"
#include "station/package/sealed_file.h"
#include "station/package/tus_transport.h"
#include "station/package/uploader.h"

namespace fs = std::filesystem;
using namespace intake;
using namespace intake::package;
using intake::appointment::LocalInbox;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

double tv_seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; }

// CPU seconds (user + system) of this process, or of its waited-for children.
double cpu_seconds(int who) {
    rusage u{};
    getrusage(who, &u);
    return tv_seconds(u.ru_utime) + tv_seconds(u.ru_stime);
}

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

// One measured upload: wall seconds, client CPU, server CPU; the URL it arrived at.
struct Measure {
    double wall = -1, client_cpu = 0, server_cpu = 0;
    std::string url;
};

std::string curl_create(const std::string& endpoint, uint64_t size) {
    std::string headers = run_capture(
        "curl -sS -i -X POST -H 'Tus-Resumable: 1.0.0' -H 'Upload-Length: " + std::to_string(size) +
        "' '" + endpoint + "'");
    auto at = headers.find("location: ");
    if (at == std::string::npos) return "";
    return headers.substr(at + 10, headers.find('\r', at) - at - 10);
}

Measure time_command(const std::string& cmd, pid_t server) {
    Measure m;
    double c0 = cpu_seconds(RUSAGE_CHILDREN), s0 = process_cpu_seconds(server);
    auto t0 = Clock::now();
    if (std::system(cmd.c_str()) != 0) return m;
    m.wall = seconds_since(t0);
    m.client_cpu = cpu_seconds(RUSAGE_CHILDREN) - c0;
    m.server_cpu = process_cpu_seconds(server) - s0;
    return m;
}

// Raw curl: POST to create, then one PATCH streaming the file.
Measure curl_upload(const std::string& endpoint, const fs::path& file, uint64_t size,
                    pid_t server) {
    std::string url = curl_create(endpoint, size);
    if (url.empty()) return {};
    std::string cmd = "curl -sS -o /dev/null -X PATCH -T '" + file.string() +
                      "' -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' "
                      "-H 'Content-Type: application/offset+octet-stream' -H 'Expect:' '" +
                      url + "'";
    Measure m = time_command(cmd, server);
    m.url = url;
    return m;
}

// Raw curl with 8 MiB PATCHes, all in one curl process (--next reuses the connection). Chunk
// files are cut beforehand, outside the timing.
Measure curl_chunked(const std::string& endpoint, const fs::path& file, uint64_t size,
                     const fs::path& work, pid_t server) {
    std::string url = curl_create(endpoint, size);
    if (url.empty()) return {};
    constexpr uint64_t kChunk = 8u << 20;
    std::string cmd = "curl -sS -o /dev/null";
    for (uint64_t off = 0, i = 0; off < size; off += kChunk, ++i) {
        fs::path part = work / ("part" + std::to_string(i));
        std::string cut = "dd if='" + file.string() + "' of='" + part.string() +
                          "' bs=8M skip=" + std::to_string(i) + " count=1 status=none";
        if (std::system(cut.c_str()) != 0) return {};
        cmd += std::string(i ? " --next -sS -o /dev/null" : "") + " -X PATCH -T '" + part.string() +
               "' -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: " + std::to_string(off) +
               "' -H 'Content-Type: application/offset+octet-stream' -H 'Expect:' '" + url + "'";
    }
    Measure m = time_command(cmd, server);
    m.url = url;
    return m;
}

Measure our_upload(const fs::path& home, const std::string& endpoint, size_t chunk_mib,
                   pid_t server, UploadTimings& timings) {
    Measure m;
    auto outbox = Outbox::open(home);
    auto tus = TusTransport::create_client({.endpoint = endpoint});
    if (!outbox || !tus) return m;
    std::atomic<bool> stop{false};
    UploadPolicy policy;
    policy.chunk_bytes = chunk_mib << 20;
    double c0 = cpu_seconds(RUSAGE_SELF), s0 = process_cpu_seconds(server);
    auto t0 = Clock::now();
    auto summary = upload_pending(*outbox, **tus, policy, stop);
    double wall = seconds_since(t0);
    m.client_cpu = cpu_seconds(RUSAGE_SELF) - c0;
    m.server_cpu = process_cpu_seconds(server) - s0;
    if (!summary || summary->uploaded != 1) return m;
    timings = summary->timings;
    m.wall = wall;
    m.url = outbox->jobs()->back().upload_url;
    return m;
}

bool arrived_intact(const Measure& m, const fs::path& inbox, const std::string& want) {
    return m.wall > 0 && sha256_file_hex(inbox / fs::path(m.url).filename()).value_or("") == want;
}

void print_measure(int round, const char* what, const Measure& m, uint64_t size, bool ok) {
    std::printf(
        "round %d: %-22s %.2f s wall (%4.0f MB/s), client CPU %.2f s, node CPU %.2f s, %s\n", round,
        what, m.wall, size / 1e6 / m.wall, m.client_cpu, m.server_cpu,
        ok ? "identical" : "MISMATCH");
}

// Packaging throughput: zip (deflate where it pays) + SHA-256 + Ed25519 + atomic write.
void bench_packaging(const StationKey& key, const fs::path& out, PackageRequest request,
                     const char* what) {
    uint64_t in_bytes = 0;
    for (const auto& e : request.entries) in_bytes += e.bytes.size();
    double c0 = cpu_seconds(RUSAGE_SELF);
    auto t0 = Clock::now();
    auto manifest = write_package(request, key, out);
    double wall = seconds_since(t0), cpu = cpu_seconds(RUSAGE_SELF) - c0;
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
        std::string view = "photo-" + e.path().stem().string();
        r.entries.push_back({"photos/" + e.path().filename().string(), view, "image/png",
                             read_file_bytes(e.path()).value()});
    }
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    size_t mb = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
    size_t chunk_mib = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 8;
    fs::path work = fs::temp_directory_path() / ("intake-bench-" + std::to_string(::getpid()));
    fs::create_directories(work);
    auto key = load_or_create_station_key(work / "station").value();
    std::printf("load: %s", run_capture("uptime").c_str());

    bench_packaging(key, work / "testdata.zip", testdata_request(), "testdata scans + photos");
    PackageRequest request{"lab-bench", "bench@1", "BENCH-1", "P-BENCH", "2026-11-23T00:00:00Z",
                           "",          {}};
    request.entries.push_back(
        {"scans/upper.stl", "scan-upper", "model/stl", random_bytes(mb << 20)});
    fs::path pkg = work / "bench.zip";
    bench_packaging(key, pkg, std::move(request), "random 100 MiB entry");
    uint64_t size = fs::file_size(pkg);
    std::string want = sha256_file_hex(pkg).value();

    LocalInbox inbox;
    if (!inbox.start(fs::path(INTAKE_SOURCE_DIR) / "tests" / "servers", work / "inbox"))
        return std::cerr << "cannot start the tus server\n", 1;
    pid_t node = inbox.pid();
    double best_ours = 1e9, best_curl = 1e9, best_chunked = 1e9;
    double cpu_ours = 1e9, cpu_curl = 1e9, cpu_chunked = 1e9;
    for (int r = 1; r <= rounds; ++r) {
        fs::remove_all(work / "station" / "outbox");
        auto outbox = Outbox::open(work / "station");
        auto t0 = Clock::now();
        if (!outbox || !outbox->add(pkg)) return std::cerr << "outbox add failed\n", 1;
        double seal_s = seconds_since(t0);
        auto job = outbox->jobs()->back();
        double c0 = cpu_seconds(RUSAGE_SELF);
        auto plain = unseal_file(outbox->sealed_path(job), outbox->seal_key());
        std::printf("round %d: outbox add (verify + hash + seal) %.2f s; decrypt all %.3f s CPU\n",
                    r, seal_s, cpu_seconds(RUSAGE_SELF) - c0);
        UploadTimings t;
        Measure ours = our_upload(work / "station", inbox.endpoint(), chunk_mib, node, t);
        Measure curl = curl_upload(inbox.endpoint(), pkg, size, node);
        Measure chunked = curl_chunked(inbox.endpoint(), pkg, size, work, node);
        bool ok_ours = arrived_intact(ours, work / "inbox", want);
        bool ok_curl = arrived_intact(curl, work / "inbox", want);
        bool ok_chunked = arrived_intact(chunked, work / "inbox", want);
        print_measure(r, "intake outbox", ours, size, ok_ours);
        std::printf(
            "round %d:   in it: %d PATCHes %.3f s, waiting for decrypt %.3f s, decrypt "
            "thread CPU %.3f s, offset commits %.3f s, POST/HEAD %.3f s\n",
            r, t.patches, t.send_seconds, t.wait_decrypt_seconds, t.decrypt_cpu_seconds,
            t.commit_seconds, t.query_seconds);
        print_measure(r, "curl one PATCH", curl, size, ok_curl);
        print_measure(r, "curl 8 MiB PATCHes", chunked, size, ok_chunked);
        if (!ok_ours || !ok_curl || !ok_chunked) return 1;
        best_ours = std::min(best_ours, ours.wall);
        best_curl = std::min(best_curl, curl.wall);
        best_chunked = std::min(best_chunked, chunked.wall);
        cpu_ours = std::min(cpu_ours, ours.client_cpu);
        cpu_curl = std::min(cpu_curl, curl.client_cpu);
        cpu_chunked = std::min(cpu_chunked, chunked.client_cpu);
        for (const auto& e : fs::directory_iterator(work / "inbox")) fs::remove(e.path());
    }
    std::printf(
        "best wall: intake %.0f MB/s, curl one PATCH %.0f MB/s, curl 8 MiB PATCHes %.0f MB/s\n",
        size / 1e6 / best_ours, size / 1e6 / best_curl, size / 1e6 / best_chunked);
    std::printf(
        "ratio intake/curl one PATCH = %.2fx, intake/curl 8 MiB PATCHes = %.2fx (target >= "
        "0.90)\n",
        best_curl / best_ours, best_chunked / best_ours);
    std::printf(
        "least client CPU: intake %.2f s, curl one PATCH %.2f s, curl 8 MiB PATCHes %.2f s\n",
        cpu_ours, cpu_curl, cpu_chunked);
    std::printf("load: %s", run_capture("uptime").c_str());
    inbox.stop();
    fs::remove_all(work);
    return 0;
}
