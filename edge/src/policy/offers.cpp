#include <nlohmann/json.hpp>

#include "smartstore/edge/policy/offer.h"

namespace smartstore::edge::policy {

const std::vector<Offer>& builtin_offers() {
  // Numbers are part of issued codes: never renumber, only append.
  static const std::vector<Offer> offers = {
      {1, "welcome_default", "첫 방문 환영 쿠폰 / Welcome offer", 0, 30000, 3000, 0},
      {2, "star_thank_you", "VIP 감사 쿠폰 / Thank-you, premium points", 0.8, 0, 0, 5},
      {3, "butterfly_return", "다시 오신 것을 환영합니다 / Welcome back (short expiry)", 0.5, 50000, 5000, 0},
      {4, "chicken_rib_upgrade", "프리미엄 등급까지 / Spend more to reach premium", 0.3, 0, 0, 3},
      {5, "excluded_welcome", "첫 구매 사은품 / First-purchase gift", 0.1, 0, 0, 0},
      {6, "meticulous_bundle", "비교·번들 할인 / Compare and bundle", 0, 0, 0, 10},
      {7, "mania_repurchase", "재구매 알림 + 함께 쓰는 상품 / Time to restock", 0, 0, 0, 10},
      {8, "easygoing_multi_buy", "1+1 / 2+1", 0, 0, 0, 50},
      {9, "cycle_due", "찾으시는 상품 할인 / Looking for it? Today's discount", 0, 0, 0, 10},
      {10, "expected_spend", "목표 금액 쿠폰 / Spend-threshold coupon", 1.0, 0, 0, 5},
      {11, "segment_at_risk", "여름 할인 + 무료 배송 / Summer discount, free delivery", 0, 0, 0, 15},
      {12, "segment_bronze", "필수품 번들 / Essentials bundle", 0, 0, 0, 10},
      {13, "segment_silver", "정기 구독 / Subscription offer", 0, 0, 0, 10},
      {14, "segment_gold", "프리미엄 추천 / Premium picks", 0, 0, 0, 7},
      {15, "segment_vip", "사전 예약 / Pre-order access", 0, 0, 0, 5},
      {16, "grade_vip", "VIP 등급 혜택 / VIP grade benefit", 0.8, 0, 0, 5},
      {17, "grade_recommend", "추천 카테고리 / Recommended for you", 0, 0, 0, 7},
      {18, "companion", "함께 사면 좋은 상품 / Goes with what you bought", 0, 0, 0, 10},
      {19, "welcome_category", "첫 방문 추천 카테고리 / Welcome: your category", 0, 30000, 3000, 0},
  };
  return offers;
}

const Offer* builtin_offer(std::string_view id) {
  for (const auto& o : builtin_offers())
    if (o.id == id) return &o;
  return nullptr;
}

const Offer* builtin_offer(std::uint16_t number) {
  for (const auto& o : builtin_offers())
    if (o.number == number) return &o;
  return nullptr;
}

namespace {
std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key)) out = j.at(key).get<std::vector<std::string>>();
  return out;
}
}  // namespace

Result<std::vector<Campaign>> parse_campaigns(const std::string& json) {
  auto invalid = [](std::string why) { return fail(ErrorKind::invalid_input, std::move(why), "campaigns"); };
  std::vector<Campaign> campaigns;
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded()) return invalid("campaigns: not valid JSON");
  const nlohmann::json& list = doc.is_object() && doc.contains("campaigns") ? doc.at("campaigns") : doc;
  if (!list.is_array()) return invalid("campaigns: expected an array");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& j = list[i];
    std::string where = "campaigns[" + std::to_string(i) + "]";
    try {
      Campaign c;
      c.id = j.at("id").get<std::string>();
      if (c.id.empty()) throw std::invalid_argument("id: empty");
      c.offer.id = j.value("offer_id", "campaign_" + c.id);
      c.offer.title = j.value("title", c.offer.id);
      auto number = j.at("offer_number").get<int>();
      if (number < kFirstCampaignOffer || number > 65535)
        return invalid(where + ".offer_number: expected 1000..65535");
      c.offer.number = static_cast<std::uint16_t>(number);
      c.offer.discount_pct = j.value("discount_pct", 0U);
      c.offer.discount_krw = j.value("discount_krw", std::int64_t{0});
      c.offer.threshold_krw = j.value("threshold_krw", std::int64_t{0});
      c.offer.point_rate_pct = j.value("point_rate_pct", 0.0);
      c.kind = j.value("kind", "general");
      if (c.kind != "general" && c.kind != "demand_dip")
        return invalid(where + ".kind: expected general or demand_dip");
      c.category = j.value("category", "");
      if (c.kind == "demand_dip" && c.category.empty())
        return invalid(where + ".category: required for demand_dip");
      c.starts = j.at("starts").get<std::string>();
      c.ends = j.at("ends").get<std::string>();
      c.budget = j.value("budget", std::int64_t{0});
      const auto control_bp = j.value("control_bp", std::int64_t{0});
      if (control_bp < 0 || control_bp > 10000) return invalid(where + ".control_bp: expected 0..10000");
      c.control_bp = static_cast<std::uint32_t>(control_bp);
      c.tiers = strings(j, "tiers");
      c.segments = strings(j, "segments");
      c.grades = strings(j, "grades");
      c.top_preference_rank = j.value("top_preference_rank", 1);
      c.validity = std::chrono::hours(j.value("validity_hours", 24));
      campaigns.push_back(std::move(c));
    } catch (const std::exception& e) {
      return invalid(where + ": " + e.what());
    }
  }
  return campaigns;
}

}  // namespace smartstore::edge::policy
