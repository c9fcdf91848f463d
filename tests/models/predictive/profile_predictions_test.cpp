#include "smartstore/models/profile_predictions.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace smartstore::models;

namespace {

struct World {
  std::vector<Purchase> rows;
  std::vector<std::int32_t> product_category;
  std::vector<std::string> products, categories;
  std::size_t customers = 0;
  Day as_of = 0;
  PredictionInputs inputs() const {
    PredictionInputs in;
    in.purchases = rows;
    in.customers = customers;
    in.product_category = product_category;
    in.product_codes = products;
    in.categories = categories;
    in.as_of = as_of;
    return in;
  }
  void buy(std::uint32_t customer, Day day, std::uint32_t product, std::int64_t amount) {
    Purchase p;
    p.customer = customer;
    p.product = product;
    p.day = day;
    p.quantity = 1;
    p.amount_krw = amount;
    rows.push_back(p);
  }
};

}  // namespace

TEST_CASE("hand-checked companions, recommendations and spend on four customers") {
  // P0, P1 in category A; P2 in B; P3 in C. Unit prices are fixed per product.
  World w;
  w.products = {"P0", "P1", "P2", "P3"};
  w.categories = {"A", "B", "C"};
  w.product_category = {0, 0, 1, 2};
  w.customers = 5;  // customer 4 never bought anything
  w.as_of = 200;
  // Baskets (customer-days): c0 {P0,P1} {P0,P1} {P2}; c1 {P0,P1} {P0}; c2 {P0}; c3 {P3}.
  w.buy(0, 100, 0, 5000), w.buy(0, 100, 1, 2000), w.buy(0, 110, 1, 2000), w.buy(0, 110, 0, 5000);
  w.buy(0, 120, 2, 10000);
  w.buy(1, 100, 0, 5000), w.buy(1, 100, 1, 2000), w.buy(1, 115, 0, 5000);
  w.buy(2, 105, 0, 5000);
  w.buy(3, 100, 3, 700);
  PredictionOptions o;
  // 7 baskets: support 0.2 needs 2 of them. P0 in 5, P1 in 3, {P0,P1} in 3:
  // {P1}=>{P0} conf 1, lift 1.4; {P0}=>{P1} conf 0.6, lift 1.4.
  o.rule_min_support = 0.2;
  o.rule_min_baskets = 2;
  o.rule_min_confidence = 0.5;
  o.companions = 2;
  o.check_companions = false;  // four customers: too few to check the rules against popularity
  o.recommended_categories = 2;
  o.threads = 2;
  const auto p = predict_profiles(w.inputs(), o);
  CHECK(p.baskets == 7);
  CHECK(p.rules == 2);

  CustomerProfile c2, c1, c3, c0, c4;
  apply_predictions(p, 2, c2);
  apply_predictions(p, 1, c1);
  apply_predictions(p, 3, c3);
  apply_predictions(p, 0, c0);
  apply_predictions(p, 4, c4);
  CHECK(c2.companion_products == std::vector<std::string>{"P1"});
  CHECK(c2.companion_if == std::vector<std::string>{"P0"});
  REQUIRE(c2.companion_lift.size() == 1);
  CHECK(c2.companion_lift[0] == doctest::Approx(1.4));
  CHECK(c1.companion_products.empty());  // owns both sides already
  CHECK(c3.companion_products.empty());  // no rule starts from P3
  // Buyers per category: A 3, B 1, C 1 (ties keep category order).
  CHECK(c2.recommended_categories == std::vector<std::string>{"B", "C"});
  CHECK(c3.recommended_categories == std::vector<std::string>{"A", "B"});
  CHECK(c0.recommended_categories == std::vector<std::string>{"C"});
  // Too few customers to fit the spend regression: the own-median baseline.
  // c0's visits cost 7000, 7000, 10000.
  CHECK(c0.expected_spend_krw == 7000);
  CHECK(c2.expected_spend_krw == 5000);
  CHECK(c4.expected_spend_krw == 0);
  CHECK(c4.companion_products.empty());
  CHECK(c4.recommended_categories.empty());
  CHECK(c4.next_purchase_date.empty());
}

TEST_CASE("companion_products_come_from_the_recent_basket_with_the_rules_lift") {
  // Baskets: {P0,P1} x4, {P2,P3} x4, {P4} x2 on their own days. Rules P0<=>P1
  // and P2<=>P3, lift 10 / 4 = 2.5 each (10 baskets, 4 with both).
  World w;
  w.products = {"P0", "P1", "P2", "P3", "P4"};
  w.categories = {"A"};
  w.product_category = {0, 0, 0, 0, 0};
  w.customers = 7;
  w.as_of = 400;
  for (std::uint32_t c = 0; c < 4; ++c) {
    w.buy(c, 100, 0, 1000), w.buy(c, 100, 1, 1000);
    w.buy(c, 101 + c, 2, 1000), w.buy(c, 101 + c, 3, 1000);
  }
  w.buy(4, 100, 4, 1000), w.buy(5, 100, 4, 1000);
  // Customer 5 bought P0 long ago, then P4 on three later days: P0 is not in
  // the recent basket. Customer 6 bought P2 on their last visit.
  w.buy(5, 50, 0, 1000), w.buy(5, 200, 4, 1000), w.buy(5, 300, 4, 1000);
  w.buy(6, 390, 4, 1000), w.buy(6, 399, 2, 1000);
  PredictionOptions o;
  o.rule_min_support = 0.2;
  o.rule_min_baskets = 2;
  o.rule_min_confidence = 0.5;
  o.threads = 1;
  o.check_companions = false;  // seven customers: too few to check
  const auto p = predict_profiles(w.inputs(), o);
  CustomerProfile recent, old, none;
  apply_predictions(p, 6, recent);
  apply_predictions(p, 5, old);
  apply_predictions(p, 4, none);
  CHECK(recent.companion_products == std::vector<std::string>{"P3"});
  CHECK(recent.companion_if == std::vector<std::string>{"P2"});
  REQUIRE(recent.companion_lift.size() == 1);
  CHECK(recent.companion_lift[0] > 1.0);
  CHECK(old.companion_products.empty());  // P0's rule: its antecedent was not bought recently
  CHECK(none.companion_products.empty());
  CHECK(none.companion_lift.empty());
}

namespace {

// Baskets before the last 28 days: {A,B} x 60, {A} x 61, {P} x 90, so A => B
// (lift 1.75) and P is the most bought product. Sixty of the {A} customers
// then buy `later` in the held-back weeks; customer 270 bought A only.
World rules_or_popularity(std::uint32_t later) {
  World w;
  w.products = {"A", "B", "P"};
  w.categories = {"X"};
  w.product_category = {0, 0, 0};
  w.customers = 271;
  w.as_of = 200;
  for (std::uint32_t c = 0; c < 60; ++c) w.buy(c, 100, 0, 1000), w.buy(c, 100, 1, 1000);
  for (std::uint32_t c = 60; c < 120; ++c) w.buy(c, 150, 0, 1000), w.buy(c, 180, later, 1000);
  for (std::uint32_t c = 120; c < 210; ++c) w.buy(c, 120, 2, 1000);
  w.buy(270, 160, 0, 1000);
  return w;
}

}  // namespace

TEST_CASE("companion_check_lets_the_baseline_decide_when_the_rules_lose") {
  PredictionOptions o;
  o.threads = 1;
  // They buy P, the most bought product they lacked: popularity's first pick
  // hits, the rule's (B) misses, so no rule reaches the kiosk.
  auto p = predict_profiles(rules_or_popularity(2).inputs(), o);
  CHECK(p.companion_check.ran);
  CHECK(p.companion_check.customers == 60);
  CHECK(p.companion_check.rules_hr1 == doctest::Approx(0.0));
  CHECK(p.companion_check.popular_hr1 == doctest::Approx(1.0));
  CHECK_FALSE(p.companion_check.rules_win);
  CustomerProfile lost;
  apply_predictions(p, 270, lost);
  CHECK(lost.companion_products == std::vector<std::string>{"B"});  // still on the staff card
  CHECK(lost.companion_if.empty());                                 // but no coupon
  CHECK(lost.companion_lift.empty());

  // They buy B: the rule's pick hits, popularity's misses; the rule is sent.
  p = predict_profiles(rules_or_popularity(1).inputs(), o);
  CHECK(p.companion_check.rules_hr1 == doctest::Approx(1.0));
  CHECK(p.companion_check.popular_hr1 == doctest::Approx(0.0));
  CHECK(p.companion_check.rules_win);
  CustomerProfile won;
  apply_predictions(p, 270, won);
  CHECK(won.companion_if == std::vector<std::string>{"A"});
  REQUIRE(won.companion_lift.size() == 1);
  // On all 271 baskets B is in 120: lift (60 / 121) / (120 / 271) = 1.12.
  CHECK(won.companion_lift[0] == doctest::Approx(1.12));
}

TEST_CASE("weekly shoppers: the cycle model says a week, spend stays, the outlook dips off their weekday") {
  World w;
  w.products = {"P0", "P1"};
  w.categories = {"A", "B"};
  w.product_category = {0, 1};
  w.customers = 300;
  const Day start = 19000;  // 2022-01-08
  w.as_of = start + 7 * 30;
  for (std::uint32_t c = 0; c < 300; ++c)
    for (Day d = start; d <= w.as_of; d += 7) w.buy(c, d, c % 2, 10000);
  PredictionOptions o;
  o.fit_sample = 100;
  o.forecast_categories = 1;
  const auto p = predict_profiles(w.inputs(), o);
  CustomerProfile x;
  apply_predictions(p, 7, x);
  // Every interval is 7 days and the last visit is the as-of day.
  CHECK(x.last_purchase_date.empty());  // not ours to fill
  CHECK(x.next_purchase_date == format_date(w.as_of + 7));
  CHECK(x.expected_spend_krw == 10000);
  CHECK(x.recommended_categories == std::vector<std::string>{"A"});  // customer 7 buys P1 (B)

  REQUIRE(p.outlook.size() == 1);
  const auto& out = p.outlook.front();
  REQUIRE(out.forecast.size() == 28);
  CHECK(out.history.size() == 56);
  CHECK(out.history.back() == doctest::Approx(150 * 10000.0));
  // Sales happen every 7th day: the mean is 1/7 of a shopping day's.
  CHECK(out.reference == doctest::Approx(150 * 10000.0 * 4 / 28));
  CHECK(out.forecast[6] > out.reference);         // as_of + 7: a shopping day
  CHECK(out.forecast[0] < out.reference * 0.85);  // as_of + 1: nobody shops
  CHECK(std::find(out.dips.begin(), out.dips.end(), std::size_t{0}) != out.dips.end());
  CHECK(std::find(out.dips.begin(), out.dips.end(), std::size_t{6}) == out.dips.end());
}

TEST_CASE(
    "spend is priced after report 004's cleaning: a product's outlier price is clipped to its 95th "
    "percentile") {
  World w;
  w.products = {"P0"};
  w.categories = {"A"};
  w.product_category = {0};
  w.customers = 21;
  w.as_of = 300;
  for (std::uint32_t c = 0; c < 20; ++c) w.buy(c, 100, 0, 5000);
  w.buy(20, 100, 0, 500000);  // a keying error: 100x the product's price
  // Two units at the usual price stay two units' worth.
  w.rows[0].quantity = 2;
  w.rows[0].amount_krw = 10000;
  const auto p = predict_profiles(w.inputs());
  // 21 log prices: the 95th percentile sits on the 20th smallest, log(5000).
  CHECK(p.expected_spend_krw[20] == 5000);
  CHECK(p.expected_spend_krw[0] == 10000);
  CHECK(p.expected_spend_krw[1] == 5000);
}

TEST_CASE("a pair seen in fewer than rule_min_baskets baskets is no rule") {
  World w;
  w.products = {"P0", "P1"};
  w.categories = {"A"};
  w.product_category = {0, 0};
  w.customers = 4;
  w.as_of = 200;
  for (std::uint32_t c = 0; c < 4; ++c) w.buy(c, 100, 0, 1000), w.buy(c, 100, 1, 1000);  // 4 baskets {P0,P1}
  PredictionOptions o;
  o.rule_min_support = 0.01;
  o.rule_min_baskets = 5;
  CHECK(predict_profiles(w.inputs(), o).rules == 0);
  o.rule_min_baskets = 4;
  CHECK(predict_profiles(w.inputs(), o).rules == 2);
}
