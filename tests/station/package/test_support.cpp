#include "tests/station/package/test_support.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

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
    r.lab_case_id = "LAB-000001";
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
    fs::path dir = fs::path(INTAKE_SOURCE_DIR) / "tests" / "servers";
    return static_cast<bool>(server_.start(dir, script, args, timeout, /*own_process_group=*/true));
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
