// The HQ batch on generated demo data (issue 3): 1,000,000 customers and
// exactly ten million purchase lines (the generator's purchase target),
// judged against merely reading the same CSVs (seconds) and the 4 GiB budget
// (peak memory). --quick: 20,000 customers, 200,000 lines.
// The batch runs in a forked child (batch_child.h).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "batch_child.h"
#include "bench_registry.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/profile_batch.h"

namespace {
using namespace smartstore::bench;
namespace m = smartstore::models;

SMARTSTORE_BENCH("models_batch") {
  const std::filesystem::path dir = std::filesystem::path(ctx.scratch_dir) / "models-batch";
  m::GeneratorOptions g;
  g.customers = ctx.quick ? 20000 : 1000000;
  g.purchases = g.customers * 10;  // issue 3: 1M customers, 10M purchases
  g.seed = 2024;
  auto t0 = std::chrono::steady_clock::now();
  const auto generated = m::generate_demo_data(g, dir / "in");
  if (!generated.has_value()) throw std::runtime_error(generated.error().message());
  const double generate_s = seconds_since(t0);

  m::BatchOptions o = demo_options(dir);
  o.out_dir = dir / "out";
  o.deployment_key.assign(32, 0x42);
  const ChildRun batch = run_batch_in_child(o);
  std::fprintf(
      stderr,
      "models_batch: %.1f s wall, %.1f s CPU, peak %.0f MiB (this process had %.0f MiB at fork); %s\n",
      batch.wall_s, batch.cpu_s, batch.peak_mib, batch.rss_at_fork_mib, batch.stages.c_str());

  // Baseline: only reading the files the batch reads, one after the other.
  t0 = std::chrono::steady_clock::now();
  {
    const auto c = m::read_customers((dir / "in/customers.csv").string());
    const auto p = m::read_purchases((dir / "in/purchases.csv").string());
    const auto pr = m::read_products((dir / "in/products.csv").string());
    const auto s = m::read_sessions((dir / "in/sessions.csv").string());
    if (!c.ok() || !p.ok() || !pr.ok() || !s.ok()) throw std::runtime_error("demo CSVs did not read");
  }
  const double read_s = seconds_since(t0);
  std::filesystem::remove_all(dir);
  return {{"profile_batch_1m_s", batch.wall_s, "s", read_s, "lpoint CSV read"},
          {"profile_batch_1m_cpu_s", batch.cpu_s, "s", 2 * batch.wall_s, "2 cores x the batch's wall time"},
          {"profile_batch_1m_peak_mib", batch.peak_mib, "mib", 4096, "memory budget"},
          {"demo_generate_1m_s", generate_s, "s", batch.wall_s, "the batch on the same data"},
          {"profile_batch_1m_purchases", batch.purchases, "rows", 10000000, "issue 3's purchase count"}};
}

// Store events for every member of the generated chain (members.csv), ten
// rows each: three sold items, two shown, two considered, a deliberation, a
// coupon issued and, for every other member, its redemption (else a third
// shown item): "10M events from stores" for 1M customers. Products from
// products.csv, days within the purchases' year. Returns the rows written.
std::uint64_t write_store_events(const std::filesystem::path& in, const std::filesystem::path& out,
                                 const std::vector<unsigned char>& key) {
  std::vector<std::string> products;
  std::ifstream p(in / "products.csv");
  std::string line;
  std::getline(p, line);
  while (std::getline(p, line)) products.push_back(line.substr(0, line.find(',')));
  if (products.empty()) throw std::runtime_error("no products to note");
  std::ifstream m(in / "members.csv");
  std::getline(m, line);
  std::FILE* f = std::fopen(out.c_str(), "w");
  if (f == nullptr) throw std::runtime_error("cannot write " + out.string());
  std::fputs("type,member_key,day,store_id,event_id,coupon_id,product_code,category,quantity,value,text\n",
             f);
  m::MemberKeyer keyer(key);
  std::uint64_t rows = 0, n = 0, x = 88172645463325252ULL;
  auto next = [&] { return x ^= x << 13, x ^= x >> 7, x ^= x << 17; };
  while (std::getline(m, line)) {
    const std::string k = keyer.key(line.substr(0, line.find(',')));
    char day[16];
    std::snprintf(day, sizeof day, "2022-%02u-%02u", static_cast<unsigned>(1 + next() % 12),
                  static_cast<unsigned>(1 + next() % 28));
    for (const char* type : {"sold", "sold", "sold", "shown", "shown", "considered", "considered"})
      std::fprintf(f, "%s,%s,%s,S001,e%llu,,%s,,1,1000,\n", type, k.c_str(), day,
                   static_cast<unsigned long long>(++rows), products[next() % products.size()].c_str());
    std::fprintf(f, "deliberation,%s,%s,S001,e%llu,,,,,%u,\n", k.c_str(), day,
                 static_cast<unsigned long long>(++rows), static_cast<unsigned>(next() % 20));
    std::fprintf(f, "coupon_issued,%s,%s,S001,e%llu,c%llu,offer,,,2000,Thank you\n", k.c_str(), day,
                 static_cast<unsigned long long>(++rows), static_cast<unsigned long long>(n));
    if (n % 2 == 0)
      std::fprintf(f, "coupon_redeemed,,%s,S001,e%llu,c%llu,,,,,\n", day,
                   static_cast<unsigned long long>(++rows), static_cast<unsigned long long>(n));
    else  // ten rows a member either way
      std::fprintf(f, "shown,%s,%s,S001,e%llu,,%s,,1,1000,\n", k.c_str(), day,
                   static_cast<unsigned long long>(++rows), products[next() % products.size()].c_str());
    ++n;
  }
  if (std::fclose(f) != 0) throw std::runtime_error("cannot write " + out.string());
  return rows;
}

// The same batch with and without the stores' events: folding what stores
// sent must not make the nightly batch much slower (goal: at most 1.2x).
SMARTSTORE_BENCH("models_batch_events") {
  const std::filesystem::path dir = std::filesystem::path(ctx.scratch_dir) / "models-batch-events";
  m::GeneratorOptions g;
  g.customers = ctx.quick ? 20000 : 1000000;
  g.purchases = g.customers * 10;
  g.seed = 2024;
  const auto generated = m::generate_demo_data(g, dir / "in");
  if (!generated.has_value()) throw std::runtime_error(generated.error().message());
  m::BatchOptions o = demo_options(dir);
  o.out_dir = dir / "out-plain";
  o.deployment_key.assign(32, 0x42);
  const ChildRun plain = run_batch_in_child(o);
  const double rows =
      static_cast<double>(write_store_events(dir / "in", dir / "events.csv", o.deployment_key));
  o.inputs.events = (dir / "events.csv").string();
  o.out_dir = dir / "out-events";
  const ChildRun with_events = run_batch_in_child(o);
  std::fprintf(stderr,
               "models_batch_events: without %.1f s (%s)\nwith %.0f event rows %.1f s, peak %.0f MiB (%s)\n",
               plain.wall_s, plain.stages.c_str(), rows, with_events.wall_s, with_events.peak_mib,
               with_events.stages.c_str());
  std::filesystem::remove_all(dir);
  return {{"profile_batch_with_events_1m_s", with_events.wall_s, "s", plain.wall_s,
           "the same batch without --events"},
          {"profile_batch_with_events_1m_peak_mib", with_events.peak_mib, "mib", plain.peak_mib,
           "the same batch without --events"},
          {"profile_batch_with_events_1m_rows", rows, "rows", 10000000, "10 rows per member for 1M members"}};
}

}  // namespace
