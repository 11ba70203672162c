// PIN sign-in at the kiosk: PINs are stored only as argon2id hashes (libsodium
// crypto_pwhash_str), and five wrong PINs in a row lock the user out for a while. The clock
// is injected so the lockout window is testable without sleeping.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "station/record/audit_log.h"
#include "station/record/store.h"

namespace intake::record {

struct PinAuthOptions {
    // argon2id cost. Defaults are libsodium's "interactive" limits; fast_for_tests() uses the
    // minimum so the test suite stays quick (never use it for real enrolment).
    uint64_t opslimit = 2;
    size_t memlimit = size_t{64} << 20;
    int max_failures = 5;
    int64_t lockout_seconds = 300;
    std::function<int64_t()> clock;  // unix seconds; empty: the system clock

    static PinAuthOptions fast_for_tests();
};

struct SignedInUser {
    std::string user_id;
    std::string display_name;
    std::string role;
};

class PinAuth {
  public:
    // `audit` may be null; when given, enrolment, sign-ins, failures and lockouts are logged.
    PinAuth(Store& store, AuditLog* audit, PinAuthOptions options = {});

    // PINs are 4-12 digits. Roles: assistant, clinician. An existing user id is a conflict.
    Status enroll(std::string_view user_id, std::string_view display_name, std::string_view role,
                  std::string_view pin);

    // access_denied for an unknown user, a wrong PIN or a locked account (the message says
    // until when, never whether the user exists).
    Result<SignedInUser> sign_in(std::string_view user_id, std::string_view pin);

  private:
    int64_t now() const;
    void log(std::string_view user, std::string_view role, std::string_view action,
             std::string_view detail);

    Store* store_;
    AuditLog* audit_;
    PinAuthOptions options_;
};

}  // namespace intake::record
