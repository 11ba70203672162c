#include "tests/station/package/test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

namespace intake::package::test {

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "intake-pkg-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::vector<std::byte> read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(chars.size());
    std::memcpy(out.data(), chars.data(), chars.size());
    return out;
}

std::vector<std::byte> random_bytes(size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::byte> out(n);
    for (size_t i = 0; i < n; i += 8) {
        uint64_t v = rng();
        std::memcpy(out.data() + i, &v, std::min<size_t>(8, n - i));
    }
    return out;
}

namespace {

std::vector<std::byte> text_bytes(const std::string& s) {
    std::vector<std::byte> out(s.size());
    std::memcpy(out.data(), s.data(), s.size());
    return out;
}

PackageRequest base_request() {
    PackageRequest r;
    r.lab_id = "lab-demo";
    r.rule_pack_version = "2026.1";
    r.case_id = "case-0001";
    r.patient_id = "P-0001";
    r.created_at = "2026-11-23T13:00:00Z";
    r.entries.push_back({"prescription.json", "prescription", "application/json",
                         text_bytes(R"({"keep_all_existing_attachments": true})"
                                    "\n")});
    r.entries.push_back({"prescription.txt", "prescription", "text/plain; charset=utf-8",
                         text_bytes("Keep all existing attachments.\n")});
    r.entries.push_back({"qa-report.json", "qa-report", "application/json",
                         text_bytes("{\"verdict\":\"pass\"}\n")});
    return r;
}

}  // namespace

PackageRequest sample_request() {
    PackageRequest r = base_request();
    fs::path data = INTAKE_TESTDATA_DIR;
    r.entries.push_back({"scans/upper-raw.obj", "scan-upper-raw", "model/obj",
                         read_all(data / "scans" / "Ref_Upper_Mesh_Tag=0.obj")});
    r.entries.push_back({"scans/lower-raw.obj", "scan-lower-raw", "model/obj",
                         read_all(data / "scans" / "Ref_Lower_Mesh_Tag=0.obj")});
    r.entries.push_back({"photos/frontal.png", "photo-frontal", "image/png",
                         read_all(data / "photos" / "0-0.png")});
    r.entries.push_back({"photos/left-buccal.png", "photo-left-buccal", "image/png",
                         read_all(data / "photos" / "0-1.png")});
    return r;
}

PackageRequest sized_request(size_t n, unsigned seed) {
    PackageRequest r = base_request();
    r.case_id = "case-" + std::to_string(seed);
    r.entries.push_back(
        {"scans/upper.bin", "scan-upper", "application/octet-stream", random_bytes(n, seed)});
    return r;
}

bool tus_server_available() {
    fs::path mods =
        fs::path(INTAKE_SOURCE_DIR) / "tests" / "servers" / "node_modules" / "@tus" / "server";
    return fs::exists(mods) && std::system("node --version > /dev/null 2>&1") == 0;
}

bool NodeProcess::start(const std::string& script, const std::vector<std::string>& args,
                        std::chrono::seconds timeout) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    fs::path dir = fs::path(INTAKE_SOURCE_DIR) / "tests" / "servers";
    std::vector<std::string> argv_s{"node", (dir / script).string()};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(fds[1], 1);
        ::setpgid(0, 0);
        if (::chdir(dir.c_str()) != 0) ::_exit(127);
        std::vector<char*> argv;
        for (auto& a : argv_s) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execvp("node", argv.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        char buf[256];
        ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
        auto at = out.find("PORT ");
        if (at != std::string::npos && out.find('\n', at) != std::string::npos)
            port_ = std::atoi(out.c_str() + at + 5);
    }
    ::close(fds[0]);
    if (port_ == 0) stop(9);
    return port_ != 0;
}

void NodeProcess::stop(int signal) {
    if (pid_ <= 0) return;
    ::kill(pid_, signal);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    port_ = 0;
}

std::vector<StoredUpload> stored_uploads(const fs::path& dir) {
    std::vector<StoredUpload> out;
    if (!fs::exists(dir)) return out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        auto j = nlohmann::json::parse(in, nullptr, false);
        if (j.is_discarded()) continue;
        StoredUpload up;
        up.id = j.value("id", "");
        up.size = j.value("size", uint64_t{0});
        up.offset = j.value("offset", uint64_t{0});
        if (j.contains("metadata") && j["metadata"].is_object())
            up.package_id = j["metadata"].value("package_id", "");
        // The file store's offset lags under kill -9; the data file's length is the truth.
        std::error_code ec;
        auto real = fs::file_size(dir / up.id, ec);
        if (!ec) up.offset = real;
        out.push_back(up);
    }
    return out;
}

}  // namespace intake::package::test
