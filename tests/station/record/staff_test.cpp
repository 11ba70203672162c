// Named staff on both engines (SQLite and a throwaway PostgreSQL): the first-user rules, adding,
// disabling, PIN changes and resets, the escalating lockout (injected clock) and the demo users.
#include "station/record/staff.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "station/record/demo_data.h"
#include "station/record/pin_pepper.h"
#include "station/record/workflow.h"
#include "tests/station/record/engine_fixture.h"
#include "tests/station/record/staff_fixture.h"

namespace intake::record {
namespace {

int count_actions(Store& store, const std::string& action) {
    int n = 0;
    const auto rows = store.audit_rows();
    for (const auto& r : *rows) n += r.action == action;
    return n;
}

class StaffTest : public test::EngineTest {
  protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (HasFatalFailure()) return;
        store_ = std::make_unique<Store>(open());
        log_ = std::make_unique<AuditLog>(*store_);
        auto options = pin_options();
        options.clock = [this] { return now_; };
        staff_ = std::make_unique<Staff>(*store_, *log_, options);
    }
    void TearDown() override {
        staff_.reset();
        log_.reset();
        store_.reset();
        EngineTest::TearDown();
    }
    // The first clinician, signed in.
    Actor first_clinician() {
        EXPECT_TRUE(staff_->add_first("dr-lee", "Dr Lee", Role::clinician, "135790"));
        auto me = staff_->sign_in("dr-lee", "135790");
        EXPECT_TRUE(me);
        return *me;
    }

    std::unique_ptr<Store> store_;
    std::unique_ptr<AuditLog> log_;
    std::unique_ptr<Staff> staff_;
    int64_t now_ = 1'800'000'000;
};

TEST_P(StaffTest, FirstUserIsAClinicianOrAdminAndOnlyTheFirst) {
    ASSERT_TRUE(*staff_->empty()) << "a fresh home has no users";
    auto assistant = staff_->add_first("amy", "Amy", Role::assistant, "246810");
    ASSERT_FALSE(assistant);
    EXPECT_EQ(assistant.error().code, Errc::invalid_argument);
    EXPECT_EQ(staff_->add_first("dr-lee", "Dr Lee", Role::clinician, "1357").error().code,
              Errc::invalid_argument)
        << "a 4-digit PIN is for the demo users only";
    EXPECT_TRUE(*staff_->empty());
    ASSERT_TRUE(staff_->add_first("dr-lee", "Dr Lee", Role::clinician, "135790"));
    EXPECT_FALSE(*staff_->empty());
    auto second = staff_->add_first("ops", "Office", Role::admin, "246810");
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, Errc::conflict);
    auto rows = store_->audit_rows();
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].action, "user.add");
    EXPECT_EQ((*rows)[0].actor, "dr-lee") << "the first user enrols themselves, by name";
    auto me = staff_->sign_in("dr-lee", "135790");
    ASSERT_TRUE(me) << me.error().message;
    EXPECT_EQ(me->display_name, "Dr Lee");
    EXPECT_EQ(me->role, Role::clinician);
}

TEST_P(StaffTest, AClinicianOrAdminAddsStaffAndTheListHoldsNoHash) {
    const Actor dr = first_clinician();
    ASSERT_TRUE(staff_->add(dr, "ops", "Office", Role::admin, "864200"));
    auto ops = staff_->sign_in("ops", "864200");
    ASSERT_TRUE(ops);
    ASSERT_TRUE(staff_->add(*ops, "amy", "Amy", Role::assistant, "246810"));
    EXPECT_EQ(staff_->add(dr, "amy", "Amy again", Role::assistant, "246810").error().code,
              Errc::conflict);
    EXPECT_EQ(staff_->add(dr, "bo", "Bo", Role::assistant, "24681").error().code,
              Errc::invalid_argument);
    EXPECT_EQ(staff_->add(dr, "bad id", "Bo", Role::assistant, "246810").error().code,
              Errc::invalid_argument);
    auto list = staff_->list();
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 3u);
    EXPECT_EQ((*list)[0].user_id, "amy");
    EXPECT_EQ((*list)[0].role, Role::assistant);
    EXPECT_TRUE((*list)[0].active);
    EXPECT_EQ(count_actions(*store_, "user.add"), 3);
    EXPECT_TRUE(log_->verify()->ok);
}

TEST_P(StaffTest, DisabledUsersCannotSignInOrActAndTheLastManagerStays) {
    const Actor dr = first_clinician();
    ASSERT_TRUE(staff_->add(dr, "amy", "Amy", Role::assistant, "246810"));
    const Actor amy = *staff_->sign_in("amy", "246810");
    auto last = staff_->disable(dr, "dr-lee");
    ASSERT_FALSE(last);
    EXPECT_EQ(last.error().code, Errc::conflict) << "nobody would be left to manage the station";
    EXPECT_EQ(staff_->disable(dr, "nobody").error().code, Errc::not_found);
    ASSERT_TRUE(staff_->disable(dr, "amy"));
    EXPECT_FALSE((*staff_->find("amy"))->active);
    auto refused = staff_->sign_in("amy", "246810");
    ASSERT_FALSE(refused) << "the right PIN of a disabled user";
    EXPECT_EQ(refused.error().code, Errc::access_denied);
    EXPECT_EQ(count_actions(*store_, "user.sign-in-refused"), 1);
    // The Actor she got before being disabled no longer acts.
    Workflow wf("C-1", log_.get());
    ASSERT_TRUE(wf.complete(Step::attachments, dr, {{"decision", "keep-all"}}));
    EXPECT_EQ(wf.complete(Step::capture, amy, {}).error().code, Errc::access_denied);
    EXPECT_FALSE(wf.done(Step::capture));
    ASSERT_TRUE(staff_->enable(dr, "amy"));
    EXPECT_TRUE(staff_->sign_in("amy", "246810"));
    EXPECT_EQ(count_actions(*store_, "user.disable"), 1);
    EXPECT_EQ(count_actions(*store_, "user.enable"), 1);
}

TEST_P(StaffTest, ChangeAndResetPin) {
    const Actor dr = first_clinician();
    ASSERT_TRUE(staff_->add(dr, "amy", "Amy", Role::assistant, "246810"));
    EXPECT_EQ(staff_->change_pin("amy", "246810", "123").error().code, Errc::invalid_argument);
    EXPECT_EQ((*store_->find_user("amy"))->failed_attempts, 0)
        << "a malformed new PIN costs no attempt at the old one";
    EXPECT_EQ(staff_->change_pin("amy", "000000", "975310").error().code, Errc::access_denied);
    ASSERT_TRUE(staff_->change_pin("amy", "246810", "975310"));
    EXPECT_FALSE(staff_->sign_in("amy", "246810"));
    EXPECT_TRUE(staff_->sign_in("amy", "975310"));
    EXPECT_EQ(count_actions(*store_, "user.change-pin"), 1);
    // Forgotten and locked out: a clinician sets a new PIN, which also lifts the lockout.
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(staff_->sign_in("amy", "000000"));
    EXPECT_FALSE(staff_->sign_in("amy", "975310")) << "locked";
    ASSERT_TRUE(staff_->reset_pin(dr, "amy", "112233"));
    auto back = staff_->sign_in("amy", "112233");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(count_actions(*store_, "user.reset-pin"), 1);
}

TEST_P(StaffTest, LockoutEscalatesAndOnlyASuccessResetsIt) {
    first_clinician();
    const auto wrong = [&](int n) {
        for (int i = 0; i < n; ++i) EXPECT_FALSE(staff_->sign_in("dr-lee", "000000"));
    };
    wrong(5);
    auto locked = staff_->sign_in("dr-lee", "135790");
    ASSERT_FALSE(locked) << "the right PIN is refused while locked";
    EXPECT_NE(locked.error().message.find("locked for 300 more seconds"), std::string::npos)
        << locked.error().message;
    now_ += 300;  // the first lockout has passed; the count has not started again
    wrong(4);
    EXPECT_EQ((*store_->find_user("dr-lee"))->locked_until, 0);
    wrong(1);
    EXPECT_EQ((*store_->find_user("dr-lee"))->locked_until, now_ + 600) << "10 minutes";
    now_ += 600;
    wrong(5);
    EXPECT_EQ((*store_->find_user("dr-lee"))->locked_until, now_ + 1200) << "20 minutes";
    now_ += 1200;
    ASSERT_TRUE(staff_->sign_in("dr-lee", "135790"));
    wrong(5);
    EXPECT_EQ((*store_->find_user("dr-lee"))->locked_until, now_ + 300)
        << "a successful sign-in starts the escalation again";
    EXPECT_EQ(count_actions(*store_, "user.locked"), 4);
    EXPECT_GE(count_actions(*store_, "user.sign-in-refused"), 1);
}

// Arithmetic only: one engine is enough.
TEST(Lockout, IsCappedAtADay) {
    test::HomeDir home;
    auto store = Store::open(home.path() / "station.db");
    ASSERT_TRUE(store) << store.error().message;
    PinAuth auth(*store, nullptr, PinAuthOptions::fast_for_tests());
    EXPECT_EQ(auth.lockout_after(4), 0);
    EXPECT_EQ(auth.lockout_after(5), 300);
    EXPECT_EQ(auth.lockout_after(10), 600);
    EXPECT_EQ(auth.lockout_after(25), 4800);
    EXPECT_EQ(auth.lockout_after(5000), 86400);
}

TEST_P(StaffTest, DemoSeedUsersKeepTheirFourDigitPins) {
    ASSERT_TRUE(seed_demo_data(*store_, CivilDate::today(), {pin_options(), log_.get()}));
    auto assistant = staff_->sign_in("assistant", "1111");
    ASSERT_TRUE(assistant) << assistant.error().message;
    EXPECT_EQ(assistant->role, Role::assistant);
    EXPECT_TRUE((*store_->find_user("clinician"))->demo);
    // A 4-digit PIN is no PIN for anyone else, and a demo user's new PIN has 6 digits.
    const Actor dr = *staff_->sign_in("clinician", "2222");
    ASSERT_TRUE(staff_->add(dr, "amy", "Amy", Role::assistant, "246810"));
    EXPECT_FALSE(staff_->sign_in("amy", "2468"));
    EXPECT_EQ(staff_->change_pin("assistant", "1111", "2222").error().code, Errc::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, StaffTest, test::kBothEngines, test::engine_name);

}  // namespace
}  // namespace intake::record
