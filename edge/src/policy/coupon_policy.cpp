#include "smartstore/edge/policy/coupon_policy.h"

#include <algorithm>
#include <cstdio>

namespace smartstore::edge::policy {
namespace {

using models::CustomerProfile;

// How long after its last purchase a mania customer's product is used up
// (report 000 names the idea, not a number).
constexpr int kManiaConsumptionDays = 30;
// Purchase-cycle window: due from the predicted date until a week after it.
constexpr int kCycleWindowDays = 7;

Decision offer_decision(const char* offer_id, std::string reason_code, std::string reason,
                        std::chrono::hours validity, std::string category = {}) {
  Decision d;
  d.offer = *builtin_offer(offer_id);
  d.reason_code = std::move(reason_code);
  d.reason = std::move(reason);
  d.validity = validity;
  d.category = std::move(category);
  return d;
}

std::string top_category(const CustomerProfile& p) {
  return p.preferences.empty() ? std::string() : p.preferences.front().category;
}

bool listed(const std::vector<std::string>& allowed, const std::string& value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::optional<Decision> campaign_rule(const PolicyInput& in, const PolicySection&) {
  if (in.campaigns == nullptr || in.profile == nullptr) return std::nullopt;
  const CustomerProfile& p = *in.profile;
  for (const Campaign& c : *in.campaigns) {
    if (in.today < c.starts || in.today > c.ends) continue;
    if (!listed(c.tiers, p.tier) || !listed(c.segments, p.segment) || !listed(c.grades, p.grade)) continue;
    if (c.budget > 0 && in.campaign_used != nullptr) {
      auto it = in.campaign_used->find(c.id);
      if (it != in.campaign_used->end() && it->second >= c.budget) continue;
    }
    if (std::find(in.history.valid_offers.begin(), in.history.valid_offers.end(), c.offer.id) !=
        in.history.valid_offers.end()) {
      continue;
    }
    std::string reason_code = "campaign.general";
    std::string reason = "HQ campaign " + c.id;
    if (c.kind == "demand_dip") {
      // Report 000: a dip in a category's forecast demand targets the
      // customers who prefer that category most.
      auto rank = static_cast<std::size_t>(std::max(1, c.top_preference_rank));
      bool prefers = false;
      for (std::size_t i = 0; i < p.preferences.size() && i < rank; ++i)
        prefers |= p.preferences[i].category == c.category;
      if (!prefers) continue;
      reason_code = "campaign.demand_dip";
      reason = "forecast demand dip in " + c.category + ", a top preference (campaign " + c.id + ")";
    }
    Decision d;
    d.offer = c.offer;
    d.reason_code = reason_code;
    d.reason = reason;
    d.category = c.category;
    d.campaign_id = c.id;
    d.validity = c.validity;
    return d;
  }
  return std::nullopt;
}

// A member HQ knows who has never bought or been given a coupon: the first-
// visit offer targets the favourite they named at sign-up, else what their
// predicted segment buys most, instead of one generic welcome (report 002).
std::optional<Decision> welcome_rule(const PolicyInput& in, const PolicySection& cfg) {
  const CustomerProfile& p = *in.profile;
  if (p.purchase_days > 0 || in.history.ever_issued) return std::nullopt;
  if (!p.survey_favourite.empty())
    return offer_decision(
        "welcome_category", "welcome.survey",
        "first visit: welcome offer on " + p.survey_favourite + ", the favourite named at sign-up",
        cfg.default_expiry, p.survey_favourite);
  if (p.cluster_predicted && !p.cluster_category.empty())
    return offer_decision("welcome_category", "welcome.segment",
                          "first visit: welcome offer on " + p.cluster_category +
                              ", what the predicted segment (cluster " + std::to_string(p.cluster) +
                              ") buys most",
                          cfg.default_expiry, p.cluster_category);
  return std::nullopt;
}

// Report 001: a product that goes with what the member bought recently, by
// the association rule with the highest lift (the batch ranks them and keeps
// only rules with lift > 1; an older snapshot without the rules has none).
std::optional<Decision> companion_rule(const PolicyInput& in, const PolicySection& cfg) {
  const CustomerProfile& p = *in.profile;
  const std::size_t n =
      std::min({p.companion_products.size(), p.companion_if.size(), p.companion_lift.size()});
  for (std::size_t i = 0; i < n; ++i) {
    if (p.companion_if[i].empty() || !(p.companion_lift[i] > 1.0)) continue;
    char lift[32];
    std::snprintf(lift, sizeof lift, "%.2f", p.companion_lift[i]);
    return offer_decision("companion", "companion." + p.companion_if[i] + "=>" + p.companion_products[i],
                          "bought " + p.companion_if[i] + " recently: " + p.companion_products[i] +
                              " goes with it (lift " + lift + ")",
                          cfg.default_expiry);
  }
  return std::nullopt;
}

std::optional<Decision> cycle_rule(const PolicyInput& in, const PolicySection& cfg) {
  const CustomerProfile& p = *in.profile;
  auto late = days_between(p.next_purchase_date, in.today);
  if (!late || *late < 0 || *late > kCycleWindowDays) return std::nullopt;
  std::string cat = top_category(p);
  Decision d = offer_decision("cycle_due", "cycle.due",
                              "purchase cycle due " + p.next_purchase_date + ": \"Looking for " +
                                  (cat.empty() ? std::string("your favourites") : cat) + "? " +
                                  std::to_string(cfg.due_discount_pct) + "% off today\"",
                              std::chrono::hours(24), cat);
  d.offer->discount_pct = cfg.due_discount_pct;
  return d;
}

std::optional<Decision> tier_rule(const PolicyInput& in, const PolicySection& cfg) {
  const CustomerProfile& p = *in.profile;
  if (p.tier == "star")
    return offer_decision("star_thank_you", "tier.star", "star tier: premium thank-you, 0.8% points",
                          cfg.default_expiry);
  if (p.tier == "butterfly")
    return offer_decision("butterfly_return", "tier.butterfly",
                          "butterfly tier came back: short-expiry coupon", cfg.butterfly_expiry);
  if (p.tier == "chicken_rib") {
    std::int64_t more = std::max<std::int64_t>(0, cfg.premium_threshold_krw - p.total_spend_krw);
    Decision d = offer_decision(
        "chicken_rib_upgrade", "tier.chicken_rib",
        "chicken-rib tier: spend " + std::to_string(more) + " KRW more to reach premium", cfg.default_expiry);
    d.offer->threshold_krw = more;
    return d;
  }
  if (p.tier == "excluded" && !in.history.ever_issued)
    return offer_decision("excluded_welcome", "tier.excluded.first_visit",
                          "excluded tier, first visit: welcome gift", cfg.default_expiry);
  return std::nullopt;
}

std::optional<Decision> behaviour_rule(const PolicyInput& in, const PolicySection& cfg) {
  const CustomerProfile& p = *in.profile;
  std::string cat = top_category(p);
  if (p.behaviour_type == "meticulous")
    return offer_decision("meticulous_bundle", "behaviour.meticulous",
                          "meticulous: comparison and bundle offer on the top preference", cfg.default_expiry,
                          cat);
  if (p.behaviour_type == "mania") {
    auto since = days_between(p.last_purchase_date, in.today);
    if (!since || *since < kManiaConsumptionDays) return std::nullopt;
    std::string reason =
        "mania: consumption period elapsed (" + std::to_string(*since) + " days), repurchase";
    if (!p.companion_products.empty()) reason += " with companion " + p.companion_products.front();
    return offer_decision("mania_repurchase", "behaviour.mania", reason, cfg.default_expiry, cat);
  }
  if (p.behaviour_type == "easygoing")
    return offer_decision("easygoing_multi_buy", "behaviour.easygoing", "easygoing: 1+1 / 2+1 offer",
                          cfg.default_expiry, cat);
  return std::nullopt;
}

std::optional<Decision> expected_spend_rule(const PolicyInput& in, const PolicySection& cfg) {
  const CustomerProfile& p = *in.profile;
  if (p.expected_spend_krw <= 0) return std::nullopt;
  Decision d = offer_decision("expected_spend", "spend.expected",
                              "expected spend " + std::to_string(p.expected_spend_krw) +
                                  " KRW: coupon at that threshold, higher point rate above it",
                              cfg.default_expiry);
  d.offer->threshold_krw = p.expected_spend_krw;
  return d;
}

std::optional<Decision> segment_rule(const PolicyInput& in, const PolicySection& cfg) {
  const std::string& s = in.profile->segment;
  if (s == "At Risk")
    return offer_decision("segment_at_risk", "segment.at_risk", "At Risk segment: discount and free delivery",
                          cfg.default_expiry);
  if (s == "Bronze")
    return offer_decision("segment_bronze", "segment.bronze", "Bronze segment: essentials bundle",
                          cfg.default_expiry);
  if (s == "Silver")
    return offer_decision("segment_silver", "segment.silver", "Silver segment: subscription",
                          cfg.default_expiry);
  if (s == "Gold")
    return offer_decision("segment_gold", "segment.gold", "Gold segment: premium picks", cfg.default_expiry);
  if (s == "VIP")
    return offer_decision("segment_vip", "segment.vip", "VIP segment: pre-order access", cfg.default_expiry);
  return std::nullopt;
}

std::optional<Decision> grade_rule(const PolicyInput& in, const PolicySection& cfg) {
  const CustomerProfile& p = *in.profile;
  if (p.grade == "VIP")
    return offer_decision("grade_vip", "grade.vip", "VIP spend grade: premium benefit", cfg.default_expiry);
  if (!p.recommended_categories.empty())
    return offer_decision("grade_recommend", "grade.recommend",
                          p.grade + " grade: recommended category " + p.recommended_categories.front(),
                          cfg.default_expiry, p.recommended_categories.front());
  return std::nullopt;
}

Decision none(std::string code, std::string reason) {
  Decision d;
  d.reason_code = std::move(code);
  d.reason = std::move(reason);
  return d;
}

}  // namespace

const std::vector<Rule>& policy_rules() {
  static const std::vector<Rule> rules = {
      {"campaign", campaign_rule},    {"welcome", welcome_rule}, {"cycle", cycle_rule},
      {"companion", companion_rule},  {"tier", tier_rule},       {"behaviour", behaviour_rule},
      {"spend", expected_spend_rule}, {"segment", segment_rule}, {"grade", grade_rule},
  };
  return rules;
}

namespace {
// decide() without the welcome limit.
Decision choose(const PolicyInput& in, const PolicySection& cfg) {
  if (in.history.issued_today >= cfg.daily_cap_per_customer)
    return none("cap.daily",
                "daily cap of " + std::to_string(cfg.daily_cap_per_customer) + " coupons reached");
  if (in.consent_withdrawn)
    return none("consent.withdrawn", "marketing consent withdrawn: no personalized coupon");
  if (in.profile == nullptr) {
    if (!cfg.welcome_offer) return none("unknown_member", "member not in the cache; welcome offer off");
    if (in.history.ever_issued)
      return none("unknown_member.welcomed", "member not in the cache, already welcomed");
    return offer_decision("welcome_default", "welcome.default",
                          "member not in the cache yet: default welcome offer", cfg.default_expiry);
  }
  if (!in.profile->consent_marketing) return none("consent.none", "no marketing consent");
  bool any_rule_applied = false;
  for (const Rule& rule : policy_rules()) {
    std::optional<Decision> d = rule.apply(in, cfg);
    if (!d) continue;
    any_rule_applied = true;
    const auto& held = in.history.valid_offers;
    if (std::find(held.begin(), held.end(), d->offer->id) != held.end()) continue;
    return *d;
  }
  if (any_rule_applied)
    return none("duplicate.valid", "every applicable offer is already held and still valid");
  if (in.profile->tier == "excluded")
    return none("tier.excluded", "excluded tier: no coupon, tier programme pointer");
  return none("no_rule", "no rule applies");
}
}  // namespace

const std::vector<std::string>& welcome_offer_ids() {
  static const std::vector<std::string> ids = {"welcome_default", "welcome_category", "excluded_welcome"};
  return ids;
}

bool is_welcome_offer(std::string_view offer_id) {
  const auto& ids = welcome_offer_ids();
  return std::find(ids.begin(), ids.end(), offer_id) != ids.end();
}

Decision decide(const PolicyInput& in, const PolicySection& cfg) {
  Decision d = choose(in, cfg);
  if (!d.offer || !is_welcome_offer(d.offer->id)) return d;
  const WelcomeCount issued = in.welcome_issued ? in.welcome_issued() : WelcomeCount{};
  if (issued.last_hour >= cfg.welcome_per_hour)
    return none("welcome.limit.hour", "this kiosk's " + std::to_string(cfg.welcome_per_hour) +
                                          " welcome offers in the last hour are given out (" + d.reason_code +
                                          ")");
  if (issued.today >= cfg.welcome_per_day)
    return none("welcome.limit.day", "this kiosk's " + std::to_string(cfg.welcome_per_day) +
                                         " welcome offers today are given out (" + d.reason_code + ")");
  return d;
}

std::string strategy_text(const CustomerProfile& p) {
  std::string s;
  if (p.behaviour_type == "meticulous")
    s = "Meticulous: show comparisons of what same-pattern customers bought, co-purchase bundles, "
        "unboxing-review "
        "reward.";
  else if (p.behaviour_type == "mania")
    s = "Mania: repurchase push when the consumption period has elapsed, companion product, 1.5% referral "
        "reward.";
  else if (p.behaviour_type == "easygoing")
    s = "Easygoing: 1+1 / 2+1 offers, ready-made outfits as displayed.";
  std::string t;
  if (p.tier == "star")
    t = "Star: thank-you package, premium treatment, 0.8% points.";
  else if (p.tier == "butterfly")
    t = "Butterfly: short-expiry coupon on return, 0.5% points.";
  else if (p.tier == "chicken_rib")
    t = "Chicken-rib: spend more to reach the premium tier, big-deal page, 0.3% points.";
  else if (p.tier == "excluded")
    t = "Excluded: welcome gift on a first purchase, tier programme pointer, 0.1% points.";
  if (!s.empty() && !t.empty()) s += " ";
  return s + t;
}

std::optional<int> days_between(const std::string& a, const std::string& b) {
  auto parse = [](const std::string& s) -> std::optional<std::chrono::sys_days> {
    int y = 0;
    unsigned m = 0, d = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days{ymd};
  };
  auto da = parse(a), db = parse(b);
  if (!da || !db) return std::nullopt;
  return static_cast<int>((*db - *da).count());
}

}  // namespace smartstore::edge::policy
