// Benchmark: a 100 MB package to the local tus server (npm @tus/server, tests/servers) through
// the outbox (sealed at rest, decrypted while sending, 8 MiB PATCHes, offset committed per
// chunk) against raw `curl` PATCHing the same bytes to the same server in one request, in the
// same run. Both arrivals are checked byte-identical. Also reports packaging throughput.
// Usage: bench_upload [MB=100] [rounds=3]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "station/base/sha256.h"
#include "station/package/local_inbox.h"
#include "station/package/outbox.h"
#include "station/package/package_writer.h"
#include "station/package/sealed_file.h"
#include "station/package/tus_transport.h"
#include "station/package/uploader.h"

namespace fs = std::filesystem;
using namespace intake;
using namespace intake::package;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
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

// Raw curl: POST to create, then one PATCH streaming the file. Returns seconds for the PATCH.
double curl_upload(const std::string& endpoint, const fs::path& file, uint64_t size,
                   std::string& url) {
    std::string headers = run_capture(
        "curl -sS -i -X POST -H 'Tus-Resumable: 1.0.0' -H 'Upload-Length: " + std::to_string(size) +
        "' '" + endpoint + "'");
    auto at = headers.find("location: ");
    if (at == std::string::npos) return -1;
    url = headers.substr(at + 10, headers.find('\r', at) - at - 10);
    auto t0 = Clock::now();
    std::string cmd = "curl -sS -o /dev/null -X PATCH -T '" + file.string() +
                      "' -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' "
                      "-H 'Content-Type: application/offset+octet-stream' -H 'Expect:' '" +
                      url + "'";
    if (std::system(cmd.c_str()) != 0) return -1;
    return seconds_since(t0);
}

// Raw curl with the same 8 MiB PATCHes as the client, all in one curl process (--next reuses
// the connection). Chunk files are cut beforehand, outside the timing.
double curl_chunked(const std::string& endpoint, const fs::path& file, uint64_t size,
                    std::string& url, const fs::path& work) {
    std::string headers = run_capture(
        "curl -sS -i -X POST -H 'Tus-Resumable: 1.0.0' -H 'Upload-Length: " + std::to_string(size) +
        "' '" + endpoint + "'");
    auto at = headers.find("location: ");
    if (at == std::string::npos) return -1;
    url = headers.substr(at + 10, headers.find('\r', at) - at - 10);
    constexpr uint64_t kChunk = 8u << 20;
    std::string cmd = "curl -sS -o /dev/null";
    for (uint64_t off = 0, i = 0; off < size; off += kChunk, ++i) {
        fs::path part = work / ("part" + std::to_string(i));
        std::string cut = "dd if='" + file.string() + "' of='" + part.string() +
                          "' bs=8M skip=" + std::to_string(i) + " count=1 status=none";
        if (std::system(cut.c_str()) != 0) return -1;
        cmd += std::string(i ? " --next -sS -o /dev/null" : "") + " -X PATCH -T '" + part.string() +
               "' -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: " + std::to_string(off) +
               "' -H 'Content-Type: application/offset+octet-stream' -H 'Expect:' '" + url + "'";
    }
    auto t0 = Clock::now();
    if (std::system(cmd.c_str()) != 0) return -1;
    return seconds_since(t0);
}

double our_upload(const fs::path& home, const std::string& endpoint, std::string& url) {
    auto outbox = Outbox::open(home);
    auto tus = TusTransport::create_client({.endpoint = endpoint});
    if (!outbox || !tus) return -1;
    std::atomic<bool> stop{false};
    UploadPolicy policy;  // 8 MiB chunks
    auto t0 = Clock::now();
    auto summary = upload_pending(*outbox, **tus, policy, stop);
    double t = seconds_since(t0);
    if (!summary || summary->uploaded != 1) return -1;
    url = outbox->jobs()->back().upload_url;
    return t;
}

}  // namespace

int main(int argc, char** argv) {
    size_t mb = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
    fs::path work = fs::temp_directory_path() / ("intake-bench-" + std::to_string(::getpid()));
    fs::create_directories(work);
    auto key = load_or_create_station_key(work / "station").value();

    PackageRequest request{"lab-bench", "bench@1", "BENCH-1", "P-BENCH", "2026-11-23T00:00:00Z",
                           "",          {}};
    request.entries.push_back(
        {"scans/upper.stl", "scan-upper", "model/stl", random_bytes(mb << 20)});
    auto t0 = Clock::now();
    fs::path pkg = work / "bench.zip";
    auto manifest = write_package(request, key, pkg);
    double pack_s = seconds_since(t0);
    if (!manifest) return std::cerr << manifest.error().to_string() << "\n", 1;
    uint64_t size = fs::file_size(pkg);
    std::string want = sha256_file_hex(pkg).value();
    std::printf(
        "packaging: %.1f MB in %.2f s = %.1f MB/s (deflate + SHA-256 + Ed25519 + atomic write)\n",
        size / 1e6, pack_s, size / 1e6 / pack_s);

    LocalInbox inbox;
    auto servers = find_servers_dir(INTAKE_SOURCE_DIR);
    if (!servers || !inbox.start(*servers, work / "inbox"))
        return std::cerr << "cannot start the tus server\n", 1;
    double best_ours = 1e9, best_curl = 1e9, best_chunked = 1e9;
    for (int r = 0; r < rounds; ++r) {
        fs::remove_all(work / "station" / "outbox");
        auto outbox = Outbox::open(work / "station");
        t0 = Clock::now();
        if (!outbox || !outbox->add(pkg)) return std::cerr << "outbox add failed\n", 1;
        double seal_s = seconds_since(t0);
        // Where the time goes: decrypting the sealed copy, and committing one offset.
        auto job = outbox->jobs()->back();
        t0 = Clock::now();
        auto plain = unseal_file(outbox->sealed_path(job), outbox->seal_key());
        double unseal_s = seconds_since(t0);
        t0 = Clock::now();
        for (int i = 0; i < 13; ++i) (void)outbox->set_offset(job.id, 0);
        double commits_s = seconds_since(t0);
        std::printf("round %d: decrypt all %.2f s; 13 offset commits (fsync) %.3f s\n", r + 1,
                    unseal_s, commits_s);
        std::string url_ours, url_curl;
        double ours = our_upload(work / "station", inbox.endpoint(), url_ours);
        double curl = curl_upload(inbox.endpoint(), pkg, size, url_curl);
        std::string url_chunked;
        double chunked = curl_chunked(inbox.endpoint(), pkg, size, url_chunked, work);
        bool ok_chunked =
            chunked > 0 &&
            sha256_file_hex(work / "inbox" / fs::path(url_chunked).filename()).value_or("") == want;
        std::printf("round %d: curl 8 MiB PATCHes %.2f s (%.0f MB/s, %s)\n", r + 1, chunked,
                    size / 1e6 / chunked, ok_chunked ? "identical" : "MISMATCH");
        if (!ok_chunked) return 1;
        best_chunked = std::min(best_chunked, chunked);
        bool ok_ours =
            ours > 0 &&
            sha256_file_hex(work / "inbox" / fs::path(url_ours).filename()).value_or("") == want;
        bool ok_curl =
            curl > 0 &&
            sha256_file_hex(work / "inbox" / fs::path(url_curl).filename()).value_or("") == want;
        std::printf(
            "round %d: outbox seal %.2f s; intake %.2f s (%.0f MB/s, %s); curl %.2f s (%.0f MB/s, "
            "%s)\n",
            r + 1, seal_s, ours, size / 1e6 / ours, ok_ours ? "identical" : "MISMATCH", curl,
            size / 1e6 / curl, ok_curl ? "identical" : "MISMATCH");
        if (!ok_ours || !ok_curl) return 1;
        best_ours = std::min(best_ours, ours);
        best_curl = std::min(best_curl, curl);
        for (const auto& e : fs::directory_iterator(work / "inbox")) fs::remove(e.path());
    }
    std::printf(
        "best: intake %.0f MB/s, curl %.0f MB/s, ratio intake/curl = %.2fx (target >= 0.90)\n",
        size / 1e6 / best_ours, size / 1e6 / best_curl, best_curl / best_ours);
    std::printf("best: curl 8 MiB PATCHes %.0f MB/s, ratio intake/curl-chunked = %.2fx\n",
                size / 1e6 / best_chunked, best_chunked / best_ours);
    inbox.stop();
    fs::remove_all(work);
    return 0;
}
