// Outbox: the persistent outbox from station/package — one row per package with its upload
// progress, retry, and the lab's receipt. Uploads run on a worker thread; progress is read back
// from the outbox database, so a restarted app shows (and resumes) exactly where it was. The
// station's retention runs here too, off the GUI thread: at start and after every upload pass.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "app_context.h"
#include "station/appointment/retention.h"

namespace intake::app {

class OutboxAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(QVariantList packages MEMBER packages_ NOTIFY changed)
    Q_PROPERTY(QString endpoint MEMBER endpoint_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)
    Q_PROPERTY(bool sending MEMBER sending_ NOTIFY changed)

  public:
    explicit OutboxAdapter(AppContext& context, QObject* parent = nullptr);
    ~OutboxAdapter() override;

    Q_INVOKABLE void refresh();
    Q_INVOKABLE void retry(const QString& id);
    Q_INVOKABLE void sendAll();

    // Queues a built package (called by review after the gate passed). Empty string on success.
    QString enqueue(const std::filesystem::path& package_zip);
    const QVariantList& packages() const { return packages_; }
    bool sending() const { return sending_; }
    // Stops the upload worker at the next chunk (used when the app quits mid-upload).
    void stop();
    // Retention passes finished since start (station/appointment/retention.h): one at start and
    // one after every upload pass, on worker threads. For tests.
    int retention_passes() const { return retention_->passes.load(); }

    // Shared with the workers, which run one pass at a time.
    struct Retention {
        std::mutex running;
        std::atomic<int> passes{0};
    };

  signals:
    void changed();
    void sendFinished();

  private:
    appointment::RetentionPolicy retention_policy() const;

    AppContext& context_;
    QVariantList packages_;
    QString endpoint_, message_;
    bool sending_ = false;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::thread worker_;
    std::shared_ptr<Retention> retention_;
    std::thread retention_worker_;
};

}  // namespace intake::app
