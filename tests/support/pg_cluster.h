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
    // `why` set when it cannot start (every caller then gets the same reason). Under ctest the
    // binary's tests share one cluster started by `intake_pg_cluster start FILE` (a ctest fixture,
    // cmake/Testing.cmake): $INTAKE_PG_CLUSTER_FILE names FILE, and when the cluster it names is
    // up this process uses it and leaves it running.
    static PgCluster* shared(std::string& why);
    // The cluster whose folder is named in `file`, started by another process; nullptr when the
    // file is missing or its server's socket is gone.
    static std::unique_ptr<PgCluster> attach(const std::string& file);
    // Stops the cluster in folder `dir` (started by another process) and removes the folder.
    static bool stop_folder(const std::string& dir, std::string& why);

    ~PgCluster();  // stops the server (immediate) and removes the folder
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    // A new empty database; its libpq URL (postgresql://postgres@/NAME?host=SOCKET_DIR).
    // Empty with `why` set on failure.
    std::string create_database(const std::string& name, std::string& why);
    // Runs SQL through psql against a database of this cluster; false with `why` on failure.
    bool psql(const std::string& database, const std::string& sql, std::string& why);
    // Drops a database made by create_database, closing what is still connected to it. A test
    // calls it at the end when the cluster outlives the process (attached), to keep it small.
    bool drop_database(const std::string& name, std::string& why);
    // Leaves the server running when this object goes (the start tool hands it to ctest).
    void release() { owner_pid_ = 0; }
    // True when another process started this cluster and will stop it.
    bool attached() const { return attached_; }

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
    bool attached_ = false;
    int owner_pid_ = 0;  // only this process stops it: not forked children, not attached users
};

}  // namespace intake::test
