#include "customer_lines.h"

#include <algorithm>
#include <cmath>

#include "smartstore/common/parallel.h"

namespace smartstore::models::predictive {

CustomerRows rows_by_customer(const PredictionInputs& in) {
  CustomerRows by;
  by.begin.assign(in.customers + 1, 0);
  for (const auto& r : in.purchases) ++by.begin[r.customer + 1];
  for (std::size_t c = 0; c < in.customers; ++c) by.begin[c + 1] += by.begin[c];
  by.rows.resize(in.purchases.size());
  std::vector<std::uint64_t> at(by.begin.begin(), by.begin.end() - 1);
  for (std::size_t i = 0; i < in.purchases.size(); ++i)
    by.rows[at[in.purchases[i].customer]++] = static_cast<std::uint32_t>(i);
  return by;
}

PriceBounds price_bounds(const PredictionInputs& in, unsigned threads) {
  const std::size_t products = in.product_codes.size();
  const std::size_t n = in.purchases.size();
  std::vector<double> log_unit(n, 0);
  parallel_for(threads, n, [&](unsigned, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      const auto& r = in.purchases[i];
      if (r.amount_krw > 0)
        log_unit[i] = std::log(static_cast<double>(r.amount_krw) / std::max(1, r.quantity));
    }
  });
  std::vector<std::uint64_t> begin(products + 1, 0);
  for (const auto& r : in.purchases)
    if (r.amount_krw > 0) ++begin[r.product + 1];
  for (std::size_t p = 0; p < products; ++p) begin[p + 1] += begin[p];
  std::vector<double> grouped(begin.back());
  {
    std::vector<std::uint64_t> at(begin.begin(), begin.end() - 1);
    for (std::size_t i = 0; i < n; ++i)
      if (in.purchases[i].amount_krw > 0) grouped[at[in.purchases[i].product]++] = log_unit[i];
  }
  PriceBounds bounds(products, {0.0, 0.0});
  // Products differ widely in lines: deal them out in turn, not in blocks.
  const unsigned workers = worker_count(threads);
  run_workers(workers, [&](unsigned w) {
    for (std::size_t p = w; p < products; p += workers) {
      // percentile_linear's definition (numpy's linear), on one sort of the product's lines.
      const auto first = grouped.begin() + static_cast<std::ptrdiff_t>(begin[p]);
      const auto last = grouped.begin() + static_cast<std::ptrdiff_t>(begin[p + 1]);
      if (first == last) continue;
      std::sort(first, last);
      auto at = [&](double q) {
        const double pos = q / 100.0 * static_cast<double>(last - first - 1);
        const auto k = static_cast<std::ptrdiff_t>(std::floor(pos));
        const auto k1 = std::min<std::ptrdiff_t>(k + 1, last - first - 1);
        return first[k] + (pos - static_cast<double>(k)) * (first[k1] - first[k]);
      };
      bounds[p] = {at(5), at(95)};
    }
  });

  return bounds;
}

std::vector<float> cleaned_amounts(const PredictionInputs& in, const PriceBounds& bounds, unsigned threads) {
  const std::size_t n = in.purchases.size();
  std::vector<float> out(n, 0.0F);
  parallel_for(threads, n, [&](unsigned, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      const auto& r = in.purchases[i];
      if (r.amount_krw <= 0) continue;
      const double log_unit = std::log(static_cast<double>(r.amount_krw) / std::max(1, r.quantity));
      // Unclipped lines keep their amount exactly (no log/exp round trip).
      const double l = std::clamp(log_unit, bounds[r.product].first, bounds[r.product].second);
      out[i] = l == log_unit ? static_cast<float>(r.amount_krw)
                             : static_cast<float>(std::exp(l) * std::max(1, r.quantity));
    }
  });
  return out;
}

void customer_lines(const PredictionInputs& in, const CustomerRows& by, const std::vector<float>& amounts,
                    std::size_t customer, std::vector<Line>& out) {
  out.clear();
  for (std::uint64_t k = by.begin[customer]; k < by.begin[customer + 1]; ++k) {
    const std::uint32_t i = by.rows[k];
    const auto& r = in.purchases[i];
    const std::int32_t cat = r.product < in.product_category.size() ? in.product_category[r.product] : -1;
    out.push_back({r.day, r.product, cat, amounts[i]});
  }
  std::sort(out.begin(), out.end(), [](const Line& a, const Line& b) {
    return a.day != b.day ? a.day < b.day : a.product < b.product;
  });
}

VisitHistory visits_of(const std::vector<Line>& lines, Day before_day) {
  VisitHistory h;
  std::vector<std::int32_t> cats;
  for (std::size_t i = 0; i < lines.size() && lines[i].day < before_day;) {
    VisitSummary v;
    v.day = lines[i].day;
    cats.clear();
    for (; i < lines.size() && lines[i].day == v.day; ++i) {
      v.spend += static_cast<double>(lines[i].amount);
      if (lines[i].category >= 0 && std::find(cats.begin(), cats.end(), lines[i].category) == cats.end())
        cats.push_back(lines[i].category);
    }
    v.categories = cats.size();
    h.push_back(v);
  }
  return h;
}

}  // namespace smartstore::models::predictive
