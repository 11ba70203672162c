#include "station/record/pg_database.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace intake::record {

namespace {

// SQLSTATE classes (PostgreSQL appendix A): 23 integrity, 40 rollback (serialization failure,
// deadlock), 53 resources, 08 connection, 57 operator intervention (shutdown).
Errc pg_errc(const PGresult* res) {
    const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    if (state == nullptr) return Errc::network;  // no answer from the server at all
    const std::string_view s(state);
    if (s.starts_with("23")) return Errc::conflict;
    if (s.starts_with("40") || s == "55P03") return Errc::busy;
    if (s.starts_with("53")) return Errc::no_space;
    if (s.starts_with("08") || s.starts_with("57")) return Errc::network;
    if (s == "XX001" || s == "XX002") return Errc::corrupt;
    return Errc::io;
}

std::string pg_message(PGconn* conn, const PGresult* res) {
    const char* primary =
        res != nullptr ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    return primary != nullptr ? primary : PQerrorMessage(conn);
}

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// `?` placeholders become $1, $2, ... (not inside '...' literals), so one SQL text serves both
// engines.
std::string numbered_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    bool quoted = false;
    int n = 0;
    for (const char c : sql) {
        if (c == '\'') quoted = !quoted;
        if (c == '?' && !quoted) {
            out += '$' + std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

class PgStatement final : public Statement {
  public:
    PgStatement(PGconn* conn, std::string sql) : conn_(conn), sql_(std::move(sql)) {}

    Statement& bind(int index, std::string_view text) override {
        slot(index) = std::string(text);
        return *this;
    }
    Statement& bind(int index, int64_t value) override {
        slot(index) = std::to_string(value);
        return *this;
    }
    // The statement runs at the first step; the rows are then read from its result.
    Result<bool> step() override {
        if (!res_) {
            INTAKE_TRY(run());
            row_ = -1;
        }
        return ++row_ < PQntuples(res_.get());
    }
    std::string text(int column) const override { return PQgetvalue(res_.get(), row_, column); }
    int64_t integer(int column) const override {
        return std::strtoll(PQgetvalue(res_.get(), row_, column), nullptr, 10);
    }

  private:
    std::optional<std::string>& slot(int index) {
        const auto i = static_cast<size_t>(index - 1);
        if (params_.size() <= i) params_.resize(i + 1);
        return params_[i];
    }
    Status run() {
        std::vector<const char*> values;
        for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
        res_.reset(PQexecParams(conn_, sql_.c_str(), static_cast<int>(values.size()), nullptr,
                                values.data(), nullptr, nullptr, 0));
        const ExecStatusType st = PQresultStatus(res_.get());
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return ok();
        Failure f = fail(pg_errc(res_.get()), pg_message(conn_, res_.get()));
        res_.reset();
        return f;
    }

    PGconn* conn_;
    std::string sql_;
    std::vector<std::optional<std::string>> params_;
    PgResult res_;
    int row_ = -1;
};

class PgDatabase final : public Database {
  public:
    PgDatabase(PGconn* conn, std::string label) : conn_(conn), label_(std::move(label)) {}
    ~PgDatabase() override { PQfinish(conn_); }
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    Engine engine() const override { return Engine::postgresql; }
    const std::string& label() const override { return label_; }

    Status exec(std::string_view sql, std::string_view what) override {
        const std::string text(sql);
        PgResult res(PQexec(conn_, text.c_str()));
        const ExecStatusType st = PQresultStatus(res.get());
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return ok();
        return fail(pg_errc(res.get()),
                    label_ + ": " + std::string(what) + ": " + pg_message(conn_, res.get()));
    }
    Result<std::unique_ptr<Statement>> prepare(std::string_view sql) override {
        return std::unique_ptr<Statement>(
            std::make_unique<PgStatement>(conn_, numbered_placeholders(sql)));
    }
    // READ COMMITTED: every statement sees what committed before it started, so a writer that
    // waited for lock() reads the head the previous writer left.
    Status begin() override { return exec("BEGIN ISOLATION LEVEL READ COMMITTED", "begin"); }
    Status commit() override { return exec("COMMIT", "commit"); }
    Status rollback() override { return exec("ROLLBACK", "rollback"); }
    bool in_transaction() const override { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }
    Status lock(WriteLock which) override {
        return exec(
            "SELECT pg_advisory_xact_lock(" + std::to_string(static_cast<int64_t>(which)) + ")",
            "lock");
    }
    Result<int> schema_version() override;
    Status set_schema_version(int version) override;
    Status listen(std::string_view channel) override {
        return exec("LISTEN " + std::string(channel), "listen");
    }
    // Reads what the server sent (no round trip) and hands over every notification queued.
    Result<std::vector<std::string>> notifications() override {
        if (PQconsumeInput(conn_) != 1)
            return fail(Errc::network, label_ + ": notifications: " + pg_message(conn_, nullptr));
        std::vector<std::string> out;
        while (PGnotify* n = PQnotifies(conn_)) {
            out.emplace_back(n->extra ? n->extra : "");
            PQfreemem(n);
        }
        return out;
    }

  private:
    Result<int64_t> scalar(const char* sql);

    PGconn* conn_;
    std::string label_;
};

Result<int64_t> PgDatabase::scalar(const char* sql) {
    PgResult res(PQexec(conn_, sql));
    if (PQresultStatus(res.get()) != PGRES_TUPLES_OK || PQntuples(res.get()) != 1)
        return fail(pg_errc(res.get()), label_ + ": " + pg_message(conn_, res.get()));
    if (PQgetisnull(res.get(), 0, 0)) return int64_t{0};
    return std::strtoll(PQgetvalue(res.get(), 0, 0), nullptr, 10);
}

// The schema's version is the highest row of schema_migrations (no table yet: version 0).
Result<int> PgDatabase::schema_version() {
    auto exists = scalar("SELECT (to_regclass('schema_migrations') IS NOT NULL)::int");
    if (!exists) return fail(exists.error());
    if (*exists == 0) return 0;
    auto v = scalar("SELECT MAX(version) FROM schema_migrations");
    if (!v) return fail(v.error());
    return static_cast<int>(*v);
}

Status PgDatabase::set_schema_version(int version) {
    INTAKE_TRY(
        exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
             "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
             "schema_migrations"));
    return exec("INSERT INTO schema_migrations (version) VALUES (" + std::to_string(version) + ")",
                "set schema version");
}

}  // namespace

Result<std::unique_ptr<Database>> connect_postgresql(std::string_view url) {
    const std::string label = redact_url(url);
    const std::string conninfo(url);
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (conn == nullptr) return fail(Errc::no_space, label + ": out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        // libpq's message names host and socket, not the password.
        std::string why = PQerrorMessage(conn);
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        PQfinish(conn);
        return fail(Errc::network, label + ": cannot connect: " + why);
    }
    PgResult quiet(PQexec(conn, "SET client_min_messages = warning"));
    return std::unique_ptr<Database>(std::make_unique<PgDatabase>(conn, label));
}

}  // namespace intake::record
