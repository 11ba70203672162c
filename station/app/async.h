// Long work (scan cleaning, photo checks, packaging, upload) runs on the thread pool; the result
// comes back to the GUI thread as a queued call so QML only ever sees GUI-thread property changes.
// Exceptions never reach the event loop: anything thrown by the work becomes an error string.
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace intake::app {

template <typename R>
struct AsyncOutcome {
    std::optional<R> value;
    std::string crash;  // non-empty when the work threw (a bug; shown, never rethrown)
};

// Runs `work` on the global pool; `done` runs on `context`'s thread unless context died.
template <typename R>
void run_async(QObject* context, std::function<R()> work,
               std::function<void(AsyncOutcome<R>)> done) {
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([guard, work = std::move(work), done = std::move(done)]() {
        AsyncOutcome<R> outcome;
        try {
            outcome.value.emplace(work());
        } catch (const std::exception& e) {
            outcome.crash = e.what();
        } catch (...) {
            outcome.crash = "unknown exception";
        }
        if (!guard) return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, done, outcome = std::move(outcome)]() mutable {
                if (guard) done(std::move(outcome));
            },
            Qt::QueuedConnection);
    });
}

}  // namespace intake::app
