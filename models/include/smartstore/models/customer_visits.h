#pragma once
// One customer's visit (a day with purchases), the unit the purchase-cycle and
// expected-spend models learn from.
#include <cstddef>
#include <vector>

namespace smartstore::models {

struct VisitSummary {
  int day = 0;              // days since 1970-01-01
  double spend = 0;         // after price cleaning
  std::size_t categories = 0;
};
using VisitHistory = std::vector<VisitSummary>;  // by day, all before the as-of day

}  // namespace smartstore::models
