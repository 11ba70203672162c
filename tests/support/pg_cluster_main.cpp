// intake_pg_cluster start|stop FILE: one throwaway PostgreSQL cluster for all the tests of one
// test binary under ctest (a fixture, cmake/Testing.cmake), instead of one per test process.
// `start` stops a cluster left behind in FILE by an interrupted run, starts a new one
// (tests/support/pg_cluster.h) and writes its folder to FILE; the tests find it through
// $INTAKE_PG_CLUSTER_FILE. `stop` stops it and removes its folder and FILE.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/pg_cluster.h"

namespace {

std::string folder_in(const std::string& file) {
    std::ifstream in(file);
    std::string dir;
    std::getline(in, dir);
    return dir;
}

int stop(const std::string& file) {
    const std::string dir = folder_in(file);
    std::string why;
    const bool ok = dir.empty() || intake::test::PgCluster::stop_folder(dir, why);
    std::error_code ec;
    std::filesystem::remove(file, ec);
    if (!ok) std::fprintf(stderr, "intake_pg_cluster: %s\n", why.c_str());
    return ok ? 0 : 1;
}

int start(const std::string& file) {
    (void)stop(file);  // a cluster an interrupted run left behind
    std::string why;
    auto cluster = intake::test::PgCluster::start(why);
    if (!cluster) {
        std::fprintf(stderr, "intake_pg_cluster: %s\n", why.c_str());
        return 1;
    }
    std::ofstream out(file, std::ios::trunc);
    out << cluster->socket_dir() << "\n";
    if (!out.flush()) {
        std::fprintf(stderr, "intake_pg_cluster: cannot write %s\n", file.c_str());
        return 1;
    }
    cluster->release();  // keeps running for the tests; `stop` ends it
    std::printf("PostgreSQL cluster at %s\n", cluster->socket_dir().c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string verb = argc == 3 ? argv[1] : "";
    if (verb == "start") return start(argv[2]);
    if (verb == "stop") return stop(argv[2]);
    std::fprintf(stderr, "usage: intake_pg_cluster start|stop FILE\n");
    return 2;
}
