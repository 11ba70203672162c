// The store's record tables — practices, patients, cases and the case lookup (with a case of no
// patient and the demo case), submissions and their history — as one suite run on SQLite and on
// a real PostgreSQL, so the SQL both engines share answers the same on each.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "station/record/demo_data.h"
#include "tests/station/record/engine_fixture.h"

namespace intake::record::test {
namespace {

using RecordsOnEngine = EngineTest;
using Ids = std::vector<std::string>;

TEST_P(RecordsOnEngine, PracticesAndPatientsAreAddedFoundUpdatedAndListed) {
    Store store = open();
    auto practice = store.add_practice({0, "North Smiles", "1 High St"});
    ASSERT_TRUE(practice) << practice.error().message;
    auto second = store.add_practice({0, "South Smiles", ""});
    ASSERT_TRUE(second);
    EXPECT_GT(*second, *practice);
    auto practices = store.practices();
    ASSERT_TRUE(practices);
    ASSERT_EQ(practices->size(), 2u);
    EXPECT_EQ((*practices)[0].name, "North Smiles");
    EXPECT_EQ((*practices)[0].address, "1 High St");
    EXPECT_EQ((*practices)[1].id, *second);

    auto ada = store.add_patient({0, *practice, "Ada Byron", "1990-02-03", "CH-1"});
    ASSERT_TRUE(ada) << ada.error().message;
    auto bob = store.add_patient({0, *second, "Bob Stone", "1985-07-08", "CH-2"});
    ASSERT_TRUE(bob);
    auto found = store.find_patient(*ada);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->name, "Ada Byron");
    EXPECT_EQ((*found)->date_of_birth, "1990-02-03");
    EXPECT_EQ((*found)->practice_id, *practice);
    auto by_chart = store.find_patient_by_chart("CH-2");
    ASSERT_TRUE(by_chart && *by_chart);
    EXPECT_EQ((*by_chart)->id, *bob);
    EXPECT_FALSE(*store.find_patient(*bob + 100));
    EXPECT_FALSE(*store.find_patient_by_chart("ch-2"));  // chart ids compare exactly

    ASSERT_TRUE(store.update_patient({*ada, *practice, "Ada Lovelace", "1990-02-04", "CH-1A"}));
    auto updated = store.find_patient(*ada);
    ASSERT_TRUE(updated && *updated);
    EXPECT_EQ((*updated)->name, "Ada Lovelace");
    EXPECT_EQ((*updated)->date_of_birth, "1990-02-04");
    EXPECT_EQ((*updated)->chart_id, "CH-1A");
    auto missing = store.update_patient({*bob + 100, *practice, "X", "2000-01-01", "CH-9"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::bad_input);
    EXPECT_NE(missing.error().message.find("does not exist"), std::string::npos);

    auto all = store.patients();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].chart_id, "CH-1A");
    EXPECT_EQ((*all)[1].name, "Bob Stone");
}

TEST_P(RecordsOnEngine, TheDatabaseRefusesADuplicateChartIdAsAConflict) {
    Store store = open();
    const int64_t practice = *store.add_practice({0, "P", ""});
    ASSERT_TRUE(store.add_patient({0, practice, "Ada", "1990-01-01", "CH-1"}));
    auto twice = store.add_patient({0, practice, "Someone Else", "1991-01-01", "CH-1"});
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, Errc::conflict) << twice.error().message;
    EXPECT_NE(twice.error().message.find("add patient CH-1"), std::string::npos);
    auto other = store.add_patient({0, practice, "Other", "1992-01-01", "CH-2"});
    ASSERT_TRUE(other);
    auto taken = store.update_patient({*other, practice, "Other", "1992-01-01", "CH-1"});
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, Errc::conflict);
    EXPECT_EQ(store.patients()->size(), 2u);
    EXPECT_EQ((*store.find_patient(*other))->chart_id, "CH-2");  // the refused update left it
}

TEST_P(RecordsOnEngine, SavingACaseTwiceUpdatesTheSameRow) {
    Store store = open();
    const int64_t practice = *store.add_practice({0, "P", ""});
    const int64_t patient = *store.add_patient({0, practice, "Ada", "1990-01-01", "CH-1"});
    auto first = store.save_case({0, patient, "C-1", "Lab A", "LAB-1", "generic", "1", "{}"});
    ASSERT_TRUE(first) << first.error().message;
    auto again =
        store.save_case({0, patient, "C-1", "Lab B", "LAB-2", "generic", "2", "{\"v\":2}"});
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, *first);
    auto c = store.find_case("C-1");
    ASSERT_TRUE(c && *c);
    EXPECT_EQ((*c)->id, *first);
    EXPECT_EQ((*c)->patient_id, patient);
    EXPECT_EQ((*c)->lab, "Lab B");
    EXPECT_EQ((*c)->lab_case_id, "LAB-2");
    EXPECT_EQ((*c)->rules_version, "2");
    EXPECT_EQ((*c)->case_json, "{\"v\":2}");
    EXPECT_FALSE(*store.find_case("C-404"));

    auto orphan = store.save_case({0, 0, "ORPHAN", "", "", "generic", "", "{}"});
    ASSERT_TRUE(orphan) << orphan.error().message;
    EXPECT_GT(*orphan, *first);
    EXPECT_EQ((*store.find_case("ORPHAN"))->patient_id, 0);  // no patient: NULL, read as 0
    auto unknown_patient = store.save_case({0, patient + 100, "C-X", "", "", "generic", "", "{}"});
    ASSERT_FALSE(unknown_patient);  // the foreign key holds on both engines
    EXPECT_EQ(unknown_patient.error().code, Errc::conflict);
}

TEST_P(RecordsOnEngine, CasesOfAPatientComeByCaseIdInByteOrder) {
    Store store = open();
    const int64_t practice = *store.add_practice({0, "P", ""});
    const int64_t ada = *store.add_patient({0, practice, "Ada", "1990-01-01", "CH-1"});
    const int64_t bob = *store.add_patient({0, practice, "Bob", "1990-01-01", "CH-2"});
    for (const char* id : {"c-b", "C-B", "c-a", "C-A"})
        ASSERT_TRUE(store.save_case({0, ada, id, "", "", "generic", "", "{}"}));
    ASSERT_TRUE(store.save_case({0, bob, "B-1", "", "", "generic", "", "{}"}));
    auto cases = store.cases_of_patient(ada);
    ASSERT_TRUE(cases) << cases.error().message;
    Ids ids;
    for (const auto& c : *cases) ids.push_back(c.case_id);
    EXPECT_EQ(ids, (Ids{"C-A", "C-B", "c-a", "c-b"}));  // SQLite's BINARY order
    EXPECT_EQ((*cases)[0].patient_id, ada);
    EXPECT_EQ(store.cases_of_patient(bob)->size(), 1u);
    EXPECT_TRUE(store.cases_of_patient(bob + 100)->empty());
}

TEST_P(RecordsOnEngine, SubmissionsAndTheirHistoryKeepOrderAndRecordOutcomesOnce) {
    Store store = open();
    auto sub = store.add_submission(
        {0, "C-1", "2026-12-03T05:00:00Z", "packaged", "generic", "1", "{}", "{}", "/p.zip"});
    ASSERT_TRUE(sub) << sub.error().message;
    auto sub2 = store.add_submission({0, "C-1", "2026-12-03T06:00:00Z", "sent", "generic", "1"});
    ASSERT_TRUE(sub2);
    EXPECT_GT(*sub2, *sub);

    const auto event = [](const char* name, const char* package, const char* detail = "") {
        return SubmissionEvent{
            0, "C-1", "", name, package, "/out/" + std::string(package), "LAB-1", "dr-lee", detail};
    };
    auto built = store.record_submission_event(event("built", "PKG-1"));
    ASSERT_TRUE(built) << built.error().message;
    auto queued = store.record_submission_event(event("queued", "PKG-1"));
    ASSERT_TRUE(queued) << queued.error().message;
    auto again = store.record_submission_event(event("queued", "PKG-1", "polled twice"));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, *queued);  // an outcome is recorded once per package
    ASSERT_TRUE(store.record_submission_event(event("built", "PKG-1")));  // a rebuild repeats
    ASSERT_TRUE(store.record_submission_event(event("uploaded", "PKG-1", "{\"receipt\":1}")));
    ASSERT_TRUE(store.record_submission_event(
        {0, "C-2", "2026-01-01T00:00:00Z", "built", "PKG-2", "", "", "", ""}));
    auto bad = store.record_submission_event(event("mailed", "PKG-1"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::bad_input);

    auto history = store.submission_history("C-1");
    ASSERT_TRUE(history) << history.error().message;
    Ids order;
    for (const auto& e : *history) order.push_back(e.event);
    EXPECT_EQ(order, (Ids{"built", "queued", "built", "uploaded"}));
    EXPECT_EQ((*history)[0].id, *built);
    EXPECT_FALSE((*history)[0].at.empty());  // stamped when not given
    EXPECT_EQ((*history)[1].package_path, "/out/PKG-1");
    EXPECT_EQ((*history)[1].detail, "");  // the second "queued" changed nothing
    EXPECT_EQ((*history)[3].detail, "{\"receipt\":1}");
    EXPECT_EQ((*history)[3].actor, "dr-lee");

    auto found = store.find_package_event("PKG-2");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->case_id, "C-2");
    EXPECT_EQ((*found)->at, "2026-01-01T00:00:00Z");
    EXPECT_EQ((*store.find_package_event("PKG-1"))->id, *built);  // the first event
    EXPECT_FALSE(*store.find_package_event("PKG-404"));
}

// The case lookup (Store::list_cases): three patients, four cases.
class CaseLookupOnEngine : public EngineTest {
  protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (HasFatalFailure()) return;
        store_.emplace(open());
        const int64_t practice = *store_->add_practice({0, "Practice", ""});
        const std::pair<const char*, const char*> patients[] = {
            {"Alice Zhang", "CH-100"}, {"Bob O'Brien", "CH-200"}, {"Carla 50% Ruiz", "ch_300"}};
        for (const auto& [name, chart] : patients) {
            auto id = store_->add_patient({0, practice, name, "1990-01-01", chart});
            ASSERT_TRUE(id) << id.error().message;
            patient_ids_.push_back(*id);
        }
        // C-1 (Alice), C-2 (Bob), C-3 (Alice again), C-4 (Carla), in creation order.
        const int owner[] = {0, 1, 0, 2};
        for (int i = 0; i < 4; ++i) {
            ASSERT_TRUE(
                store_->save_case({0, patient_ids_[owner[i]], "C-" + std::to_string(i + 1), "Lab",
                                   "LAB-" + std::to_string(900 + i), "generic", "1", "{}"}));
        }
    }
    Ids ids(const CaseQuery& q) {
        auto list = store_->list_cases(q);
        EXPECT_TRUE(list) << list.error().message;
        Ids out;
        if (list)
            for (const auto& c : list->cases) out.push_back(c.record.case_id);
        return out;
    }

    std::optional<Store> store_;
    std::vector<int64_t> patient_ids_;
};

TEST_P(CaseLookupOnEngine, ListsNewestFirstWithThePatient) {
    auto list = store_->list_cases({});
    ASSERT_TRUE(list) << list.error().message;
    EXPECT_EQ(list->total, 4);
    ASSERT_EQ(list->cases.size(), 4u);
    EXPECT_EQ(list->cases[0].record.case_id, "C-4");
    EXPECT_EQ(list->cases[0].patient_name, "Carla 50% Ruiz");
    EXPECT_EQ(list->cases[0].patient_chart_id, "ch_300");
    EXPECT_EQ(list->cases[0].date_of_birth, "1990-01-01");
    EXPECT_EQ(list->cases[0].record.patient_id, patient_ids_[2]);
    EXPECT_GT(list->cases[0].practice_id, 0);
    EXPECT_EQ(list->cases[3].record.lab_case_id, "LAB-900");
}

TEST_P(CaseLookupOnEngine, SearchesPartiallyAndCaseInsensitively) {
    EXPECT_EQ(ids({"alice"}), (Ids{"C-3", "C-1"}));
    EXPECT_EQ(ids({"  ZHANG "}), (Ids{"C-3", "C-1"}));
    EXPECT_EQ(ids({"o'bri"}), (Ids{"C-2"}));
    EXPECT_EQ(ids({"c-4"}), (Ids{"C-4"}));
    EXPECT_EQ(ids({"lab-901"}), (Ids{"C-2"}));  // the lab's case id
    EXPECT_EQ(ids({"Ch-2"}), (Ids{"C-2"}));     // the chart id
    EXPECT_EQ(ids({"CH_3"}), (Ids{"C-4"}));
    const Ids by_id = ids({std::to_string(patient_ids_[1])});  // the numeric patient id
    EXPECT_NE(std::find(by_id.begin(), by_id.end(), "C-2"), by_id.end());
    EXPECT_EQ(ids({"nobody"}), Ids{});
}

TEST_P(CaseLookupOnEngine, WildcardsTypedByAUserMatchThemselves) {
    EXPECT_EQ(ids({"50%"}), (Ids{"C-4"}));
    EXPECT_EQ(ids({"%"}), (Ids{"C-4"}));
    EXPECT_EQ(ids({"_"}), (Ids{"C-4"}));
    EXPECT_EQ(ids({"\\"}), Ids{});
}

TEST_P(CaseLookupOnEngine, CountsEveryMatchBeyondTheLimit) {
    auto two = store_->list_cases({"", 2});
    ASSERT_TRUE(two);
    EXPECT_EQ(two->total, 4);
    ASSERT_EQ(two->cases.size(), 2u);
    EXPECT_EQ(two->cases[1].record.case_id, "C-3");
    auto alice = store_->list_cases({"ALICE", 1});
    ASSERT_TRUE(alice);
    EXPECT_EQ(alice->total, 2);
    ASSERT_EQ(alice->cases.size(), 1u);
    EXPECT_EQ(alice->cases[0].record.case_id, "C-3");
    auto clamped = store_->list_cases({"c-", 0});  // a limit under 1 still returns one row
    ASSERT_TRUE(clamped);
    EXPECT_EQ(clamped->cases.size(), 1u);
    EXPECT_EQ(clamped->total, 4);
    auto huge = store_->list_cases({"", 1 << 30});  // clamped to kMaxCaseLimit
    ASSERT_TRUE(huge);
    EXPECT_EQ(huge->cases.size(), 4u);
}

TEST_P(CaseLookupOnEngine, ACaseWithoutAPatientIsStillListed) {
    ASSERT_TRUE(store_->save_case({0, 0, "ORPHAN-1", "", "", "generic", "1", "{}"}));
    auto list = store_->list_cases({"orphan"});
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->cases.size(), 1u);
    EXPECT_EQ(list->cases[0].patient_name, "");
    EXPECT_EQ(list->cases[0].record.patient_id, 0);
}

TEST_P(CaseLookupOnEngine, TheDemoCaseIsFoundByItsPatient) {
    ASSERT_TRUE(seed_demo_data(*store_, *CivilDate::parse("2026-11-23"), {pin_options(), nullptr}));
    auto list = store_->list_cases({"alex demo"});
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->cases.size(), 1u);
    EXPECT_EQ(list->cases[0].record.case_id, kDemoCaseId);
    EXPECT_EQ(ids({})[0], kDemoCaseId);  // the newest case
}

INSTANTIATE_TEST_SUITE_P(Engines, RecordsOnEngine,
                         ::testing::Values(Engine::sqlite, Engine::postgresql), engine_name);
INSTANTIATE_TEST_SUITE_P(Engines, CaseLookupOnEngine,
                         ::testing::Values(Engine::sqlite, Engine::postgresql), engine_name);

}  // namespace
}  // namespace intake::record::test
