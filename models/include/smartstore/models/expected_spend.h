#pragma once
// Expected spend on the next visit (report 004), the coupon's threshold:
// ridge regression of log1p(next spend) on log features of the visits so far,
// next to the per-customer median baseline. Prices are expected cleaned per
// product (log price clipped to its 5th..95th percentile: clip_log_prices).
#include <string>
#include <vector>

#include "smartstore/models/customer_visits.h"
#include "smartstore/models/ridge_regression.h"

namespace smartstore::models {

// Report 004's price cleaning: per product, log price clipped to that
// product's 5th..95th percentile (linear interpolation), back to money.
std::vector<double> clip_log_prices(const std::vector<std::string>& products, const std::vector<double>& prices);

std::vector<double> expected_spend_features(const VisitHistory& past, int as_of_day);

struct SpendExample {
  VisitHistory past;   // at least one visit
  int as_of_day = 0;
  double next_spend = 0;
};

struct ExpectedSpendModel {
  RidgeModel ridge;  // on log1p(spend)
  double predict(const VisitHistory& past, int as_of_day) const;
};

ExpectedSpendModel fit_expected_spend(const std::vector<SpendExample>& examples, double lambda = 1.0);
double median_spend_baseline(const VisitHistory& past);

}  // namespace smartstore::models
