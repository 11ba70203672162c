#include "station/record/pg_database.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
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

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

// One libpq connection that outlives a server restart, a failover, an idle timeout or an
// administrator's pg_terminate_backend: a station runs for months against a server that does not.
// A dropped connection is re-established before the next statement, with its LISTENs — but
// never inside a transaction: the statements after a drop would run outside it, so until the
// caller rolls back, the transaction's statements fail.
class Connection {
  public:
    Connection(PGconn* conn, std::string label) : conn_(conn), label_(std::move(label)) {}
    ~Connection() { PQfinish(conn_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    PGconn* get() const { return conn_; }
    const std::string& label() const { return label_; }
    bool transaction_open() const { return transaction_open_; }
    void set_transaction_open(bool open) { transaction_open_ = open; }
    int64_t reconnects() const { return reconnects_; }
    void remember_listen(std::string channel) { channels_.push_back(std::move(channel)); }

    // Called before each statement.
    Status ready() {
        if (transaction_open_) return ok();
        notice_idle_drop();
        if (PQstatus(conn_) == CONNECTION_OK) return listen_again();
        // A server that stays away is tried again after 1, 2, 4 … 60 s, not at every statement:
        // each try may wait connect_timeout for a host that does not answer.
        const auto now = std::chrono::steady_clock::now();
        if (now < next_try_) {
            const auto left = std::chrono::ceil<std::chrono::seconds>(next_try_ - now).count();
            return fail(Errc::network, label_ + ": connection lost; trying again in " +
                                           std::to_string(left) + " s");
        }
        PQreset(conn_);
        if (PQstatus(conn_) != CONNECTION_OK) {
            backoff_ = std::clamp(backoff_ * 2, std::chrono::seconds(1), std::chrono::seconds(60));
            next_try_ = now + backoff_;
            return fail(Errc::network, label_ + ": connection lost and not re-established: " +
                                           trimmed(PQerrorMessage(conn_)));
        }
        backoff_ = std::chrono::seconds(0);
        ++reconnects_;
        listening_ = false;
        PgResult quiet(PQexec(conn_, "SET client_min_messages = warning"));
        return listen_again();
    }

  private:
    // Until every LISTEN is back, each statement tries again: a station must not go deaf.
    Status listen_again() {
        if (listening_) return ok();
        for (const std::string& channel : channels_) {
            PgResult res(PQexec(conn_, ("LISTEN " + channel).c_str()));
            if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
                return fail(pg_errc(res.get()),
                            label_ + ": listen again: " + pg_message(conn_, res.get()));
            }
        }
        listening_ = true;
        return ok();
    }

    // A server that closed an idle connection has sent its FATAL and the end of the stream;
    // libpq only learns of it by reading. Reads what is waiting, without blocking.
    void notice_idle_drop() {
        for (int i = 0; i < 4 && PQstatus(conn_) == CONNECTION_OK; ++i) {
            pollfd waiting{PQsocket(conn_), POLLIN, 0};
            if (::poll(&waiting, 1, 0) <= 0) return;  // nothing waiting: still connected
            if (PQconsumeInput(conn_) != 1) return;   // end of stream: now CONNECTION_BAD
        }
    }

    PGconn* conn_;
    std::string label_;
    bool transaction_open_ = false;
    bool listening_ = true;  // every channel of channels_ is listened to on this connection
    std::chrono::seconds backoff_{0};
    std::chrono::steady_clock::time_point next_try_{};
    int64_t reconnects_ = 0;
    std::vector<std::string> channels_;
};

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
    PgStatement(Connection& conn, std::string sql) : conn_(conn), sql_(std::move(sql)) {}

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
        INTAKE_TRY(conn_.ready());
        std::vector<const char*> values;
        for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
        res_.reset(PQexecParams(conn_.get(), sql_.c_str(), static_cast<int>(values.size()), nullptr,
                                values.data(), nullptr, nullptr, 0));
        const ExecStatusType st = PQresultStatus(res_.get());
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return ok();
        Failure f = fail(pg_errc(res_.get()), pg_message(conn_.get(), res_.get()));
        res_.reset();
        return f;
    }

    Connection& conn_;
    std::string sql_;
    std::vector<std::optional<std::string>> params_;
    PgResult res_;
    int row_ = -1;
};

class PgDatabase final : public Database {
  public:
    PgDatabase(PGconn* conn, std::string label) : conn_(conn, std::move(label)) {}

    Engine engine() const override { return Engine::postgresql; }
    const std::string& label() const override { return conn_.label(); }

    Status exec(std::string_view sql, std::string_view what) override {
        if (auto ready = conn_.ready(); !ready) return ready;
        const std::string text(sql);
        PgResult res(PQexec(conn_.get(), text.c_str()));
        const ExecStatusType st = PQresultStatus(res.get());
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return ok();
        return fail(pg_errc(res.get()),
                    label() + ": " + std::string(what) + ": " + pg_message(conn_.get(), res.get()));
    }
    Result<std::unique_ptr<Statement>> prepare(std::string_view sql) override {
        return std::unique_ptr<Statement>(
            std::make_unique<PgStatement>(conn_, numbered_placeholders(sql)));
    }
    // READ COMMITTED: every statement sees what committed before it started, so a writer that
    // waited for lock() reads the head the previous writer left.
    Status begin() override {
        Status st = exec("BEGIN ISOLATION LEVEL READ COMMITTED", "begin");
        conn_.set_transaction_open(static_cast<bool>(st));
        return st;
    }
    Status commit() override {
        Status st = exec("COMMIT", "commit");
        conn_.set_transaction_open(false);
        return st;
    }
    // On a dropped connection the server has already discarded the transaction.
    Status rollback() override {
        conn_.set_transaction_open(false);
        if (PQstatus(conn_.get()) != CONNECTION_OK) return ok();
        return exec("ROLLBACK", "rollback");
    }
    bool in_transaction() const override {
        if (conn_.transaction_open()) return true;
        const PGTransactionStatusType st = PQtransactionStatus(conn_.get());
        return st == PQTRANS_INTRANS || st == PQTRANS_INERROR || st == PQTRANS_ACTIVE;
    }
    Status lock(WriteLock which) override {
        return exec(
            "SELECT pg_advisory_xact_lock(" + std::to_string(static_cast<int64_t>(which)) + ")",
            "lock");
    }
    Result<int> schema_version() override;
    Status set_schema_version(int version) override;
    Status listen(std::string_view channel) override {
        INTAKE_TRY(exec("LISTEN " + std::string(channel), "listen"));
        conn_.remember_listen(std::string(channel));
        return ok();
    }
    // Reads what the server sent (no round trip) and hands over every notification queued.
    Result<std::vector<std::string>> notifications() override {
        INTAKE_TRY(conn_.ready());
        if (PQconsumeInput(conn_.get()) != 1) {
            return fail(Errc::network,
                        label() + ": notifications: " + pg_message(conn_.get(), nullptr));
        }
        std::vector<std::string> out;
        while (PGnotify* n = PQnotifies(conn_.get())) {
            out.emplace_back(n->extra ? n->extra : "");
            PQfreemem(n);
        }
        return out;
    }
    int64_t reconnects() const override { return conn_.reconnects(); }

  private:
    Result<int64_t> scalar(const char* sql);

    Connection conn_;
};

Result<int64_t> PgDatabase::scalar(const char* sql) {
    INTAKE_TRY(conn_.ready());
    PgResult res(PQexec(conn_.get(), sql));
    if (PQresultStatus(res.get()) != PGRES_TUPLES_OK || PQntuples(res.get()) != 1)
        return fail(pg_errc(res.get()), label() + ": " + pg_message(conn_.get(), res.get()));
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
    // A bounded wait for a host that does not answer (libpq waits forever by default); the URL's
    // own connect_timeout, processed after it, wins.
    const char* const keys[] = {"connect_timeout", "dbname", nullptr};
    const char* const values[] = {"10", conninfo.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (conn == nullptr) return fail(Errc::no_space, label + ": out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        // libpq's message names host and socket, not the password.
        const std::string why = trimmed(PQerrorMessage(conn));
        PQfinish(conn);
        return fail(Errc::network, label + ": cannot connect: " + why);
    }
    PgResult quiet(PQexec(conn, "SET client_min_messages = warning"));
    return std::unique_ptr<Database>(std::make_unique<PgDatabase>(conn, label));
}

}  // namespace intake::record
