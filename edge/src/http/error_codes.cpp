#include "error_codes.h"

#include <array>

#include <spdlog/spdlog.h>

namespace smartstore::edge::http {
namespace {

using nlohmann::json;

// Every error code the API answers with. Each kind's first row is its own.
constexpr std::array error_codes{
    ApiErrorCode{"invalid", ErrorKind::invalid_input, 400},
    ApiErrorCode{"invalid_note", ErrorKind::invalid_input, 400},
    ApiErrorCode{"bad_path", ErrorKind::invalid_input, 400},
    ApiErrorCode{"bad_format", ErrorKind::invalid_input, 400},  // a redemption of something not a coupon code
    ApiErrorCode{"confirmation_required", ErrorKind::invalid_input, 400},  // an erasure staff did not confirm
    ApiErrorCode{"not_found", ErrorKind::not_found, 404},
    ApiErrorCode{"not_a_member_code", ErrorKind::not_found, 404},
    ApiErrorCode{"unknown_coupon", ErrorKind::not_found, 404},
    ApiErrorCode{"unknown_product", ErrorKind::not_found, 404},
    ApiErrorCode{"no_app_link", ErrorKind::not_found, 404},
    // A coupon that cannot be redeemed in its state.
    ApiErrorCode{"conflict", ErrorKind::conflict, 409},
    ApiErrorCode{"already_redeemed", ErrorKind::conflict, 409},
    ApiErrorCode{"expired", ErrorKind::conflict, 409},
    ApiErrorCode{"revoked", ErrorKind::conflict, 409},
    ApiErrorCode{"wrong_store", ErrorKind::conflict, 409},
    ApiErrorCode{"bad_signature", ErrorKind::conflict, 409},
    // A note's Idempotency-Key reused for a different note (or by another staff member).
    ApiErrorCode{"idempotency_key_reused", ErrorKind::conflict, 422},
    ApiErrorCode{"unauthorized", ErrorKind::unauthorized, 401},
    ApiErrorCode{"forbidden", ErrorKind::forbidden, 403},
    ApiErrorCode{"too_many_attempts", ErrorKind::rate_limited, 429},  // failed sign-ins from an address
    ApiErrorCode{"throttled", ErrorKind::rate_limited, 429},          // failed redemptions on a device
    ApiErrorCode{"outbox_full", ErrorKind::outbox_full, 503},
    ApiErrorCode{"storage_full", ErrorKind::storage_full, 503},
    ApiErrorCode{"storage_read_only", ErrorKind::storage_read_only, 503},
    ApiErrorCode{"storage_io", ErrorKind::storage_io, 503},
    ApiErrorCode{"unavailable", ErrorKind::unavailable, 503},
    ApiErrorCode{"clock_behind", ErrorKind::unavailable, 503},  // redemptions wait for a right clock
    ApiErrorCode{"unsupported_media_type", ErrorKind::unsupported, 415},
    ApiErrorCode{"method_not_allowed", ErrorKind::unsupported, 405},
    ApiErrorCode{"not_encodable", ErrorKind::unsupported, 422},  // text the symbology cannot draw
    ApiErrorCode{"internal", ErrorKind::internal, 500},
};

}  // namespace

std::span<const ApiErrorCode> api_error_codes() {
  return error_codes;
}

const ApiErrorCode& api_error_code(ErrorKind kind, std::string_view code) {
  const ApiErrorCode* own = nullptr;
  for (const auto& row : error_codes) {
    if (row.kind != kind) continue;
    if (row.code == code) return row;
    if (!own) own = &row;
  }
  return own ? *own : error_codes.back();  // every kind has a row (error_codes_test)
}

const ApiErrorCode* find_api_error_code(std::string_view code) {
  for (const auto& row : error_codes)
    if (row.code == code) return &row;
  return nullptr;
}

ApiResponse json_response(int status, const json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

ApiResponse refusal_response(ErrorKind kind, std::string_view code, const json& body) {
  auto r = json_response(api_error_code(kind, code).status, body);
  if (is_storage_refusal(kind)) r.headers.emplace_back("Retry-After", "30");
  return r;
}

std::string public_message(const Error& error) {
  switch (error.kind()) {
    case ErrorKind::storage_full:
      return "the kiosk's storage is full; nothing was recorded";
    case ErrorKind::storage_read_only:
      return "the kiosk's storage is read-only; nothing was recorded";
    case ErrorKind::storage_io:
      return "the kiosk's storage failed; nothing was recorded";
    case ErrorKind::internal:
      return "the kiosk could not complete the request";
    default:
      return error.message();
  }
}

ApiResponse error_response(const Error& error, std::string_view code) {
  const auto& row = api_error_code(error.kind(), code);
  if (is_storage_refusal(error.kind()) || error.kind() == ErrorKind::internal)
    spdlog::warn("http: answered {}: {}", row.code, error.describe());
  json j = {{"error", row.code}, {"message", public_message(error)}};
  if (!error.fields().empty()) {
    json list = json::array();
    for (const auto& f : error.fields()) list.push_back({{"field", f.field}, {"message", f.message}});
    j["fields"] = list;
  }
  return refusal_response(row.kind, row.code, j);
}

ApiResponse error_response(ErrorKind kind, std::string_view code, std::string message,
                           std::vector<smartstore::FieldError> fields) {
  return error_response(Error(kind, std::move(message), "http").with_fields(std::move(fields)), code);
}

}  // namespace smartstore::edge::http
