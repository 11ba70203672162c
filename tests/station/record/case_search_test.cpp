// The case lookup (Store::list_cases): partial, case-insensitive search by case id, lab case id,
// patient name, chart id or patient id; newest first; bounded with the total count.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "station/record/demo_data.h"
#include "station/record/store.h"

namespace intake::record {
namespace {

namespace fs = std::filesystem;

class CaseSearch : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("intake-case-search-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        auto s = Store::open(dir_ / "station.db");
        ASSERT_TRUE(s) << s.error().message;
        store_ = std::make_unique<Store>(std::move(*s));
        auto practice = store_->add_practice({0, "Practice", ""});
        ASSERT_TRUE(practice);
        const std::pair<const char*, const char*> patients[] = {
            {"Alice Zhang", "CH-100"}, {"Bob O'Brien", "CH-200"}, {"Carla 50% Ruiz", "ch_300"}};
        for (const auto& [name, chart] : patients) {
            auto id = store_->add_patient({0, *practice, name, "1990-01-01", chart});
            ASSERT_TRUE(id);
            patient_ids_.push_back(*id);
        }
        // Cases in creation order: C-1 (Alice), C-2 (Bob), C-3 (Alice again), C-4 (Carla).
        const int owner[] = {0, 1, 0, 2};
        for (int i = 0; i < 4; ++i) {
            const std::string id = "C-" + std::to_string(i + 1);
            ASSERT_TRUE(
                store_->save_case({0, patient_ids_[owner[i]], id, "Lab",
                                   "LAB-" + std::to_string(900 + i), "generic", "1", "{}"}));
        }
    }
    void TearDown() override {
        store_.reset();
        fs::remove_all(dir_);
    }
    std::vector<std::string> ids(const CaseQuery& q) {
        auto list = store_->list_cases(q);
        EXPECT_TRUE(list) << list.error().message;
        std::vector<std::string> out;
        if (list)
            for (const auto& c : list->cases) out.push_back(c.record.case_id);
        return out;
    }

    fs::path dir_;
    std::unique_ptr<Store> store_;
    std::vector<int64_t> patient_ids_;
};

using Ids = std::vector<std::string>;

TEST_F(CaseSearch, EmptyQueryListsEveryCaseNewestFirstWithItsPatient) {
    auto list = store_->list_cases({});
    ASSERT_TRUE(list);
    EXPECT_EQ(list->total, 4);
    ASSERT_EQ(list->cases.size(), 4u);
    EXPECT_EQ(list->cases[0].record.case_id, "C-4");
    EXPECT_EQ(list->cases[0].patient_name, "Carla 50% Ruiz");
    EXPECT_EQ(list->cases[0].patient_chart_id, "ch_300");
    EXPECT_EQ(list->cases[0].date_of_birth, "1990-01-01");
    EXPECT_EQ(list->cases[3].record.case_id, "C-1");
    EXPECT_EQ(list->cases[3].record.lab_case_id, "LAB-900");
}

TEST_F(CaseSearch, MatchesPartiallyAndIgnoresCase) {
    EXPECT_EQ(ids({"alice"}), (Ids{"C-3", "C-1"}));
    EXPECT_EQ(ids({"  ZHANG "}), (Ids{"C-3", "C-1"}));
    EXPECT_EQ(ids({"o'bri"}), (Ids{"C-2"}));
    EXPECT_EQ(ids({"c-4"}), (Ids{"C-4"}));
    EXPECT_EQ(ids({"lab-901"}), (Ids{"C-2"}));  // the lab's case id
    EXPECT_EQ(ids({"ch-2"}), (Ids{"C-2"}));     // the chart id
    // The patient's numeric id finds the patient's cases (small ids also match other text).
    const Ids by_id = ids({std::to_string(patient_ids_[1])});
    EXPECT_NE(std::find(by_id.begin(), by_id.end(), "C-2"), by_id.end());
    EXPECT_EQ(ids({"nobody"}), Ids{});
}

TEST_F(CaseSearch, WildcardCharactersAreLiteral) {
    EXPECT_EQ(ids({"50%"}), (Ids{"C-4"}));
    EXPECT_EQ(ids({"%"}), (Ids{"C-4"}));
    EXPECT_EQ(ids({"_"}), (Ids{"C-4"}));  // only ch_300 has an underscore
}

TEST_F(CaseSearch, IsBoundedAndCountsEveryMatch) {
    auto two = store_->list_cases({"", 2});
    ASSERT_TRUE(two);
    EXPECT_EQ(two->total, 4);
    EXPECT_EQ(two->cases.size(), 2u);
    EXPECT_EQ(two->cases[0].record.case_id, "C-4");
    auto clamped = store_->list_cases({"c-", 0});  // a limit under 1 still returns one row
    ASSERT_TRUE(clamped);
    EXPECT_EQ(clamped->cases.size(), 1u);
    EXPECT_EQ(clamped->total, 4);
    auto huge = store_->list_cases({"", 1 << 30});
    ASSERT_TRUE(huge);
    EXPECT_EQ(huge->cases.size(), 4u);
}

TEST_F(CaseSearch, ACaseWithoutAPatientIsStillListed) {
    ASSERT_TRUE(store_->save_case({0, 0, "ORPHAN-1", "", "", "generic", "1", "{}"}));
    auto list = store_->list_cases({"orphan"});
    ASSERT_TRUE(list);
    ASSERT_EQ(list->cases.size(), 1u);
    EXPECT_EQ(list->cases[0].patient_name, "");
    EXPECT_EQ(list->cases[0].record.patient_id, 0);
}

TEST_F(CaseSearch, TheDemoCaseIsFoundByItsPatient) {
    ASSERT_TRUE(seed_demo_data(*store_, *CivilDate::parse("2026-11-23"),
                               {PinAuthOptions::fast_for_tests(), nullptr}));
    auto list = store_->list_cases({"alex demo"});
    ASSERT_TRUE(list);
    ASSERT_EQ(list->cases.size(), 1u);
    EXPECT_EQ(list->cases[0].record.case_id, kDemoCaseId);
    EXPECT_EQ(ids({})[0], kDemoCaseId);  // the newest case
}

}  // namespace
}  // namespace intake::record
