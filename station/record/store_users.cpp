// The store's staff tables: users (PIN hashes, lockout, active, demo), the wrong PINs typed for
// ids that are no user, and the station's settings row. Plain reads and writes; who may call them,
// and the audit, is the record layer's business (staff.h, pin_auth.h, station_settings.h). Written
// against Database: the same SQL on SQLite and PostgreSQL (flags are 0/1 integers on both).
#include "station/record/store.h"
#include "station/record/store_sql.h"

namespace intake::record {

namespace {

constexpr const char* kUserColumns =
    "SELECT user_id, display_name, role, pin_hash, failed_attempts, locked_until, active, demo, "
    "pin_scheme FROM users ";

UserRecord user_row(const Statement& s) {
    UserRecord u{s.text(0),   s.text(1), s.text(2), s.text(3), static_cast<int>(s.integer(4)),
                 s.integer(5)};
    u.active = s.integer(6) != 0;
    u.demo = s.integer(7) != 0;
    u.pin_scheme = s.text(8);
    return u;
}

Result<int64_t> count(Database& db, const char* sql, std::string_view what) {
    auto s = sql::prepare(db, sql, what);
    if (!s) return fail(s.error());
    auto n = sql::single_integer(db, **s, what);
    if (!n) return fail(n.error());
    return n->value_or(0);
}

// One statement with its parameters bound by `bind`, run to its end.
template <typename Bind>
Status write(Database& db, const char* sql, std::string_view what, Bind bind) {
    auto s = sql::prepare(db, sql, what);
    if (!s) return fail(s.error());
    bind(**s);
    return sql::run(db, **s, what);
}

}  // namespace

Status Store::insert_user(const UserRecord& u) {
    return write(*impl_->database,
                 "INSERT INTO users (user_id, display_name, role, pin_hash, failed_attempts, "
                 "locked_until, active, demo, pin_scheme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 "add user " + u.user_id, [&](Statement& s) {
                     s.bind(1, u.user_id).bind(2, u.display_name).bind(3, u.role);
                     s.bind(4, u.pin_hash).bind(5, int64_t{u.failed_attempts});
                     s.bind(6, u.locked_until).bind(7, int64_t{u.active ? 1 : 0});
                     s.bind(8, int64_t{u.demo ? 1 : 0}).bind(9, u.pin_scheme);
                 });
}

Result<std::optional<UserRecord>> Store::find_user(std::string_view user_id) {
    Database& db = *impl_->database;
    auto s = sql::prepare(db, std::string(kUserColumns) + "WHERE user_id = ?", "find user");
    if (!s) return fail(s.error());
    (*s)->bind(1, user_id);
    return sql::optional_row<UserRecord>(db, **s, "find user", user_row);
}

Result<std::vector<UserRecord>> Store::users() {
    Database& db = *impl_->database;
    auto s = sql::prepare(db, std::string(kUserColumns) + "ORDER BY user_id", "list users");
    if (!s) return fail(s.error());
    return sql::all_rows<UserRecord>(db, **s, "list users", user_row);
}

Result<int64_t> Store::user_count() {
    return count(*impl_->database, "SELECT COUNT(*) FROM users", "count users");
}

Result<int64_t> Store::peppered_user_count() {
    return count(*impl_->database, "SELECT COUNT(*) FROM users WHERE pin_scheme = 'argon2id-hmac'",
                 "count users");
}

Status Store::update_user_lock(std::string_view user_id, int failed, int64_t locked_until) {
    return write(
        *impl_->database,
        "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE user_id = ?", "update user",
        [&](Statement& s) { s.bind(1, int64_t{failed}).bind(2, locked_until).bind(3, user_id); });
}

Status Store::set_user_active(std::string_view user_id, bool active) {
    return write(*impl_->database, "UPDATE users SET active = ? WHERE user_id = ?",
                 "update user " + std::string(user_id),
                 [&](Statement& s) { s.bind(1, int64_t{active ? 1 : 0}).bind(2, user_id); });
}

Status Store::set_user_pin(std::string_view user_id, std::string_view pin_hash,
                           std::string_view pin_scheme) {
    return write(*impl_->database,
                 "UPDATE users SET pin_hash = ?, pin_scheme = ?, failed_attempts = 0, "
                 "locked_until = 0 WHERE user_id = ?",
                 "update user " + std::string(user_id),
                 [&](Statement& s) { s.bind(1, pin_hash).bind(2, pin_scheme).bind(3, user_id); });
}

Result<SignInAttempts> Store::sign_in_attempts(std::string_view id_key) {
    Database& db = *impl_->database;
    auto s = sql::prepare(
        db, "SELECT failed_attempts, locked_until FROM sign_in_attempts WHERE id_key = ?",
        "read sign-in attempts");
    if (!s) return fail(s.error());
    (*s)->bind(1, id_key);
    auto row =
        sql::optional_row<SignInAttempts>(db, **s, "read sign-in attempts", [](const Statement& q) {
            return SignInAttempts{static_cast<int>(q.integer(0)), q.integer(1)};
        });
    if (!row) return fail(row.error());
    return row->value_or(SignInAttempts{});
}

Status Store::save_sign_in_attempts(std::string_view id_key, const SignInAttempts& a) {
    return write(*impl_->database,
                 "INSERT INTO sign_in_attempts (id_key, failed_attempts, locked_until) "
                 "VALUES (?, ?, ?) ON CONFLICT(id_key) DO UPDATE SET "
                 "failed_attempts = excluded.failed_attempts, "
                 "locked_until = excluded.locked_until",
                 "save sign-in attempts", [&](Statement& s) {
                     s.bind(1, id_key).bind(2, int64_t{a.failed_attempts}).bind(3, a.locked_until);
                 });
}

Result<StationSettings> Store::station_settings() {
    Database& db = *impl_->database;
    auto s = sql::prepare(db,
                          "SELECT practice_name, lab, rule_pack, endpoint, updated_at, updated_by "
                          "FROM station_settings WHERE id = 1",
                          "read settings");
    if (!s) return fail(s.error());
    auto row = sql::optional_row<StationSettings>(db, **s, "read settings", [](const Statement& q) {
        return StationSettings{q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)};
    });
    if (!row) return fail(row.error());
    return row->value_or(StationSettings{});
}

Status Store::save_station_settings(const StationSettings& v) {
    return write(*impl_->database,
                 "INSERT INTO station_settings (id, practice_name, lab, rule_pack, endpoint, "
                 "updated_at, updated_by) VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE "
                 "SET practice_name = excluded.practice_name, lab = excluded.lab, "
                 "rule_pack = excluded.rule_pack, endpoint = excluded.endpoint, "
                 "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                 "save settings", [&](Statement& s) {
                     s.bind(1, v.practice_name).bind(2, v.lab).bind(3, v.rule_pack);
                     s.bind(4, v.endpoint).bind(5, v.updated_at).bind(6, v.updated_by);
                 });
}

}  // namespace intake::record
