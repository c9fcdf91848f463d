// The batch's predictive stage on generated demo data: 1,000,000
// customers and about ten million purchase lines — companions by Apriori over
// every customer-day basket, recommendations, next purchase date, expected
// spend and the category demand outlook. Baseline in the same run: the plain
// aggregation pass over the same rows (per customer spend, purchase days and
// per-category counts), the least any per-customer model has to read.
// --quick: 20,000 customers.
#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <unordered_map>

#include "bench_registry.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/profile_predictions.h"

namespace {
using namespace smartstore::bench;
namespace m = smartstore::models;

// CPU seconds of the whole process (all threads): on a loaded machine wall
// time mostly measures the neighbours.
double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// Per customer spend, purchase days and per-category counts: the least any
// per-customer model has to read.
void plain_aggregates(const m::PredictionInputs& in) {
  const std::size_t nc = in.categories.size();
  std::vector<std::int64_t> spend(in.customers, 0);
  std::vector<std::int32_t> counts(in.customers * nc, 0);
  std::vector<m::Day> last(in.customers, 0);
  std::vector<std::int32_t> days(in.customers, 0);
  for (const auto& r : in.purchases) {
    spend[r.customer] += r.amount_krw;
    if (in.product_category[r.product] >= 0)
      ++counts[r.customer * nc + static_cast<std::size_t>(in.product_category[r.product])];
    if (r.day != last[r.customer]) ++days[r.customer], last[r.customer] = r.day;
  }
  if (spend.empty() || days[0] < 0) throw std::runtime_error("no customers");
}

SMARTSTORE_BENCH("models_predictive") {
  const std::filesystem::path dir = std::filesystem::path(ctx.scratch_dir) / "models-predictive";
  m::GeneratorOptions g;
  g.customers = ctx.quick ? 20000 : 1000000;
  g.seed = 2024;
  g.write_sessions = false;
  const auto generated = m::generate_demo_data(g, dir);
  if (!generated.has_value()) throw std::runtime_error(generated.error().message());
  const auto purchases = m::read_purchases((dir / "purchases.csv").string());
  const auto products = m::read_products((dir / "products.csv").string());
  std::filesystem::remove_all(dir);
  if (!purchases.ok() || !products.ok()) throw std::runtime_error("demo CSVs did not read");
  const auto& table = purchases.data;

  std::vector<std::string> categories;
  std::unordered_map<std::string, std::int32_t> category_of_code;
  for (const auto& p : products.data) {
    auto it = std::find(categories.begin(), categories.end(), p.category);
    if (it == categories.end()) it = categories.insert(categories.end(), p.category);
    category_of_code.emplace(p.pd_c, static_cast<std::int32_t>(it - categories.begin()));
  }
  std::vector<std::int32_t> product_category(table.products.size(), -1);
  for (std::size_t i = 0; i < table.products.size(); ++i) {
    auto it = category_of_code.find(table.products.names[i]);
    if (it != category_of_code.end()) product_category[i] = it->second;
  }
  m::PredictionInputs in;
  in.purchases = table.rows;
  in.customers = table.customers.size();
  in.product_category = product_category;
  in.product_codes = table.products.names;
  in.categories = categories;
  in.as_of = 0;
  for (const auto& r : table.rows) in.as_of = std::max(in.as_of, r.day);

  // Baseline: one pass of plain aggregates.
  auto t0 = std::chrono::steady_clock::now();
  double cpu0 = cpu_seconds();
  plain_aggregates(in);
  const double aggregate_s = seconds_since(t0);
  const double aggregate_cpu_s = cpu_seconds() - cpu0;

  m::PredictionOptions o;
  o.threads = 2;
  t0 = std::chrono::steady_clock::now();
  cpu0 = cpu_seconds();
  const auto p = m::predict_profiles(in, o);
  const double predict_s = seconds_since(t0);
  const double predict_cpu_s = cpu_seconds() - cpu0;
  std::size_t with_companions = 0, with_next = 0;
  for (std::size_t c = 0; c < p.customers; ++c) {
    with_companions += p.companions[c * p.companions_per_customer] != m::ProfilePredictions::kNoProduct;
    with_next += p.next_purchase[c] != m::ProfilePredictions::kNoDay;
  }
  const double n = static_cast<double>(std::max<std::size_t>(p.customers, 1));
  std::vector<BenchResult> out{
      {"predictive_batch_1m_s", predict_s, "s", aggregate_s,
       "plain aggregation pass over the same purchases"},
      {"predictive_batch_1m_cpu_s", predict_cpu_s, "s", aggregate_cpu_s,
       "CPU of the plain aggregation pass (both threads' CPU counted)"},
      {"predictive_rule_count", static_cast<double>(p.rules), "rules", static_cast<double>(p.baskets),
       "customer-day baskets mined"},
      {"predictive_with_companions_pct", 100.0 * static_cast<double>(with_companions) / n, "pct", 100,
       "all customers"},
      {"predictive_with_next_date_pct", 100.0 * static_cast<double>(with_next) / n, "pct", 100,
       "all customers"}};
  for (const auto& [stage, secs] : p.timings_s) {
    std::string name = "predictive_stage_";
    for (char c : stage) name += (c == ' ') ? '_' : c;
    out.push_back({name + "_s", secs, "s", predict_s, "the whole predictive stage"});
  }
  return out;
}
}  // namespace
