// The append-only audit log: every action at the station (who, role, when, what, the hashes
// of the record before and after), each entry hashed together with the previous entry's hash
// so that editing, deleting or reordering any row breaks the chain at that row.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "station/record/store.h"

namespace intake::record {

struct AuditEntry {
    std::string
        actor;  // the person's user id (a local OS account "unix:NAME" when nobody signed in)
    std::string role;  // assistant | clinician | admin | system
    std::string action;
    std::string subject;
    std::string before_hash;  // SHA-256 of the record before ("" when none)
    std::string after_hash;
    std::string detail;  // free text or JSON: the override reason, the decision, ...
};

struct AuditVerification {
    bool ok = true;
    int64_t entries = 0;
    std::optional<int64_t> broken_seq;  // the first entry whose link does not hold
    std::string problem;                // what is wrong with it
};

// A point of the chain kept outside the station: "the log had entry `seq` with this hash". The
// chain alone cannot show that entries were cut off its end (the shorter chain is still valid);
// an anchor written down, printed on a hand-out or sent to the lab can. Text form "SEQ:HASH".
struct AuditAnchor {
    int64_t seq = 0;  // 0 = the empty log
    std::string entry_hash;

    std::string to_string() const;
    // "SEQ:HASH" with a 64-hex-digit hash; bad_input names what is wrong.
    static Result<AuditAnchor> parse(std::string_view text);
};

// Hash of the empty chain's predecessor.
inline constexpr const char* kAuditGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

class AuditLog {
  public:
    // `now_utc` returns an ISO-8601 UTC timestamp; injected so tests are deterministic.
    explicit AuditLog(Store& store, std::function<std::string()> now_utc = {});

    // Appends one entry, linked to the current last entry. Returns its sequence number.
    Result<int64_t> append(const AuditEntry& entry);

    // Walks the chain from the first entry and stops at the first broken link. With an anchor,
    // the chain must also still hold the anchored entry unchanged: a log that now ends before
    // it was cut short.
    Result<AuditVerification> verify(const std::optional<AuditAnchor>& anchor = std::nullopt);
    // The anchor of the last entry (seq 0 and the genesis hash for an empty log).
    Result<AuditAnchor> head();

    // The canonical hash of one row given its fields and prev_hash.
    static std::string entry_hash(const AuditRow& row);
    static std::string utc_now();

    // The store the log lives in: role checks read the users table beside it.
    Store& store() { return *store_; }

  private:
    Store* store_;
    std::function<std::string()> now_utc_;
};

}  // namespace intake::record
