#include "station/record/audit_log.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "base/sha256.h"

namespace intake::record {

AuditLog::AuditLog(Store& store, std::function<std::string()> now_utc)
    : store_(&store), now_utc_(now_utc ? std::move(now_utc) : &AuditLog::utc_now) {}

std::string AuditLog::utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

// A JSON array is an unambiguous encoding of the fields (no separator can be forged by a
// field's content), and nlohmann's dump is byte-stable for strings and integers.
std::string AuditLog::entry_hash(const AuditRow& r) {
    const nlohmann::json fields = {r.seq,     r.at,          r.actor,      r.role,   r.action,
                                   r.subject, r.before_hash, r.after_hash, r.detail, r.prev_hash};
    return sha256_hex(fields.dump());
}

Result<int64_t> AuditLog::append(const AuditEntry& e) {
    int64_t seq = 0;
    Status st = store_->in_transaction([&]() -> Status {
        // Stations append to one chain: the head read below stays the head until commit.
        INTAKE_TRY(store_->lock_audit_chain());
        auto last = store_->last_audit_row();
        if (!last) return fail(last.error());
        AuditRow row{0,         now_utc_(),    e.actor,      e.role,   e.action,
                     e.subject, e.before_hash, e.after_hash, e.detail, kAuditGenesis,
                     ""};
        if (*last) {
            row.seq = (*last)->seq + 1;
            row.prev_hash = (*last)->entry_hash;
        } else {
            row.seq = 1;
        }
        row.entry_hash = entry_hash(row);
        seq = row.seq;
        return store_->append_audit(row);
    });
    if (!st) return fail(st.error());
    return seq;
}

std::string AuditAnchor::to_string() const { return std::to_string(seq) + ":" + entry_hash; }

Result<AuditAnchor> AuditAnchor::parse(std::string_view text) {
    const size_t colon = text.find(':');
    const auto bad = [&](const std::string& why) {
        return fail(Errc::bad_input, "audit anchor '" + std::string(text) + "': " + why +
                                         " (expected SEQ:HASH, as `intake audit head` prints)");
    };
    if (colon == std::string_view::npos) return bad("no ':'");
    const std::string_view seq = text.substr(0, colon), hash = text.substr(colon + 1);
    if (seq.empty() || seq.size() > 18 ||
        seq.find_first_not_of("0123456789") != std::string_view::npos)
        return bad("the sequence number is not a number");
    if (hash.size() != 64 || hash.find_first_not_of("0123456789abcdef") != std::string_view::npos)
        return bad("the hash is not 64 lower-case hex digits");
    return AuditAnchor{std::stoll(std::string(seq)), std::string(hash)};
}

Result<AuditAnchor> AuditLog::head() {
    auto last = store_->last_audit_row();
    if (!last) return fail(last.error());
    if (!*last) return AuditAnchor{0, kAuditGenesis};
    return AuditAnchor{(*last)->seq, (*last)->entry_hash};
}

namespace {

// The chain is intact; does it still hold the anchored entry?
void check_anchor(const std::vector<AuditRow>& rows, const AuditAnchor& anchor,
                  AuditVerification& v) {
    const auto count = static_cast<int64_t>(rows.size());
    if (anchor.seq > count) {
        v.ok = false;
        v.broken_seq = count + 1;
        v.problem = "the log ends at entry " + std::to_string(count) +
                    " but the anchor names entry " + std::to_string(anchor.seq) +
                    ": entries were removed from its end";
    } else if ((anchor.seq == 0
                    ? std::string(kAuditGenesis)
                    : rows[static_cast<size_t>(anchor.seq - 1)].entry_hash) != anchor.entry_hash) {
        v.ok = false;
        v.broken_seq = anchor.seq;
        v.problem = "entry " + std::to_string(anchor.seq) +
                    " is not the entry the anchor names (its hash differs): the log was rewritten";
    }
}

}  // namespace

Result<AuditVerification> AuditLog::verify(const std::optional<AuditAnchor>& anchor) {
    auto rows = store_->audit_rows();
    if (!rows) return fail(rows.error());
    AuditVerification v;
    v.entries = static_cast<int64_t>(rows->size());
    std::string prev = kAuditGenesis;
    int64_t expected_seq = 1;
    for (const AuditRow& r : *rows) {
        std::string problem;
        if (r.seq != expected_seq) {
            problem = "entry " + std::to_string(expected_seq) + " is missing (next is " +
                      std::to_string(r.seq) + ")";
        } else if (r.prev_hash != prev) {
            problem = "prev_hash does not match the hash of entry " + std::to_string(r.seq - 1);
        } else if (entry_hash(r) != r.entry_hash) {
            problem = "contents changed after it was written (hash mismatch)";
        }
        if (!problem.empty()) {
            v.ok = false;
            v.broken_seq = r.seq;
            v.problem = problem;
            return v;
        }
        prev = r.entry_hash;
        ++expected_seq;
    }
    if (anchor) check_anchor(*rows, *anchor, v);
    return v;
}

}  // namespace intake::record
