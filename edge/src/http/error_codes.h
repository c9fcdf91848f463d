#pragma once
// Errors as the API answers them, from one table: each API error code names
// the ErrorKind it belongs to and the HTTP status it answers with. A kind's
// first row is its own code; further rows are narrower codes a route may use
// ("unknown_coupon" is a not_found). Clients and the pages branch on these
// codes; docs/openapi.yaml lists them (ErrorCode).
#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "smartstore/common/error.h"
#include "smartstore/edge/http/api_router.h"

namespace smartstore::edge::http {

struct ApiErrorCode {
  std::string_view code;
  ErrorKind kind;
  int status;
};

[[nodiscard]] std::span<const ApiErrorCode> api_error_codes();
// The row of `code` when it belongs to `kind`, else the kind's own row.
[[nodiscard]] const ApiErrorCode& api_error_code(ErrorKind kind, std::string_view code = {});

// The row of `code` whatever its kind; null when the table has none.
[[nodiscard]] const ApiErrorCode* find_api_error_code(std::string_view code);
[[nodiscard]] ApiResponse json_response(int status, const nlohmann::json& body);
// `body` with the status of (kind, code); storage refusals say when to retry
// (Retry-After: 30): nothing was written.
[[nodiscard]] ApiResponse refusal_response(ErrorKind kind, std::string_view code, const nlohmann::json& body);
// The message a client may read. Storage and internal failures carry file
// paths and SQLite's own words, which tell an attacker about the box: those
// answer with a fixed sentence per kind (the details go to the log).
[[nodiscard]] std::string public_message(const Error& error);
// {"error": code, "message": public_message, "fields": [...]} as a refusal_response.
[[nodiscard]] ApiResponse error_response(const Error& error, std::string_view code = {});
[[nodiscard]] ApiResponse error_response(ErrorKind kind, std::string_view code, std::string message,
                                         std::vector<smartstore::FieldError> fields = {});

}  // namespace smartstore::edge::http
