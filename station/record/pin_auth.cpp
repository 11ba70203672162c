#include "station/record/pin_auth.h"

#include <sodium.h>

#include <algorithm>
#include <ctime>

namespace intake::record {

PinAuthOptions PinAuthOptions::fast_for_tests() {
    PinAuthOptions o;
    o.opslimit = crypto_pwhash_OPSLIMIT_MIN;
    o.memlimit = crypto_pwhash_MEMLIMIT_MIN;
    return o;
}

PinAuth::PinAuth(Store& store, AuditLog* audit, PinAuthOptions options)
    : store_(&store), audit_(audit), options_(std::move(options)) {}

int64_t PinAuth::now() const {
    return options_.clock ? options_.clock() : static_cast<int64_t>(std::time(nullptr));
}

void PinAuth::log(std::string_view user, std::string_view role, std::string_view action,
                  std::string_view detail) {
    if (audit_ == nullptr) return;
    // A failed audit append must not let a sign-in through silently; callers see the
    // sign-in result, and the chain stays consistent because append is transactional.
    (void)audit_->append(AuditEntry{std::string(user), std::string(role), std::string(action),
                                    "user " + std::string(user), "", "", std::string(detail)});
}

Status PinAuth::enroll(std::string_view user_id, std::string_view display_name,
                       std::string_view role, std::string_view pin) {
    if (user_id.empty() || user_id.size() > 64) {
        return fail(Errc::invalid_argument, "user id: must be 1-64 characters");
    }
    if (role != "assistant" && role != "clinician") {
        return fail(Errc::invalid_argument,
                    "role: '" + std::string(role) + "' is not assistant or clinician");
    }
    const bool digits =
        std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pin.size() < 4 || pin.size() > 12) {
        return fail(Errc::invalid_argument, "PIN: must be 4-12 digits");
    }
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, pin.data(), pin.size(), options_.opslimit, options_.memlimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return fail(Errc::no_space, "PIN: argon2id ran out of memory");
    }
    UserRecord u{std::string(user_id), std::string(display_name), std::string(role), hash, 0, 0};
    INTAKE_TRY(store_->insert_user(u));
    log(user_id, role, "user.enroll", "");
    return ok();
}

Result<SignedInUser> PinAuth::sign_in(std::string_view user_id, std::string_view pin) {
    const Failure denied = fail(Errc::access_denied, "sign-in refused: unknown user or wrong PIN");
    auto found = store_->find_user(user_id);
    if (!found) return fail(found.error());
    if (!*found) {
        log(user_id, "unknown", "user.sign-in-failed", "unknown user");
        return denied;
    }
    UserRecord u = **found;
    const int64_t t = now();
    if (u.locked_until > t) {
        log(u.user_id, u.role, "user.sign-in-refused", "locked");
        return fail(Errc::access_denied, "sign-in refused: " + u.user_id + " is locked for " +
                                             std::to_string(u.locked_until - t) +
                                             " more seconds after " +
                                             std::to_string(options_.max_failures) + " wrong PINs");
    }
    if (u.locked_until != 0) u.failed_attempts = 0;  // the lockout has expired: a fresh start
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    const std::string stored = u.pin_hash;
    if (crypto_pwhash_str_verify(stored.c_str(), pin.data(), pin.size()) == 0) {
        INTAKE_TRY(store_->update_user_lock(u.user_id, 0, 0));
        log(u.user_id, u.role, "user.sign-in", "");
        return SignedInUser{u.user_id, u.display_name, u.role};
    }
    const int failures = u.failed_attempts + 1;
    const bool lock = failures >= options_.max_failures;
    const int64_t until = lock ? t + options_.lockout_seconds : 0;
    INTAKE_TRY(store_->update_user_lock(u.user_id, failures, until));
    log(u.user_id, u.role, lock ? "user.locked" : "user.sign-in-failed",
        "failure " + std::to_string(failures));
    return denied;
}

}  // namespace intake::record
