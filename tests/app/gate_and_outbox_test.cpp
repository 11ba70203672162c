// The gate refusing an incomplete refinement (a blurred photo, no bite scan), and the outbox
// surviving an app restart in the middle of an upload. Screenshots 15-17.
#include <QDir>
#include <QImage>
#include <QVariantList>
#include <chrono>
#include <fstream>

#include "app_context.h"
#include "backend.h"
#include "base/sha256.h"
#include "outbox_adapter.h"
#include "refinement_fixture.h"
#include "station/appointment/node_server.h"
#include "station/package/outbox.h"
#include "station/record/store.h"

namespace intake::app::test {
namespace {
namespace fs = std::filesystem;

// A DSLR card: the bundled photos as JPEGs in DCIM/100CANON, the `blur_index`-th one blurred
// hard (downscaled 24x and back), which is what a shaken camera gives.
fs::path make_card(const fs::path& root, int blur_index) {
    const fs::path dcim = root / "DCIM" / "100CANON";
    fs::create_directories(dcim);
    QDir photos(QString(INTAKE_TESTDATA_DIR) + "/photos");
    const QStringList names = photos.entryList({"0-*.png", "1-*.png"}, QDir::Files, QDir::Name);
    for (int i = 0; i < 8; ++i) {
        QImage image(photos.filePath(names[i % names.size()]));
        if (i == blur_index) {
            image = image
                        .scaled(image.width() / 24, image.height() / 24, Qt::IgnoreAspectRatio,
                                Qt::SmoothTransformation)
                        .scaled(image.width(), image.height(), Qt::IgnoreAspectRatio,
                                Qt::SmoothTransformation);
        }
        image.save(
            QString::fromStdString((dcim / ("IMG_000" + std::to_string(i + 1) + ".JPG")).string()),
            "JPG", 92);
    }
    return root;
}

TEST_F(RefinementTest, GateRefusesBlurredPhotoAndMissingBiteScan) {
    Kiosk kiosk(config("gate"));
    sign_in(kiosk, "assistant", "1111");
    open_demo_case(kiosk);
    kiosk.wizard_page("photos");
    const fs::path card = make_card(home_ / "card", 3);  // the 4th view: intraoral-frontal
    QObject* photos = kiosk.adapter("photos");
    kiosk.item("cardPath")->setProperty("text", QString::fromStdString((card / "DCIM").string()));
    kiosk.click("importCard");
    ASSERT_TRUE(kiosk.wait_until(
        [&] { return photo_count(kiosk) == 8 && !photos->property("busy").toBool(); }, 60000))
        << photos->property("message").toString().toStdString();
    const auto& shots = kiosk.backend()->context().draft().photos;
    const std::string blurred =
        photos->property("views").toList()[3].toMap()["id"].toString().toStdString();
    ASSERT_TRUE(shots.count(blurred));
    EXPECT_EQ(shots.at(blurred).verdict, "fail") << shots.at(blurred).reason.toStdString();
    photos->setProperty("currentIndex", 3);
    kiosk.screenshot("15-photos-blurred");

    kiosk.wizard_page("scans");
    scan_arch(kiosk, "upper");
    scan_arch(kiosk, "lower");  // no bite scan

    kiosk.wizard_page("review");
    QObject* review = kiosk.adapter("review");
    ASSERT_TRUE(
        kiosk.wait_until([&] { return !review->property("checklist").toList().isEmpty(); }, 10000));
    EXPECT_FALSE(review->property("canSubmit").toBool());
    bool photo_blocked = false, bite_missing = false;
    for (const auto& row : review->property("checklist").toList()) {
        const QVariantMap r = row.toMap();
        if (r["ok"].toBool()) continue;
        if (r["item"].toString().contains(QString::fromStdString(blurred))) photo_blocked = true;
        if (r["item"].toString() == "Scan: bite" && r["reason"].toString().contains("missing"))
            bite_missing = true;
    }
    EXPECT_TRUE(photo_blocked);
    EXPECT_TRUE(bite_missing);
    EXPECT_FALSE(kiosk.item("submitRefinement")->isEnabled());
    QMetaObject::invokeMethod(review, "submit");  // even asked directly, nothing leaves
    kiosk.settle(500);
    EXPECT_FALSE(review->property("submitted").toBool());
    auto outbox = intake::package::Outbox::open(home_);
    ASSERT_TRUE(outbox);
    EXPECT_TRUE(outbox->jobs()->empty());
    kiosk.screenshot("16-review-refused");
}

TEST_F(RefinementTest, OutboxSurvivesRestartMidUpload) {
    AppConfig c = config("restart");
    c.upload_chunk_bytes = 64 * 1024;  // many small PATCHes so there is a middle to stop in
    // The lab is reached through a proxy that paces the upload to 1 MB/s: the ~9 MB package then
    // takes seconds, so the app reliably quits in its middle however loaded the machine is (at
    // loopback speed it could finish between seeing the first bytes arrive and quitting).
    intake::appointment::NodeServer paced;
    ASSERT_TRUE(paced.start(
        fs::path(INTAKE_SOURCE_DIR) / "tests" / "servers", "cut-proxy.mjs",
        {"--target-port", std::to_string(inbox_.port()), "--cuts", "0", "--rate", "1000000"},
        std::chrono::seconds(30), true));
    c.lab_endpoint =
        QString::fromStdString("http://127.0.0.1:" + std::to_string(paced.port()) + "/files/");
    int64_t job_id = 0;
    uint64_t offset_at_quit = 0, size = 0;
    {
        Kiosk kiosk(c);
        sign_in(kiosk, "clinician", "2222");
        open_demo_case(kiosk);
        next(kiosk);  // step 1
        const fs::path card = make_card(home_ / "card", -1);
        kiosk.item("cardPath")
            ->setProperty("text", QString::fromStdString((card / "DCIM").string()));
        kiosk.click("importCard");
        QObject* photos = kiosk.adapter("photos");
        ASSERT_TRUE(kiosk.wait_until(
            [&] { return photo_count(kiosk) == 8 && !photos->property("busy").toBool(); }, 60000));
        kiosk.wizard_page("scans");
        for (const char* arch : {"upper", "lower", "bite"}) scan_arch(kiosk, arch);
        for (int page = 0; page < 3; ++page) next(kiosk);  // steps 2, 3-4 and 5 → review
        QObject* review = kiosk.adapter("review");
        QMetaObject::invokeMethod(review, "refresh");
        kiosk.settle();
        // Pinned: the card holds the bundled photos, whose extra-oral views fail their checks
        // (testdata has no full-resolution face series), so the gate refuses and the clinician
        // overrides. A passing gate here would mean the data or the rules changed.
        EXPECT_FALSE(review->property("canSubmit").toBool())
            << "the gate now passes on the bundled card: pin the submit path instead";
        ASSERT_TRUE(review->property("canOverride").toBool())
            << review->property("message").toString().toStdString();
        kiosk.item("overrideReason")
            ->setProperty("text", "Extra-oral series unchanged since the last submission.");
        kiosk.settle();
        kiosk.click("overrideSubmit");
        ASSERT_TRUE(
            kiosk.wait_until([&] { return review->property("submitted").toBool(); }, 300000))
            << review->property("message").toString().toStdString();
        kiosk.go("outbox");
        // Quit as soon as part of the package is on the server.
        auto box = intake::package::Outbox::open(home_);
        ASSERT_TRUE(box);
        ASSERT_TRUE(kiosk.wait_until(
            [&] {
                auto jobs = box->jobs();
                if (!jobs || jobs->empty()) return false;
                const auto& j = jobs->front();
                job_id = j.id;
                size = j.size;
                offset_at_quit = j.offset;
                return j.offset > 0 && j.state == intake::package::JobState::uploading;
            },
            180000));
        QMetaObject::invokeMethod(kiosk.adapter("outbox"), "refresh");
        kiosk.screenshot("17-outbox-mid-upload");
    }  // the app quits here, mid-upload
    {
        auto box = intake::package::Outbox::open(home_);
        auto job = box->job(job_id);
        ASSERT_TRUE(job);
        EXPECT_NE(job->state, intake::package::JobState::uploaded)
            << "the upload finished before the restart";
        EXPECT_GE(job->offset, offset_at_quit);
        EXPECT_FALSE(job->upload_url.empty());
    }
    Kiosk again(c);  // restart: the outbox resumes by itself
    sign_in(again, "assistant", "1111");
    again.go("outbox");
    QObject* outbox = again.adapter("outbox");
    ASSERT_TRUE(again.wait_until(
        [&] {
            QMetaObject::invokeMethod(outbox, "refresh");
            const auto rows = outbox->property("packages").toList();
            return !rows.isEmpty() && rows.first().toMap()["state"].toString() == "delivered";
        },
        180000))
        << outbox->property("message").toString().toStdString();
    again.screenshot("18-outbox-after-restart");
    auto box = intake::package::Outbox::open(home_);
    auto job = box->job(job_id);
    ASSERT_TRUE(job);
    const fs::path stored = inbox_dir_ / fs::path(job->upload_url).filename();
    auto got = intake::sha256_file_hex(stored);
    ASSERT_TRUE(got) << stored;
    EXPECT_EQ(*got, job->sha256);  // the lab holds exactly the package, once
    EXPECT_EQ(fs::file_size(stored), size);
}

// Sets a folder and everything in it to `days` ago.
void age(const fs::path& folder, int days) {
    const auto when = fs::file_time_type::clock::now() - std::chrono::hours(24 * days);
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        fs::last_write_time(entry.path(), when);
    fs::last_write_time(folder, when);
}

fs::path old_appointment(const fs::path& home, const std::string& name, bool captures, int days) {
    const fs::path folder = home / "appointments" / name;
    fs::create_directories(folder);
    if (captures) {
        fs::create_directories(folder / "photos");
        std::ofstream(folder / "photos" / "intraoral-front.jpg") << "jpeg";
    }
    std::ofstream(folder / "handout.pdf") << "%PDF";
    age(folder, days);
    return folder;
}

// The kiosk runs the station's retention itself, off the GUI thread, as soon as it starts: a
// finished appointment past retention_days, a hand-out printed days ago and captures abandoned
// past kAbandonedDays (audited in the kiosk's own store) go; recent captures stay.
TEST_F(RefinementTest, TheKioskRunsRetentionAtStart) {
    AppConfig c = config("retention-at-start");
    const fs::path finished = old_appointment(home_, "FIN-OLD", false, 40);
    const fs::path abandoned = old_appointment(home_, "GONE", true, 100);
    const fs::path paused = old_appointment(home_, "PAUSED", true, 3);
    Kiosk kiosk(c);
    ASSERT_TRUE(kiosk.wait_until([&] { return kiosk.backend()->outbox()->retention_passes() >= 1; },
                                 30000));
    EXPECT_FALSE(fs::exists(finished));
    EXPECT_FALSE(fs::exists(abandoned));
    EXPECT_FALSE(fs::exists(paused / "handout.pdf")) << "printed three days ago";
    EXPECT_TRUE(fs::exists(paused / "photos" / "intraoral-front.jpg"));
    AppContext& ctx = kiosk.backend()->context();
    int discarded = 0;
    {
        auto held = ctx.store().lock();
        ASSERT_TRUE(held);
        const auto rows = held->audit_rows();  // kept alive while iterated
        ASSERT_TRUE(rows);
        for (const auto& row : *rows)
            discarded +=
                row.action == "appointment.discard-abandoned" && row.subject == "case GONE";
    }
    EXPECT_EQ(discarded, 1);
}

}  // namespace
}  // namespace intake::app::test
