// The sealed package in the practice's database, so any station can send a job another station
// queued: the bytes of the sealed file (libsodium secretstream, see sealed_file.h; still
// encrypted with the practice's seal key) in rows of 1 MiB, `outbox_chunks(job_id, seq,
// bytes)`. A station fetches them into its own packages folder before sending; the reader
// then authenticates every message as it does for a local file, so a missing, reordered or
// altered row fails the job as corrupt instead of sending something else.
//
// bytea travels as hex text (`decode(?, 'hex')`, `encode(bytes, 'hex')`) because the Database
// seam binds text and integers only; the cost is twice the bytes on the practice network, once
// per package per station.
#include <sodium.h>

#include <set>
#include <vector>

#include "base/atomic_file.h"
#include "base/file_io.h"
#include "station/package/outbox.h"
#include "station/record/database.h"

namespace intake::package {

namespace fs = std::filesystem;

namespace {

constexpr size_t kChunkRow = 1024 * 1024;

std::string to_hex(std::span<const std::byte> bytes) {
    std::string hex(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                   bytes.size());
    hex.pop_back();  // the terminating NUL
    return hex;
}

bool from_hex(const std::string& hex, std::vector<std::byte>& out) {
    out.resize(hex.size() / 2);
    size_t len = 0;
    return sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                          hex.size(), nullptr, &len, nullptr) == 0 &&
           len == out.size();
}

}  // namespace

// Inside insert_job's transaction: the job is never visible without all of its bytes.
Status Outbox::store_chunks(int64_t id, const fs::path& sealed) {
    auto mapped = MappedFile::open(sealed);
    if (!mapped) return fail(mapped.error());
    const auto bytes = mapped->bytes();
    for (size_t at = 0, seq = 0; at < bytes.size(); at += kChunkRow, ++seq) {
        const auto piece = bytes.subspan(at, std::min(kChunkRow, bytes.size() - at));
        INTAKE_TRY(run("INSERT INTO {chunks}(job_id, seq, bytes) VALUES(?, ?, decode(?, 'hex'))",
                       {id, static_cast<int64_t>(seq), to_hex(piece)}));
    }
    return ok();
}

// Row by row (one row in memory at a time) into a temporary file renamed into place.
Status Outbox::fetch_chunks(int64_t id, const fs::path& sealed) {
    auto out = AtomicFile::create(sealed);
    if (!out) return fail(out.error());
    std::vector<std::byte> piece;
    int64_t seq = 0;
    for (;; ++seq) {
        auto s =
            db_->prepare(sql("SELECT encode(bytes, 'hex') FROM {chunks} WHERE job_id=? AND seq=?"));
        if (!s) return db_error(s.error());
        auto row = (*s)->bind(1, id).bind(2, seq).step();
        if (!row) return db_error(row.error());
        if (!*row) break;
        if (!from_hex((*s)->text(0), piece))
            return fail(Errc::corrupt, db_->label() + ": outbox job " + std::to_string(id) +
                                           ": chunk " + std::to_string(seq) + " is not bytea");
        INTAKE_TRY(out->write(piece));
    }
    if (seq == 0) {
        return fail(Errc::not_found, db_->label() + ": outbox job " + std::to_string(id) +
                                         ": the sealed package is not in the database");
    }
    return out->commit();
}

// One statement, so a job is only ever purged as a whole and only once it is uploaded: a job put
// back in the queue at the same instant keeps its bytes.
Result<Outbox::ChunkPurge> Outbox::purge_uploaded_chunks(std::optional<int64_t> id) {
    ChunkPurge purged;
    if (!shared()) return purged;
    auto s = db_->prepare(
        sql("DELETE FROM {chunks} WHERE job_id IN (SELECT id FROM {jobs} WHERE state='uploaded'" +
            std::string(id ? " AND id=?" : "") + ") RETURNING job_id, octet_length(bytes)"));
    if (!s) return db_error(s.error());
    if (id) (*s)->bind(1, *id);
    std::set<int64_t> jobs;
    while (true) {
        auto row = (*s)->step();
        if (!row) return db_error(row.error());
        if (!*row) break;
        jobs.insert((*s)->integer(0));
        ++purged.rows;
        purged.bytes += static_cast<uint64_t>((*s)->integer(1));
    }
    purged.jobs = static_cast<int64_t>(jobs.size());
    return purged;
}

Result<fs::path> Outbox::sealed_file(const OutboxJob& job) {
    fs::path path = sealed_path(job);
    if (!shared()) return path;
    std::error_code ec;
    if (fs::exists(path, ec)) return path;  // fetched before (files are only ever whole)
    INTAKE_TRY(fetch_chunks(job.id, path));
    return path;
}

}  // namespace intake::package
