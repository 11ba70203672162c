// How a package reaches the lab, independent of the protocol. tus 1.0 is the first
// implementation; the IETF resumable-upload draft, S3 multipart or a shared folder can follow
// behind the same interface. Every call is one request; retries belong to the uploader.
//
// Error codes the uploader relies on: not_found (the upload is gone: recreate), conflict (the
// offset moved: ask again), network / timeout / busy (try again later), access_denied /
// server_refused / protocol (permanent).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "base/result.h"

namespace intake::package {

struct RemoteUpload {
    uint64_t offset = 0;
    uint64_t length = 0;  // 0 when the server does not know yet
    std::map<std::string, std::string> metadata;
};

class Transport {
  public:
    virtual ~Transport() = default;
    // Creates an empty upload of `length` bytes; returns its URL.
    virtual Result<std::string> create(uint64_t length,
                                       const std::map<std::string, std::string>& metadata) = 0;
    // Asks the server what it holds.
    virtual Result<RemoteUpload> query(const std::string& url) = 0;
    // Appends bytes at `offset`; returns the server's new offset.
    virtual Result<uint64_t> append(const std::string& url, uint64_t offset,
                                    std::span<const std::byte> bytes) = 0;
};

}  // namespace intake::package
