#pragma once
// Purchase cycle (report 001): the expected days from a customer's last visit
// to the next one, by ridge regression on RFM + T style features of the
// visits so far, next to the naive "mean of own past intervals".
#include <vector>

#include "smartstore/models/customer_visits.h"
#include "smartstore/models/ridge_regression.h"

namespace smartstore::models {

// Visits, mean and last interval, days since last (as of), T, span, visits per
// 30 days, log mean spend.
std::vector<double> purchase_cycle_features(const VisitHistory& past, int as_of_day);

struct CycleExample {
  VisitHistory past;        // at least two visits
  int as_of_day = 0;
  double days_to_next = 0;  // from the last past visit to the next visit
};

struct PurchaseCycleModel {
  RidgeModel ridge;
  // Days from the last visit to the next; never before `as_of_day`, since the
  // customer has not come back yet.
  double predict_interval(const VisitHistory& past, int as_of_day) const;
  int next_purchase_day(const VisitHistory& past, int as_of_day) const;
};

PurchaseCycleModel fit_purchase_cycle(const std::vector<CycleExample>& examples, double lambda = 1.0);
// The baseline: mean of the customer's own past intervals (0 with < 2 visits).
double mean_interval_baseline(const VisitHistory& past);

}  // namespace smartstore::models
