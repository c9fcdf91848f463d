#include "smartstore/models/expected_spend.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "online_sales.h"

namespace smartstore::models {

std::vector<double> clip_log_prices(const std::vector<std::string>& products, const std::vector<double>& prices) {
  std::unordered_map<std::string, std::vector<double>> logs;
  for (std::size_t i = 0; i < prices.size(); ++i)
    if (prices[i] > 0) logs[products[i]].push_back(std::log(prices[i]));
  std::unordered_map<std::string, std::pair<double, double>> bounds;
  for (const auto& [p, v] : logs)
    bounds[p] = {predictive::percentile_linear(v, 5), predictive::percentile_linear(v, 95)};
  std::vector<double> out(prices.size(), 0);
  for (std::size_t i = 0; i < prices.size(); ++i)
    if (prices[i] > 0) {
      const auto [lo, hi] = bounds[products[i]];
      out[i] = std::exp(std::clamp(std::log(prices[i]), lo, hi));
    }
  return out;
}

double median_spend_baseline(const VisitHistory& past) {
  std::vector<double> s;
  for (const auto& v : past) s.push_back(v.spend);
  return predictive::percentile_linear(s, 50);
}

std::vector<double> expected_spend_features(const VisitHistory& past, int as_of_day) {
  double sum = 0, mx = 0, cats = 0;
  for (const auto& v : past) {
    sum += v.spend;
    mx = std::max(mx, v.spend);
    cats += static_cast<double>(v.categories);
  }
  const double n = static_cast<double>(past.size());
  return {std::log1p(median_spend_baseline(past)),
          std::log1p(n > 0 ? sum / n : 0),
          std::log1p(past.empty() ? 0 : past.back().spend),
          std::log1p(mx),
          std::log1p(n),
          std::log1p(past.empty() ? 0 : as_of_day - past.back().day),
          n > 0 ? cats / n : 0};
}

double ExpectedSpendModel::predict(const VisitHistory& past, int as_of_day) const {
  return std::max(0.0, std::expm1(ridge.predict(expected_spend_features(past, as_of_day))));
}

ExpectedSpendModel fit_expected_spend(const std::vector<SpendExample>& examples, double lambda) {
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (const auto& e : examples) {
    x.push_back(expected_spend_features(e.past, e.as_of_day));
    y.push_back(std::log1p(e.next_spend));
  }
  return {fit_ridge(x, y, lambda)};
}

}  // namespace smartstore::models
