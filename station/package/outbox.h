// The outbox: a durable SQLite job queue (WAL, synchronous=FULL) in `<home>/outbox/`, one job
// per package, with the package sealed at rest next to the database. A job moves
// queued → uploading → uploaded (the lab receipt stored) | failed (permanent, with a reason).
// The upload URL is stored before the first byte is sent and the offset after every
// acknowledged chunk, so a crash at any instant resumes rather than repeats.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "station/package/station_key.h"

struct sqlite3;

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

    std::filesystem::path sealed_path(const OutboxJob& job) const;
    const SealKey& seal_key() const { return key_; }
    const std::filesystem::path& folder() const { return dir_; }

  private:
    Outbox() = default;
    Status exec(const std::string& sql);
    Status migrate();
    Result<bool> has_column(const char* name);
    Status pin_keys();
    Result<std::string> meta(const std::string& name);
    Status set_meta(const std::string& name, const std::string& value);
    Result<bool> take_over_if_dead(int64_t id);
    Status update(const std::string& sql, int64_t id, const std::string* text,
                  const int64_t* number);

    sqlite3* db_ = nullptr;
    std::filesystem::path dir_;
    std::filesystem::path home_;
    SealKey key_{};
    std::string owner_;
};

// How long a claim lasts without a committed offset to renew it (a PATCH of 8 MiB on a slow
// clinic uplink may take minutes).
inline constexpr int64_t kLeaseSeconds = 300;

}  // namespace intake::package
