#include "outbox_adapter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QPointer>

#include "qt_strings.h"
#include "station/appointment/retention.h"
#include "station/appointment/submission_history.h"
#include "station/package/lab_token.h"
#include "station/package/outbox.h"
#include "station/package/tus_transport.h"
#include "station/package/uploader.h"
#include "station/record/store.h"

namespace intake::app {

namespace pkg = intake::package;

namespace {

QString size_text(uint64_t bytes) {
    if (bytes >= 1024 * 1024) return QString::number(bytes / 1048576.0, 'f', 1) + " MB";
    return QString::number((bytes + 1023) / 1024) + " kB";
}

// "Ada Byron · case C-12 · lab case LAB-000123", else (a package the history does not know)
// the file name.
QString title_for(const pkg::OutboxJob& job,
                  const std::optional<appointment::JobSubject>& subject) {
    if (!subject) return QString("Job %1 · %2").arg(job.id).arg(qs(job.file_name));
    QString title =
        subject->patient_name.empty() ? QString("(no patient)") : qs(subject->patient_name);
    title += " · case " + qs(subject->case_id);
    if (!subject->lab_case_id.empty()) title += " · lab case " + qs(subject->lab_case_id);
    return title;
}

QVariantMap job_row(const pkg::OutboxJob& job,
                    const std::optional<appointment::JobSubject>& subject, bool sending) {
    const double progress = job.state == pkg::JobState::uploaded ? 1.0
                            : job.size > 0
                                ? static_cast<double>(job.offset) / static_cast<double>(job.size)
                                : 0.0;
    QString state = qs(std::string(pkg::job_state_name(job.state)));
    if (job.state == pkg::JobState::uploaded) state = "delivered";
    QString receipt;
    if (!job.receipt.empty()) {
        const QJsonObject r =
            QJsonDocument::fromJson(QByteArray::fromStdString(job.receipt)).object();
        receipt = r.value("url").toString();
        if (receipt.isEmpty()) receipt = qs(job.receipt).left(120);
    }
    const int percent = static_cast<int>(progress * 100.0);
    return QVariantMap{
        {"id", QString::number(job.id)},
        {"title", title_for(job, subject)},
        {"patientName", subject ? qs(subject->patient_name) : QString()},
        {"caseId", subject ? qs(subject->case_id) : QString()},
        {"labCaseId", subject ? qs(subject->lab_case_id) : QString()},
        {"queuedAt", qs(job.created_at)},
        {"sizeText", size_text(job.size)},
        {"percent", percent},
        {"state", state},
        {"progress", progress},
        {"offset", static_cast<qulonglong>(job.offset)},
        {"size", static_cast<qulonglong>(job.size)},
        {"receipt", receipt},
        {"error", job.state == pkg::JobState::uploaded ? QString() : qs(job.last_error)},
        {"detail", QString("queued %1 · %2 · %3 % · %4 attempt(s) · job %5")
                       .arg(qs(job.created_at), size_text(job.size))
                       .arg(percent)
                       .arg(job.attempts)
                       .arg(job.id)},
        // Outbox::retry puts a failed job back in the queue; a waiting one is simply sent.
        {"canRetry", !sending && job.state == pkg::JobState::failed},
    };
}

// The station's retention pass with station.conf's retention_days, discarded captures audited
// in the kiosk's store (under its lock). Returns a sentence for the screen when it failed.
QString retention_pass(AppContext& context, OutboxAdapter::Retention& retention,
                       appointment::RetentionPolicy policy) {
    std::lock_guard one_at_a_time(retention.running);
    appointment::RetentionAudit audit;
    if (context.store().available()) {
        audit.with_store = [&context](const appointment::RetentionAudit::StoreWork& work) {
            return context.store().with_store(work);
        };
    }
    // The outbox the store's database names: on PostgreSQL the shared one.
    auto report = appointment::run_retention(context.home(), context.database(), policy, audit);
    ++retention.passes;
    if (!report) return "Retention: " + qs(report.error().to_string());
    return {};
}

}  // namespace

OutboxAdapter::OutboxAdapter(AppContext& context, QObject* parent)
    : QObject(parent),
      context_(context),
      cancel_(std::make_shared<std::atomic<bool>>(false)),
      retention_(std::make_shared<Retention>()) {
    endpoint_ = context_.lab_endpoint;
    refresh();
    // A restart mid-upload resumes by itself: the outbox kept the upload URL and offset.
    for (const auto& p : packages_) {
        const QString state = p.toMap()["state"].toString();
        if (state == "queued" || state == "uploading") {
            sendAll();
            break;
        }
    }
    // Retention at start, whatever the queue: what a crash or a long weekend left behind goes.
    auto policy = retention_policy();
    QPointer<OutboxAdapter> self(this);
    retention_worker_ = std::thread([self, ctx = &context_, retention = retention_, policy] {
        QString problem = retention_pass(*ctx, *retention, policy);
        if (problem.isEmpty()) return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, problem] {
                if (!self) return;
                self->message_ = problem;
                emit self->changed();
            },
            Qt::QueuedConnection);
    });
}

OutboxAdapter::~OutboxAdapter() { stop(); }

void OutboxAdapter::stop() {
    cancel_->store(true);
    if (worker_.joinable()) worker_.join();
    if (retention_worker_.joinable()) retention_worker_.join();
}

appointment::RetentionPolicy OutboxAdapter::retention_policy() const {
    auto policy = appointment::RetentionPolicy::from_days(context_.config().station.retention_days);
    // The appointment open at this kiosk is never swept from under the clinician.
    policy.open_case = context_.case_id().toStdString();
    return policy;
}

void OutboxAdapter::refresh() {
    auto outbox = pkg::Outbox::open_location(context_.home(), context_.database());
    if (!outbox) {
        message_ = "The outbox cannot be opened: " + qs(outbox.error().to_string());
        emit changed();
        return;
    }
    auto jobs = outbox->jobs();
    if (!jobs) {
        message_ = qs(jobs.error().to_string());
        emit changed();
        return;
    }
    packages_.clear();
    auto held = context_.store().lock();
    for (auto it = jobs->rbegin(); it != jobs->rend(); ++it) {
        std::optional<appointment::JobSubject> subject;
        if (held) subject = appointment::job_subject(held.store(), it->package_id);
        packages_.append(job_row(*it, subject, sending_));
    }
    endpoint_ = context_.lab_endpoint;
    emit changed();
}

void OutboxAdapter::retry(const QString& id) {
    if (sending_) return;
    auto outbox = pkg::Outbox::open_location(context_.home(), context_.database());
    if (!outbox) {
        message_ = "Not retried: " + qs(outbox.error().to_string());
        emit changed();
        return;
    }
    // The same job goes back in the queue (its upload URL kept, so the lab's copy resumes);
    // the package is not added again.
    auto job = outbox->retry(id.toLongLong());
    if (!job) {
        message_ = "Not retried: " + qs(job.error().message);
        emit changed();
        return;
    }
    message_ = "Retrying job " + id + "…";
    sendAll();
}

void OutboxAdapter::sendAll() {
    if (sending_) return;
    if (worker_.joinable()) worker_.join();
    const std::string endpoint = context_.lab_endpoint.toStdString();
    if (auto st = pkg::check_endpoint(endpoint); !st) {
        message_ = "Not sent: " + qs(st.error().to_string());
        emit changed();
        return;
    }
    // The lab's token: station.conf's lab_token_file, else $INTAKE_LAB_TOKEN or systemd's
    // credential (package/lab_token.h); read here, never logged or shown.
    const auto& conf = context_.config().station;
    auto token = pkg::resolve_lab_token(conf.lab_token_file);
    if (!token) {
        message_ = "Not sent: " + qs(token.error().to_string());
        emit changed();
        return;
    }
    const pkg::TusOptions tus{
        .endpoint = endpoint, .bearer_token = *token, .ca_file = conf.lab_ca_file.string()};
    sending_ = true;
    message_ = "Sending to " + context_.lab_endpoint + "…";
    cancel_->store(false);
    emit changed();
    pkg::UploadPolicy policy;
    policy.chunk_bytes = context_.config().upload_chunk_bytes;
    policy.max_attempts = 3;
    // The history lives in the kiosk's store (SQLite or the practice's PostgreSQL), reached
    // under its lock; the store outlives this thread (Backend stops the outbox first).
    StoreAccess* store = &context_.store();
    policy.job_metadata = [store](const pkg::OutboxJob& job) {
        return store->with_store([&](intake::record::Store& s, intake::record::AuditLog&) {
            return appointment::job_metadata(&s, job);
        });
    };
    auto cancel = cancel_;
    const auto home = context_.home();
    const std::string database = context_.database();
    QPointer<OutboxAdapter> self(this);
    // After the receipts: their sealed copies (if the uploader could not delete one), and
    // whatever else retention has come due for.
    auto retain = [ctx = &context_, retention = retention_, keep = retention_policy()] {
        return retention_pass(*ctx, *retention, keep);
    };
    // A plain thread, joined in stop(): the app may quit mid-upload and must not leave it running.
    worker_ = std::thread([self, cancel, home, database, tus, policy, store, retain] {
        QString summary;
        // Its own connection: <home>/outbox/outbox.db, or the practice's shared outbox when the
        // store is on PostgreSQL (any station may resume an upload this one began).
        auto outbox = pkg::Outbox::open_location(home, database);
        auto transport = pkg::TusTransport::create_client(tus);
        if (!outbox)
            summary = "Not sent: " + qs(outbox.error().to_string());
        else if (!transport)
            summary = "Not sent: " + qs(transport.error().to_string());
        else {
            auto run = pkg::upload_pending(*outbox, **transport, policy, *cancel);
            if (!run)
                summary = "Upload stopped: " + qs(run.error().to_string());
            else
                summary =
                    QString("%1 delivered, %2 failed, %3 waiting%4")
                        .arg(run->uploaded)
                        .arg(run->failed)
                        .arg(run->deferred)
                        .arg(run->last_error.empty() ? QString() : " — " + qs(run->last_error));
        }
        Status recorded = ok();
        if (outbox)
            recorded = store->with_store([&](intake::record::Store& s, intake::record::AuditLog&) {
                return appointment::note_outcomes(*outbox, s);
            });
        if (!recorded)
            summary +=
                " (the case history was not updated: " + qs(recorded.error().to_string()) + ")";
        if (QString problem = retain(); !problem.isEmpty()) summary += " (" + problem + ")";
        QMetaObject::invokeMethod(
            self.data(),
            [self, summary] {
                if (!self) return;
                self->sending_ = false;
                self->message_ = summary;
                self->refresh();
                emit self->sendFinished();
            },
            Qt::QueuedConnection);
    });
}

QString OutboxAdapter::enqueue(const std::filesystem::path& package_zip) {
    auto outbox = pkg::Outbox::open_location(context_.home(), context_.database());
    if (!outbox) return qs(outbox.error().to_string());
    auto job = outbox->add(package_zip);
    if (!job) return qs(job.error().to_string());
    refresh();
    return {};
}

}  // namespace intake::app
