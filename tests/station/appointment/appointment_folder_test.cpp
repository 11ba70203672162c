// The plaintext copies of a sealed appointment are deleted, nothing outside the appointments is
// ever touched, and retention prunes only appointments with nothing left to send.
#include "station/appointment/appointment_folder.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/temp_dir.h"

using namespace intake;
using namespace intake::appointment;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// An appointment folder as the kiosk leaves it just after submitting.
fs::path submitted_appointment(const fs::path& home, const std::string& case_id) {
    const fs::path folder = appointments_root(home) / case_id;
    write(folder / "photos" / "intraoral-front.jpg", std::string(1000, 'j'));
    write(folder / "photos" / "extraoral-smile.jpg", std::string(500, 'j'));
    write(folder / "scans" / "upper.stl", std::string(2000, 's'));
    write(folder / "case.json", "{}");
    write(folder / "rx.json", "{}");
    write(folder / (case_id + "-refinement.zip"), std::string(3000, 'z'));
    write(folder / "handout.pdf", "%PDF");
    return folder;
}

void age(const fs::path& folder, std::chrono::hours by) {
    const auto when = fs::file_time_type::clock::now() - by;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        fs::last_write_time(entry.path(), when);
    fs::last_write_time(folder, when);
}

}  // namespace

TEST(AppointmentFolder, SealedPlaintextIsDeletedAndTheHandoutStays) {
    test::TempDir home("appointment");
    const fs::path folder = submitted_appointment(home.path(), "C-17");
    auto sweep = discard_sealed_plaintext(home.path(), folder);
    ASSERT_TRUE(sweep) << sweep.error().to_string();
    EXPECT_EQ(sweep->removed, 6);
    EXPECT_EQ(sweep->bytes, 1000u + 500 + 2000 + 2 + 2 + 3000);
    EXPECT_FALSE(fs::exists(folder / "photos"));
    EXPECT_FALSE(fs::exists(folder / "scans"));
    EXPECT_FALSE(fs::exists(folder / "case.json"));
    EXPECT_FALSE(fs::exists(folder / "C-17-refinement.zip"));
    EXPECT_TRUE(fs::exists(folder / "handout.pdf"));
    // A second pass finds nothing to delete and is not an error.
    auto again = discard_sealed_plaintext(home.path(), folder);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->removed, 0);
}

TEST(AppointmentFolder, RefusesAFolderOutsideTheAppointments) {
    test::TempDir home("appointment");
    write(home.path() / "station.db", "keep me");
    write(home.path() / "photos" / "x.jpg", "keep me");
    for (const fs::path& outside :
         {home.path(), appointments_root(home.path()), appointments_root(home.path()) / "..",
          appointments_root(home.path()) / "C-1" / "photos",
          appointments_root(home.path()) / "C-1" / ".." / ".."}) {
        auto sweep = discard_sealed_plaintext(home.path(), outside);
        ASSERT_FALSE(sweep) << outside;
        EXPECT_EQ(sweep.error().code, Errc::invalid_argument);
    }
    EXPECT_TRUE(fs::exists(home.path() / "station.db"));
    EXPECT_TRUE(fs::exists(home.path() / "photos" / "x.jpg"));
}

TEST(AppointmentFolder, ASymlinkedCaptureFolderIsUnlinkedNotFollowed) {
    test::TempDir home("appointment");
    test::TempDir elsewhere("elsewhere");
    write(elsewhere.path() / "precious.jpg", "not the station's to delete");
    const fs::path folder = appointments_root(home.path()) / "C-2";
    fs::create_directories(folder);
    fs::create_directory_symlink(elsewhere.path(), folder / "photos");
    auto sweep = discard_sealed_plaintext(home.path(), folder);
    ASSERT_TRUE(sweep) << sweep.error().to_string();
    EXPECT_FALSE(fs::exists(fs::symlink_status(folder / "photos")));
    EXPECT_TRUE(fs::exists(elsewhere.path() / "precious.jpg"));
}

TEST(AppointmentFolder, RetentionPrunesOnlyOldAppointmentsWithNothingUnsent) {
    test::TempDir home("appointment");
    const fs::path sent_old = submitted_appointment(home.path(), "SENT-OLD");
    ASSERT_TRUE(discard_sealed_plaintext(home.path(), sent_old));
    age(sent_old, std::chrono::hours(24 * 40));
    const fs::path sent_new = submitted_appointment(home.path(), "SENT-NEW");
    ASSERT_TRUE(discard_sealed_plaintext(home.path(), sent_new));
    const fs::path unsent_old = submitted_appointment(home.path(), "UNSENT-OLD");
    age(unsent_old, std::chrono::hours(24 * 40));

    auto prune = prune_appointments(home.path(), std::chrono::hours(24 * 30));
    ASSERT_TRUE(prune) << prune.error().to_string();
    EXPECT_EQ(prune->removed, 1);
    EXPECT_EQ(prune->kept_recent, 1);
    EXPECT_EQ(prune->kept_unsent, 1);
    EXPECT_FALSE(fs::exists(sent_old));
    EXPECT_TRUE(fs::exists(sent_new / "handout.pdf"));
    EXPECT_TRUE(fs::exists(unsent_old / "photos" / "intraoral-front.jpg"));
}

TEST(AppointmentFolder, RetentionWithoutAnyAppointmentsIsNothingToDo) {
    test::TempDir home("appointment");
    auto prune = prune_appointments(home.path(), std::chrono::hours(24));
    ASSERT_TRUE(prune);
    EXPECT_EQ(prune->removed + prune->kept_recent + prune->kept_unsent, 0);
}
