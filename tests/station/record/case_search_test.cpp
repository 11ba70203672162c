// The case lookup (Store::list_cases) on SQLite: a case without a patient is still listed, and the
// demo case is found by its patient. Search, order, wildcards and the limit run on both engines
// in store_records_engine_test.cpp (CaseLookupOnEngine).
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
