#pragma once
// JSON forms of journal records (coupon bodies, staff notes), private to the store.
#include <nlohmann/json.hpp>

#include "smartstore/edge/kiosk_service.h"
#include "smartstore/edge/store/journal_fields.h"

namespace smartstore::edge::store {

// coupon_fields(c, unix_seconds(c.expires_at)).dump(), written directly: the
// scan path stores one per coupon.
[[nodiscard]] std::string coupon_body_text(const IssuedCoupon& c);
// What HQ reads about an issue (outbox payload): the body without the code —
// a bearer token stays in the store — plus who, where and when. The same
// bytes the nlohmann object with those members dumped.
struct IssueContext {
  std::string_view member_key;
  std::string_view store_id;
  std::uint16_t offer_number = 0;
  std::string_view campaign_id;
  std::string_view issued_at;  // ISO 8601 UTC
};
[[nodiscard]] std::string coupon_issued_payload(const IssuedCoupon& c, const IssueContext& issue);
[[nodiscard]] IssuedCoupon coupon_from_json(const nlohmann::json& j);
[[nodiscard]] nlohmann::json note_to_json(const StaffNote& n);
[[nodiscard]] StaffNote note_from_json(const nlohmann::json& j);
[[nodiscard]] std::int64_t unix_seconds(Clock::time_point t);

}  // namespace smartstore::edge::store
