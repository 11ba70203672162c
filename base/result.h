// Result<T>: a value or an Error. Expected failures travel as values; no exception crosses a
// library boundary. Deliberately small: has_value/value/error plus a couple of helpers.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "base/error.h"

namespace intake {

// Tag to build a failed Result: `return fail(Errc::bad_input, "x.stl: truncated");`
struct Failure {
    Error error;
};
inline Failure fail(Errc code, std::string message) {
    return Failure{Error{code, std::move(message)}};
}
inline Failure fail(Error error) { return Failure{std::move(error)}; }

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
    Result(Failure failure) : state_(std::in_place_index<1>, std::move(failure.error)) {}  // NOLINT

    bool has_value() const { return state_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & {
        assert(has_value());
        return std::get<0>(state_);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(state_);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(state_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!has_value());
        return std::get<1>(state_);
    }
    T value_or(T fallback) const { return has_value() ? value() : std::move(fallback); }

  private:
    std::variant<T, Error> state_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Failure failure) : error_(std::move(failure.error)) {}  // NOLINT: implicit

    bool has_value() const { return !error_.has_value(); }
    explicit operator bool() const { return has_value(); }
    const Error& error() const {
        assert(error_);
        return *error_;
    }

  private:
    std::optional<Error> error_;
};

using Status = Result<void>;
inline Status ok() { return {}; }

}  // namespace intake

// Propagate a failure from an expression returning Result<...>. Used where the early
// return is the whole point; keeps call sites to one line.
#define INTAKE_TRY(expr)                                       \
    do {                                                       \
        auto intake_try_result_ = (expr);                      \
        if (!intake_try_result_) {                             \
            return ::intake::fail(intake_try_result_.error()); \
        }                                                      \
    } while (0)
