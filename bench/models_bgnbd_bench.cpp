// BG/NBD maximum-likelihood fit on the CDNOW summary (2,357 customers) next to
// the lifetimes library's published reference time for the same fit.
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_registry.h"
#include "smartstore/models/bgnbd.h"

namespace {
using namespace smartstore::bench;
using smartstore::models::RfmtRow;

std::vector<RfmtRow> cdnow_summary() {
  std::ifstream in(std::string(SMARTSTORE_SOURCE_DIR) + "/tests/data/analytics/cdnow_customers_summary.csv");
  std::string line;
  std::getline(in, line);
  std::vector<RfmtRow> rows;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    std::string id, f, r, t;
    std::getline(s, id, ',');
    std::getline(s, f, ',');
    std::getline(s, r, ',');
    std::getline(s, t, ',');
    rows.push_back({static_cast<std::uint32_t>(std::stoul(id)), std::stod(f), std::stod(r), std::stod(t), 0});
  }
  return rows;
}

SMARTSTORE_BENCH("models_bgnbd") {
  const auto rows = cdnow_summary();
  if (rows.size() != 2357) throw std::runtime_error("CDNOW summary not found");
  const int n = ctx.quick ? 3 : 20;
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto fit = smartstore::models::fit_bgnbd(rows);
    ms.push_back(seconds_since(t0) * 1e3);
    if (!fit || std::abs(fit->params.r - 0.2426) > 1e-3)
      throw std::runtime_error("BG/NBD fit off the reference");
  }
  // 50 ms: the lifetimes library's BetaGeoFitter on the same summary (Python reference).
  return {{"bgnbd_fit_cdnow_ms", percentile(ms, 50), "ms", 50.0, "lifetimes reference (python)"}};
}
}  // namespace
