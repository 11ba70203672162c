// tus 1.0 over libcurl: POST (creation, Upload-Metadata), HEAD (Upload-Offset/-Length) and
// PATCH (application/offset+octet-stream). TLS peers are verified by default; plain http:// is
// accepted only for a loopback host. One curl handle is reused so the connection stays open.
#pragma once

#include <memory>
#include <string>

#include "station/package/transport.h"

namespace intake::package {

struct TusOptions {
    std::string endpoint;  // creation URL, e.g. https://lab.example/files/
    std::string bearer_token;
    std::string ca_file;  // extra CA bundle for the lab's certificate
    long connect_timeout_s = 10;
    long low_speed_limit = 1024;  // bytes/s; below this for low_speed_time_s the request fails
    long low_speed_time_s = 20;
};

// Checks the endpoint's scheme rules (https anywhere, http only to 127.0.0.0/8, ::1, localhost).
Status check_endpoint(const std::string& endpoint);
// A creation's Location must have the endpoint's scheme, host and port (else access_denied
// naming both): the token and the package never follow a server elsewhere.
Status check_same_origin(const std::string& endpoint, const std::string& location);

class TusTransport : public Transport {
  public:
    static Result<std::unique_ptr<TusTransport>> create_client(const TusOptions& options);
    ~TusTransport() override;

    Result<std::string> create(uint64_t length,
                               const std::map<std::string, std::string>& metadata) override;
    Result<RemoteUpload> query(const std::string& url) override;
    Result<uint64_t> append(const std::string& url, uint64_t offset,
                            std::span<const std::byte> bytes) override;

  private:
    explicit TusTransport(TusOptions options);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "key base64,key base64" and back (tus Upload-Metadata).
std::string encode_tus_metadata(const std::map<std::string, std::string>& metadata);
std::map<std::string, std::string> decode_tus_metadata(const std::string& header);

}  // namespace intake::package
