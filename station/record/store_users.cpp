// The store's staff tables: users (PIN hashes, lockout, active, demo) and the station's settings
// row. Plain reads and writes; who may call them, and the audit, is the record layer's business
// (staff.h, pin_auth.h, station_settings.h).
#include <sqlite3.h>

#include "station/record/store.h"
#include "station/record/store_sql.h"

namespace intake::record {

using sql::Stmt;

namespace {

constexpr const char* kUserColumns =
    "SELECT user_id, display_name, role, pin_hash, failed_attempts, locked_until, active, demo, "
    "pin_scheme FROM users ";

UserRecord user_row(const Stmt& s) {
    UserRecord u{s.text(0),   s.text(1), s.text(2), s.text(3), static_cast<int>(s.integer(4)),
                 s.integer(5)};
    u.active = s.integer(6) != 0;
    u.demo = s.integer(7) != 0;
    u.pin_scheme = s.text(8);
    return u;
}

Result<int64_t> count(sqlite3* db, const char* sql, std::string_view what) {
    Stmt s(db, sql);
    if (!s.ok() || s.step() != SQLITE_ROW) return s.error(what);
    return s.integer(0);
}

}  // namespace

Status Store::insert_user(const UserRecord& u) {
    Stmt s(impl_->db,
           "INSERT INTO users (user_id, display_name, role, pin_hash, failed_attempts, "
           "locked_until, active, demo, pin_scheme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s.ok()) return s.error("add user");
    s.bind(1, u.user_id).bind(2, u.display_name).bind(3, u.role).bind(4, u.pin_hash);
    s.bind(5, int64_t{u.failed_attempts}).bind(6, u.locked_until);
    s.bind(7, int64_t{u.active ? 1 : 0}).bind(8, int64_t{u.demo ? 1 : 0}).bind(9, u.pin_scheme);
    if (s.step() != SQLITE_DONE) return s.error("add user " + u.user_id);
    return ok();
}

Result<std::optional<UserRecord>> Store::find_user(std::string_view user_id) {
    Stmt s(impl_->db, (std::string(kUserColumns) + "WHERE user_id = ?").c_str());
    if (!s.ok()) return s.error("find user");
    const int rc = s.bind(1, user_id).step();
    if (rc == SQLITE_DONE) return std::optional<UserRecord>{};
    if (rc != SQLITE_ROW) return s.error("find user");
    return std::optional<UserRecord>(user_row(s));
}

Result<std::vector<UserRecord>> Store::users() {
    Stmt s(impl_->db, (std::string(kUserColumns) + "ORDER BY user_id").c_str());
    if (!s.ok()) return s.error("list users");
    std::vector<UserRecord> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(user_row(s));
    if (rc != SQLITE_DONE) return s.error("list users");
    return out;
}

Result<int64_t> Store::user_count() {
    return count(impl_->db, "SELECT COUNT(*) FROM users", "count users");
}

Result<int64_t> Store::peppered_user_count() {
    return count(impl_->db, "SELECT COUNT(*) FROM users WHERE pin_scheme = 'argon2id-hmac'",
                 "count users");
}

Status Store::update_user_lock(std::string_view user_id, int failed, int64_t locked_until) {
    Stmt s(impl_->db, "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE user_id = ?");
    if (!s.ok()) return s.error("update user");
    if (s.bind(1, int64_t{failed}).bind(2, locked_until).bind(3, user_id).step() != SQLITE_DONE) {
        return s.error("update user");
    }
    return ok();
}

Status Store::set_user_active(std::string_view user_id, bool active) {
    Stmt s(impl_->db, "UPDATE users SET active = ? WHERE user_id = ?");
    if (!s.ok()) return s.error("update user");
    if (s.bind(1, int64_t{active ? 1 : 0}).bind(2, user_id).step() != SQLITE_DONE) {
        return s.error("update user " + std::string(user_id));
    }
    return ok();
}

Status Store::set_user_pin(std::string_view user_id, std::string_view pin_hash,
                           std::string_view pin_scheme) {
    Stmt s(impl_->db,
           "UPDATE users SET pin_hash = ?, pin_scheme = ?, failed_attempts = 0, locked_until = 0 "
           "WHERE user_id = ?");
    if (!s.ok()) return s.error("update user");
    if (s.bind(1, pin_hash).bind(2, pin_scheme).bind(3, user_id).step() != SQLITE_DONE) {
        return s.error("update user " + std::string(user_id));
    }
    return ok();
}

Result<StationSettings> Store::station_settings() {
    Stmt s(impl_->db,
           "SELECT practice_name, lab, rule_pack, endpoint, updated_at, updated_by "
           "FROM station_settings WHERE id = 1");
    if (!s.ok()) return s.error("read settings");
    const int rc = s.step();
    if (rc == SQLITE_DONE) return StationSettings{};
    if (rc != SQLITE_ROW) return s.error("read settings");
    return StationSettings{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)};
}

Status Store::save_station_settings(const StationSettings& v) {
    Stmt s(impl_->db,
           "INSERT INTO station_settings (id, practice_name, lab, rule_pack, endpoint, updated_at, "
           "updated_by) VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
           "practice_name = excluded.practice_name, lab = excluded.lab, "
           "rule_pack = excluded.rule_pack, endpoint = excluded.endpoint, "
           "updated_at = excluded.updated_at, updated_by = excluded.updated_by");
    if (!s.ok()) return s.error("save settings");
    s.bind(1, v.practice_name).bind(2, v.lab).bind(3, v.rule_pack).bind(4, v.endpoint);
    s.bind(5, v.updated_at).bind(6, v.updated_by);
    if (s.step() != SQLITE_DONE) return s.error("save settings");
    return ok();
}

}  // namespace intake::record
