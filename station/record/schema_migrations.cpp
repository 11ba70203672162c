#include "station/record/schema_migrations.h"

#include <string>

namespace intake::record {

namespace {

Failure newer_schema(const Database& db, int found, int newest) {
    return fail(Errc::unsupported, db.label() + ": schema version " + std::to_string(found) +
                                       " is newer than this build (" + std::to_string(newest) +
                                       ")");
}

// One migration in its own transaction; the version is read again under the lock, because
// another station may have applied it since.
Status apply_one(Database& db, const Migration& m, int newest) {
    INTAKE_TRY(db.begin());
    Status st = db.lock(WriteLock::schema);
    if (st) {
        auto current = db.schema_version();
        if (!current) {
            st = fail(current.error());
        } else if (*current > newest) {
            st = newer_schema(db, *current, newest);
        } else if (*current < m.version) {
            st = db.exec(m.sql, "migration " + std::to_string(m.version));
            if (st) st = db.set_schema_version(m.version);
        }
    }
    if (st) st = db.commit();
    if (!st && db.in_transaction()) (void)db.rollback();
    return st;
}

}  // namespace

Status migrate(Database& db, std::span<const Migration> migrations, int newest) {
    auto current = db.schema_version();
    if (!current) return fail(current.error());
    if (*current > newest) return newer_schema(db, *current, newest);
    for (const Migration& m : migrations) {
        if (m.version <= *current) continue;
        INTAKE_TRY(apply_one(db, m, newest));
    }
    return ok();
}

}  // namespace intake::record
