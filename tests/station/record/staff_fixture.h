// Shared by the record tests: a private station home in the temp folder (its own keys/ for the
// PIN pepper) and staff enrolled with cheap argon2id parameters.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "station/record/pin_auth.h"
#include "station/record/roles.h"
#include "station/record/store.h"

namespace intake::record::test {

inline const char* kTestPin = "246810";

// Enrols `id` with `role` and kTestPin, unaudited (the test's own set-up, not an action under
// test), and returns the Actor a sign-in would give. A PostgreSQL store needs `options` naming
// the pepper file (EngineTest::pin_options()).
inline Actor enrol(Store& store, const std::string& id, Role role,
                   const PinAuthOptions& options = PinAuthOptions::fast_for_tests()) {
    PinAuth auth(store, nullptr, options);
    const Status st = auth.enroll(id, id, role_name(role), kTestPin);
    EXPECT_TRUE(st) << st.error().message;
    return Actor{id, id, role};
}

// A fresh folder per fixture, removed afterwards.
class HomeDir {
  public:
    HomeDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("intake-staff-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~HomeDir() { std::filesystem::remove_all(path_); }
    HomeDir(const HomeDir&) = delete;
    HomeDir& operator=(const HomeDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace intake::record::test
