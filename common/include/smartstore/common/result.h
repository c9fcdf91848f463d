#pragma once
// Result<T>: a T or an Error, as std::expected (C++23) would be. Status is
// Result<void>. Callers test it (`if (!r)`), read `r.error()` or `*r`; reading
// the wrong side is a bug and aborts under assertions.
#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "smartstore/common/error.h"

namespace smartstore {

// Tag so that `return fail(kind, msg)` converts to any Result<T>.
struct Failure {
  Error error;
};
[[nodiscard]] inline Failure fail(ErrorKind kind, std::string message, std::string_view origin = {}) {
  return Failure{Error(kind, std::move(message), origin)};
}
[[nodiscard]] inline Failure fail(Error error) { return Failure{std::move(error)}; }

template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Failure f) : v_(std::in_place_index<1>, std::move(f.error)) {}  // NOLINT
  Result(Error e) : v_(std::in_place_index<1>, std::move(e)) {}  // NOLINT

  [[nodiscard]] bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  template <class U>
  [[nodiscard]] T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

  [[nodiscard]] const Error& error() const& { return std::get<1>(v_); }
  [[nodiscard]] Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Failure f) : e_(std::move(f.error)) {}  // NOLINT: implicit by design
  Result(Error e) : e_(std::move(e)) {}  // NOLINT

  [[nodiscard]] bool has_value() const { return !e_.has_value(); }
  explicit operator bool() const { return has_value(); }
  [[nodiscard]] const Error& error() const& { return *e_; }
  [[nodiscard]] Error&& error() && { return std::move(*e_); }

 private:
  std::optional<Error> e_;
};

using Status = Result<void>;
[[nodiscard]] inline Status ok() { return {}; }

}  // namespace smartstore
