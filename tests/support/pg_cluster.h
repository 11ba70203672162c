// A throwaway PostgreSQL 15 cluster for tests: initdb + pg_ctl from
// /usr/lib/postgresql/15/bin ($INTAKE_PG_BIN overrides), listening on a unix socket in a fresh
// temporary folder only (no TCP), fsync on, trust authentication for the one local user.
// PostgreSQL refuses to run as root, and CI runs as root: then the server's commands run as
// `nobody` (runuser) and the folder is handed to that user. Missing binaries are a failure with
// a message saying what to install, never a silent skip.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace intake::test {

class PgCluster {
  public:
    // Starts a cluster; nullptr with `why` set when it cannot.
    static std::unique_ptr<PgCluster> start(std::string& why);
    // One cluster per test process, started on first use and stopped at exit. nullptr with
    // `why` set when it cannot start (every caller then gets the same reason).
    static PgCluster* shared(std::string& why);

    ~PgCluster();  // stops the server (immediate) and removes the folder
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    // A new empty database; its libpq URL (postgresql://postgres@/NAME?host=SOCKET_DIR).
    // Empty with `why` set on failure.
    std::string create_database(const std::string& name, std::string& why);
    // Runs SQL through psql against a database of this cluster; false with `why` on failure.
    bool psql(const std::string& database, const std::string& sql, std::string& why);

    const std::string& socket_dir() const { return dir_; }
    std::string url(const std::string& database) const;

  private:
    PgCluster() = default;
    bool run(const std::string& what, const std::vector<std::string>& argv, bool as_server_user,
             std::string& why);

    std::string bin_;
    std::string dir_;
    bool as_nobody_ = false;
    bool running_ = false;
    int owner_pid_ = 0;  // forked test children never stop the cluster
};

}  // namespace intake::test
