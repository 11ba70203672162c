#include "station/package/uploader.h"

#include <sodium.h>

#include <random>

#include "base/schema_ids.h"
#include "station/package/decrypt_ahead.h"
#include "station/package/manifest.h"
#include "station/package/offset_committer.h"
#include "station/package/outbox_retention.h"
#include "station/package/sealed_file.h"

namespace intake::package {

namespace {

// Retrying cannot fix these: the job is marked failed with the reason.
bool is_permanent(Errc code) {
    return code == Errc::server_refused || code == Errc::protocol || code == Errc::corrupt ||
           code == Errc::bad_input || code == Errc::invalid_argument;
}

// Configuration problems (credentials, TLS trust): stop the run, keep the job queued.
bool is_configuration(Errc code) { return code == Errc::access_denied; }

std::string now_utc() {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
    return rfc3339_utc(secs);
}

void sleep_unless_stopped(std::chrono::milliseconds total, const std::atomic<bool>& stop) {
    auto end = std::chrono::steady_clock::now() + total;
    while (!stop.load() && std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(std::min(std::chrono::milliseconds(50),
                                             std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 end - std::chrono::steady_clock::now())));
    }
}

// Exponential back-off with "equal jitter": half fixed, half random, so many stations that
// lost the network together do not all come back in the same second.
std::chrono::milliseconds backoff(const UploadPolicy& policy, int attempt, std::mt19937& rng) {
    auto base = policy.initial_backoff.count() << std::min(attempt, 16);
    base = std::min<long long>(base, policy.max_backoff.count());
    std::uniform_int_distribution<long long> half(0, std::max<long long>(base / 2, 1));
    return std::chrono::milliseconds(base / 2 + half(rng));
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct JobContext {
    Outbox& outbox;
    Transport& transport;
    const UploadPolicy& policy;
    const std::atomic<bool>& stop;
    OutboxJob& job;
    SealedReader& reader;
    UploadTimings& timings;
    RunSummary& summary;
    const UploadLog& log;
    OffsetCommitter* committer = nullptr;  // while sending
};

// Errors that carry the server's HTTP answer to the POST (see errc_for_status): nothing was
// created. Network errors and timeouts are ambiguous: the request may have been processed.
bool answered_without_creating(Errc code) {
    return code == Errc::busy || code == Errc::server_refused || code == Errc::access_denied ||
           code == Errc::not_found || code == Errc::conflict;
}

std::string random_token() {
    unsigned char raw[12];
    randombytes_buf(raw, sizeof raw);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char b : raw) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

Result<std::string> ensure_upload(JobContext& c) {
    if (!c.job.upload_url.empty()) return c.job.upload_url;
    if (!c.job.create_intent.empty()) {
        // A creation was under way when the last run stopped (killed, or the answer was lost):
        // the server may hold an empty upload with this intent that we can never find again
        // (tus has no lookup). It never completes; the server's expiration removes it.
        ++c.summary.possible_orphans;
        if (c.log) {
            c.log("note: an earlier creation for " + c.job.file_name +
                  " may have left an empty upload on the server (metadata intent " +
                  c.job.create_intent + ")");
        }
    }
    // The intent is on disk before the request leaves, so a restart can tell.
    std::string intent = random_token();
    INTAKE_TRY(c.outbox.set_create_intent(c.job.id, intent));
    c.job.create_intent = intent;
    std::map<std::string, std::string> meta{{"package_id", c.job.package_id},
                                            {"filename", c.job.file_name},
                                            {"sha256", c.job.sha256},
                                            {"intent", intent}};
    if (c.policy.job_metadata) meta.merge(c.policy.job_metadata(c.job));
    auto t0 = std::chrono::steady_clock::now();
    auto url = c.transport.create(c.job.size, meta);
    c.timings.query_seconds += seconds_since(t0);
    if (!url && answered_without_creating(url.error().code)) {
        // The server answered (4xx/5xx): it created nothing, so there is no orphan to note.
        INTAKE_TRY(c.outbox.set_create_intent(c.job.id, ""));
        c.job.create_intent.clear();
    }
    if (!url) return fail(url.error());
    // Stored before the first byte goes out: a crash from here on resumes this upload.
    INTAKE_TRY(c.outbox.set_upload(c.job.id, *url, 0));
    c.job.upload_url = *url;
    return *url;
}

Result<std::string> verify_and_receipt(JobContext& c, const RemoteUpload& remote) {
    auto pkg = remote.metadata.find("package_id");
    auto sha = remote.metadata.find("sha256");
    if (remote.length != c.job.size || remote.offset != c.job.size ||
        pkg == remote.metadata.end() || pkg->second != c.job.package_id ||
        sha == remote.metadata.end() || sha->second != c.job.sha256) {
        return fail(Errc::protocol, c.job.upload_url +
                                        ": the finished upload does not match the package "
                                        "(length or package id/hash in metadata)");
    }
    nlohmann::json receipt = {{"url", c.job.upload_url},        {"package_id", c.job.package_id},
                              {"sha256", c.job.sha256},         {"length", remote.length},
                              {"server_offset", remote.offset}, {"protocol", "tus/1.0.0"},
                              {"completed_at", now_utc()}};
    receipt["$schema"] = schema_ids::kReceipt;  // docs/schemas/receipt.schema.json
    if (auto it = remote.metadata.find("intent"); it != remote.metadata.end())
        receipt["intent"] = it->second;
    return receipt.dump();
}

// PATCHes one decrypted chunk, starting at `offset` inside it. A server that acknowledges only
// part of it gets the rest of the same buffer in the next PATCH.
Status send_chunk(JobContext& c, const std::string& url, uint64_t& offset,
                  const PlainChunk& chunk) {
    auto rest = chunk.bytes.subspan(static_cast<size_t>(offset - chunk.offset));
    while (!rest.empty()) {
        if (c.stop.load()) return fail(Errc::cancelled, "stopped");
        auto t0 = std::chrono::steady_clock::now();
        auto acked = c.transport.append(url, offset, rest);
        c.timings.send_seconds += seconds_since(t0);
        ++c.timings.patches;
        if (!acked) return fail(acked.error());
        if (*acked == offset) {
            return fail(Errc::busy, "PATCH " + url + ": the server took no bytes at offset " +
                                        std::to_string(offset));
        }
        INTAKE_TRY(c.committer->post(*acked));  // written while the next PATCH goes out
        rest = rest.subspan(static_cast<size_t>(*acked - offset));
        offset = *acked;
    }
    return ok();
}

Status send_chunks(JobContext& c, const std::string& url, uint64_t offset, DecryptAhead& ahead) {
    while (offset < c.job.size) {
        if (c.stop.load()) return fail(Errc::cancelled, "stopped");
        auto t0 = std::chrono::steady_clock::now();
        auto chunk = ahead.next();
        c.timings.wait_decrypt_seconds += seconds_since(t0);
        if (!chunk) return fail(chunk.error());
        if (chunk->bytes.empty() || chunk->offset > offset ||
            chunk->offset + chunk->bytes.size() <= offset) {
            return fail(Errc::internal, c.job.file_name + ": decrypted chunk out of step at " +
                                            std::to_string(offset));
        }
        INTAKE_TRY(send_chunk(c, url, offset, *chunk));
        ahead.release(*chunk);
    }
    return ok();
}

// Sends from `offset` to the end: a DecryptAhead thread decrypts the next chunks into a small
// ring while this thread has curl send the current one, and an OffsetCommitter records each
// acknowledged offset while the next PATCH is on the wire.
Status send_from(JobContext& c, const std::string& url, uint64_t offset) {
    DecryptAhead ahead(c.reader, offset, c.policy.chunk_bytes, c.policy.decrypt_ahead);
    OffsetCommitter committer(c.outbox, c.job.id);
    c.committer = &committer;
    Status sent = send_chunks(c, url, offset, ahead);
    ahead.stop();
    c.timings.decrypt_cpu_seconds += ahead.producer_cpu_seconds();
    auto t0 = std::chrono::steady_clock::now();
    Status committed = committer.flush();  // the last offset is on disk before we go on
    c.timings.commit_seconds += seconds_since(t0);
    c.committer = nullptr;
    if (!sent) return sent;
    return committed;
}

// Asks the server for the finished upload and checks it is the package.
Result<std::string> finish_job(JobContext& c, const std::string& url) {
    auto t0 = std::chrono::steady_clock::now();
    auto done = c.transport.query(url);
    c.timings.query_seconds += seconds_since(t0);
    if (!done) return fail(done.error());
    return verify_and_receipt(c, *done);
}

// One pass over a job: create if needed, ask the server, send the rest, verify.
Result<std::string> send_job(JobContext& c) {
    bool fresh = c.job.upload_url.empty();
    auto url = ensure_upload(c);
    if (!url) return fail(url.error());
    if (fresh) {
        // Just created: the server holds nothing yet, so there is nothing to ask (the HEAD is
        // for resumes, where the server may hold more than we recorded).
        INTAKE_TRY(send_from(c, *url, 0));
        return finish_job(c, *url);
    }
    auto t0 = std::chrono::steady_clock::now();
    auto remote = c.transport.query(*url);
    c.timings.query_seconds += seconds_since(t0);
    if (!remote && remote.error().code == Errc::not_found) {
        INTAKE_TRY(c.outbox.set_upload(c.job.id, "", 0));  // the server forgot it: start over
        c.job.upload_url.clear();
        return fail(remote.error());
    }
    if (!remote) return fail(remote.error());
    if (remote->length != 0 && remote->length != c.job.size) {
        INTAKE_TRY(c.outbox.set_upload(c.job.id, "", 0));
        c.job.upload_url.clear();
        return fail(Errc::conflict, *url + ": the server holds an upload of a different length");
    }
    uint64_t offset = remote->offset;  // the server's word, not our last record
    INTAKE_TRY(c.outbox.set_offset(c.job.id, offset));
    INTAKE_TRY(send_from(c, *url, offset));
    return finish_job(c, *url);
}

enum class JobOutcome { uploaded, failed, deferred, stop_run };

JobOutcome run_job(Outbox& outbox, Transport& transport, const UploadPolicy& policy,
                   const std::atomic<bool>& stop, OutboxJob job, const UploadLog& log,
                   RunSummary& summary) {
    auto say = [&](const std::string& s) {
        if (log) log(s);
    };
    std::string& error = summary.last_error;
    // On a shared outbox the sealed package may first have to come from the database: a lost
    // connection there is worth another run, a missing or damaged package is not.
    auto sealed = outbox.sealed_file(job);
    if (!sealed) {
        error = sealed.error().to_string();
        if (!is_permanent(sealed.error().code) && sealed.error().code != Errc::not_found)
            return JobOutcome::deferred;
        (void)outbox.mark_failed(job.id, error);
        return JobOutcome::failed;
    }
    auto reader = SealedReader::open(*sealed, outbox.seal_key(), job.package_id);
    if (!reader) {
        error = reader.error().to_string();
        (void)outbox.mark_failed(job.id, error);
        return JobOutcome::failed;
    }
    std::mt19937 rng(std::random_device{}());
    JobContext c{outbox,         transport,       policy,  stop, job,
                 reader.value(), summary.timings, summary, log};
    for (int attempt = 0; attempt < policy.max_attempts && !stop.load(); ++attempt) {
        auto receipt = send_job(c);
        if (receipt) {
            if (!outbox.mark_uploaded(job.id, *receipt)) return JobOutcome::deferred;
            if (outbox.shared()) {
                // The lab holds it: the database's sealed copy goes too (retention sweeps it if
                // this fails); this station's fetched one is discarded below.
                if (auto purged = outbox.purge_uploaded_chunks(job.id); !purged)
                    say("warning: " + purged.error().to_string());
            }
            say("uploaded " + job.file_name + " (" + std::to_string(job.size) + " bytes) to " +
                job.upload_url);
            // The lab holds it now: the sealed copy goes (retention sweeps it if this fails).
            if (auto gone = discard_sealed_copy(outbox, job); !gone)
                say("warning: " + gone.error().to_string());
            return JobOutcome::uploaded;
        }
        error = receipt.error().to_string();
        (void)outbox.note_attempt(job.id, error);
        if (receipt.error().code == Errc::cancelled) return JobOutcome::stop_run;
        if (is_permanent(receipt.error().code)) {
            (void)outbox.mark_failed(job.id, error);
            say("failed " + job.file_name + ": " + error);
            return JobOutcome::failed;
        }
        if (is_configuration(receipt.error().code)) return JobOutcome::stop_run;
        auto wait = backoff(policy, attempt, rng);
        say("retrying " + job.file_name + " in " + std::to_string(wait.count()) + " ms: " + error);
        sleep_unless_stopped(wait, stop);
    }
    return JobOutcome::deferred;
}

}  // namespace

Result<RunSummary> upload_pending(Outbox& outbox, Transport& transport, const UploadPolicy& policy,
                                  const std::atomic<bool>& stop, const UploadLog& log) {
    RunSummary summary;
    auto all = outbox.jobs();
    if (!all) return fail(all.error());
    for (auto& listed : *all) {
        if (stop.load()) break;
        if (listed.state != JobState::queued && listed.state != JobState::uploading) continue;
        auto claimed = outbox.claim(listed.id);
        if (!claimed) return fail(claimed.error());
        if (!*claimed) {
            auto now = outbox.job(listed.id);
            if (!now) return fail(now.error());
            if (now->state != JobState::queued && now->state != JobState::uploading) continue;
            // Another live uploader (the kiosk, another `outbox run`) is sending it.
            ++summary.deferred;
            if (log) log("skipped " + listed.file_name + ": another uploader is sending it");
            continue;
        }
        // Read again under the lease: the other uploader may have moved it on since the list.
        auto job = outbox.job(listed.id);
        if (!job) return fail(job.error());
        if (job->state != JobState::queued && job->state != JobState::uploading) {
            (void)outbox.release(job->id);
            continue;
        }
        auto outcome = run_job(outbox, transport, policy, stop, *job, log, summary);
        (void)outbox.release(job->id);
        switch (outcome) {
            case JobOutcome::uploaded:
                ++summary.uploaded;
                break;
            case JobOutcome::failed:
                ++summary.failed;
                break;
            case JobOutcome::deferred:
                ++summary.deferred;
                break;
            case JobOutcome::stop_run:
                ++summary.deferred;
                return summary;
        }
    }
    return summary;
}

UploaderThread::UploaderThread(std::filesystem::path home, MakeTransport make, UploadPolicy policy,
                               bool once, std::chrono::milliseconds poll, UploadLog log,
                               std::string database)
    : home_(std::move(home)),
      database_(std::move(database)),
      make_(std::move(make)),
      policy_(policy),
      once_(once),
      poll_(poll),
      log_(std::move(log)) {
    thread_ = std::thread([this] { run(); });
}

UploaderThread::~UploaderThread() {
    stop();
    if (thread_.joinable()) thread_.join();
}

void UploaderThread::stop() { stop_.store(true); }

Result<RunSummary> UploaderThread::join() {
    if (thread_.joinable()) thread_.join();
    return result_;
}

namespace {

void add_up(RunSummary& total, const RunSummary& pass) {
    total.uploaded += pass.uploaded;
    total.failed += pass.failed;
    total.deferred = pass.deferred;  // what the latest pass left queued, not a running sum
    total.possible_orphans += pass.possible_orphans;
    if (!pass.last_error.empty()) total.last_error = pass.last_error;
    total.timings.send_seconds += pass.timings.send_seconds;
    total.timings.wait_decrypt_seconds += pass.timings.wait_decrypt_seconds;
    total.timings.decrypt_cpu_seconds += pass.timings.decrypt_cpu_seconds;
    total.timings.commit_seconds += pass.timings.commit_seconds;
    total.timings.query_seconds += pass.timings.query_seconds;
    total.timings.patches += pass.timings.patches;
}

}  // namespace

void UploaderThread::run() {
    struct MarkFinished {
        std::atomic<bool>& flag;
        ~MarkFinished() { flag.store(true); }
    } mark{finished_};
    // Its own connection: database handles are not shared across threads here.
    auto outbox = Outbox::open_location(home_, database_);
    if (!outbox) {
        result_ = fail(outbox.error());
        return;
    }
    auto transport = make_();
    if (!transport) {
        result_ = fail(transport.error());
        return;
    }
    RunSummary total;
    do {
        auto pass = upload_pending(*outbox, **transport, policy_, stop_, log_);
        if (!pass) {
            result_ = fail(pass.error());
            return;
        }
        add_up(total, *pass);
        result_ = total;
        if (once_) return;
        sleep_unless_stopped(poll_, stop_);
    } while (!stop_.load());
}

}  // namespace intake::package
