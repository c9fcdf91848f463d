// ctest-labels: unit security
// The one table from error kinds and codes to HTTP: every kind answers, each
// code once, docs/openapi.yaml's ErrorCode lists exactly these codes.
#include <doctest/doctest.h>

#include <set>

#include "../../../edge/src/http/error_codes.h"
#include "edge/http/openapi_yaml.h"

using namespace smartstore;
using namespace smartstore::edge::http;

namespace {

std::string header_of(const ApiResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

}  // namespace

TEST_CASE("every kind has its own code and a status; codes are unique and the spec lists them") {
  for (int k = 0; k <= static_cast<int>(ErrorKind::internal); ++k) {
    const auto kind = static_cast<ErrorKind>(k);
    const auto& row = api_error_code(kind);
    CHECK_MESSAGE(row.kind == kind, to_string(kind));
    CHECK(row.status >= 400);
    CHECK(row.status < 600);
  }
  std::set<std::string> codes;
  for (const auto& row : api_error_codes())
    CHECK_MESSAGE(codes.insert(std::string(row.code)).second, row.code);
  CHECK(codes == testing::openapi_error_codes());
}

TEST_CASE("a narrower code keeps its kind's status; a code of another kind falls back to the kind's own") {
  CHECK(api_error_code(ErrorKind::not_found, "unknown_coupon").code == "unknown_coupon");
  CHECK(api_error_code(ErrorKind::not_found, "unknown_coupon").status == 404);
  CHECK(api_error_code(ErrorKind::not_found, "storage_full").code == "not_found");
  CHECK(api_error_code(ErrorKind::unsupported, "not_encodable").status == 422);
  CHECK(find_api_error_code("throttled")->kind == ErrorKind::rate_limited);
  CHECK(find_api_error_code("no_such_code") == nullptr);
}

TEST_CASE("each storage refusal is a 503 named after its kind, with a time to retry") {
  for (auto kind : {ErrorKind::outbox_full, ErrorKind::storage_full, ErrorKind::storage_read_only,
                    ErrorKind::storage_io}) {
    auto r = error_response(Error(kind, "nothing written", "storage"));
    CHECK(r.status == 503);
    CHECK(nlohmann::json::parse(r.body)["error"] == std::string(to_string(kind)));
    CHECK(header_of(r, "Retry-After") == "30");
  }
  auto invalid = error_response(
      Error(ErrorKind::invalid_input, "bad note").with_fields({{"remarks", "too long"}}), "invalid_note");
  CHECK(invalid.status == 400);
  CHECK(header_of(invalid, "Retry-After").empty());
  auto body = nlohmann::json::parse(invalid.body);
  CHECK(body["error"] == "invalid_note");
  CHECK(body["fields"][0]["field"] == "remarks");
}

TEST_CASE("storage and internal failures answer without the box's paths or SQLite's words") {
  const std::string inside =
      "disk I/O error (/var/lib/smartstore/kiosk.db): SQLITE_IOERR_WRITE in INSERT INTO outbox";
  for (auto kind :
       {ErrorKind::storage_full, ErrorKind::storage_read_only, ErrorKind::storage_io, ErrorKind::internal}) {
    auto r = error_response(Error(kind, inside, "storage"));
    CAPTURE(r.body);
    CHECK(r.body.find("/var/lib") == std::string::npos);
    CHECK(r.body.find("SQLITE") == std::string::npos);
    CHECK(r.body.find("INSERT") == std::string::npos);
    CHECK_FALSE(nlohmann::json::parse(r.body)["message"].get<std::string>().empty());
  }
  // What a client must read to fix its request is still said.
  auto invalid = error_response(Error(ErrorKind::invalid_input, "remarks: at most 2000 characters"));
  CHECK(nlohmann::json::parse(invalid.body)["message"] == "remarks: at most 2000 characters");
}
