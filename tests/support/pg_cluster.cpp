#include "tests/support/pg_cluster.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace intake::test {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Runs argv with stdout and stderr into `log`; the exit status, or -1 when it could not start.
int run_logged(const std::vector<std::string>& argv, const fs::path& log) {
    const pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
        }
        // The server user may not be able to read the test's working folder.
        if (::chdir("/") != 0) ::_exit(126);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// /usr/lib/postgresql/15/bin, or $INTAKE_PG_BIN.
std::string pg_bin() {
    const char* env = std::getenv("INTAKE_PG_BIN");
    return env != nullptr && *env != '\0' ? env : "/usr/lib/postgresql/15/bin";
}

}  // namespace

bool PgCluster::run(const std::string& what, const std::vector<std::string>& argv,
                    bool as_server_user, std::string& why) {
    std::vector<std::string> full;
    if (as_server_user && as_nobody_) full = {"runuser", "-u", "nobody", "--"};
    full.insert(full.end(), argv.begin(), argv.end());
    const fs::path log = fs::path(dir_) / "command.log";
    const int rc = run_logged(full, log);
    if (rc == 0) return true;
    why = what + " failed (exit " + std::to_string(rc) + "): " + read_text(log);
    return false;
}

std::unique_ptr<PgCluster> PgCluster::start(std::string& why) {
    std::unique_ptr<PgCluster> c(new PgCluster());
    c->bin_ = pg_bin();
    for (const char* tool : {"initdb", "pg_ctl", "postgres", "psql"}) {
        if (::access((c->bin_ + "/" + tool).c_str(), X_OK) != 0) {
            why = "PostgreSQL 15 is not installed: " + c->bin_ + "/" + tool +
                  " is missing. Install postgresql-15 and libpq-dev (./scripts/setup.sh); the "
                  "`pg` tests need a real server.";
            return nullptr;
        }
    }
    char tmpl[] = "/tmp/intake-pg-XXXXXX";  // short: a socket path has a 107-byte limit
    if (::mkdtemp(tmpl) == nullptr) {
        why = "cannot create a temporary folder for the cluster";
        return nullptr;
    }
    c->dir_ = tmpl;
    c->owner_pid_ = ::getpid();
    if (::geteuid() == 0) {  // postgres refuses root: the cluster belongs to nobody
        const passwd* nobody = ::getpwnam("nobody");
        if (nobody == nullptr || ::chown(tmpl, nobody->pw_uid, nobody->pw_gid) != 0) {
            why = "running as root and cannot hand " + c->dir_ + " to user nobody";
            return nullptr;
        }
        c->as_nobody_ = true;
    }
    const std::string data = c->dir_ + "/data";
    if (!c->run("initdb",
                {c->bin_ + "/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C", "--no-sync"},
                true, why))
        return nullptr;
    const std::string options = "-k " + c->dir_ + " -c listen_addresses='' -c max_connections=40";
    if (!c->run("pg_ctl start",
                {c->bin_ + "/pg_ctl", "-D", data, "-o", options, "-l", c->dir_ + "/server.log",
                 "-w", "-t", "60", "start"},
                true, why)) {
        why += read_text(c->dir_ + "/server.log");
        return nullptr;
    }
    c->running_ = true;
    return c;
}

namespace {

std::unique_ptr<PgCluster> attach_or_start(std::string& why) {
    const char* file = std::getenv("INTAKE_PG_CLUSTER_FILE");
    if (file != nullptr && *file != '\0') {
        if (auto attached = PgCluster::attach(file)) return attached;
    }
    return PgCluster::start(why);
}

}  // namespace

PgCluster* PgCluster::shared(std::string& why) {
    static std::string reason;
    static std::unique_ptr<PgCluster> cluster = attach_or_start(reason);
    why = reason;
    return cluster.get();
}

std::unique_ptr<PgCluster> PgCluster::attach(const std::string& file) {
    std::string dir = read_text(file);
    while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' ')) dir.pop_back();
    // The server's socket is there while it runs; a stale file from an interrupted run is not.
    if (dir.empty() || !fs::exists(fs::path(dir) / ".s.PGSQL.5432")) return nullptr;
    std::unique_ptr<PgCluster> c(new PgCluster());
    c->bin_ = pg_bin();
    c->dir_ = dir;
    c->as_nobody_ = ::geteuid() == 0;
    c->attached_ = true;  // owner_pid_ stays 0: the fixture that started it stops it
    return c;
}

bool PgCluster::stop_folder(const std::string& dir, std::string& why) {
    std::unique_ptr<PgCluster> c(new PgCluster());
    c->bin_ = pg_bin();
    c->dir_ = dir;
    c->as_nobody_ = ::geteuid() == 0;
    c->running_ = fs::exists(fs::path(dir) / "data" / "postmaster.pid");
    c->owner_pid_ = ::getpid();
    bool stopped = true;
    if (c->running_) {
        stopped = c->run(
            "pg_ctl stop",
            {c->bin_ + "/pg_ctl", "-D", dir + "/data", "-m", "immediate", "-w", "stop"}, true, why);
        c->running_ = false;
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    c->owner_pid_ = 0;  // done: the destructor has nothing left to do
    return stopped;
}

PgCluster::~PgCluster() {
    if (::getpid() != owner_pid_) return;
    if (running_) {
        std::string why;
        (void)run("pg_ctl stop",
                  {bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"}, true,
                  why);
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

std::string PgCluster::url(const std::string& database) const {
    return "postgresql://postgres@/" + database + "?host=" + dir_;
}

bool PgCluster::psql(const std::string& database, const std::string& sql, std::string& why) {
    return run("psql",
               {bin_ + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", dir_, "-U", "postgres",
                "-d", database, "-c", sql},
               false, why);
}

bool PgCluster::drop_database(const std::string& name, std::string& why) {
    return psql("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", why);
}

std::string PgCluster::create_database(const std::string& name, std::string& why) {
    if (!psql("postgres", "CREATE DATABASE " + name, why)) return "";
    return url(name);
}

}  // namespace intake::test
