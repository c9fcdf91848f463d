// BG/NBD maximum-likelihood fit: on the CDNOW summary (2,357 customers) next
// to the same fit on per-customer rows, and on generated chains of 1M and
// 10M customers, where the distinct (x, t_x, T) triples carry the fit.
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_registry.h"
#include "smartstore/models/bgnbd.h"
#include "tests/support/cdnow_summary.h"

namespace {
using namespace smartstore::bench;
using smartstore::models::BgNbdOptions;
using smartstore::models::RfmtRow;

std::vector<RfmtRow> cdnow_summary() {
  auto rows = smartstore::testing::read_cdnow_summary(std::string(SMARTSTORE_SOURCE_DIR) +
                                                      "/tests/data/analytics/cdnow_customers_summary.csv");
  if (rows.empty()) throw std::runtime_error("the CDNOW summary is missing or empty");
  return rows;
}

double median_fit_ms(const std::vector<RfmtRow>& rows, const BgNbdOptions& options, int repeats) {
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto fit = smartstore::models::fit_bgnbd(rows, options);
    ms.push_back(seconds_since(t0) * 1e3);
    if (!fit || std::abs(fit->params.r - 0.2426) > 1e-3)
      throw std::runtime_error("BG/NBD fit off the reference");
  }
  return percentile(ms, 50);
}

// Customers of a year-long chain in whole days, drawn from the BG/NBD process
// with CDNOW's parameters (α in days): the triples a batch would fit.
std::vector<RfmtRow> generated_chain(std::size_t customers) {
  std::mt19937_64 rng(20260421);
  std::gamma_distribution<double> rate(0.2426, 1 / (4.4135 * 7)), beta_a(0.7929, 1), beta_b(2.4258, 1);
  std::uniform_int_distribution<int> joined(0, 364);
  std::vector<RfmtRow> rows(customers);
  for (std::size_t c = 0; c < customers; ++c) {
    const double lambda = rate(rng), ga = beta_a(rng), p = ga / (ga + beta_b(rng));
    const double T = 365 - joined(rng);
    std::exponential_distribution<double> gap(lambda);
    std::uniform_real_distribution<double> u(0, 1);
    double t = 0, last = 0, x = 0;
    while (u(rng) >= p || x == 0) {  // alive after the previous purchase (the first never ends it)
      t += gap(rng);
      if (!(t < T)) break;  // also when a zero rate made the gap infinite or NaN
      if (std::floor(t) > last) last = std::floor(t), ++x;
    }
    rows[c] = {static_cast<std::uint32_t>(c), x, last, T, 0};
  }
  return rows;
}

// Grouping into triples (per shard in a sharded batch) and the fit on them
// (the one global step), timed apart.
struct ChainFit {
  double group_ms = 0, fit_ms = 0;
  std::size_t triples = 0;
};
ChainFit chain_fit(const std::vector<RfmtRow>& rows) {
  ChainFit out;
  auto t0 = std::chrono::steady_clock::now();
  const auto groups = smartstore::models::bgnbd_groups(rows);
  if (!groups) throw std::runtime_error(groups.error().message());
  out.group_ms = seconds_since(t0) * 1e3;
  t0 = std::chrono::steady_clock::now();
  const auto fit = smartstore::models::fit_bgnbd(*groups);
  if (!fit || !fit->converged) throw std::runtime_error("BG/NBD did not converge on the generated chain");
  out.fit_ms = seconds_since(t0) * 1e3;
  out.triples = groups->size();
  return out;
}

SMARTSTORE_BENCH("models_bgnbd") {
  const auto rows = cdnow_summary();
  if (rows.size() != 2357) throw std::runtime_error("CDNOW summary not found");
  const double grouped = median_fit_ms(rows, {}, ctx.quick ? 5 : 50);
  BgNbdOptions reference;
  reference.per_customer_reference = true;
  const double per_customer = median_fit_ms(rows, reference, ctx.quick ? 1 : 5);
  std::vector<BenchResult> results{
      {"bgnbd_fit_cdnow_ms", grouped, "ms", per_customer, "same fit, per-customer rows, simplex (this run)"},
      // 50 ms: the lifetimes library's BetaGeoFitter on the same summary (Python reference).
      {"bgnbd_fit_cdnow_vs_lifetimes_ms", grouped, "ms", 50.0, "lifetimes reference (python)"}};
  const std::size_t large = ctx.quick ? 1'000'000 : 10'000'000;
  const ChainFit one = chain_fit(generated_chain(1'000'000)), big = chain_fit(generated_chain(large));
  const double times = static_cast<double>(large) / 1e6;
  const std::string size = large == 10'000'000 ? "10m" : "1m";
  const std::string scaled = "1M customers x" + std::to_string(large / 1'000'000) + " (this run)";
  results.push_back({"bgnbd_fit_" + size + "_ms", big.fit_ms, "ms", one.fit_ms * times,
                     scaled + "; fit on " + std::to_string(big.triples) + " triples"});
  results.push_back({"bgnbd_group_" + size + "_ms", big.group_ms, "ms", one.group_ms * times,
                     scaled + "; counting the triples"});
  return results;
}
}  // namespace
