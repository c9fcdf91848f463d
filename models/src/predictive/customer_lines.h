#pragma once
// The batch's purchase rows regrouped for per-customer models: row indices by
// customer (a counting sort, no per-customer allocation) and each line's
// amount after report 004's log-price cleaning.
#include <cstdint>
#include <vector>

#include "smartstore/models/customer_visits.h"
#include "smartstore/models/profile_predictions.h"

namespace smartstore::models::predictive {

struct CustomerRows {
  std::vector<std::uint64_t> begin;  // customers + 1 offsets into `rows`
  std::vector<std::uint32_t> rows;   // purchase row indices grouped by customer
};
CustomerRows rows_by_customer(const PredictionInputs& in);

// Per line: unit price (amount / quantity) with its log clipped to the
// product's bounds (its own 5th..95th percentile), times the quantity. 0 for
// lines <= 0 KRW.
std::vector<float> cleaned_amounts(const PredictionInputs& in, const PriceBounds& bounds, unsigned threads);
// Each product's 5th and 95th percentile of log unit price over its lines.
PriceBounds price_bounds(const PredictionInputs& in, unsigned threads);

// One customer's lines ordered by (day, product), and what is derived from them.
struct Line {
  Day day;
  std::uint32_t product;
  std::int32_t category;
  float amount;
};
void customer_lines(const PredictionInputs& in, const CustomerRows& by, const std::vector<float>& amounts,
                    std::size_t customer, std::vector<Line>& out);
// Visits (days with purchases) of the ordered lines before `before_day`.
VisitHistory visits_of(const std::vector<Line>& lines, Day before_day);

// Daily sales per category and their 1..horizon-day forecast, best sellers first.
std::vector<CategoryOutlook> demand_outlook(const PredictionInputs& in, const PredictionOptions& options);

}  // namespace smartstore::models::predictive
