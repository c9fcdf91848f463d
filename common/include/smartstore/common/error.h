#pragma once
// The one error value of the house, after zxing-cpp's `Error`: cheap, a kind
// a caller can branch on, a message a person can act on (naming the file,
// field or path), and the layer it came from. Layers map kinds, never parse
// messages: the HTTP layer turns kinds into status codes in one table, the
// sync agent decides retry or give up by kind.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smartstore {

enum class ErrorKind : unsigned char {
  invalid_input,      // the caller's input is wrong (a field, a file line, an option)
  not_found,          // the thing asked for does not exist
  conflict,           // already done / out of order (a reused coupon, an old snapshot)
  unauthorized,       // no or bad credentials
  forbidden,          // credentials fine, not allowed
  rate_limited,       // too many attempts; try later
  outbox_full,        // the kiosk's outbox reached its bound: HQ has not drained it
  storage_full,       // the disk is full
  storage_read_only,  // the storage is mounted read-only (a failing card)
  storage_io,         // I/O error, corruption, anything else the disk said
  unavailable,        // a peer (broker, HQ, device) cannot be reached now
  unsupported,        // a format or version this build does not read
  internal,           // a bug: an invariant broke
};

// Stable snake_case names ("storage_full"), used in logs, metrics labels and
// API error codes.
[[nodiscard]] std::string_view to_string(ErrorKind kind);
// Storage kinds (full, read-only, I/O) and the outbox bound: nothing was
// written, trying again later may work.
[[nodiscard]] bool is_storage_refusal(ErrorKind kind);

// One field of an input that failed validation; an Error of kind
// invalid_input may carry a list of them (an HTTP 400 lists each).
struct FieldError {
  std::string field;    // e.g. "items[0].price_krw"
  std::string message;  // e.g. "expected a whole number of KRW from 0 to 100000000"
};

class Error {
 public:
  Error(ErrorKind kind, std::string message, std::string_view origin = {})
      : kind_(kind), message_(std::move(message)), origin_(origin) {}

  [[nodiscard]] ErrorKind kind() const { return kind_; }
  [[nodiscard]] const std::string& message() const { return message_; }
  // The layer that raised it ("storage", "snapshot", "config", ...); for logs.
  [[nodiscard]] std::string_view origin() const { return origin_; }
  [[nodiscard]] const std::vector<FieldError>& fields() const { return fields_; }

  Error& with_fields(std::vector<FieldError> fields) {
    fields_ = std::move(fields);
    return *this;
  }
  // "what failed: " + message, keeping kind and origin (a caller adding context).
  [[nodiscard]] Error context(std::string_view what) const;
  // "origin: kind: message" for logs.
  [[nodiscard]] std::string describe() const;

  friend bool operator==(const Error& a, const Error& b) {
    return a.kind_ == b.kind_ && a.message_ == b.message_;
  }

 private:
  ErrorKind kind_;
  std::string message_;
  std::string_view origin_;  // always a string literal
  std::vector<FieldError> fields_;
};

// A problem in a file, located for a person: field "kiosk.toml:12: http.listen"
// (no line when 0, no key when empty).
[[nodiscard]] inline FieldError problem_at(std::string_view file, std::int64_t line, std::string_view key,
                                           std::string message) {
  std::string where(file);
  if (line != 0) where.append(":").append(std::to_string(line));
  if (!key.empty()) where.append(": ").append(key);
  return {std::move(where), std::move(message)};
}

// Every problem found in one file at once: invalid_input, "<file>: N problems",
// the problems as its fields.
[[nodiscard]] inline Error problems_in(std::string_view file, std::vector<FieldError> problems,
                                       std::string_view origin) {
  const std::size_t n = problems.size();
  return Error(ErrorKind::invalid_input,
               std::string(file) + ": " + std::to_string(n) + (n == 1 ? " problem" : " problems"), origin)
      .with_fields(std::move(problems));
}

// One line per problem for a log or a terminal: "field: message" for each
// field, or the message alone when the error names no field.
[[nodiscard]] std::vector<std::string> problem_lines(const Error& error);

}  // namespace smartstore
