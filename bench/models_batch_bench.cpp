// The HQ batch on generated demo data (issue 3): 1,000,000 customers and
// about ten million purchase lines, judged against merely reading the same
// CSVs (seconds) and the 4 GiB budget (peak memory). --quick: 20,000 customers.
#include <filesystem>
#include <stdexcept>

#include "bench_registry.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/profile_batch.h"

namespace {
using namespace smartstore::bench;
namespace m = smartstore::models;

SMARTSTORE_BENCH("models_batch") {
  const std::filesystem::path dir = std::filesystem::path(ctx.scratch_dir) / "models-batch";
  m::GeneratorOptions g;
  g.customers = ctx.quick ? 20000 : 1000000;
  g.seed = 2024;
  auto t0 = std::chrono::steady_clock::now();
  const auto generated = m::generate_demo_data(g, dir / "in");
  if (!generated.ok()) throw std::runtime_error(generated.error);
  const double generate_s = seconds_since(t0);

  // Baseline: only reading the files the batch reads.
  t0 = std::chrono::steady_clock::now();
  {
    const auto c = m::read_customers((dir / "in/customers.csv").string());
    const auto p = m::read_purchases((dir / "in/purchases.csv").string());
    const auto pr = m::read_products((dir / "in/products.csv").string());
    const auto s = m::read_sessions((dir / "in/sessions.csv").string());
    if (!c.ok() || !p.ok() || !pr.ok() || !s.ok()) throw std::runtime_error("demo CSVs did not read");
  }
  const double read_s = seconds_since(t0);

  m::BatchOptions o;
  o.inputs.customers = (dir / "in/customers.csv").string();
  o.inputs.purchases = (dir / "in/purchases.csv").string();
  o.inputs.products = (dir / "in/products.csv").string();
  o.inputs.sessions = (dir / "in/sessions.csv").string();
  o.inputs.members = (dir / "in/members.csv").string();
  o.inputs.store_zones = (dir / "in/stores.csv").string();
  o.out_dir = dir / "out";
  o.deployment_key.assign(32, 0x42);
  t0 = std::chrono::steady_clock::now();
  const auto r = m::run_profile_batch(o);
  const double batch_s = seconds_since(t0);
  if (!r.ok()) throw std::runtime_error(r.error);
  std::filesystem::remove_all(dir);
  return {{"profile_batch_1m_s", batch_s, "s", read_s, "lpoint CSV read"},
          {"profile_batch_1m_peak_mib", peak_rss_mib(), "mib", 4096, "memory budget"},
          {"demo_generate_1m_s", generate_s, "s", batch_s, "the batch on the same data"},
          {"profile_batch_1m_purchases", static_cast<double>(r.purchases), "rows", 10000000, "issue 3's purchase count"}};
}
}  // namespace
