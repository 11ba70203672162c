// An in-memory tus double for the uploader's state machine (no network, no timing): the
// package tests and the outbox's engine tests share it.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "station/package/transport.h"

namespace intake::package::test {

// An in-memory tus double. `keep_extra` mimics the real server keeping part of a chunk that
// the client never saw acknowledged; `fail_every` answers busy (5xx) every Nth append.
class MemoryTus : public Transport {
  public:
    std::map<std::string, std::vector<std::byte>> data;
    std::map<std::string, std::pair<uint64_t, std::map<std::string, std::string>>> meta;
    int creates = 0, appends = 0, fail_every = 0;
    bool keep_extra = false;
    int short_every = 0;  // every Nth append takes only part of the bytes and says so (204)

    Result<std::string> create(uint64_t length,
                               const std::map<std::string, std::string>& m) override {
        std::string url = "mem://" + std::to_string(++creates);
        data[url];
        meta[url] = {length, m};
        return url;
    }
    Result<RemoteUpload> query(const std::string& url) override {
        if (!data.count(url)) return fail(Errc::not_found, url + ": 404");
        return RemoteUpload{data[url].size(), meta[url].first, meta[url].second};
    }
    Result<uint64_t> append(const std::string& url, uint64_t offset,
                            std::span<const std::byte> b) override {
        if (!data.count(url)) return fail(Errc::not_found, url + ": 404");
        if (offset != data[url].size()) return fail(Errc::conflict, "409");
        ++appends;
        if (fail_every && appends % fail_every == 0) {
            if (keep_extra)
                data[url].insert(data[url].end(), b.begin(),
                                 b.begin() + static_cast<long>(b.size() / 2));
            return fail(Errc::busy, "503 injected");
        }
        size_t take = b.size();
        if (short_every && appends % short_every == 0) take = b.size() / 3 + 1;
        data[url].insert(data[url].end(), b.begin(), b.begin() + static_cast<long>(take));
        return data[url].size();
    }
};

}  // namespace intake::package::test
