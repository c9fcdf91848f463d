#include "online_sales.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "smartstore/common/civil_date.h"
#include "smartstore/models/expected_spend.h"
#include "table_reader.h"

namespace smartstore::models::predictive {

Result<std::vector<SaleLine>> read_online_sales(const std::filesystem::path& file) {
  auto read = read_csv(file);
  if (!read) return read.error();
  const auto& t = *read;
  const auto c = t.column("CustomerID"), d = t.column("Transaction_Date"), s = t.column("Product_SKU"),
             g = t.column("Product_Category"), q = t.column("Quantity"), p = t.column("Avg_Price");
  if (!c || !d || !s || !g || !q || !p)
    return fail(ErrorKind::invalid_input,
                file.string() +
                    ": expected CustomerID, Transaction_Date, Product_SKU, Product_Category, "
                    "Quantity, Avg_Price columns",
                "models");
  std::vector<SaleLine> lines;
  lines.reserve(t.rows.size());
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    auto day = parse_date(r[*d]);
    auto qty = parse_number(r[*q]);
    auto price = parse_number(r[*p]);
    if (!day || !qty || !price)
      return fail(ErrorKind::invalid_input,
                  file.string() + ":" + std::to_string(t.lines[i]) + ": bad date, quantity or price", "models");
    lines.push_back({r[*c], *day, r[*s], r[*g], *qty, *price});
  }
  return lines;
}

double percentile_linear(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double pos = p / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

std::vector<double> cleaned_prices(const std::vector<SaleLine>& lines) {
  std::vector<std::string> products;
  std::vector<double> prices;
  for (const auto& l : lines) {
    products.push_back(l.sku);
    prices.push_back(l.price);
  }
  return clip_log_prices(products, prices);
}

std::vector<CustomerHistory> visits_by_customer(const std::vector<SaleLine>& lines,
                                                const std::vector<double>& prices) {
  std::map<std::string, std::map<int, Visit>> grouped;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    Visit& v = grouped[l.customer][l.day];
    v.day = l.day;
    v.spend += l.quantity * prices[i];
    if (std::find(v.categories.begin(), v.categories.end(), l.category) == v.categories.end())
      v.categories.push_back(l.category);
    if (std::find(v.skus.begin(), v.skus.end(), l.sku) == v.skus.end()) v.skus.push_back(l.sku);
  }
  std::vector<CustomerHistory> out;
  for (auto& [customer, days] : grouped) {
    CustomerHistory h{customer, {}};
    for (auto& [day, visit] : days) h.visits.push_back(std::move(visit));
    out.push_back(std::move(h));
  }
  return out;
}

int split_day(const std::vector<SaleLine>& lines, double fraction) {
  if (lines.empty()) return 0;
  int lo = lines.front().day, hi = lo;
  for (const auto& l : lines) {
    lo = std::min(lo, l.day);
    hi = std::max(hi, l.day);
  }
  return lo + static_cast<int>(std::lround(fraction * (hi - lo)));
}

}  // namespace smartstore::models::predictive
