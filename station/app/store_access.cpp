#include "store_access.h"

#include "station/record/audit_log.h"
#include "station/record/store.h"

namespace intake::app {

StoreAccess::StoreAccess() = default;
StoreAccess::~StoreAccess() = default;

void StoreAccess::adopt(intake::record::Store store) {
    std::lock_guard lock(mutex_);
    store_ = std::make_unique<intake::record::Store>(std::move(store));
    audit_ = std::make_unique<intake::record::AuditLog>(*store_);
    error_.clear();
}

std::string StoreAccess::engine() const { return store_ ? store_->engine_name() : std::string(); }

std::string StoreAccess::label() const { return store_ ? store_->label() : std::string(); }

StoreAccess::Locked StoreAccess::lock() {
    std::unique_lock lock(mutex_);
    return Locked(std::move(lock), store_.get(), audit_.get());
}

}  // namespace intake::app
