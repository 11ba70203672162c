// The export-folder watcher with real files written slowly into a temporary folder, and the
// camera-card importer on a DCIM tree.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <future>
#include <random>
#include <thread>

#include "drivers/card_import.h"
#include "drivers/folder_import.h"

namespace intake::drivers {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("intake-drivers-" + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

// Appends `pieces` chunks, closing the file between them, like an exporter flushing slowly.
void write_slowly(const fs::path& path, int pieces, std::chrono::milliseconds pause) {
    for (int i = 0; i < pieces; ++i) {
        std::ofstream out(path, std::ios::binary | std::ios::app);
        out << std::string(10000, static_cast<char>('a' + i));
        out.close();
        std::this_thread::sleep_for(pause);
    }
}

TEST(FolderImport, RecognisesTheUsualNames) {
    EXPECT_EQ(classify_scan_file("Patient_Upper.stl"), ScanRole::upper);
    EXPECT_EQ(classify_scan_file("MaxillaScan.PLY"), ScanRole::upper);
    EXPECT_EQ(classify_scan_file("case12_u.obj"), ScanRole::upper);
    EXPECT_EQ(classify_scan_file("LowerJaw.stl"), ScanRole::lower);
    EXPECT_EQ(classify_scan_file("mandible.ply"), ScanRole::lower);
    EXPECT_EQ(classify_scan_file("case12_l.stl"), ScanRole::lower);
    EXPECT_EQ(classify_scan_file("Bite_Left.stl"), ScanRole::bite);
    EXPECT_FALSE(classify_scan_file("occlusion.ply"));  // iTero's arches say "occlusion": ask
    EXPECT_EQ(classify_scan_file("buccal_right.obj"), ScanRole::bite);
    EXPECT_FALSE(classify_scan_file("upper.stl.part"));
    EXPECT_FALSE(classify_scan_file(".upper.stl"));
    EXPECT_FALSE(classify_scan_file("upper.txt"));
    EXPECT_FALSE(classify_scan_file("scan.stl"));
    EXPECT_FALSE(classify_scan_file("upper_and_lower.stl"));  // ambiguous: not guessed
    EXPECT_FALSE(classify_scan_file("case_ul.stl"));
}

TEST(FolderImport, NamePatternsOfTheCommonScannersAndWhatIsAsked) {
    // iTero Element's arches: "occlusion" in both names, the jaw in the _u / _l suffix.
    EXPECT_EQ(classify_scan_file("12345_shell_occlusion_u.stl"), ScanRole::upper);
    EXPECT_EQ(classify_scan_file("12345_shell_occlusion_l.stl"), ScanRole::lower);
    EXPECT_EQ(classify_scan_file("12345_shell_teethup_u.stl"), ScanRole::upper);
    EXPECT_EQ(classify_scan_file("12345_shell_teethup_l.stl"), ScanRole::lower);
    // 3Shape-style and Medit-style names.
    EXPECT_EQ(classify_scan_file("2024-05-01_Smith_UpperJaw.stl"), ScanRole::upper);
    EXPECT_EQ(classify_scan_file("2024-05-01_Smith_LowerJaw.stl"), ScanRole::lower);
    EXPECT_EQ(classify_scan_file("Smith-upperjaw.obj"), ScanRole::upper);
    EXPECT_EQ(classify_scan_file("Smith-lowerjaw.obj"), ScanRole::lower);
    EXPECT_EQ(classify_scan_file("maxillary.ply"), ScanRole::upper);
    EXPECT_EQ(classify_scan_file("mandibular.ply"), ScanRole::lower);
    EXPECT_EQ(classify_scan_file("BuccalScan.stl"), ScanRole::bite);

    ScanFileMatch both = match_scan_name("upper_bite.stl");
    EXPECT_FALSE(both.role);
    EXPECT_NE(both.question.find("both upper (*upper*) and bite (*bite*)"), std::string::npos)
        << both.question;
    ScanFileMatch situ = match_scan_name("Smith-upperjaw-situ.stl");
    EXPECT_FALSE(situ.role);
    EXPECT_NE(situ.question.find("pre-operative"), std::string::npos);
    ScanFileMatch zip = match_scan_name("export.zip");
    EXPECT_FALSE(zip.role);
    EXPECT_NE(zip.question.find("ZIP"), std::string::npos);
    EXPECT_TRUE(is_offered_file("export.zip"));
    EXPECT_FALSE(is_offered_file("notes.txt"));
    ScanFileMatch named = match_scan_name("Smith-upperjaw.obj");
    EXPECT_EQ(named.source, "name *upper*");
}

TEST(FolderImport, TheITeroManifestDecidesBeforeNames) {
    const std::string xml = R"(<?xml version="1.0"?><Objects>
        <Object ObjectType="Surface" SubType="Jaw" JawId="Lower" FileName='C:\export\scan_a.stl'/>
        <Object FileName="scan_b.stl" JawId="Upper" SubType="Jaw" ObjectType="Surface" />
        <Object ObjectType="Texture" SubType="Jaw" JawId="Upper" FileName="tex.png"/>
        <Object ObjectType="Surface" SubType="Jaw" JawId="Both" FileName="scan_c.stl"/>
        </Objects>)";
    auto entries = parse_itero_manifest(xml, "itero_export_#1_v30.xml");
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].file_name, "scan_a.stl");
    EXPECT_EQ(entries[0].role, ScanRole::lower);
    EXPECT_EQ(entries[1].file_name, "scan_b.stl");
    EXPECT_EQ(entries[1].role, ScanRole::upper);
    EXPECT_TRUE(parse_itero_manifest("not xml at all", "x.xml").empty());

    // In a folder: the manifest names a file "upper" that by name would be lower.
    TempDir dir;
    std::ofstream(dir.path() / "itero_export_#7_v30.xml")
        << R"(<Object ObjectType="Surface" SubType="Jaw" JawId="Upper" FileName="x_lower.stl"/>)";
    std::ofstream(dir.path() / "x_lower.stl") << "solid x";
    FolderManifests manifests = read_folder_manifests(dir.path());
    ScanFileMatch m = match_scan_file(dir.path() / "x_lower.stl", manifests);
    EXPECT_EQ(m.role, ScanRole::upper);
    EXPECT_EQ(m.source, "manifest itero_export_#7_v30.xml");
    // A second manifest that disagrees: ask.
    std::ofstream(dir.path() / "itero_export_#8_v30.xml")
        << R"(<Object ObjectType="Surface" SubType="Jaw" JawId="Lower" FileName="x_lower.stl"/>)";
    m = match_scan_file(dir.path() / "x_lower.stl", read_folder_manifests(dir.path()));
    EXPECT_FALSE(m.role);
    EXPECT_NE(m.question.find("disagree"), std::string::npos) << m.question;
}

TEST(FolderImport, ARealITeroExportFolderIsTakenByItsManifest) {
    TempDir dir;
    const fs::path layout = fs::path(INTAKE_TESTDATA_DIR) / "exports" / "itero_element_12345";
    for (const auto& entry : fs::directory_iterator(layout)) {
        fs::copy_file(entry.path(), dir.path() / entry.path().filename());
    }
    auto offers = list_offers(dir.path());
    ASSERT_EQ(offers.size(), 2u);  // the two arches; the manifest is no scan
    for (const ScanOffer& o : offers) {
        ASSERT_TRUE(o.match.role) << o.path;
        EXPECT_EQ(o.match.source, "manifest itero_export_#12345_v30.xml");
    }
    auto watcher = FolderWatcher::open(dir.path(), FolderWatchOptions{100ms, true});
    ASSERT_TRUE(watcher);
    auto both = watcher.value().wait_for({ScanRole::upper, ScanRole::lower}, 10s);
    ASSERT_TRUE(both) << both.error().to_string();
    EXPECT_EQ(both->at(ScanRole::upper).path.filename(), "12345_shell_occlusion_u.stl");
    EXPECT_EQ(both->at(ScanRole::lower).path.filename(), "12345_shell_occlusion_l.stl");
    EXPECT_EQ(both->at(ScanRole::upper).source, "manifest itero_export_#12345_v30.xml");
}

TEST(FolderImport, FilesAlreadyThereAreOfferedNewestFirst) {
    TempDir dir;
    const auto older = dir.path() / "monday_upper.stl", newer = dir.path() / "today_upper.stl";
    std::ofstream(older) << std::string(100, 'o');
    std::ofstream(newer) << std::string(200, 'n');
    std::ofstream(dir.path() / "scan.stl") << "which arch?";
    const auto now = fs::file_time_type::clock::now();
    fs::last_write_time(older, now - std::chrono::hours(72));
    fs::last_write_time(newer, now - std::chrono::minutes(5));
    fs::last_write_time(dir.path() / "scan.stl", now - std::chrono::hours(1));
    auto offers = list_offers(dir.path());
    ASSERT_EQ(offers.size(), 3u);
    EXPECT_EQ(offers[0].path, newer);
    EXPECT_EQ(offers[1].path.filename(), "scan.stl");
    EXPECT_FALSE(offers[1].match.role);
    EXPECT_EQ(offers[2].path, older);

    auto watcher = FolderWatcher::open(dir.path(), FolderWatchOptions{100ms, true});
    ASSERT_TRUE(watcher);
    auto first = watcher.value().next(5s);
    ASSERT_TRUE(first && first.value());
    EXPECT_EQ(first.value()->path, newer);
    auto second = watcher.value().next(5s);
    ASSERT_TRUE(second && second.value());
    EXPECT_EQ(second.value()->path, older);
    auto none =
        watcher.value().wait_for({ScanRole::lower}, 300ms);  // scan.stl is asked, never taken
    ASSERT_FALSE(none);
    EXPECT_NE(
        none.error().message.find("scan.stl (the name matches no upper, lower or bite pattern)"),
        std::string::npos)
        << none.error().message;
}

TEST(FolderImport, TakesASlowlyWrittenFileOnlyWhenComplete) {
    TempDir dir;
    auto watcher = FolderWatcher::open(dir.path(), FolderWatchOptions{1000ms, true});
    ASSERT_TRUE(watcher) << watcher.error().to_string();
    const auto upper = dir.path() / "export_Upper.stl";
    std::atomic<bool> finished{false};
    auto writer = std::async(std::launch::async, [&] {
        write_slowly(upper, 6, 100ms);  // pauses well under the settle time
        finished = true;
    });
    std::ofstream(dir.path() / "notes.txt") << "not a scan";
    auto got = watcher.value().next(20s);
    writer.get();
    ASSERT_TRUE(got) << got.error().to_string();
    ASSERT_TRUE(got.value());
    EXPECT_TRUE(finished.load());  // never taken while the exporter was still writing
    EXPECT_EQ(got.value()->role, ScanRole::upper);
    EXPECT_EQ(got.value()->path, upper);
    EXPECT_EQ(got.value()->size, 60000U);
    auto nothing = watcher.value().next(600ms);  // each file is taken once
    ASSERT_TRUE(nothing);
    EXPECT_FALSE(nothing.value());
}

TEST(FolderImport, AFileHeldOpenIsNeverTaken) {
    TempDir dir;
    auto watcher = FolderWatcher::open(dir.path(), FolderWatchOptions{200ms, true});
    ASSERT_TRUE(watcher);
    std::ofstream held(dir.path() / "lower.ply", std::ios::binary);
    held << std::string(5000, 'x');
    held.flush();
    auto got = watcher.value().next(800ms);
    ASSERT_TRUE(got);
    EXPECT_FALSE(got.value());
    held.close();
    got = watcher.value().next(5s);
    ASSERT_TRUE(got);
    ASSERT_TRUE(got.value());
    EXPECT_EQ(got.value()->role, ScanRole::lower);
}

TEST(FolderImport, WaitsForUpperLowerAndBiteIncludingRenamesAndExistingFiles) {
    TempDir dir;
    std::ofstream(dir.path() / "Case_Maxilla.stl") << std::string(2000, 'm');  // already exported
    auto watcher = FolderWatcher::open(dir.path(), FolderWatchOptions{200ms, true});
    ASSERT_TRUE(watcher);
    auto writer = std::async(std::launch::async, [&] {
        write_slowly(dir.path() / "case_l.obj", 3, 50ms);
        write_slowly(dir.path() / "Case_Bite.stl.part", 3, 50ms);
        fs::rename(dir.path() / "Case_Bite.stl.part", dir.path() / "Case_Bite.stl");  // IN_MOVED_TO
    });
    auto all = watcher.value().wait_for({ScanRole::upper, ScanRole::lower, ScanRole::bite}, 20s);
    writer.get();
    ASSERT_TRUE(all) << all.error().to_string();
    EXPECT_EQ(all->at(ScanRole::upper).path.filename(), "Case_Maxilla.stl");
    EXPECT_EQ(all->at(ScanRole::lower).size, 30000U);
    EXPECT_EQ(all->at(ScanRole::bite).path.filename(), "Case_Bite.stl");
}

TEST(FolderImport, MissingFolderAndTimeoutAreClearErrors) {
    auto missing = FolderWatcher::open("/nonexistent/export");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    TempDir dir;
    auto watcher = FolderWatcher::open(dir.path(), FolderWatchOptions{100ms, true});
    auto r = watcher.value().wait_for({ScanRole::bite}, 300ms);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::timeout);
    EXPECT_NE(r.error().message.find("no complete bite scan"), std::string::npos);
}

TEST(CardImport, ListsDcimSessionsNewestFirst) {
    TempDir dir;
    const auto dcim = dir.path() / "DCIM";
    fs::create_directories(dcim / "100CANON");
    fs::create_directories(dcim / "101CANON");
    fs::create_directories(dcim / "MISC");
    const auto now = fs::file_time_type::clock::now();
    auto photo = [&](const fs::path& p, std::chrono::hours age) {
        std::ofstream(p) << "jpeg";
        fs::last_write_time(p, now - age);
    };
    photo(dcim / "100CANON" / "IMG_0002.JPG", 24h);
    photo(dcim / "100CANON" / "IMG_0001.JPG", 25h);
    photo(dcim / "101CANON" / "IMG_0101.jpg", 1h);
    photo(dcim / "101CANON" / "IMG_0100.HEIC", 2h);
    photo(dcim / "101CANON" / "._IMG_0100.HEIC", 2h);
    std::ofstream(dcim / "101CANON" / "IMG_0100.CR2") << "raw";
    std::ofstream(dcim / "MISC" / "AUTPRINT.MRK") << "x";
    auto sessions = scan_camera_card(dir.path());
    ASSERT_TRUE(sessions) << sessions.error().to_string();
    ASSERT_EQ(sessions->size(), 2U);
    EXPECT_EQ(sessions->at(0).name, "101CANON");
    ASSERT_EQ(sessions->at(0).photos.size(), 2U);
    EXPECT_EQ(sessions->at(0).photos[0].path.filename(), "IMG_0100.HEIC");
    EXPECT_EQ(sessions->at(1).name, "100CANON");
    EXPECT_EQ(sessions->at(1).photos[0].path.filename(), "IMG_0001.JPG");
    auto same = scan_camera_card(dcim);  // the DCIM folder itself works too
    ASSERT_TRUE(same);
    EXPECT_EQ(same->size(), 2U);
    auto none = scan_camera_card(dcim / "MISC");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, Errc::not_found);
}

TEST(UdevRule, GrantsTheScanHeadAndUvcCameras) {
    std::ifstream in(std::string(INTAKE_SOURCE_DIR) + "/drivers/udev/70-intake-station.rules");
    ASSERT_TRUE(in);
    const std::string rules((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(rules.find("ATTR{idVendor}==\"1209\", ATTR{idProduct}==\"4953\""), std::string::npos);
    EXPECT_NE(rules.find("*:0e01??:*"), std::string::npos);
    EXPECT_NE(rules.find("GROUP=\"plugdev\""), std::string::npos);
}

}  // namespace
}  // namespace intake::drivers
