// The kiosk reads station.conf (base/station_config.h) for what the first run and Settings have not
// set — the practice, the lab endpoint and rule pack, the idle minutes — and its flags win. Each
// test runs in its own process, so the environment set here does not leak.
#include <gtest/gtest.h>

#include <QStringList>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app_context.h"
#include "backend.h"
#include "settings_adapter.h"
#include "ui_harness.h"

namespace intake::app::test {
namespace {

namespace fs = std::filesystem;

// A user station.conf under a fresh XDG_CONFIG_HOME, and no system file.
fs::path write_station_conf(const std::string& name, const std::string& text) {
    const fs::path root = fresh_home(name + "-config");
    fs::create_directories(root / "intake-station");
    std::ofstream(root / "intake-station" / "station.conf") << text;
    setenv("XDG_CONFIG_HOME", root.c_str(), 1);
    setenv("INTAKE_SYSTEM_CONFIG", (root / "no-system.conf").c_str(), 1);
    return root;
}

const char* const kConf =
    "# the clinic's IT person wrote this\n"
    "practice = Harbour Dental\n"
    "lab_endpoint = https://lab.example/files/\n"
    "idle_sign_out_minutes = 7\n";

TEST(StationConf, IdleMinutesComeFromStationConfAndTheFlagWins) {
    write_station_conf("conf-idle", kConf);
    const std::string home = fresh_home("conf-idle").string();
    AppConfig from_conf = parse_config({"intake-kiosk", "--home", QString::fromStdString(home)});
    EXPECT_EQ(from_conf.idle_timeout_ms, 7 * 60 * 1000);
    EXPECT_EQ(from_conf.station.practice, "Harbour Dental");
    EXPECT_TRUE(from_conf.station_error.isEmpty()) << from_conf.station_error.toStdString();
    AppConfig flagged = parse_config(
        {"intake-kiosk", "--home", QString::fromStdString(home), "--idle-minutes", "2"});
    EXPECT_EQ(flagged.idle_timeout_ms, 2 * 60 * 1000);
}

TEST(StationConf, AMalformedFileIsReportedAndTheDefaultsAreUsed) {
    write_station_conf("conf-bad", "idle_sign_out_minutes = soon\n");
    AppConfig config = parse_config({"intake-kiosk", "--home", "/nonexistent-not-opened"});
    EXPECT_EQ(config.idle_timeout_ms, 5 * 60 * 1000);
    EXPECT_TRUE(config.station_error.contains("idle_sign_out_minutes"))
        << config.station_error.toStdString();
}

TEST(StationConf, TheKioskTakesThePracticeAndLabFromStationConfUntilItStoresItsOwn) {
    ensure_app();
    write_station_conf("conf-backend", kConf);
    AppConfig config = parse_config(
        {"intake-kiosk", "--home", QString::fromStdString(fresh_home("conf-backend").string())});
    config.demo_data = INTAKE_TESTDATA_DIR;
    config.pin_options = intake::record::PinAuthOptions::fast_for_tests();
    Backend backend(config);
    EXPECT_EQ(backend.settings()->property("labEndpoint").toString(), "https://lab.example/files/");
    EXPECT_TRUE(backend.practice_name().contains("Harbour Dental"))
        << backend.practice_name().toStdString();
    EXPECT_EQ(backend.context().lab_endpoint, "https://lab.example/files/");

    // --lab wins over station.conf.
    config.lab_endpoint = "http://127.0.0.1:9/files/";
    config.home = fresh_home("conf-backend-lab");
    Backend flagged(config);
    EXPECT_EQ(flagged.settings()->property("labEndpoint").toString(), "http://127.0.0.1:9/files/");
}

}  // namespace
}  // namespace intake::app::test
