// PIN sign-in at the kiosk. PINs are stored only as argon2id hashes (libsodium crypto_pwhash_str)
// of HMAC-SHA256(pepper, PIN), the pepper kept outside the database (pin_pepper.h). Wrong PINs
// lock the user out, each lockout twice as long as the one before, until a successful sign-in.
// The clock is injected so the lockout windows are testable without sleeping. Staff (staff.h)
// builds the roles and the staff rules on top; PinAuth knows PINs, hashes and lockouts only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
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
    int max_failures = 5;                 // wrong PINs in a row before each lockout
    int64_t lockout_seconds = 300;        // the first lockout; every further one doubles
    int64_t max_lockout_seconds = 86400;  // ... up to a day
    int min_pin_digits = 6;               // new PINs; demo-seed users keep their 4 digits
    // empty: <folder of station.db>/keys/pin-pepper; a PostgreSQL store must name it.
    std::filesystem::path pepper_file;
    std::function<int64_t()> clock;  // unix seconds; empty: the system clock

    static PinAuthOptions fast_for_tests();
};

inline constexpr int kMaxPinDigits = 12;
inline constexpr int kDemoPinDigits = 4;

struct SignedInUser {
    std::string user_id;
    std::string display_name;
    std::string role;
};

// A new PIN's stored form.
struct PinHash {
    std::string hash;    // "$argon2id$..."
    std::string scheme;  // "argon2id-hmac"
};

class PinAuth {
  public:
    // `audit` may be null (then nothing is logged). When given, every sign-in, failure, refusal
    // and lockout is appended, and a failed append fails the sign-in (fail closed).
    PinAuth(Store& store, AuditLog* audit, PinAuthOptions options = {});

    // Enrols a user without any role check (Staff decides who may): ids are 1-64 of
    // A-Z a-z 0-9 . _ @ -, starting with a letter or digit; roles assistant, clinician, admin;
    // PINs options.min_pin_digits-12 digits. An existing id is a conflict. Audited `user.enroll`.
    Status enroll(std::string_view user_id, std::string_view display_name, std::string_view role,
                  std::string_view pin);
    // The demo seed's users: 4-digit PINs allowed, marked demo (only they may sign in with one).
    Status enroll_demo(std::string_view user_id, std::string_view display_name,
                       std::string_view role, std::string_view pin);

    // access_denied for an unknown or disabled user, a wrong PIN or a locked account (the
    // message says until when, never whether the user exists). An unknown or disabled id counts
    // and locks exactly like a user's wrong PINs (see attempts()). A missing or unreadable
    // pepper is its own error (not_found / access_denied / corrupt) naming the file.
    Result<SignedInUser> sign_in(std::string_view user_id, std::string_view pin);

    // invalid_argument unless `pin` is min_digits-12 digits.
    static Status check_pin_format(std::string_view pin, int min_digits);
    // invalid_argument unless the id and display name are acceptable (see enroll).
    static Status check_user_fields(std::string_view user_id, std::string_view display_name);
    // Hashes a new PIN with the pepper (created on first use while no peppered hash exists).
    Result<PinHash> hash_new_pin(std::string_view pin);

    int64_t now() const;
    const PinAuthOptions& options() const { return options_; }
    // argon2id verifications this object has run. An unknown or disabled id costs one too (a
    // throwaway hash), as a wrong PIN does, so the time a refusal takes does not tell whether an
    // id exists.
    int verifications() const { return verifications_; }
    // How long the lockout after `failures` wrong PINs lasts (0: no lockout at that count).
    int64_t lockout_after(int failures) const;

    // The wrong PINs in a row typed for `user_id` and until when it is locked, whatever the id:
    // an active user's own count, else (an unknown or disabled id) the count sign_in keeps in the
    // store under id_key(user_id). So the kiosk and the CLI answer a made-up id exactly as a real
    // one — tries left, the escalating lockout — and a restart forgets neither.
    Result<SignInAttempts> attempts(std::string_view user_id);
    // HMAC-SHA256 of the typed id under a key derived from the pepper, in hex: the store's key for
    // an id that is no user. Without the pepper nobody can tell which ids were tried.
    Result<std::string> id_key(std::string_view user_id);

  private:
    Status enroll_user(UserRecord user, std::string_view pin, int min_digits);
    Status log(std::string_view user, std::string_view role, std::string_view action,
               std::string_view detail);
    Result<std::filesystem::path> pepper_file() const;
    Result<bool> pin_matches(const UserRecord& u, std::string_view pin);
    void spend_a_verification(std::string_view pin);
    Result<SignedInUser> succeed(const UserRecord& u, std::string_view pin);
    Status record_failure(const UserRecord& u, const std::string& why);
    Result<SignedInUser> refuse_non_user(std::string_view user_id,
                                         const std::optional<UserRecord>& disabled,
                                         std::string_view pin);
    Status count_non_user_failure(const std::string& key, std::string_view user_id,
                                  std::string_view role, std::string_view action,
                                  const std::string& why);
    Result<std::string> pepper_creating_if_unused();

    Store* store_;
    AuditLog* audit_;
    PinAuthOptions options_;
    int verifications_ = 0;
};

}  // namespace intake::record
