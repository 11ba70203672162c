#include "station/package/trust_store.h"

#include <algorithm>
#include <cctype>

#include "base/file_io.h"
#include "base/sha256.h"
#include "station/package/station_key.h"

namespace intake::package {

namespace fs = std::filesystem;

bool TrustedKeys::contains(std::string_view public_key_hex) const {
    return std::find(public_keys.begin(), public_keys.end(), public_key_hex) != public_keys.end();
}

std::string key_fingerprint(std::string_view public_key_hex) {
    auto raw = hex_decode(public_key_hex);
    std::string hex = raw ? sha256_hex(std::string_view(*raw)) : sha256_hex(public_key_hex);
    return "SHA256:" + hex.substr(0, 32);
}

namespace {

Result<std::string> read_pub(const fs::path& file) {
    auto text = read_file_text(file, 4096);
    if (!text) return fail(text.error());
    std::string hex = *text;
    while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.back()))) hex.pop_back();
    std::transform(hex.begin(), hex.end(), hex.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    auto raw = hex_decode(hex);
    if (hex.size() != 64 || !raw) {
        return fail(Errc::bad_input,
                    file.string() + ": not an Ed25519 public key (64 hex digits expected)");
    }
    return hex;
}

}  // namespace

Result<TrustedKeys> load_trusted_keys(const fs::path& home) {
    TrustedKeys trust;
    auto own = load_station_key(home);
    if (!own) return fail(own.error());
    if (*own) trust.public_keys.push_back((*own)->public_hex());
    fs::path dir = home / "keys" / "trusted";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return trust;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".pub") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        auto hex = read_pub(file);
        if (!hex) return fail(hex.error());
        trust.public_keys.push_back(*hex);
    }
    return trust;
}

}  // namespace intake::package
