// StoreAccess: the kiosk's one connection to the station's store and its audit log, and the lock
// that guards them. The GUI thread and the worker threads (sign-in, first run, packaging, the
// outbox) share one connection, so the only ways in hold the lock for the whole use:
//
//     context.store().with_store([&](record::Store& store, record::AuditLog& audit) { ... });
//     auto held = context.store().lock();  // a handle; the lock is released with it
//
// Never call into StoreAccess again from inside with_store (the lock is not recursive).
#pragma once

#include <QString>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

#include "base/result.h"

namespace intake::record {
class Store;
class AuditLog;
}  // namespace intake::record

namespace intake::app {

class StoreAccess {
  public:
    StoreAccess();
    ~StoreAccess();
    StoreAccess(const StoreAccess&) = delete;
    StoreAccess& operator=(const StoreAccess&) = delete;

    // Takes over an opened store (and makes its audit log). Before this, or when opening failed,
    // the store is unavailable and error() says why.
    void adopt(intake::record::Store store);
    void set_error(QString why) { error_ = std::move(why); }

    bool available() const { return store_ != nullptr; }
    // Why the store is not available ("" when it is): for the screens that need it.
    const QString& error() const { return error_; }
    // "sqlite" or "postgresql" (empty when unavailable); the database named without a password.
    std::string engine() const;
    std::string label() const;

    // Runs fn(store, audit) holding the lock and returns what fn returns. When the store is not
    // available fn is not called: a Status or Result comes back as Errc::io with error(), any
    // other type default-constructed.
    template <typename Fn>
    auto with_store(Fn&& fn)
        -> std::invoke_result_t<Fn, intake::record::Store&, intake::record::AuditLog&> {
        using R = std::invoke_result_t<Fn, intake::record::Store&, intake::record::AuditLog&>;
        std::lock_guard lock(mutex_);
        if (!store_) {
            if constexpr (std::is_constructible_v<R, Failure>)
                return fail(Errc::io, "the station's store is not open: " + error_.toStdString());
            else
                return R();
        }
        return std::forward<Fn>(fn)(*store_, *audit_);
    }

    // The store held under the lock for as long as the handle lives (tests, longer reads).
    // `held` is false when the store is not available.
    class Locked {
      public:
        explicit operator bool() const { return store_ != nullptr; }
        intake::record::Store& store() const { return *store_; }
        intake::record::AuditLog& audit() const { return *audit_; }
        intake::record::Store* operator->() const { return store_; }

      private:
        friend class StoreAccess;
        Locked(std::unique_lock<std::mutex> lock, intake::record::Store* store,
               intake::record::AuditLog* audit)
            : lock_(std::move(lock)), store_(store), audit_(audit) {}
        std::unique_lock<std::mutex> lock_;
        intake::record::Store* store_;
        intake::record::AuditLog* audit_;
    };
    Locked lock();

  private:
    std::mutex mutex_;
    std::unique_ptr<intake::record::Store> store_;
    std::unique_ptr<intake::record::AuditLog> audit_;
    QString error_;
};

}  // namespace intake::app
