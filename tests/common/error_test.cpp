#include "smartstore/common/error.h"

#include <doctest/doctest.h>

#include <string>

#include "smartstore/common/result.h"

namespace smartstore {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return fail(ErrorKind::invalid_input, "expected a positive number, got " + std::to_string(v), "test");
  return v;
}

TEST_CASE("a Result holds a value or an error, never both") {
  auto good = parse_positive(3);
  REQUIRE(good);
  CHECK(*good == 3);
  CHECK(good.value_or(7) == 3);

  auto bad = parse_positive(-1);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind() == ErrorKind::invalid_input);
  CHECK(bad.error().message() == "expected a positive number, got -1");
  CHECK(bad.error().origin() == "test");
  CHECK(bad.value_or(7) == 7);
}

TEST_CASE("a Status is ok or carries the error") {
  Status done = ok();
  CHECK(done);
  Status refused = fail(ErrorKind::storage_full, "/var/lib/smartstore/kiosk.db: database or disk is full", "storage");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().describe() == "storage: storage_full: /var/lib/smartstore/kiosk.db: database or disk is full");
}

TEST_CASE("context keeps kind, origin and fields") {
  Error e(ErrorKind::invalid_input, "expected a number", "note");
  e.with_fields({{"items[0].price_krw", "expected a number"}});
  auto c = e.context("staff note");
  CHECK(c.kind() == ErrorKind::invalid_input);
  CHECK(c.message() == "staff note: expected a number");
  CHECK(c.origin() == "note");
  REQUIRE(c.fields().size() == 1);
  CHECK(c.fields()[0].field == "items[0].price_krw");
}

TEST_CASE("kind names are stable snake_case and storage refusals are grouped") {
  CHECK(to_string(ErrorKind::storage_read_only) == "storage_read_only");
  CHECK(to_string(ErrorKind::outbox_full) == "outbox_full");
  CHECK(is_storage_refusal(ErrorKind::storage_io));
  CHECK(is_storage_refusal(ErrorKind::outbox_full));
  CHECK_FALSE(is_storage_refusal(ErrorKind::invalid_input));
}

}  // namespace
}  // namespace smartstore
