// The data dir is found from the running executable (or $INTAKE_DATA_DIR), never from the
// source tree; the station home and the config files follow the XDG variables.
#include "base/data_dir.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace intake {
namespace {

namespace fs = std::filesystem;

// Sets (or, for nullptr, unsets) one variable for the test's lifetime.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old, had_ = true;
        if (value != nullptr) {
            ::setenv(name, value, 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~ScopedEnv() {
        if (had_) {
            ::setenv(name_.c_str(), old_.c_str(), 1);
        } else {
            ::unsetenv(name_.c_str());
        }
    }

  private:
    std::string name_, old_;
    bool had_ = false;
};

TEST(DataDir, IsTheShareFolderBesideTheExecutablesPrefix) {
    EXPECT_EQ(data_dir_for_executable("/usr/bin/intake"), fs::path("/usr/share/intake-station"));
    EXPECT_EQ(data_dir_for_executable("/opt/kiosk/bin/intake-kiosk"),
              fs::path("/opt/kiosk/share/intake-station"));
    ScopedEnv unset("INTAKE_DATA_DIR", nullptr);
    fs::path self = fs::read_symlink("/proc/self/exe");
    EXPECT_EQ(data_dir(), self.parent_path().parent_path() / "share" / "intake-station");
}

TEST(DataDir, TheEnvironmentOverridesAndAMissingFileNamesTheDirAndTheOverride) {
    ScopedEnv set("INTAKE_DATA_DIR", "/nonexistent/share/intake-station");
    EXPECT_EQ(data_dir(), fs::path("/nonexistent/share/intake-station"));
    auto missing = data_path("rules/generic.json");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    EXPECT_NE(missing.error().message.find("/nonexistent/share/intake-station/rules/generic.json"),
              std::string::npos);
    EXPECT_NE(missing.error().message.find("INTAKE_DATA_DIR"), std::string::npos);
}

TEST(DataDir, TheBuildTreesDataDirHoldsRulesDemoDataAndTheLabInbox) {
    // ctest points INTAKE_DATA_DIR at the build tree's share/intake-station (cmake/DataDir.cmake).
    ASSERT_NE(std::getenv("INTAKE_DATA_DIR"), nullptr);
    for (const char* relative : {"rules/generic.json", "rules/demo/case.json", "rules/demo/rx.json",
                                 "demo/scans/Ref_Upper_Mesh_Tag=0.obj", "demo/photos/0-0.png",
                                 "lab-inbox/tus-inbox.mjs"}) {
        auto found = data_path(relative);
        EXPECT_TRUE(found) << relative << ": " << found.error().message;
    }
}

TEST(StationHome, IntakeHomeThenXdgDataHomeThenHome) {
    ScopedEnv home("HOME", "/home/assistant");
    ScopedEnv xdg("XDG_DATA_HOME", nullptr);
    ScopedEnv intake_home("INTAKE_HOME", nullptr);
    EXPECT_EQ(default_station_home(), fs::path("/home/assistant/.local/share/intake-station"));
    {
        ScopedEnv set_xdg("XDG_DATA_HOME", "/srv/data");
        EXPECT_EQ(default_station_home(), fs::path("/srv/data/intake-station"));
        ScopedEnv set_home("INTAKE_HOME", "/var/lib/intake-station");
        EXPECT_EQ(default_station_home(), fs::path("/var/lib/intake-station"));
    }
}

TEST(StationConfig, SystemFileThenTheUsersXdgConfigFile) {
    ScopedEnv home("HOME", "/home/assistant");
    ScopedEnv xdg("XDG_CONFIG_HOME", nullptr);
    ScopedEnv system("INTAKE_SYSTEM_CONFIG", nullptr);
    EXPECT_EQ(system_config_file(), fs::path("/etc/intake-station/station.conf"));
    EXPECT_EQ(user_config_file(), fs::path("/home/assistant/.config/intake-station/station.conf"));
    ScopedEnv set_xdg("XDG_CONFIG_HOME", "/tmp/cfg");
    EXPECT_EQ(user_config_file(), fs::path("/tmp/cfg/intake-station/station.conf"));
}

}  // namespace
}  // namespace intake
