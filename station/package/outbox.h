// The outbox: a durable job queue, one job per package, written through the record layer's
// Database seam. On one chair it is SQLite (WAL, synchronous=FULL) in `<home>/outbox/outbox.db`
// with the package sealed at rest next to it; for a practice it is the shared PostgreSQL
// database, which holds the sealed package too (encrypted chunks), so any station can resume an
// upload another started. A job moves
// queued → uploading → uploaded (the lab receipt stored) | failed (permanent, with a reason).
// The upload URL is stored before the first byte is sent and the offset after every
// acknowledged chunk, so a crash at any instant resumes rather than repeats.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"
#include "station/package/station_key.h"

namespace intake::record {
class Database;
}

namespace intake::package {

enum class JobState { queued, uploading, uploaded, failed };
std::string_view job_state_name(JobState state);

struct OutboxJob {
    int64_t id = 0;
    std::string package_id;
    std::string file_name;  // the package's file name as added, sent as tus metadata
    uint64_t size = 0;
    std::string sha256;  // of the package zip bytes
    JobState state = JobState::queued;
    std::string upload_url;  // empty until the server created the upload
    uint64_t offset = 0;     // bytes the server has acknowledged
    int attempts = 0;
    std::string last_error;
    std::string receipt;  // JSON text once uploaded
    std::string created_at;
    std::string updated_at;
    // A random token stored durably *before* each creation request (POST) and sent in its
    // Upload-Metadata as `intent`. Non-empty with no upload_url means a creation may have
    // reached the server without its answer being recorded: an empty orphan upload there.
    std::string create_intent;
    // The uploader holding the job ("host:pid:nonce", empty when free) and until when (Unix
    // seconds); see Outbox::claim.
    std::string claimed_by;
    int64_t lease_until = 0;
};

nlohmann::json to_json(const OutboxJob& job);

class Outbox {
  public:
    // Opens (creating on first use) `<home>/outbox/outbox.db`; a damaged database is
    // Errc::corrupt naming the file. The seal key lives in `<home>/keys/`; the database pins
    // it and the station key (their ids in table meta): a missing key is not_found, a
    // different one corrupt, both before any job is touched.
    static Result<Outbox> open(const std::filesystem::path& home);
    // `location` a postgresql:// URL: the practice's shared outbox in that database (tables
    // outbox_jobs, outbox_meta, outbox_chunks); anything else (an SQLite path such as the
    // store's station.db, or empty): open(home). The seal key is still `<home>/keys/outbox.key`
    // and must be the same on every station of the practice (the database pins its id).
    static Result<Outbox> open_location(const std::filesystem::path& home,
                                        std::string_view location);

    Outbox(Outbox&& other) noexcept;
    Outbox& operator=(Outbox&& other) noexcept;
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;
    ~Outbox();

    // Reads the package once, verifies those bytes against the pinned keys (the station's own
    // and <home>/keys/trusted/*.pub), seals the same bytes into the outbox and queues it. Adding a
    // package that is already queued or uploaded returns the existing job (a package goes to the
    // lab once).
    Result<OutboxJob> add(const std::filesystem::path& package_zip);

    Result<std::vector<OutboxJob>> jobs();
    Result<OutboxJob> job(int64_t id);
    // The oldest job still to send (queued or uploading), if any.
    Result<std::optional<OutboxJob>> next_pending();

    Status set_upload(int64_t id, const std::string& url, uint64_t offset);
    Status set_offset(int64_t id, uint64_t offset);
    Status set_create_intent(int64_t id, const std::string& token);
    Status note_attempt(int64_t id, const std::string& error);
    // The receipt is stored and the lab holds the package: on PostgreSQL the practice's copy of
    // it (the chunks) is deleted in the same transaction, as the sealed file goes on one chair.
    Status mark_uploaded(int64_t id, const std::string& receipt_json);
    Status mark_failed(int64_t id, const std::string& reason);
    // Puts a failed job back in the queue (attempts and error cleared, the upload URL kept:
    // the next pass asks the server what it holds). Only a failed job can be retried.
    Result<OutboxJob> retry(int64_t id);

    // The lease that keeps two uploaders (the kiosk and `outbox run`, two processes) from
    // sending the same job at once. claim() takes it when it is free, ours, expired, or held
    // by a process of this host that no longer exists (killed); it returns false when another
    // live uploader holds it. Offsets committed by the holder renew it; release() frees it.
    Result<bool> claim(int64_t id);
    Status release(int64_t id);
    // "host:pid:nonce", unique per open Outbox.
    const std::string& owner() const { return owner_; }

    // Where this station keeps the job's sealed package. On SQLite the one copy; on PostgreSQL
    // a cache of the copy in the database (see sealed_file).
    std::filesystem::path sealed_path(const OutboxJob& job) const;
    // The sealed package on this station's disk, ready for SealedReader: sealed_path(); on
    // PostgreSQL first fetched from the database when this station does not hold it yet
    // (written atomically, so a kill mid-fetch leaves nothing half-written).
    Result<std::filesystem::path> sealed_file(const OutboxJob& job);
    // True for the practice's shared outbox (PostgreSQL).
    bool shared() const;

    // Retention of the shared outbox's copies: deletes the sealed chunk rows of uploaded jobs
    // (every one, or only job `id`) from the database. Queued, uploading and failed jobs keep
    // theirs, and every job's row (package id, sha256, receipt) stays as the record of what was
    // sent. Nothing to do on SQLite, whose sealed copy is a file (outbox_retention.h).
    struct ChunkPurge {
        int64_t rows = 0;    // chunk rows deleted
        int64_t jobs = 0;    // jobs they belonged to
        uint64_t bytes = 0;  // sealed bytes freed in the database
    };
    Result<ChunkPurge> purge_uploaded_chunks(std::optional<int64_t> id = std::nullopt);
    const SealKey& seal_key() const { return key_; }
    // The station's clock in Unix seconds, for the jobs' created_at/updated_at (default: the
    // system clock). Leases never read it: they run on the database's clock (claim()), which a
    // test shows by setting a station's clock ten minutes ahead.
    void set_station_clock(std::function<int64_t()> unix_seconds) {
        station_clock_ = std::move(unix_seconds);
    }
    const std::filesystem::path& folder() const { return dir_; }

  private:
    using Param = std::variant<std::string, int64_t>;

    Outbox() = default;
    static Result<Outbox> open_sqlite(const std::filesystem::path& home);
    Status prepare_sqlite_schema();
    // `{jobs}`, `{meta}` and `{chunks}` replaced by this engine's table names.
    std::string sql(std::string_view text) const;
    Failure db_error(const Error& e) const;
    Status run(std::string_view text, const std::vector<Param>& params);
    // An UPDATE or INSERT ... RETURNING id: the id, or nullopt when no row matched.
    Result<std::optional<int64_t>> run_returning(std::string_view text,
                                                 const std::vector<Param>& params);
    Result<std::vector<OutboxJob>> select_jobs(std::string_view where,
                                               const std::vector<Param>& params);
    Result<std::optional<OutboxJob>> find_package(const std::string& package_id);
    Status add_missing_columns();
    Result<bool> has_column(const char* name);
    Status pin_keys();
    Status pin_seal_key();
    Status pin_station_key();
    Result<std::string> meta(const std::string& name);
    Status set_meta(const std::string& name, const std::string& value);
    Result<bool> take_over_if_dead(int64_t id);
    Result<OutboxJob> insert_job(const OutboxJob& job);
    Status store_chunks(int64_t id, const std::filesystem::path& sealed);
    Status fetch_chunks(int64_t id, const std::filesystem::path& sealed);

    std::string now_text() const;  // the station's clock as RFC 3339 UTC

    std::unique_ptr<record::Database> db_;
    std::function<int64_t()> station_clock_;  // empty: the system clock
    std::filesystem::path dir_;
    std::filesystem::path home_;
    SealKey key_{};
    std::string owner_;
};

// How long a claim lasts without a committed offset to renew it (a PATCH of 8 MiB on a slow
// clinic uplink may take minutes).
inline constexpr int64_t kLeaseSeconds = 300;

// outbox.db's schema version (PRAGMA user_version), numbered on its own: the SQLite outbox is
// its own file. The shared outbox's tables are the store's PostgreSQL migration 5.
inline constexpr int kOutboxSchemaVersion = 1;

}  // namespace intake::package
