#include "station/package/tus_transport.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>
#include <vector>

namespace intake::package {

namespace {

std::once_flag g_curl_once;
constexpr size_t kUploadBuffer = 1024 * 1024;  // curl accepts up to 2 MiB

struct Response {
    long status = 0;
    std::map<std::string, std::string> headers;  // lowercase names
    std::string body;
};

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* response = static_cast<Response*>(user);
    std::string line(data, size * count);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        auto first = value.find_first_not_of(" \t");
        auto last = value.find_last_not_of(" \t\r\n");
        response->headers[name] =
            first == std::string::npos ? "" : value.substr(first, last - first + 1);
    }
    return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* response = static_cast<Response*>(user);
    if (response->body.size() < 4096)
        response->body.append(data, std::min<size_t>(size * count, 4096));
    return size * count;
}

Errc errc_for_status(long status) {
    if (status == 404 || status == 410) return Errc::not_found;
    if (status == 409) return Errc::conflict;
    if (status == 401 || status == 403) return Errc::access_denied;
    if (status == 423 || status == 429 || status >= 500) return Errc::busy;
    if (status >= 400) return Errc::server_refused;
    return Errc::protocol;
}

Errc errc_for_curl(CURLcode code) {
    switch (code) {
        case CURLE_OPERATION_TIMEDOUT:
            return Errc::timeout;
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
            return Errc::access_denied;
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return Errc::invalid_argument;
        default:
            return Errc::network;
    }
}

// `host` as curl's URL parser returns it (IPv6 in brackets, IPv4 normalised). Only an IP
// literal in 127.0.0.0/8, ::1 or the name localhost: a prefix test would accept 127.evil.com.
bool is_loopback(const std::string& host) {
    if (host == "localhost" || host == "[::1]") return true;
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) {
        return (ntohl(v4.s_addr) >> 24) == 127;
    }
    return false;
}

// Scheme, host and port of a URL (the port defaulted from the scheme), or empty on a bad URL.
struct Origin {
    std::string scheme, host, port;
    bool operator==(const Origin&) const = default;
    std::string to_string() const { return scheme + "://" + host + ":" + port; }
};

Result<Origin> origin_of(const std::string& url) {
    CURLU* u = curl_url();
    CURLUcode rc = curl_url_set(u, CURLUPART_URL, url.c_str(), 0);
    char *scheme = nullptr, *host = nullptr, *port = nullptr;
    if (rc == CURLUE_OK) rc = curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
    if (rc == CURLUE_OK) rc = curl_url_get(u, CURLUPART_HOST, &host, 0);
    if (rc == CURLUE_OK) rc = curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
    Origin o{scheme ? scheme : "", host ? host : "", port ? port : ""};
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    if (rc != CURLUE_OK) return fail(Errc::invalid_argument, "'" + url + "' is not a valid URL");
    std::transform(o.host.begin(), o.host.end(), o.host.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return o;
}

Result<uint64_t> header_number(const Response& r, const std::string& name,
                               const std::string& where) {
    auto it = r.headers.find(name);
    if (it == r.headers.end() || it->second.empty() ||
        !std::all_of(it->second.begin(), it->second.end(),
                     [](unsigned char c) { return std::isdigit(c); })) {
        return fail(Errc::protocol,
                    where + ": the server's answer has no valid " + name + " header");
    }
    return std::stoull(it->second);
}

}  // namespace

Status check_endpoint(const std::string& endpoint) {
    auto o = origin_of(endpoint);
    if (!o) return fail(Errc::invalid_argument, "endpoint '" + endpoint + "' is not a valid URL");
    if (o->scheme == "https") return ok();
    if (o->scheme == "http" && is_loopback(o->host)) return ok();
    if (o->scheme == "http") {
        return fail(Errc::invalid_argument,
                    "endpoint '" + endpoint +
                        "': plain http:// is only allowed to a loopback address; use https://");
    }
    return fail(Errc::invalid_argument,
                "endpoint '" + endpoint + "': scheme must be https (or http to loopback)");
}

Status check_same_origin(const std::string& endpoint, const std::string& location) {
    auto want = origin_of(endpoint);
    auto got = origin_of(location);
    if (!want) return fail(want.error());
    if (!got || !(*got == *want)) {
        // Following it would send the bearer token and the patient's package elsewhere.
        return fail(Errc::access_denied,
                    "the server's Location '" + location + "' is not on the endpoint " +
                        want->to_string() + " (it points to " +
                        (got ? got->to_string() : std::string("an invalid URL")) + ")");
    }
    return ok();
}

std::string encode_tus_metadata(const std::map<std::string, std::string>& metadata) {
    std::string out;
    for (const auto& [key, value] : metadata) {
        std::string b64(sodium_base64_encoded_len(value.size(), sodium_base64_VARIANT_ORIGINAL),
                        '\0');
        sodium_bin2base64(b64.data(), b64.size(),
                          reinterpret_cast<const unsigned char*>(value.data()), value.size(),
                          sodium_base64_VARIANT_ORIGINAL);
        b64.resize(std::strlen(b64.c_str()));
        if (!out.empty()) out += ",";
        out += key + " " + b64;
    }
    return out;
}

std::map<std::string, std::string> decode_tus_metadata(const std::string& header) {
    std::map<std::string, std::string> out;
    size_t pos = 0;
    while (pos <= header.size()) {
        size_t comma = header.find(',', pos);
        std::string pair =
            header.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        pair.erase(0, pair.find_first_not_of(' '));
        auto space = pair.find(' ');
        std::string key = pair.substr(0, space), value;
        if (space != std::string::npos) {
            std::string b64 = pair.substr(space + 1);
            value.resize(b64.size());
            size_t len = 0;
            if (sodium_base642bin(reinterpret_cast<unsigned char*>(value.data()), value.size(),
                                  b64.c_str(), b64.size(), nullptr, &len, nullptr,
                                  sodium_base64_VARIANT_ORIGINAL) == 0) {
                value.resize(len);
            } else {
                value.clear();
            }
        }
        if (!key.empty()) out[key] = value;
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return out;
}

struct TusTransport::Impl {
    TusOptions options;
    CURL* curl = nullptr;

    Result<Response> perform(const std::string& method, const std::string& url,
                             const std::vector<std::string>& extra,
                             std::span<const std::byte> body);
};

Result<Response> TusTransport::Impl::perform(const std::string& method, const std::string& url,
                                             const std::vector<std::string>& extra,
                                             std::span<const std::byte> body) {
    curl_easy_reset(curl);  // keeps the connection cache, drops the previous request's options
    Response response;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Tus-Resumable: 1.0.0");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip per chunk
    if (!options.bearer_token.empty()) {
        headers =
            curl_slist_append(headers, ("Authorization: Bearer " + options.bearer_token).c_str());
    }
    for (const auto& h : extra) headers = curl_slist_append(headers, h.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_limit);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, options.low_speed_time_s);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    if (method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS,
                         body.empty() ? "" : reinterpret_cast<const char*>(body.data()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
        // curl copies the body through its upload buffer (64 KiB by default); a larger one
        // means fewer read-callback rounds and send() calls per multi-MiB PATCH.
        if (body.size() > kUploadBuffer)
            curl_easy_setopt(curl, CURLOPT_UPLOAD_BUFFERSIZE, static_cast<long>(kUploadBuffer));
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    std::string where = method + " " + url;
    if (rc != CURLE_OK) return fail(errc_for_curl(rc), where + ": " + curl_easy_strerror(rc));
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    if (response.status < 200 || response.status >= 300) {
        std::string snippet = response.body.substr(0, 200);
        return fail(errc_for_status(response.status),
                    where + ": server answered " + std::to_string(response.status) +
                        (snippet.empty() ? "" : " (" + snippet + ")"));
    }
    return response;
}

TusTransport::TusTransport(TusOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
}

TusTransport::~TusTransport() {
    if (impl_ && impl_->curl) curl_easy_cleanup(impl_->curl);
}

Result<std::unique_ptr<TusTransport>> TusTransport::create_client(const TusOptions& options) {
    INTAKE_TRY(check_endpoint(options.endpoint));
    for (unsigned char c : options.bearer_token) {
        if (c < 0x21 || c == 0x7f)
            return fail(Errc::invalid_argument, "the bearer token holds a control character");
    }
    std::call_once(g_curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    std::unique_ptr<TusTransport> t(new TusTransport(options));
    t->impl_->curl = curl_easy_init();
    if (t->impl_->curl == nullptr) return fail(Errc::internal, "curl_easy_init failed");
    return t;
}

Result<std::string> TusTransport::create(uint64_t length,
                                         const std::map<std::string, std::string>& metadata) {
    std::vector<std::string> headers{"Upload-Length: " + std::to_string(length),
                                     "Upload-Metadata: " + encode_tus_metadata(metadata)};
    auto r = impl_->perform("POST", impl_->options.endpoint, headers, {});
    if (!r) return fail(r.error());
    auto loc = r->headers.find("location");
    if (loc == r->headers.end() || loc->second.empty()) {
        return fail(Errc::protocol,
                    "POST " + impl_->options.endpoint + ": no Location in the answer");
    }
    // Location may be relative; resolve it against the endpoint.
    CURLU* u = curl_url();
    curl_url_set(u, CURLUPART_URL, impl_->options.endpoint.c_str(), 0);
    CURLUcode rc = curl_url_set(u, CURLUPART_URL, loc->second.c_str(), 0);
    char* full = nullptr;
    if (rc == CURLUE_OK) rc = curl_url_get(u, CURLUPART_URL, &full, 0);
    std::string url = full ? full : "";
    curl_free(full);
    curl_url_cleanup(u);
    if (rc != CURLUE_OK) return fail(Errc::protocol, "POST: bad Location '" + loc->second + "'");
    INTAKE_TRY(check_same_origin(impl_->options.endpoint, url));
    return url;
}

Result<RemoteUpload> TusTransport::query(const std::string& url) {
    auto r = impl_->perform("HEAD", url, {}, {});
    if (!r) return fail(r.error());
    RemoteUpload up;
    auto offset = header_number(*r, "upload-offset", "HEAD " + url);
    if (!offset) return fail(offset.error());
    up.offset = *offset;
    if (r->headers.count("upload-length")) {
        auto length = header_number(*r, "upload-length", "HEAD " + url);
        if (!length) return fail(length.error());
        up.length = *length;
    }
    if (auto it = r->headers.find("upload-metadata"); it != r->headers.end()) {
        up.metadata = decode_tus_metadata(it->second);
    }
    return up;
}

Result<uint64_t> TusTransport::append(const std::string& url, uint64_t offset,
                                      std::span<const std::byte> bytes) {
    std::vector<std::string> headers{"Upload-Offset: " + std::to_string(offset),
                                     "Content-Type: application/offset+octet-stream"};
    auto r = impl_->perform("PATCH", url, headers, bytes);
    if (!r) return fail(r.error());
    auto next = header_number(*r, "upload-offset", "PATCH " + url);
    if (!next) return fail(next.error());
    if (*next < offset || *next > offset + bytes.size()) {
        return fail(Errc::protocol, "PATCH " + url + ": server reported offset " +
                                        std::to_string(*next) + " outside the chunk sent");
    }
    return *next;
}

}  // namespace intake::package
