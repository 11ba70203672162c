#include "session.h"

namespace intake::app {

namespace rec = intake::record;

void Session::sign_in(const rec::Actor& who) {
    user_id_ = QString::fromStdString(who.user_id);
    user_name_ = QString::fromStdString(who.display_name);
    const std::string_view role = rec::role_name(who.role);
    role_ = QString::fromUtf8(role.data(), static_cast<qsizetype>(role.size()));
    emit changed();
}

void Session::sign_out() {
    user_id_.clear();
    user_name_.clear();
    role_.clear();
    emit changed();
}

Result<rec::Actor> Session::actor() const {
    auto parsed = rec::parse_role(role_.toStdString());
    if (user_id_.isEmpty() || !parsed) return fail(Errc::access_denied, "nobody is signed in");
    return rec::Actor{user_id_.toStdString(), user_name_.toStdString(), *parsed};
}

}  // namespace intake::app
