// Patients, cases, devices and the outbox in the kiosk on the real backend, a real store in a fresh
// home and no demo data: a clinician (enrolled through record::Staff in the set-up; first run is
// tested elsewhere) adds a patient and a case, takes the scans from an iTero export folder (one
// unclear file answered on screen), submits under the lab's case number, sees the refused upload
// retried through Outbox::retry and the case's submission history; a closed case says why and is
// re-opened. Screenshots case-edit, scans-export-folder, history, case-closed-reopen.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQuickItem>
#include <QVariantList>
#include <optional>

#include "app_context.h"
#include "backend.h"
#include "refinement_fixture.h"
#include "station/appointment/node_server.h"
#include "station/package/outbox.h"
#include "station/package/package_reader.h"
#include "station/record/audit_log.h"
#include "station/record/case_actions.h"
#include "station/record/staff.h"
#include "station/record/store.h"

namespace intake::app::test {
namespace {
namespace fs = std::filesystem;
namespace rec = intake::record;

constexpr const char* kClinician = "dr-ada";
constexpr const char* kPin = "135790";

class CaseKioskTest : public RefinementTest {
  protected:
    // A practice's own station: no demo data, the practice and one clinician enrolled through
    // record::Staff.
    AppConfig practice_config(const std::string& name) {
        AppConfig c = config(name);
        c.demo = false;
        auto store = rec::Store::open(rec::Store::default_path(c.home));
        EXPECT_TRUE(store) << store.error().message;
        // What first run records (tested with the first-run screen): the practice and its
        // clinician.
        EXPECT_TRUE(store->add_practice({0, "Lovelace Orthodontics", ""}));
        rec::AuditLog audit(*store);
        rec::Staff staff(*store, audit, rec::PinAuthOptions::fast_for_tests());
        auto st = staff.add_first(kClinician, "Dr Ada Lovelace", rec::Role::clinician, kPin);
        EXPECT_TRUE(st) << st.error().message;
        return c;
    }

    rec::Store store() {
        auto opened = rec::Store::open(rec::Store::default_path(home_));
        EXPECT_TRUE(opened) << opened.error().message;
        return std::move(*opened);
    }

    int audited(const std::string& action) {
        auto s = store();
        const auto rows = s.audit_rows();
        int n = 0;
        for (const auto& r : *rows) n += r.action == action && r.actor == kClinician;
        return n;
    }

    std::vector<std::string> history(const std::string& case_id) {
        auto s = store();
        std::vector<std::string> events;
        const auto rows = s.submission_history(case_id);  // kept alive while iterated
        for (const auto& e : *rows) events.push_back(e.event);
        return events;
    }

    // New patient and case through the editor: stored, audited under the clinician, shown.
    void add_patient_and_case(Kiosk& kiosk) {
        kiosk.click("newCase");
        set_text(kiosk, "patientName", "Ada Byronn");  // a typo, corrected below
        set_text(kiosk, "patientBorn", "1990-02-03");
        set_text(kiosk, "patientChart", "CH-0815");
        kiosk.click("addPatient");
        QObject* cases = kiosk.adapter("cases");
        ASSERT_EQ(cases->property("patients").toList().size(), 1)
            << cases->property("message").toString().toStdString();
        // The new patient is the chosen one: "Save changes" corrects the name in place.
        set_text(kiosk, "patientName", "Ada Byron");
        kiosk.click("savePatient");
        ASSERT_EQ(cases->property("patients").toList().size(), 1);
        EXPECT_EQ(cases->property("patients").toList()[0].toMap()["name"].toString(), "Ada Byron")
            << cases->property("message").toString().toStdString();
        EXPECT_EQ(audited("patient.edit"), 1);
        set_text(kiosk, "caseIdField", "C-2001");
        set_text(kiosk, "caseLab", "Demo Aligner Lab");
        set_text(kiosk, "caseLabCaseId", "LAB-000123");
        set_text(kiosk, "caseSubmittedOn", "2026-09-01");
        set_text(kiosk, "casePhaseSteps", "20");
        kiosk.item("casePhaseStatus")->setProperty("currentIndex", 2);  // delivered
        set_text(kiosk, "casePhaseShippedOn", "2026-09-10");
        set_text(kiosk, "casePhaseArrivedOn", "2026-09-14");
        kiosk.item("caseRules")
            ->setProperty("currentIndex", kiosk.adapter("settings")
                                              ->property("rulePacks")
                                              .toStringList()
                                              .indexOf("aligner-refinement-2026"));
        kiosk.settle();
        kiosk.screenshot("case-edit");
        kiosk.click("addCase");
        ASSERT_EQ(cases->property("currentCaseId").toString(), "C-2001")
            << cases->property("message").toString().toStdString();
        ASSERT_TRUE(cases->property("currentCaseOpen").toBool())
            << cases->property("current").toMap()["closeReason"].toString().toStdString();
        {
            auto s = store();
            auto patient = s.find_patient_by_chart("CH-0815");
            ASSERT_TRUE(patient && *patient);
            EXPECT_EQ((*patient)->name, "Ada Byron");
            auto stored = s.find_case("C-2001");
            ASSERT_TRUE(stored && *stored);
            EXPECT_EQ((*stored)->lab_case_id, "LAB-000123");
            EXPECT_EQ((*stored)->patient_id, (*patient)->id);
        }
        EXPECT_EQ(audited("patient.add"), 1);
        EXPECT_EQ(audited("case.add"), 1);
        EXPECT_TRUE(
            kiosk.item("detailLabCase")->property("text").toString().contains("LAB-000123"));
    }

    // The iTero export is dropped into the folder while the scans step watches it, plus a file no
    // rule can place, which is asked on screen and answered as the bite.
    void take_scans_from_folder(Kiosk& kiosk, const fs::path& exports) {
        kiosk.wizard_page("scans");
        QObject* scans = kiosk.adapter("scans");
        ASSERT_TRUE(
            kiosk.wait_until([&] { return scans->property("folderWatching").toBool(); }, 5000))
            << scans->property("stage").toString().toStdString();
        const fs::path itero = fs::path(INTAKE_TESTDATA_DIR) / "exports" / "itero_element_12345";
        for (const auto& entry : fs::directory_iterator(itero))
            fs::copy_file(entry.path(), exports / entry.path().filename());
        fs::copy_file(itero / "12345_shell_occlusion_l.stl", exports / "12345_scan_3.stl");
        ASSERT_TRUE(kiosk.wait_until(
            [&] { return !scans->property("folderQuestions").toList().isEmpty(); }, 60000));
        const QVariantMap question = scans->property("folderQuestions").toList().first().toMap();
        EXPECT_EQ(question["name"].toString(), "12345_scan_3.stl");
        const auto& drafted = kiosk.backend()->context().draft().scans;
        ASSERT_TRUE(kiosk.wait_until(
            [&] { return drafted.count("upper") && drafted.count("lower"); }, 120000))
            << scans->property("stage").toString().toStdString();
        EXPECT_EQ(drafted.count("bite"), 0u);  // never guessed
        kiosk.screenshot("scans-export-folder");
        bool by_manifest = false;
        for (const auto& t : scans->property("folderTaken").toList())
            by_manifest |= t.toMap()["source"].toString().contains("itero_export");
        EXPECT_TRUE(by_manifest);
        kiosk.click("answer_0_bite");
        ASSERT_TRUE(kiosk.wait_until(
            [&] { return drafted.count("bite") && !scans->property("scanning").toBool(); }, 120000))
            << scans->property("stage").toString().toStdString();
    }

    // Steps 3-5 through the workflow, then submit (or, when the gate refuses the bundled photos,
    // the clinician's override).
    void submit_the_refinement(Kiosk& kiosk) {
        kiosk.wizard_page("prescription");
        next(kiosk);  // steps 3 and 4
        kiosk.wizard_page("instructions");
        next(kiosk);  // step 5

        kiosk.wizard_page("review");
        QObject* review = kiosk.adapter("review");
        QMetaObject::invokeMethod(review, "refresh");
        ASSERT_TRUE(kiosk.wait_until(
            [&] { return !review->property("checklist").toList().isEmpty(); }, 10000));
        if (!review->property("canSubmit").toBool()) {
            ASSERT_TRUE(review->property("canOverride").toBool())
                << review->property("message").toString().toStdString();
            kiosk.item("overrideReason")
                ->setProperty("text", "The export's arches are all the lab needs for this step.");
            kiosk.settle();
            kiosk.click("overrideSubmit");
        } else {
            kiosk.click("submitRefinement");
        }
        ASSERT_TRUE(
            kiosk.wait_until([&] { return review->property("submitted").toBool(); }, 300000))
            << review->property("message").toString().toStdString();
    }

    // The package names the lab's case: manifest.json and the first line of prescription.txt.
    // Read as the lab received it: the plaintext zip the kiosk built left the appointment folder
    // when it was sealed into the outbox.
    void expect_package_names_the_lab_case() {
        fs::path built;
        {
            auto s = store();
            const auto rows = s.submission_history("C-2001");
            for (const auto& e : *rows)
                if (e.event == "queued") built = e.package_path;
        }
        ASSERT_FALSE(built.empty());
        EXPECT_FALSE(fs::exists(built)) << built << ": plaintext left after the seal";
        std::optional<intake::package::PackageContents> contents;
        for (const auto& entry : fs::directory_iterator(inbox_dir_)) {
            auto read = intake::package::read_package(entry.path());
            if (read && read->manifest.case_id == "C-2001") contents = std::move(*read);
        }
        ASSERT_TRUE(contents) << "no package for C-2001 in " << inbox_dir_;
        EXPECT_EQ(contents->manifest.lab_case_id, "LAB-000123");
        ASSERT_TRUE(contents->files.count("prescription.txt"));
        const auto& rx = contents->files.at("prescription.txt");
        const std::string rx_text(reinterpret_cast<const char*>(rx.data()), rx.size());
        EXPECT_NE(rx_text.substr(0, rx_text.find('\n')).find("LAB-000123"), std::string::npos)
            << rx_text.substr(0, 200);
    }

    // The refusing lab: the job fails and is named by patient, case and lab case number; once the
    // endpoint is corrected, Retry re-queues the same job (Outbox::retry) and it is delivered.
    void retry_the_refused_upload(Kiosk& kiosk, const QString& good_endpoint) {
        kiosk.go("outbox");
        QObject* outbox = kiosk.adapter("outbox");
        auto first_row = [&] {
            QMetaObject::invokeMethod(outbox, "refresh");
            const auto rows = outbox->property("packages").toList();
            return rows.isEmpty() ? QVariantMap() : rows.first().toMap();
        };
        ASSERT_TRUE(
            kiosk.wait_until([&] { return first_row()["state"].toString() == "failed"; }, 180000))
            << outbox->property("message").toString().toStdString();
        const QVariantMap failed = first_row();
        EXPECT_EQ(failed["title"].toString(), "Ada Byron · case C-2001 · lab case LAB-000123");
        EXPECT_FALSE(failed["queuedAt"].toString().isEmpty());
        EXPECT_TRUE(failed["detail"].toString().contains("%"));
        ASSERT_TRUE(kiosk.wait_until([&] { return !outbox->property("sending").toBool(); }, 60000));
        QMetaObject::invokeMethod(kiosk.adapter("settings"), "save", Q_ARG(QString, good_endpoint),
                                  Q_ARG(QString, QString("aligner-refinement-2026")));
        kiosk.settle();
        kiosk.click("retry_0");
        ASSERT_TRUE(kiosk.wait_until([&] { return first_row()["state"].toString() == "delivered"; },
                                     180000))
            << outbox->property("message").toString().toStdString();
        {
            auto box = intake::package::Outbox::open(home_);
            ASSERT_TRUE(box);
            auto jobs = box->jobs();
            ASSERT_TRUE(jobs);
            ASSERT_EQ(jobs->size(), 1u);  // retried, not added again
            EXPECT_FALSE(jobs->front().receipt.empty());
        }
    }

    void set_text(Kiosk& kiosk, const QString& name, const QString& text) {
        QQuickItem* field = kiosk.item(name);
        ASSERT_NE(field, nullptr) << name.toStdString();
        field->setProperty("text", text);
    }
};

// Settings → Devices: the export folder (inside the home) as the scan source, kept in the
// settings file; the camera source changes without a restart.
void choose_export_folder(Kiosk& kiosk, const fs::path& folder) {
    kiosk.go("settings");
    kiosk.item("scanSource")->setProperty("currentIndex", 2);
    kiosk.settle();
    kiosk.item("scanFolder")->setProperty("text", QString::fromStdString(folder.string()));
    kiosk.click("saveDevices");
    QObject* scans = kiosk.adapter("scans");
    EXPECT_EQ(scans->property("source").toString(), "folder");
    EXPECT_TRUE(scans->property("deviceReady").toBool())
        << scans->property("deviceStatus").toString().toStdString();
    // The choice is kept for the next start.
    QFile kept(QString::fromStdString((folder.parent_path() / "kiosk-devices.json").string()));
    ASSERT_TRUE(kept.open(QIODevice::ReadOnly));
    const QJsonObject settings = QJsonDocument::fromJson(kept.readAll()).object();
    EXPECT_EQ(settings["scanner"].toString(), "folder");
    EXPECT_EQ(settings["scan_folder"].toString().toStdString(), folder.string());
    // The camera switches at once too: card import, then back to the simulated camera.
    QObject* photos = kiosk.adapter("photos");
    for (const auto& [index, status] :
         {std::pair{2, "Camera card import"}, std::pair{0, "Simulated camera ready"}}) {
        kiosk.item("cameraSource")->setProperty("currentIndex", index);
        kiosk.settle();
        kiosk.click("saveDevices");
        EXPECT_TRUE(photos->property("cameraStatus").toString().startsWith(status))
            << photos->property("cameraStatus").toString().toStdString();
    }
    kiosk.go("cases");
}

TEST_F(CaseKioskTest, NewPatientAndCaseSubmittedFromExportFolderThenRetried) {
    // The lab first refuses the package (too large for it: 413, a permanent failure); after the
    // endpoint is corrected the same job is retried and delivered.
    intake::appointment::NodeServer refusing;
    AppConfig c = practice_config("case-flow");
    ASSERT_TRUE(refusing.start(fs::path(INTAKE_SOURCE_DIR) / "tests" / "servers", "tus-inbox.mjs",
                               {"--dir", (home_ / "refusing-lab").string(), "--max-size", "1000"},
                               std::chrono::seconds(30), true));
    const QString good_endpoint = c.lab_endpoint;
    c.lab_endpoint.clear();
    Kiosk kiosk(c);
    sign_in(kiosk, kClinician, kPin);
    QMetaObject::invokeMethod(
        kiosk.adapter("settings"), "save",
        Q_ARG(QString, QString("http://127.0.0.1:%1/files/").arg(refusing.port())),
        Q_ARG(QString, QString("aligner-refinement-2026")));
    const fs::path exports = home_ / "itero-exports";
    fs::create_directories(exports);
    choose_export_folder(kiosk, exports);

    add_patient_and_case(kiosk);
    ASSERT_FALSE(HasFatalFailure());

    kiosk.click("startRefinement");
    next(kiosk);  // step 1
    take_photo_series(kiosk);

    take_scans_from_folder(kiosk, exports);
    ASSERT_FALSE(HasFatalFailure());
    next(kiosk);  // step 2
    submit_the_refinement(kiosk);
    ASSERT_FALSE(HasFatalFailure());

    retry_the_refused_upload(kiosk, good_endpoint);
    ASSERT_FALSE(HasFatalFailure());
    expect_package_names_the_lab_case();
    const auto events = history("C-2001");  // oldest first
    const std::vector<std::string> expected_tail = {"queued", "failed", "uploaded"};
    ASSERT_GE(events.size(), 4u);
    EXPECT_TRUE(events[0] == "built" || events[0] == "overridden") << events[0];
    EXPECT_EQ(std::vector<std::string>(events.end() - 3, events.end()), expected_tail);

    // The case shows its history.
    kiosk.go("cases");
    QObject* cases = kiosk.adapter("cases");
    QMetaObject::invokeMethod(cases, "search", Q_ARG(QString, QString("C-2001")));
    QMetaObject::invokeMethod(cases, "open", Q_ARG(QString, QString("C-2001")));
    kiosk.settle(300);
    EXPECT_EQ(cases->property("current").toMap()["history"].toList().size(),
              static_cast<qsizetype>(events.size()));
    EXPECT_NE(kiosk.item("historyRow_0"), nullptr);
    kiosk.screenshot("history");
}

TEST_F(CaseKioskTest, ClosedCaseExplainsWhyAndReopensByPurchasingPhases) {
    AppConfig c = practice_config("case-reopen");
    {
        auto s = store();
        auto patient = rec::add_patient(s, {"Grace Hopper", "1985-12-09", "CH-0042"});
        ASSERT_TRUE(patient) << patient.error().message;
        auto file =
            rec::parse_case_json(R"({"case_id": "C-0042", "rules": "aligner-refinement-2026",
            "lab": "Demo Aligner Lab", "lab_case_id": "LAB-000042", "submitted_on": "2025-01-10",
            "retainer_requested_on": "2025-09-01",
            "phases": [{"number": 1, "kind": "treatment", "steps": 10, "status": "delivered",
                        "shipped_on": "2025-01-20", "arrived_on": "2025-01-25"}]})",
                                 "case.json");
        ASSERT_TRUE(file) << file.error().message;
        ASSERT_TRUE(rec::add_case(s, *file, *patient, INTAKE_RULES_DIR));
    }
    Kiosk kiosk(c);
    sign_in(kiosk, kClinician, kPin);
    kiosk.click("caseSearch");
    kiosk.click("caseRow_0");
    QObject* cases = kiosk.adapter("cases");
    EXPECT_FALSE(cases->property("currentCaseOpen").toBool());
    EXPECT_FALSE(kiosk.item("startRefinement")->isEnabled());
    const QString reason = kiosk.item("closeReason")->property("text").toString();
    EXPECT_TRUE(reason.contains("retainer was requested on 2025-09-01")) << reason.toStdString();
    EXPECT_TRUE(kiosk.item("detailLabCase")->property("text").toString().contains("LAB-000042"));
    kiosk.screenshot("case-closed-reopen");

    set_text(kiosk, "reopenSteps", "8");
    kiosk.click("reopenCase");
    EXPECT_TRUE(cases->property("currentCaseOpen").toBool())
        << cases->property("message").toString().toStdString();
    EXPECT_TRUE(kiosk.item("startRefinement")->isEnabled());
    auto s = store();
    auto stored = rec::require_case(s, "C-0042");
    ASSERT_TRUE(stored);
    auto file = rec::parse_case_json(stored->case_json, "C-0042");
    ASSERT_TRUE(file);
    ASSERT_TRUE(file->reopened_on.has_value());
    EXPECT_EQ(*file->reopened_on, rec::CivilDate::today());
    ASSERT_EQ(file->phases.size(), 2u);
    EXPECT_EQ(file->phases[1].steps, 8);
    EXPECT_EQ(audited("case.edit"), 1);
}

}  // namespace
}  // namespace intake::app::test
