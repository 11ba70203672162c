// The store's engine-neutral part — migrations, the audit chain, workflows with optimistic
// concurrency — as one suite run on SQLite and on a real PostgreSQL.
#include <gtest/gtest.h>

#include "station/record/audit_log.h"
#include "tests/station/record/engine_fixture.h"

namespace intake::record::test {
namespace {

std::string fixed_clock() { return "2026-12-03T05:00:00Z"; }

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

using StoreOnEngine = EngineTest;

TEST_P(StoreOnEngine, MigratesToTheNewestSchemaOnceAndKeepsData) {
    {
        Store store = open();
        EXPECT_EQ(store.schema_version(), newest_schema());
        EXPECT_EQ(store.engine_name(), postgres() ? "postgresql" : "sqlite");
        ASSERT_TRUE(store.save_workflow({"C-1", "{\"v\":1}", "", ""}));
    }
    Store again = open();  // nothing re-applied: a second CREATE TABLE would fail
    EXPECT_EQ(again.schema_version(), newest_schema());
    auto row = again.find_workflow("C-1");
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->state_json, "{\"v\":1}");
}

TEST_P(StoreOnEngine, RefusesASchemaNewerThanTheBuild) {
    { Store store = open(); }
    ASSERT_TRUE(
        raw_sql("PRAGMA user_version = 99", "INSERT INTO schema_migrations (version) VALUES (99)"));
    auto newer = Store::open_location(location_);
    ASSERT_FALSE(newer);
    EXPECT_EQ(newer.error().code, Errc::unsupported);
    EXPECT_TRUE(has(newer.error().message, "schema version 99 is newer than this build"))
        << newer.error().message;
}

TEST_P(StoreOnEngine, AuditChainAppendsAndVerifies) {
    Store store = open();
    AuditLog log(store, fixed_clock);
    for (int i = 1; i <= 5; ++i) {
        auto seq = log.append({"dr-lee", "clinician", "test.action", "case C-1", "", "",
                               "entry " + std::to_string(i)});
        ASSERT_TRUE(seq) << seq.error().message;
        EXPECT_EQ(*seq, i);
    }
    auto v = log.verify();
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->ok) << v->problem;
    EXPECT_EQ(v->entries, 5);
    auto rows = store.audit_rows();
    ASSERT_TRUE(rows);
    EXPECT_EQ((*rows)[0].prev_hash, kAuditGenesis);
    EXPECT_EQ((*rows)[1].prev_hash, (*rows)[0].entry_hash);
    auto head = log.head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->seq, 5);
    EXPECT_EQ(head->entry_hash, (*rows)[4].entry_hash);
}

TEST_P(StoreOnEngine, TheDatabaseRefusesChangingOrDeletingAuditRows) {
    {
        Store store = open();
        ASSERT_TRUE(AuditLog(store).append({"a", "assistant", "x", "y", "", "", ""}));
    }
    EXPECT_FALSE(raw_sql("UPDATE audit_log SET actor = 'z'", "UPDATE audit_log SET actor = 'z'"));
    EXPECT_FALSE(raw_sql("DELETE FROM audit_log", "DELETE FROM audit_log"));
    if (postgres()) {
        EXPECT_FALSE(raw_sql("", "TRUNCATE audit_log"));
    }
    Store store = open();
    EXPECT_EQ(store.audit_rows()->size(), 1u);
}

TEST_P(StoreOnEngine, AForgedAuditRowIsFoundByVerify) {
    {
        Store store = open();
        AuditLog log(store, fixed_clock);
        for (int i = 0; i < 5; ++i)
            ASSERT_TRUE(log.append({"a", "assistant", "x", "y", "", "", std::to_string(i)}));
    }
    ASSERT_TRUE(raw_sql(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'forged' WHERE seq = 3",
        "ALTER TABLE audit_log DISABLE TRIGGER USER; "
        "UPDATE audit_log SET detail = 'forged' WHERE seq = 3"));
    Store store = open();
    auto v = AuditLog(store).verify();
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->ok);
    EXPECT_EQ(v->broken_seq, 3);
    EXPECT_TRUE(has(v->problem, "hash mismatch")) << v->problem;
}

TEST_P(StoreOnEngine, AnActionAndItsAuditEntryCommitOrRollBackTogether) {
    Store store = open();
    AuditLog log(store, fixed_clock);
    Status st = store.in_transaction([&]() -> Status {
        INTAKE_TRY(store.save_workflow({"C-1", "{}", "", ""}));
        auto seq = log.append({"a", "assistant", "workflow.save", "case C-1", "", "", ""});
        if (!seq) return fail(seq.error());
        return fail(Errc::conflict, "the action fails after its audit entry");
    });
    ASSERT_FALSE(st);
    EXPECT_FALSE(*store.find_workflow("C-1"));
    EXPECT_TRUE(store.audit_rows()->empty());
    ASSERT_TRUE(store.in_transaction([&]() -> Status {
        INTAKE_TRY(store.save_workflow({"C-1", "{}", "", ""}));
        auto seq = log.append({"a", "assistant", "workflow.save", "case C-1", "", "", ""});
        return seq ? ok() : Status(fail(seq.error()));
    }));
    EXPECT_TRUE(*store.find_workflow("C-1"));
    EXPECT_EQ(store.audit_rows()->size(), 1u);
    EXPECT_TRUE(log.verify()->ok);
}

TEST_P(StoreOnEngine, WorkflowsSaveFindAndClearCountingVersions) {
    Store store = open();
    EXPECT_FALSE(*store.find_workflow("C-1"));
    ASSERT_TRUE(store.save_workflow({"C-1", "{\"v\":1}", "", ""}));
    ASSERT_TRUE(store.save_workflow({"C-1", "{\"v\":2}", "{\"d\":1}", ""}));
    ASSERT_TRUE(store.save_workflow({"C-2", "{}", "{}", ""}));
    auto row = store.find_workflow("C-1");
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->state_json, "{\"v\":2}");
    EXPECT_EQ((*row)->draft_json, "{\"d\":1}");
    EXPECT_EQ((*row)->version, 2);
    EXPECT_FALSE((*row)->updated_at.empty());
    ASSERT_TRUE(store.clear_workflow("C-1"));
    EXPECT_FALSE(*store.find_workflow("C-1"));
    EXPECT_EQ((*store.find_workflow("C-2"))->version, 1);
    EXPECT_EQ(store.save_workflow({"", "{}", "{}", ""}).error().code, Errc::invalid_argument);
}

TEST_P(StoreOnEngine, AStaleWorkflowWriteIsRefusedNamingTheCaseAndBothVersions) {
    Store store = open();
    auto first = store.update_workflow({"C-7", "{\"by\":\"chair 1\"}", "{}", ""}, 0);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(*first, 1);
    auto twice = store.update_workflow({"C-7", "{\"by\":\"chair 3\"}", "{}", ""}, 0);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, Errc::conflict);
    EXPECT_TRUE(has(twice.error().message, "store holds version 1")) << twice.error().message;

    auto second = store.update_workflow({"C-7", "{\"by\":\"desk\"}", "{\"n\":2}", ""}, 1);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(*second, 2);
    auto stale = store.update_workflow({"C-7", "{\"by\":\"chair 3\"}", "{}", ""}, 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, Errc::conflict);
    const std::string& why = stale.error().message;
    EXPECT_TRUE(has(why, "case C-7") && has(why, "based on version 1") &&
                has(why, "store holds version 2") && has(why, "reload"))
        << why;
    auto row = store.find_workflow("C-7");
    ASSERT_TRUE(row && *row);  // the refused write changed nothing
    EXPECT_EQ((*row)->state_json, "{\"by\":\"desk\"}");
    EXPECT_EQ((*row)->draft_json, "{\"n\":2}");
    EXPECT_EQ((*row)->version, 2);

    auto gone = store.update_workflow({"C-8", "{}", "{}", ""}, 3);
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, Errc::conflict);
    EXPECT_TRUE(has(gone.error().message, "no workflow stored")) << gone.error().message;
    // The single chair's save goes on counting from the same version.
    ASSERT_TRUE(store.save_workflow({"C-7", "{}", "{}", ""}));
    EXPECT_EQ((*store.find_workflow("C-7"))->version, 3);
}

// Another station learns of a workflow write: pushed on PostgreSQL (LISTEN workflow_changed,
// fed by migration 6's trigger), read as the row's version on SQLite.
TEST_P(StoreOnEngine, OtherStationsLearnOfWorkflowWrites) {
    Store watcher = open();
    Store writer = open();
    EXPECT_EQ(*watcher.workflow_version("C-9"), 0);
    const Status watching = watcher.watch_workflows();
    EXPECT_EQ(static_cast<bool>(watching), postgres());
    if (!postgres()) {
        EXPECT_EQ(watching.error().code, Errc::unsupported);
    }
    ASSERT_EQ(*writer.update_workflow({"C-9", "{}", "{}", ""}, 0), 1);
    ASSERT_EQ(*writer.update_workflow({"C-9", "{}", "{\"x\":1}", ""}, 1), 2);
    ASSERT_TRUE(writer.save_workflow({"C-8", "{}", "{}", ""}));
    EXPECT_EQ(*watcher.workflow_version("C-9"), 2);
    if (!postgres()) return;
    // The news arrives a moment after the writer's commit: collect until all three are in.
    std::vector<WorkflowChange> seen;
    for (int i = 0; i < 500 && seen.size() < 3; ++i) {
        auto news = watcher.workflow_changes();
        ASSERT_TRUE(news) << news.error().to_string();
        EXPECT_FALSE(news->interrupted);
        seen.insert(seen.end(), news->changes.begin(), news->changes.end());
        if (seen.size() < 3) ::usleep(10000);
    }
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].case_id, "C-9");
    EXPECT_EQ(seen[0].version, 1);
    EXPECT_EQ(seen[1].case_id, "C-9");
    EXPECT_EQ(seen[1].version, 2);
    EXPECT_EQ(seen[2].case_id, "C-8");
    EXPECT_EQ(seen[2].version, 1);
    EXPECT_TRUE(watcher.workflow_changes()->changes.empty()) << "each write is announced once";
}

INSTANTIATE_TEST_SUITE_P(BothEngines, StoreOnEngine,
                         ::testing::Values(Engine::sqlite, Engine::postgresql), engine_name);

}  // namespace
}  // namespace intake::record::test
