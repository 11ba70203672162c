#include "station/record/pin_auth.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>

#include "station/record/pin_pepper.h"
#include "station/record/roles.h"

namespace intake::record {

namespace {

constexpr const char* kPeppered = "argon2id-hmac";
constexpr const char* kLegacy = "argon2id";

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The password argon2id sees: HMAC-SHA256(pepper, PIN). Without the pepper the hash in the
// database is a puzzle over 2^256 inputs, not over a million PINs.
std::string keyed_pin(const std::string& pepper, std::string_view pin) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(pin.data()), pin.size(),
                           reinterpret_cast<const unsigned char*>(pepper.data()));
    std::string out(reinterpret_cast<const char*>(mac), sizeof mac);
    sodium_memzero(mac, sizeof mac);
    return out;
}

Failure denied() { return fail(Errc::access_denied, "sign-in refused: unknown user or wrong PIN"); }

// The same words for a locked user and a locked made-up id.
Failure locked_out(std::string_view user_id, int64_t seconds, int failures) {
    return fail(Errc::access_denied, "sign-in refused: " + std::string(user_id.substr(0, 64)) +
                                         " is locked for " + std::to_string(seconds) +
                                         " more seconds after " + std::to_string(failures) +
                                         " wrong PINs");
}

}  // namespace

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

// A PostgreSQL store has no station folder to keep the pepper beside: without an explicit file
// it is refused, never created relative to whatever the working directory happens to be.
Result<std::filesystem::path> PinAuth::pepper_file() const {
    if (!options_.pepper_file.empty()) return options_.pepper_file;
    if (store_->path().empty()) {
        return fail(Errc::invalid_argument,
                    "PIN pepper: the store " + store_->label() +
                        " has no station folder to keep it in; name the pepper's file "
                        "(PinAuthOptions::pepper_file)");
    }
    return pin_pepper_path(store_->path().parent_path());
}

int64_t PinAuth::lockout_after(int failures) const {
    if (options_.max_failures <= 0 || failures <= 0 || failures % options_.max_failures != 0)
        return 0;
    const int doublings = std::min(failures / options_.max_failures - 1, 30);
    return std::min(options_.lockout_seconds << doublings, options_.max_lockout_seconds);
}

Status PinAuth::log(std::string_view user, std::string_view role, std::string_view action,
                    std::string_view detail) {
    if (audit_ == nullptr) return ok();
    auto seq = audit_->append(
        AuditEntry{std::string(user.substr(0, 64)), std::string(role), std::string(action),
                   "user " + std::string(user.substr(0, 64)), "", "", std::string(detail)});
    if (!seq) return fail(seq.error());
    return ok();
}

Status PinAuth::check_pin_format(std::string_view pin, int min_digits) {
    if (!all_digits(pin) || pin.size() < static_cast<size_t>(min_digits) ||
        pin.size() > static_cast<size_t>(kMaxPinDigits)) {
        return fail(Errc::invalid_argument, "PIN: must be " + std::to_string(min_digits) + "-" +
                                                std::to_string(kMaxPinDigits) + " digits");
    }
    return ok();
}

Status PinAuth::check_user_fields(std::string_view id, std::string_view name) {
    const auto id_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '@' || c == '-';
    };
    if (id.empty() || id.size() > 64 || !std::all_of(id.begin(), id.end(), id_char) ||
        !std::isalnum(static_cast<unsigned char>(id.front()))) {
        return fail(Errc::invalid_argument,
                    "user id '" + std::string(id.substr(0, 64)) +
                        "': 1-64 of A-Z a-z 0-9 . _ @ -, starting with a letter or digit");
    }
    const bool control = std::any_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (name.empty() || name.size() > 100 || control) {
        return fail(Errc::invalid_argument, "display name of " + std::string(id) +
                                                ": 1-100 characters, no control characters");
    }
    return ok();
}

// A new pepper only while no stored hash depends on one: a lost pepper must be an error, never
// silently replaced (that would lock every existing user out).
Result<std::string> PinAuth::pepper_creating_if_unused() {
    auto peppered = store_->peppered_user_count();
    if (!peppered) return fail(peppered.error());
    auto file = pepper_file();
    if (!file) return fail(file.error());
    return *peppered == 0 ? load_or_create_pin_pepper(*file) : load_pin_pepper(*file);
}

Result<std::string> PinAuth::id_key(std::string_view user_id) {
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    auto pepper = pepper_creating_if_unused();
    if (!pepper) return fail(pepper.error());
    // A key of its own for ids, derived from the pepper: an id's hash and a PIN's HMAC never
    // share a key.
    static constexpr char kPurpose[] = "intake sign-in id key";
    unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
    crypto_generichash(key, sizeof key, reinterpret_cast<const unsigned char*>(kPurpose),
                       sizeof kPurpose - 1, reinterpret_cast<const unsigned char*>(pepper->data()),
                       pepper->size());
    sodium_memzero(pepper->data(), pepper->size());
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(user_id.data()),
                           user_id.size(), key);
    sodium_memzero(key, sizeof key);
    char hex[2 * sizeof mac + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return std::string(hex);
}

Result<SignInAttempts> PinAuth::attempts(std::string_view user_id) {
    auto found = store_->find_user(user_id);
    if (!found) return fail(found.error());
    if (*found && (*found)->active)
        return SignInAttempts{(*found)->failed_attempts, (*found)->locked_until};
    auto key = id_key(user_id);
    if (!key) return fail(key.error());
    return store_->sign_in_attempts(*key);
}

Result<PinHash> PinAuth::hash_new_pin(std::string_view pin) {
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    auto pepper = pepper_creating_if_unused();
    if (!pepper) return fail(pepper.error());
    std::string keyed = keyed_pin(*pepper, pin);
    sodium_memzero(pepper->data(), pepper->size());
    char hash[crypto_pwhash_STRBYTES];
    const int rc = crypto_pwhash_str_alg(hash, keyed.data(), keyed.size(), options_.opslimit,
                                         options_.memlimit, crypto_pwhash_ALG_ARGON2ID13);
    sodium_memzero(keyed.data(), keyed.size());
    if (rc != 0) return fail(Errc::no_space, "PIN: argon2id ran out of memory");
    return PinHash{hash, kPeppered};
}

Status PinAuth::enroll_user(UserRecord u, std::string_view pin, int min_digits) {
    INTAKE_TRY(check_user_fields(u.user_id, u.display_name));
    INTAKE_TRY(parse_role(u.role));
    INTAKE_TRY(check_pin_format(pin, min_digits));
    auto hashed = hash_new_pin(pin);
    if (!hashed) return fail(hashed.error());
    u.pin_hash = hashed->hash;
    u.pin_scheme = hashed->scheme;
    return store_->in_transaction([&]() -> Status {
        INTAKE_TRY(store_->insert_user(u));
        return log(u.user_id, u.role, "user.enroll", u.demo ? "demo user" : "");
    });
}

Status PinAuth::enroll(std::string_view user_id, std::string_view display_name,
                       std::string_view role, std::string_view pin) {
    UserRecord u{std::string(user_id), std::string(display_name), std::string(role), "", 0, 0};
    return enroll_user(std::move(u), pin, options_.min_pin_digits);
}

Status PinAuth::enroll_demo(std::string_view user_id, std::string_view display_name,
                            std::string_view role, std::string_view pin) {
    UserRecord u{std::string(user_id), std::string(display_name), std::string(role), "", 0, 0};
    u.demo = true;
    return enroll_user(std::move(u), pin, kDemoPinDigits);
}

namespace {

// A hash of nothing anyone knows, with this station's argon2id costs, made once per cost setting.
std::string throwaway_hash(uint64_t opslimit, size_t memlimit) {
    static std::mutex mutex;
    static std::map<std::pair<uint64_t, size_t>, std::string> made;
    std::lock_guard lock(mutex);
    auto& hash = made[{opslimit, memlimit}];
    if (hash.empty()) {
        unsigned char secret[32];
        randombytes_buf(secret, sizeof secret);
        char out[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str_alg(out, reinterpret_cast<const char*>(secret), sizeof secret,
                                  opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) == 0)
            hash = out;
    }
    return hash;
}

}  // namespace

void PinAuth::spend_a_verification(std::string_view pin) {
    if (sodium_init() < 0) return;
    const std::string hash = throwaway_hash(options_.opslimit, options_.memlimit);
    ++verifications_;
    // The answer is meaningless (nobody knows the throwaway secret); only the time spent counts.
    if (!hash.empty() && crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0)
        return;
}

Result<bool> PinAuth::pin_matches(const UserRecord& u, std::string_view pin) {
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    ++verifications_;
    if (u.pin_scheme == kLegacy)
        return crypto_pwhash_str_verify(u.pin_hash.c_str(), pin.data(), pin.size()) == 0;
    auto file = pepper_file();
    if (!file) return fail(file.error());
    auto pepper = load_pin_pepper(*file);
    if (!pepper) return fail(pepper.error());
    std::string keyed = keyed_pin(*pepper, pin);
    sodium_memzero(pepper->data(), pepper->size());
    const bool match =
        crypto_pwhash_str_verify(u.pin_hash.c_str(), keyed.data(), keyed.size()) == 0;
    sodium_memzero(keyed.data(), keyed.size());
    return match;
}

// The right PIN: the failure count and lockout go back to zero, a hash from before the pepper
// is upgraded, and the sign-in is audited, all in one transaction (no audit, no sign-in).
Result<SignedInUser> PinAuth::succeed(const UserRecord& u, std::string_view pin) {
    std::optional<PinHash> upgraded;
    if (u.pin_scheme == kLegacy) {
        auto h = hash_new_pin(pin);
        if (!h) return fail(h.error());
        upgraded = *h;
    }
    INTAKE_TRY(store_->in_transaction([&]() -> Status {
        if (upgraded) INTAKE_TRY(store_->set_user_pin(u.user_id, upgraded->hash, upgraded->scheme));
        INTAKE_TRY(store_->update_user_lock(u.user_id, 0, 0));
        return log(u.user_id, u.role, "user.sign-in", upgraded ? "PIN hash upgraded (pepper)" : "");
    }));
    return SignedInUser{u.user_id, u.display_name, u.role};
}

// A wrong PIN counts; every max_failures-th in a row locks, twice as long as the lockout
// before. The count is read again inside the transaction so concurrent attempts all count.
Status PinAuth::record_failure(const UserRecord& u, const std::string& why) {
    return store_->in_transaction([&]() -> Status {
        auto row = store_->find_user(u.user_id);
        if (!row) return fail(row.error());
        const int failures = (*row ? (*row)->failed_attempts : u.failed_attempts) + 1;
        const int64_t lock = lockout_after(failures);
        INTAKE_TRY(store_->update_user_lock(u.user_id, failures, lock > 0 ? now() + lock : 0));
        if (lock > 0) {
            return log(u.user_id, u.role, "user.locked",
                       "failure " + std::to_string(failures) + ": locked for " +
                           std::to_string(lock) + " seconds");
        }
        return log(u.user_id, u.role, "user.sign-in-failed",
                   why + ", failure " + std::to_string(failures));
    });
}

// The count of an id that is no active user, read again inside the transaction so concurrent
// attempts all count, escalating like a user's (nothing ever resets it: no PIN is right).
Status PinAuth::count_non_user_failure(const std::string& key, std::string_view user_id,
                                       std::string_view role, std::string_view action,
                                       const std::string& why) {
    return store_->in_transaction([&]() -> Status {
        auto count = store_->sign_in_attempts(key);
        if (!count) return fail(count.error());
        SignInAttempts next{count->failed_attempts + 1, 0};
        const int64_t lock = lockout_after(next.failed_attempts);
        if (lock > 0) next.locked_until = now() + lock;
        INTAKE_TRY(store_->save_sign_in_attempts(key, next));
        const std::string failure = why + ", failure " + std::to_string(next.failed_attempts);
        if (lock > 0)
            return log(user_id, role, "user.locked",
                       failure + ": locked for " + std::to_string(lock) + " seconds");
        return log(user_id, role, action, failure);
    });
}

// An unknown or disabled id is answered as a user's wrong PIN is: one argon2id verification, a
// count, then the escalating lockout in the same words (and, while locked, no verification, as
// for a locked user). The count is kept in the store under id_key(), so a restarted kiosk,
// another station and the CLI all see it, and the table never names the ids tried.
Result<SignedInUser> PinAuth::refuse_non_user(std::string_view user_id,
                                              const std::optional<UserRecord>& disabled,
                                              std::string_view pin) {
    const std::string role = disabled ? disabled->role : "unknown";
    const std::string why = disabled ? "disabled" : "unknown user";
    auto key = id_key(user_id);
    if (!key) return fail(key.error());
    auto count = store_->sign_in_attempts(*key);
    if (!count) return fail(count.error());
    const int64_t t = now();
    if (count->locked_until > t) {
        INTAKE_TRY(log(user_id, role, "user.sign-in-refused", "locked, " + why));
        return locked_out(user_id, count->locked_until - t, count->failed_attempts);
    }
    spend_a_verification(pin);
    INTAKE_TRY(count_non_user_failure(
        *key, user_id, role, disabled ? "user.sign-in-refused" : "user.sign-in-failed", why));
    return denied();
}

Result<SignedInUser> PinAuth::sign_in(std::string_view user_id, std::string_view pin) {
    auto found = store_->find_user(user_id);
    if (!found) return fail(found.error());
    if (!*found || !(*found)->active) return refuse_non_user(user_id, *found, pin);
    const UserRecord u = **found;
    const int64_t t = now();
    if (u.locked_until > t) {
        INTAKE_TRY(log(u.user_id, u.role, "user.sign-in-refused", "locked"));
        return locked_out(u.user_id, u.locked_until - t, u.failed_attempts);
    }
    // Short PINs exist only for the demo users; anyone else's is wrong (after the same argon2
    // cost).
    bool match = false;
    std::string why = "wrong PIN";
    if (!u.demo && pin.size() < static_cast<size_t>(options_.min_pin_digits)) {
        spend_a_verification(pin);  // as long as any other refusal
        why = "PIN shorter than " + std::to_string(options_.min_pin_digits) + " digits";
    } else {
        auto m = pin_matches(u, pin);
        if (!m) return fail(m.error());
        match = *m;
    }
    if (match) return succeed(u, pin);
    INTAKE_TRY(record_failure(u, why));
    return denied();
}

}  // namespace intake::record
