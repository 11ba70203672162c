// The outbox's jobs and leases, written once against the record layer's Database seam: the
// same statements run on SQLite (outbox.db) and PostgreSQL (the practice's database). Opening
// and the pinned keys are in outbox_open.cpp; the sealed package in PostgreSQL in
// outbox_chunks.cpp.
#include "station/package/outbox.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>

#include "base/file_io.h"
#include "base/safe_name.h"
#include "base/sha256.h"
#include "station/package/manifest.h"
#include "station/package/package_reader.h"
#include "station/package/sealed_file.h"
#include "station/package/trust_store.h"
#include "station/record/database.h"

namespace intake::package {

namespace fs = std::filesystem;

std::string_view job_state_name(JobState state) {
    switch (state) {
        case JobState::queued:
            return "queued";
        case JobState::uploading:
            return "uploading";
        case JobState::uploaded:
            return "uploaded";
        case JobState::failed:
            return "failed";
    }
    return "queued";
}

namespace {

JobState parse_state(std::string_view s) {
    if (s == "uploading") return JobState::uploading;
    if (s == "uploaded") return JobState::uploaded;
    if (s == "failed") return JobState::failed;
    return JobState::queued;
}

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    return buf;
}

// True when `owner` names a process of this host that is gone (a killed uploader). A holder on
// another station of a shared outbox cannot be asked: its lease runs out instead.
bool owner_is_dead_here(const std::string& owner) {
    auto first = owner.find(':');
    auto second = owner.find(':', first == std::string::npos ? 0 : first + 1);
    if (first == std::string::npos || second == std::string::npos) return false;
    if (owner.substr(0, first) != host_name()) return false;
    pid_t pid = 0;
    try {
        pid = static_cast<pid_t>(std::stol(owner.substr(first + 1, second - first - 1)));
    } catch (const std::exception&) {
        return false;
    }
    if (pid <= 0) return false;
    return ::kill(pid, 0) != 0 && errno == ESRCH;
}

constexpr std::string_view kColumns =
    "id, package_id, file_name, size, sha256, state, upload_url, upload_offset, attempts, "
    "last_error, receipt, created_at, updated_at, create_intent, claimed_by, lease_until";

OutboxJob job_from_row(const record::Statement& s) {
    OutboxJob j;
    j.id = s.integer(0);
    j.package_id = s.text(1);
    j.file_name = s.text(2);
    j.size = static_cast<uint64_t>(s.integer(3));
    j.sha256 = s.text(4);
    j.state = parse_state(s.text(5));
    j.upload_url = s.text(6);
    j.offset = static_cast<uint64_t>(s.integer(7));
    j.attempts = static_cast<int>(s.integer(8));
    j.last_error = s.text(9);
    j.receipt = s.text(10);
    j.created_at = s.text(11);
    j.updated_at = s.text(12);
    j.create_intent = s.text(13);
    j.claimed_by = s.text(14);
    j.lease_until = s.integer(15);
    return j;
}

void bind_all(record::Statement& s, const std::vector<std::variant<std::string, int64_t>>& params) {
    int i = 1;
    for (const auto& p : params) {
        if (const auto* t = std::get_if<std::string>(&p)) {
            s.bind(i++, std::string_view(*t));
        } else {
            s.bind(i++, std::get<int64_t>(p));
        }
    }
}

}  // namespace

nlohmann::json to_json(const OutboxJob& job) {
    nlohmann::json j = {{"id", job.id},
                        {"package_id", job.package_id},
                        {"file_name", job.file_name},
                        {"size", job.size},
                        {"sha256", job.sha256},
                        {"state", job_state_name(job.state)},
                        {"upload_url", job.upload_url},
                        {"offset", job.offset},
                        {"attempts", job.attempts},
                        {"last_error", job.last_error},
                        {"created_at", job.created_at},
                        {"updated_at", job.updated_at},
                        {"create_intent", job.create_intent},
                        {"claimed_by", job.claimed_by},
                        {"lease_until", job.lease_until}};
    j["receipt"] = job.receipt.empty() ? nlohmann::json(nullptr)
                                       : nlohmann::json::parse(job.receipt, nullptr, false);
    return j;
}

fs::path Outbox::sealed_path(const OutboxJob& job) const {
    return dir_ / "packages" / (job.package_id + ".sealed");
}

Status Outbox::run(std::string_view text, const std::vector<Param>& params) {
    auto s = db_->prepare(sql(text));
    if (!s) return db_error(s.error());
    bind_all(**s, params);
    while (true) {
        auto row = (*s)->step();
        if (!row) return db_error(row.error());
        if (!*row) return ok();
    }
}

Result<std::optional<int64_t>> Outbox::run_returning(std::string_view text,
                                                     const std::vector<Param>& params) {
    auto s = db_->prepare(sql(text));
    if (!s) return db_error(s.error());
    bind_all(**s, params);
    auto row = (*s)->step();
    if (!row) return db_error(row.error());
    if (!*row) return std::optional<int64_t>();
    const int64_t id = (*s)->integer(0);
    while (true) {  // SQLite finishes the statement only when stepped to its end
        auto more = (*s)->step();
        if (!more) return db_error(more.error());
        if (!*more) return std::optional<int64_t>(id);
    }
}

Result<std::vector<OutboxJob>> Outbox::select_jobs(std::string_view where,
                                                   const std::vector<Param>& params) {
    auto s = db_->prepare(sql("SELECT " + std::string(kColumns) + " FROM {jobs} " +
                              std::string(where) + " ORDER BY id"));
    if (!s) return db_error(s.error());
    bind_all(**s, params);
    std::vector<OutboxJob> out;
    while (true) {
        auto row = (*s)->step();
        if (!row) return db_error(row.error());
        if (!*row) return out;
        out.push_back(job_from_row(**s));
    }
}

Result<std::vector<OutboxJob>> Outbox::jobs() { return select_jobs("", {}); }

Result<OutboxJob> Outbox::job(int64_t id) {
    auto found = select_jobs("WHERE id=?", {id});
    if (!found) return fail(found.error());
    if (found->empty())
        return fail(Errc::not_found, "outbox job " + std::to_string(id) + " does not exist");
    return found->front();
}

Result<std::optional<OutboxJob>> Outbox::find_package(const std::string& package_id) {
    auto found = select_jobs("WHERE package_id=?", {package_id});
    if (!found) return fail(found.error());
    if (found->empty()) return std::optional<OutboxJob>();
    return std::optional<OutboxJob>(found->front());
}

std::string Outbox::now_text() const {
    const int64_t now = station_clock_ ? station_clock_()
                                       : std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count();
    return rfc3339_utc(now);
}

Result<std::optional<OutboxJob>> Outbox::next_pending() {
    auto found = select_jobs("WHERE state IN ('queued','uploading')", {});
    if (!found) return fail(found.error());
    if (found->empty()) return std::optional<OutboxJob>();
    return std::optional<OutboxJob>(found->front());
}

Status Outbox::set_upload(int64_t id, const std::string& url, uint64_t offset) {
    return run(
        "UPDATE {jobs} SET updated_at=?, upload_url=?, upload_offset=?, state='uploading' "
        "WHERE id=?",
        {now_text(), url, static_cast<int64_t>(offset), id});
}

Status Outbox::set_create_intent(int64_t id, const std::string& token) {
    return run("UPDATE {jobs} SET updated_at=?, create_intent=? WHERE id=?",
               {now_text(), token, id});
}

// A committed offset also renews our lease: an uploader that makes progress keeps its job.
Status Outbox::set_offset(int64_t id, uint64_t offset) {
    return run(
        "UPDATE {jobs} SET updated_at=?, upload_offset=?, "
        "lease_until=CASE WHEN claimed_by=? THEN {now} + CAST(? AS BIGINT) ELSE lease_until END "
        "WHERE id=?",
        {now_text(), static_cast<int64_t>(offset), owner_, kLeaseSeconds, id});
}

// A compare-and-set in one statement, so two uploaders cannot both win. On PostgreSQL the row
// is taken with FOR UPDATE SKIP LOCKED: a row another station is claiming at this instant is
// skipped (reported as held), never waited for. Leases are given and judged by the database's
// clock ({now}), so stations whose clocks disagree still agree on when one runs out.
Result<bool> Outbox::claim(int64_t id) {
    const char* claimable =
        "id=? AND state IN ('queued','uploading') AND "
        "(claimed_by='' OR claimed_by=? OR lease_until<{now})";
    const char* take = "UPDATE {jobs} SET claimed_by=?, lease_until={now} + CAST(? AS BIGINT) ";
    std::string text = shared() ? std::string(take) + "WHERE id IN (SELECT id FROM {jobs} WHERE " +
                                      claimable + " FOR UPDATE SKIP LOCKED) RETURNING id"
                                : std::string(take) + "WHERE " + claimable + " RETURNING id";
    auto claimed = run_returning(text, {owner_, kLeaseSeconds, id, owner_});
    if (!claimed) return fail(claimed.error());
    if (claimed->has_value()) return true;
    return take_over_if_dead(id);
}

// The holder was killed (kill -9, power cut of the kiosk process): its lease is taken over at
// once instead of after kLeaseSeconds. Compare-and-set on the dead owner's name, so two
// survivors racing for it cannot both win.
Result<bool> Outbox::take_over_if_dead(int64_t id) {
    auto current = job(id);
    if (!current) return fail(current.error());
    if (current->claimed_by.empty() || !owner_is_dead_here(current->claimed_by)) return false;
    auto taken = run_returning(
        "UPDATE {jobs} SET claimed_by=?, lease_until={now} + CAST(? AS BIGINT) WHERE id=? AND "
        "claimed_by=? AND state IN ('queued','uploading') RETURNING id",
        {owner_, kLeaseSeconds, id, current->claimed_by});
    if (!taken) return fail(taken.error());
    return taken->has_value();
}

Status Outbox::release(int64_t id) {
    return run(
        "UPDATE {jobs} SET updated_at=?, claimed_by='', lease_until=0 WHERE claimed_by=? AND "
        "id=?",
        {now_text(), owner_, id});
}

Result<OutboxJob> Outbox::retry(int64_t id) {
    auto current = job(id);
    if (!current) return fail(current.error());
    if (current->state != JobState::failed) {
        return fail(Errc::conflict, "outbox job " + std::to_string(id) + " is " +
                                        std::string(job_state_name(current->state)) +
                                        "; only a failed job can be retried");
    }
    INTAKE_TRY(
        run("UPDATE {jobs} SET updated_at=?, last_error='', attempts=0, "
            "state=CASE WHEN upload_url='' THEN 'queued' ELSE 'uploading' END "
            "WHERE id=? AND state='failed'",
            {now_text(), id}));
    return job(id);
}

Status Outbox::note_attempt(int64_t id, const std::string& error) {
    return run("UPDATE {jobs} SET updated_at=?, last_error=?, attempts=attempts+1 WHERE id=?",
               {now_text(), error, id});
}

Status Outbox::mark_uploaded(int64_t id, const std::string& receipt_json) {
    const char* mark =
        "UPDATE {jobs} SET updated_at=?, receipt=?, state='uploaded', last_error='' WHERE id=?";
    if (!shared()) return run(mark, {now_text(), receipt_json, id});
    INTAKE_TRY(db_->begin());
    Status st = run(mark, {now_text(), receipt_json, id});
    if (st) st = run("DELETE FROM {chunks} WHERE job_id=?", {id});
    if (st) st = db_->commit();
    if (!st && db_->in_transaction()) (void)db_->rollback();
    return st;
}

// Never over an uploaded job: a station whose lease ran out may still be failing a copy (on the
// shared outbox, one fetched while the holder finished and purged the chunks) of what the lab
// already holds.
Status Outbox::mark_failed(int64_t id, const std::string& reason) {
    return run(
        "UPDATE {jobs} SET updated_at=?, last_error=?, state='failed' "
        "WHERE id=? AND state<>'uploaded'",
        {now_text(), reason, id});
}

Result<OutboxJob> Outbox::add(const fs::path& package_zip) {
    // Read once: the bytes verified are the bytes sealed, whatever happens to the file later.
    auto bytes = read_file_bytes(package_zip, size_t{4} << 30);
    if (!bytes) return fail(bytes.error());
    auto trust = load_trusted_keys(home_);
    if (!trust) return fail(trust.error());
    auto digest = digest_package_bytes(*bytes, package_zip.string());
    VerifyReport report;
    if (digest) {
        report = verify_digest(*digest, &trust.value());
    } else if (digest.error().code == Errc::corrupt) {
        report.problems.push_back(digest.error().message);
    } else {
        return fail(digest.error());
    }
    if (!report.ok) {
        return fail(Errc::corrupt,
                    package_zip.string() + ": does not verify: " + report.problems.front());
    }
    auto existing = find_package(report.package_id);
    if (!existing) return fail(existing.error());
    if (*existing) return **existing;  // already queued: once only
    // The id names the sealed file: never a path, whatever a manifest says.
    INTAKE_TRY(check_path_component(report.package_id, package_zip.string() + ": package id"));
    OutboxJob job;
    job.package_id = report.package_id;
    job.file_name = package_zip.filename().string();
    job.size = bytes->size();
    job.sha256 = sha256_hex(*bytes);
    INTAKE_TRY(seal_bytes(*bytes, key_, sealed_path(job), job.package_id));
    return insert_job(job);
}

// One transaction: the job and (shared outbox) its sealed chunks, or nothing. A package another
// process queued at the same instant is found by its unique id and returned instead.
Result<OutboxJob> Outbox::insert_job(const OutboxJob& job) {
    INTAKE_TRY(db_->begin());
    const std::string now = now_text();
    auto id = run_returning(
        "INSERT INTO {jobs}(package_id, file_name, size, sha256, state, created_at, updated_at) "
        "VALUES(?,?,?,?,'queued',?,?) RETURNING id",
        {job.package_id, job.file_name, static_cast<int64_t>(job.size), job.sha256, now, now});
    Status st = id ? ok() : Status(fail(id.error()));
    if (st && !id->has_value()) st = fail(Errc::internal, db_->label() + ": no id for the job");
    if (st && shared()) st = store_chunks(**id, sealed_path(job));
    if (st) st = db_->commit();
    if (!st && db_->in_transaction()) (void)db_->rollback();
    if (!st && st.error().code == Errc::conflict) {
        auto other = find_package(job.package_id);
        if (other && *other) return **other;
    }
    if (!st) return fail(st.error());
    return this->job(**id);
}

}  // namespace intake::package
