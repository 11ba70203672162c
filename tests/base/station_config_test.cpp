// station.conf: the system file, then the user's XDG file, key by key; typos are refused with
// the file, the line and the key; the lab token comes from a file or systemd's credentials.
#include "base/station_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace intake {
namespace {

namespace fs = std::filesystem;

class ConfigFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("intake-config-" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "xdg" / "intake-station");
        ::setenv("INTAKE_SYSTEM_CONFIG", (dir_ / "system.conf").c_str(), 1);
        ::setenv("XDG_CONFIG_HOME", (dir_ / "xdg").c_str(), 1);
        ::unsetenv("CREDENTIALS_DIRECTORY");
    }
    void TearDown() override { fs::remove_all(dir_); }
    void write(const fs::path& file, const std::string& text) {
        fs::create_directories(file.parent_path());
        std::ofstream(file) << text;
    }
    fs::path user_file() const { return dir_ / "xdg" / "intake-station" / "station.conf"; }
    fs::path dir_;
};

TEST_F(ConfigFiles, TheUsersFileOverridesTheSystemFileKeyByKey) {
    write(dir_ / "system.conf",
          "# the clinic's settings\npractice = Example Dental\nlab_endpoint = "
          "https://lab.example.com/files/\nidle_sign_out_minutes = 10\nscanner = usb\n");
    write(user_file(), "idle_sign_out_minutes = 3   # shorter at this chair\n");
    auto config = load_station_config();
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->practice, "Example Dental");
    EXPECT_EQ(config->lab_endpoint, "https://lab.example.com/files/");
    EXPECT_EQ(config->idle_sign_out_minutes, 3);
    EXPECT_EQ(config->scanner, "usb");
    EXPECT_EQ(config->camera, "sim");
    ASSERT_EQ(config->read_from.size(), 2u);
    EXPECT_EQ(config->read_from[1], user_file());
}

TEST_F(ConfigFiles, NoFilesGiveTheDefaults) {
    auto config = load_station_config();
    ASSERT_TRUE(config);
    EXPECT_TRUE(config->read_from.empty());
    EXPECT_EQ(config->retention_days, 30);
    EXPECT_TRUE(config->database.empty());
}

TEST_F(ConfigFiles, ATypoIsRefusedNamingTheFileTheLineAndTheKey) {
    write(user_file(), "practice = A\n\nlab_endpiont = https://x/\n");
    auto config = load_station_config();
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().code, Errc::bad_input);
    EXPECT_NE(config.error().message.find(user_file().string() + ":3"), std::string::npos)
        << config.error().message;
    EXPECT_NE(config.error().message.find("lab_endpiont"), std::string::npos);

    write(user_file(), "retention_days = thirty\n");
    auto bad_number = load_station_config();
    ASSERT_FALSE(bad_number);
    EXPECT_NE(bad_number.error().message.find("retention_days"), std::string::npos);
    write(user_file(), "camera = webcam\n");
    EXPECT_FALSE(load_station_config());
}

}  // namespace
}  // namespace intake
