#pragma once
// mi_online_sales.csv (CustomerID, Transaction_Date YYYYMMDD, Product_SKU,
// Product_Category, Quantity, Avg_Price, ...) as plain lines, plus the
// per-visit view the predictive evaluations share.
#include <filesystem>
#include <string>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::models::predictive {

struct SaleLine {
  std::string customer;
  int day = 0;
  std::string sku;
  std::string category;
  double quantity = 0;
  double price = 0;
};

// Errors name the file, and the line of a bad row.
Result<std::vector<SaleLine>> read_online_sales(const std::filesystem::path& file);

// Report 004's price cleaning: per product, log price clipped to its own
// 5th..95th percentile (linear interpolation), back to money.
std::vector<double> cleaned_prices(const std::vector<SaleLine>& lines);

// One customer's day: the session unit of the evaluations.
struct Visit {
  int day = 0;
  double spend = 0;
  std::vector<std::string> categories;  // distinct, in first-seen order
  std::vector<std::string> skus;
};
struct CustomerHistory {
  std::string customer;
  std::vector<Visit> visits;  // by day
};
std::vector<CustomerHistory> visits_by_customer(const std::vector<SaleLine>& lines,
                                                const std::vector<double>& prices);

// Day at the given fraction of the data's date range (the time split).
int split_day(const std::vector<SaleLine>& lines, double fraction);
double percentile_linear(std::vector<double> values, double p);

}  // namespace smartstore::models::predictive
