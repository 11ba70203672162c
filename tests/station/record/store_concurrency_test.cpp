// Many stations, one database, with real processes: four append to one audit chain
// at once, two interleave updates of one case's workflow. Run on SQLite (several processes on
// one station.db) and on a real PostgreSQL. The figures are printed for docs/scale.md.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <vector>

#include "station/record/audit_log.h"
#include "tests/station/record/engine_fixture.h"

namespace intake::record::test {
namespace {

constexpr int kAppenders = 4;
constexpr int kAppendsEach = 1000;
constexpr int kUpdaters = 2;
constexpr int kUpdatesEach = 500;
constexpr const char* kCase = "CASE-SHARED";

// The children wait on `gate` until the parent closes its end, so they all start together.
void wait_for_gate(int gate) {
    char c = 0;
    (void)::read(gate, &c, 1);
    ::close(gate);
}

// A station appending `count` entries. Exit 0 on success; a message on stderr otherwise.
// SQLite's busy handler is not fair: under four writers one can wait out its 5 s timeout
// (Errc::busy, nothing written); the station then tries again, and the retries are reported.
int append_station(const std::string& location, int station, int count, int report) {
    auto store = Store::open_location(location);
    if (!store) return std::fprintf(stderr, "open: %s\n", store.error().message.c_str()), 10;
    AuditLog log(*store);
    int64_t busy = 0;
    for (int i = 0; i < count;) {
        const std::string actor = "station-" + std::to_string(station);
        auto seq =
            log.append({actor, "assistant", "test.append", "case C-1", "", "", std::to_string(i)});
        if (seq) {
            ++i;
        } else if (seq.error().code == Errc::busy && busy < 100) {
            ++busy;
        } else {
            return std::fprintf(stderr, "append: %s\n", seq.error().message.c_str()), 11;
        }
    }
    return ::write(report, &busy, sizeof busy) == sizeof busy ? 0 : 13;
}

// The sum of what the children wrote to the pipe.
int64_t sum_reports(int fd) {
    int64_t total = 0, each = 0;
    while (::read(fd, &each, sizeof each) == sizeof each) total += each;
    ::close(fd);
    return total;
}

// A conflict must name the case and the version the write was based on.
bool names_the_conflict(const Error& e, int64_t based_on) {
    return e.message.find(kCase) != std::string::npos &&
           e.message.find("based on version " + std::to_string(based_on)) != std::string::npos;
}

// A station adding `count` marks to the case's workflow, re-reading and retrying on conflict.
// Writes its conflict count to `report`.
int update_station(const std::string& location, int station, int count, int report) {
    auto store = Store::open_location(location);
    if (!store) return std::fprintf(stderr, "open: %s\n", store.error().message.c_str()), 10;
    int64_t conflicts = 0;
    for (int done = 0; done < count;) {
        auto row = store->find_workflow(kCase);
        if (!row || !*row) return std::fprintf(stderr, "read failed\n"), 11;
        auto state = nlohmann::json::parse((*row)->state_json);
        state["marks"].push_back(std::to_string(station) + ":" + std::to_string(done));
        auto draft = nlohmann::json{{"last", station}};
        auto v = store->update_workflow({kCase, state.dump(), draft.dump(), ""}, (*row)->version);
        if (v) {
            ++done;
        } else if (v.error().code == Errc::conflict &&
                   names_the_conflict(v.error(), (*row)->version)) {
            ++conflicts;
        } else {
            return std::fprintf(stderr, "update: %s\n", v.error().message.c_str()), 12;
        }
    }
    return ::write(report, &conflicts, sizeof conflicts) == sizeof conflicts ? 0 : 13;
}

struct StationsRun {
    std::vector<int> exit_codes;
    double seconds = 0;
};

// Forks `n` children running `body(i)`, releases them together, waits for all.
template <typename Body>
StationsRun run_stations(int n, Body body) {
    int gate[2];
    if (::pipe(gate) != 0) return {};
    std::vector<pid_t> pids;
    for (int i = 0; i < n; ++i) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(gate[1]);
            wait_for_gate(gate[0]);
            std::fflush(stdout);
            ::_exit(body(i));  // never return into gtest in the child
        }
        pids.push_back(pid);
    }
    ::close(gate[0]);
    const auto start = std::chrono::steady_clock::now();
    ::close(gate[1]);
    StationsRun run;
    for (const pid_t pid : pids) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        run.exit_codes.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

using ConcurrentStations = EngineTest;

TEST_P(ConcurrentStations, FourProcessesAppendToOneAuditChain) {
    { Store created = open(); }  // migrated once, before the stations start
    int report[2];
    ASSERT_EQ(::pipe(report), 0);
    const StationsRun run = run_stations(kAppenders, [&](int i) {
        ::close(report[0]);
        return append_station(location_, i, kAppendsEach, report[1]);
    });
    ::close(report[1]);
    const int64_t busy = sum_reports(report[0]);
    for (const int code : run.exit_codes) EXPECT_EQ(code, 0);
    Store store = open();
    auto v = AuditLog(store).verify();
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_TRUE(v->ok) << "broken at " << v->broken_seq.value_or(0) << ": " << v->problem;
    EXPECT_EQ(v->entries, kAppenders * kAppendsEach);
    const double rate = kAppenders * kAppendsEach / run.seconds;
    std::cout << "[figures] " << engine_name({GetParam(), 0}) << " audit: " << kAppenders << " x "
              << kAppendsEach << " appends in " << run.seconds << " s = " << rate << " appends/s, "
              << busy << " timed out busy and retried\n";
    RecordProperty("appends_per_second", static_cast<int>(rate));
    RecordProperty("busy_retries", static_cast<int>(busy));
}

TEST_P(ConcurrentStations, TwoProcessesInterleaveUpdatesOfOneCaseLosingNothing) {
    {
        Store created = open();
        ASSERT_TRUE(created.update_workflow({kCase, R"({"marks":[]})", "{}", ""}, 0));
    }
    int report[2];
    ASSERT_EQ(::pipe(report), 0);
    const StationsRun run = run_stations(kUpdaters, [&](int i) {
        ::close(report[0]);
        return update_station(location_, i, kUpdatesEach, report[1]);
    });
    ::close(report[1]);
    const int64_t conflicts = sum_reports(report[0]);
    for (const int code : run.exit_codes) EXPECT_EQ(code, 0);

    Store store = open();
    auto row = store.find_workflow(kCase);
    ASSERT_TRUE(row && *row);
    // Every successful write is there, in each station's own order: a conflict that went
    // unseen would have overwritten the other station's mark.
    const auto marks = nlohmann::json::parse((*row)->state_json)["marks"];
    ASSERT_EQ(marks.size(), static_cast<size_t>(kUpdaters * kUpdatesEach));
    std::vector<int> next(kUpdaters, 0);
    for (const auto& m : marks) {
        const std::string mark = m.get<std::string>();
        const int station = std::stoi(mark.substr(0, mark.find(':')));
        EXPECT_EQ(mark, std::to_string(station) + ":" + std::to_string(next[station]++));
    }
    EXPECT_EQ((*row)->version, 1 + kUpdaters * kUpdatesEach);
    const double rate = kUpdaters * kUpdatesEach / run.seconds;
    std::cout << "[figures] " << engine_name({GetParam(), 0}) << " workflow: " << kUpdaters << " x "
              << kUpdatesEach << " updates in " << run.seconds << " s = " << rate << " updates/s, "
              << conflicts << " conflicts detected and retried\n";
    RecordProperty("updates_per_second", static_cast<int>(rate));
    RecordProperty("conflicts", static_cast<int>(conflicts));
}

INSTANTIATE_TEST_SUITE_P(BothEngines, ConcurrentStations,
                         ::testing::Values(Engine::sqlite, Engine::postgresql), engine_name);

}  // namespace
}  // namespace intake::record::test
