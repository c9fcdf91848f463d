#include "smartstore/models/purchase_cycle.h"

#include <algorithm>
#include <cmath>

namespace smartstore::models {

std::vector<double> purchase_cycle_features(const VisitHistory& past, int as_of_day) {
  const double n = static_cast<double>(past.size());
  const double span = past.empty() ? 0 : past.back().day - past.front().day;
  const double mean_interval = past.size() > 1 ? span / (n - 1) : 0;
  const double last_interval = past.size() > 1 ? past.back().day - past[past.size() - 2].day : 0;
  const double since_last = past.empty() ? 0 : as_of_day - past.back().day;
  const double t = past.empty() ? 0 : as_of_day - past.front().day;
  double spend = 0;
  for (const auto& v : past) spend += v.spend;
  return {n,
          mean_interval,
          last_interval,
          since_last,
          t,
          span,
          t > 0 ? 30.0 * n / t : n,
          std::log1p(past.empty() ? 0 : spend / n)};
}

double PurchaseCycleModel::predict_interval(const VisitHistory& past, int as_of_day) const {
  const double since_last = past.empty() ? 0 : as_of_day - past.back().day;
  return std::max(ridge.predict(purchase_cycle_features(past, as_of_day)), since_last + 1);
}

int PurchaseCycleModel::next_purchase_day(const VisitHistory& past, int as_of_day) const {
  const int last = past.empty() ? as_of_day : past.back().day;
  return last + static_cast<int>(std::lround(predict_interval(past, as_of_day)));
}

PurchaseCycleModel fit_purchase_cycle(const std::vector<CycleExample>& examples, double lambda) {
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (const auto& e : examples) {
    x.push_back(purchase_cycle_features(e.past, e.as_of_day));
    y.push_back(e.days_to_next);
  }
  return {fit_ridge(x, y, lambda)};
}

double mean_interval_baseline(const VisitHistory& past) {
  if (past.size() < 2) return 0;
  return static_cast<double>(past.back().day - past.front().day) / static_cast<double>(past.size() - 1);
}

}  // namespace smartstore::models
