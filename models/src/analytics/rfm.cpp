#include "smartstore/models/rfm.h"

#include <algorithm>
#include <cmath>

namespace smartstore::models {

namespace {
// Start of the period containing `day`, in days. pandas' weekly period
// ('W' = 'W-SUN') ends on Sunday, so it starts on Monday; 1970-01-01 was a
// Thursday, hence the +3.
std::int32_t period_start(std::int32_t day, Period period) {
  if (period == Period::day) return day;
  const std::int32_t shifted = day + 3;
  const std::int32_t floor_div = shifted >= 0 ? shifted / 7 : -((-shifted + 6) / 7);
  return floor_div * 7 - 3;
}
}  // namespace

std::vector<RfmtRow> rfmt_summary(std::span<const Transaction> transactions, const RfmtOptions& options) {
  struct Item {
    std::uint32_t customer;
    std::int32_t period;
    double amount;
  };
  std::vector<Item> items;
  items.reserve(transactions.size());
  const std::int32_t end_period = period_start(options.calibration_end, options.period);
  for (const Transaction& t : transactions) {
    const std::int32_t p = period_start(t.day, options.period);
    // lifetimes compares the period (not the date) with the end's period.
    if (p > end_period) continue;
    items.push_back({t.customer, p, t.amount});
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.customer != b.customer ? a.customer < b.customer : a.period < b.period;
  });
  const double unit = (options.period == Period::week ? 7.0 : 1.0) * options.unit_multiplier;
  std::vector<RfmtRow> out;
  std::size_t i = 0;
  while (i < items.size()) {
    const std::uint32_t c = items[i].customer;
    const std::int32_t first = items[i].period;
    std::int32_t last = first;
    std::int64_t periods = 0;
    double repeat_sum = 0;
    while (i < items.size() && items[i].customer == c) {
      const std::int32_t p = items[i].period;
      double total = 0;
      while (i < items.size() && items[i].customer == c && items[i].period == p) total += items[i++].amount;
      if (periods > 0) repeat_sum += total;
      ++periods;
      last = p;
    }
    RfmtRow row;
    row.customer = c;
    row.frequency = static_cast<double>(periods - 1);
    row.recency = (last - first) / unit;
    row.T = (end_period - first) / unit;
    row.monetary = periods > 1 ? repeat_sum / static_cast<double>(periods - 1) : 0.0;
    out.push_back(row);
  }
  return out;
}

namespace {
// numpy's default (linear) quantile of sorted values.
double quantile_sorted(const std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}
}  // namespace

std::vector<RfmtRow> remove_rfmt_outliers(std::vector<RfmtRow> rows, double share) {
  if (rows.empty() || share <= 0) return rows;
  std::vector<double> f, m;
  for (const RfmtRow& r : rows) {
    f.push_back(r.frequency);
    m.push_back(r.monetary);
  }
  std::sort(f.begin(), f.end());
  std::sort(m.begin(), m.end());
  const double f_cut = quantile_sorted(f, 1.0 - share);
  const double m_cut = quantile_sorted(m, 1.0 - share);
  std::erase_if(rows, [&](const RfmtRow& r) { return r.frequency > f_cut || r.monetary > m_cut; });
  return rows;
}

}  // namespace smartstore::models
