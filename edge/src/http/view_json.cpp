#include "view_json.h"

#include "smartstore/common/utc_time.h"
#include "smartstore/edge/store/journal_fields.h"

namespace smartstore::edge::http {

using nlohmann::json;

std::string_view scan_kind_name(ScanKind k) {
  switch (k) {
    case ScanKind::member: return "member";
    case ScanKind::non_member_card: return "non_member_card";
    case ScanKind::coupon: return "coupon";
    case ScanKind::product: return "product";
    case ScanKind::unknown: break;
  }
  return "unknown";
}

json to_json(const IssuedCoupon& c) {
  return store::coupon_fields(c, format_utc_iso8601(c.expires_at));
}

json to_json(const CouponRecord& r) {
  json j = to_json(r.coupon);
  j["member_key"] = r.member_key;
  j["status"] = r.status;
  j["redeemed_at"] = r.redeemed_at ? json(*r.redeemed_at) : json(nullptr);
  return j;
}

json to_json(const NoteItem& i) {
  return store::note_item_fields(i);
}

json to_json(const StoredNote& n) {
  json items = json::array(), considered = json::array();
  for (const auto& i : n.note.items) items.push_back(to_json(i));
  for (const auto& i : n.note.considered) considered.push_back(to_json(i));
  json j = {{"event_id", n.event_id}, {"member_key", n.member_key}, {"staff_id", n.staff_id},
            {"created_at", n.created_at}, {"items", items}, {"considered", considered},
            {"deliberation_min", n.note.deliberation_min ? json(*n.note.deliberation_min) : json(nullptr)},
            {"remarks", n.note.remarks}};
  if (n.note.survey)
    j["survey"] = {{"favourite_category", n.note.survey->favourite_category},
                   {"reason", n.note.survey->reason},
                   {"preferred_channel", n.note.survey->preferred_channel}};
  else
    j["survey"] = nullptr;
  return j;
}

json to_json(const CatalogItem& c) {
  return {{"gtin", c.gtin}, {"gtin14", c.gtin14}, {"product_code", c.product_code}, {"name", c.name}, {"category", c.category},
          {"offline_price_krw", c.offline_price_krw}, {"online_price_krw", c.online_price_krw},
          {"same_price", c.offline_price_krw == c.online_price_krw}, {"app_link", c.app_link}};
}

json to_json(const CustomerView& v, const std::string& masked_number) {
  const auto& p = v.profile;
  json prefs = json::array();
  int rank = 1;
  for (const auto& c : p.preferences)
    prefs.push_back({{"rank", rank++}, {"category", c.category}, {"index", c.index}, {"count", c.count}});
  json coupons = json::array(), notes = json::array();
  for (const auto& c : v.recent_coupons) coupons.push_back(to_json(c));
  for (const auto& n : v.recent_notes) notes.push_back(to_json(n));
  // Each companion with the rule behind it (report 001); older snapshots
  // carry the products only, listed without a rule.
  json companions = json::array();
  for (std::size_t i = 0; i < p.companion_products.size(); ++i)
    companions.push_back({{"product", p.companion_products[i]},
                          {"because", i < p.companion_if.size() ? p.companion_if[i] : ""},
                          {"lift", i < p.companion_lift.size() ? p.companion_lift[i] : 0.0}});
  return {{"member_key", p.member_key},
          {"masked_number", masked_number},
          {"known", !p.member_key.empty() && !p.tier.empty()},
          {"gender", p.gender},
          {"age_band", p.age_band},
          {"home_zone", p.home_zone},
          {"tier", p.tier},
          {"grade", p.grade},
          {"segment", p.segment},
          {"behaviour_type", p.behaviour_type},
          {"strategy", v.strategy},
          {"preferences", prefs},
          {"clv_3m_krw", p.clv_3m_krw},
          {"p_alive", p.p_alive},
          {"total_spend_krw", p.total_spend_krw},
          {"purchase_days", p.purchase_days},
          {"last_purchase_date", p.last_purchase_date},
          {"next_purchase_date", p.next_purchase_date},
          {"expected_spend_krw", p.expected_spend_krw},
          {"recommended_categories", p.recommended_categories},
          {"companion_products", p.companion_products},
          {"companions", companions},
          {"cluster", p.cluster},
          {"cluster_predicted", p.cluster_predicted},
          {"cluster_category", p.cluster_category},
          {"survey_favourite", p.survey_favourite},
          {"preferred_channel", p.preferred_channel},
          {"coupons_issued", p.coupons_issued},
          {"coupons_redeemed", p.coupons_redeemed},
          {"coupon_redemption_rate", p.coupon_redemption_rate},
          {"last_coupon", p.last_coupon},
          {"last_coupon_date", p.last_coupon_date},
          {"days_since_coupon", p.days_since_coupon},
          {"consent_marketing", p.consent_marketing},
          {"recent_coupons", coupons},
          {"recent_notes", notes}};
}

json to_public_json(const ScanOutcome& o) {
  json j = {{"kind", scan_kind_name(o.kind)}, {"known_member", o.known_member}, {"message", o.message},
            {"reason_code", o.reason_code}};
  if (o.coupon) {
    json c = to_json(*o.coupon);
    j["coupon"] = c;
  } else {
    j["coupon"] = nullptr;
  }
  // A shelf code: name, price and app link for report 000's same-price promise.
  j["product"] = o.product ? to_json(*o.product) : json(nullptr);
  return j;
}

}  // namespace smartstore::edge::http
