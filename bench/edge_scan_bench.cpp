// Scan to coupon: payload in -> profile lookup -> policy -> signed code ->
// journal + outbox committed, against the same lookup + inserts done with
// bare SQLite prepared statements under the same pragmas on the same file in
// the same run: the member's profile row, then the coupons and outbox rows the
// kiosk wrote (every column, same bytes, fresh ids) in one transaction. Measured twice: with the shipped
// durability (WAL, NORMAL, checkpoints and the power-safe flush on a background thread) and with
// synchronous=FULL (an fsync in every commit). Also how long after a scan its
// coupon is power-safe, and the resident memory of the real smartstored with
// the 1,000,000 profiles cached. docs/edge-storage.md discusses the figures.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "bench_registry.h"
#include "edge_scan_daemon.h"
#include "edge_scan_floor.h"
#include "smartstore/common/sqlite/checkpointer.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"
#include "tests/support/member_numbers.h"

namespace {
using namespace smartstore;
using namespace smartstore::bench;
namespace fs = std::filesystem;

std::string card_number(std::uint64_t i) {
  return testing::with_luhn_digit(std::to_string(100000000000000ULL + i));  // 15 digits + check
}

models::CustomerProfile profile(const std::string& key, std::uint64_t i) {
  static const char* tiers[] = {"star", "butterfly", "chicken_rib", "excluded"};
  static const char* types[] = {"meticulous", "mania", "easygoing"};
  models::CustomerProfile p;
  p.member_key = key;
  p.gender = std::string(1, i % 2 != 0 ? 'F' : 'M');
  p.age_band = "30s";
  p.tier = tiers[i % 4];
  p.grade = "G2";
  p.segment = "Silver";
  p.behaviour_type = types[i % 3];
  p.preferences = {{"여성의류", 100, 5}, {"화장품", 71.5, 2}, {"식품", 20, 1}};
  p.total_spend_krw = 350'000;
  p.expected_spend_krw = 42'000;
  p.next_purchase_date = "2024-07-01";
  p.companion_products = {"P000123", "P000456"};
  p.recommended_categories = {"스포츠패션"};
  return p;
}

struct KioskRun {
  std::vector<double> scan_ms;
  // Where the time goes, on the same members after the scans: the member key
  // (HMAC), ProfileCache::find (alias, row, decode) and the policy's history query.
  std::vector<double> key_ms, lookup_ms, history_ms;
  std::vector<double> flush_lag_ms;
  std::size_t issued = 0;
};

KioskRun kiosk_scans(const fs::path& file, bool full, const std::vector<unsigned char>& deployment_key,
                     const std::vector<std::string>& numbers) {
  edge::store::StoreOptions so{"S001", 10'000'000, 30, full};
  edge::store::KioskStore store(file, so);
  edge::kiosk::KioskOptions ko;
  ko.store_id = "S001";
  ko.deployment_key = deployment_key;
  ko.policy.welcome_per_hour = ko.policy.welcome_per_day = 10'000'000;  // the scan path, not the limit
  edge::kiosk::Kiosk kiosk(store, ko);
  KioskRun run;
  const auto now = std::chrono::system_clock::now();
  for (const auto& number : numbers) {
    auto t0 = std::chrono::steady_clock::now();
    auto out = kiosk.on_scan(number, now);
    run.scan_ms.push_back(seconds_since(t0) * 1e3);
    run.issued += out.coupon ? 1 : 0;
  }
  const std::string day = local_date(now);
  models::MemberKeyer keyer(deployment_key);  // as the kiosk keys scans
  for (std::size_t i = 0; i < std::min<std::size_t>(numbers.size(), 2000); ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto key = keyer.key(numbers[i]);
    run.key_ms.push_back(seconds_since(t0) * 1e3);
    t0 = std::chrono::steady_clock::now();
    (void)store.profiles().find(key);
    run.lookup_ms.push_back(seconds_since(t0) * 1e3);
    t0 = std::chrono::steady_clock::now();
    (void)store.journal().history(key, day, now);
    run.history_ms.push_back(seconds_since(t0) * 1e3);
  }
  run.flush_lag_ms = store.checkpoint_stats().flush_lag_ms;
  return run;
}

// A kiosk database with `n_profiles` cached profiles and a coupon key; returns
// `wanted` of their card numbers, spread across the cache, shuffled.
std::vector<std::string> cache_profiles(const fs::path& file, std::uint64_t n_profiles, std::size_t wanted,
                                        const std::vector<unsigned char>& deployment_key) {
  std::vector<std::string> numbers;
  edge::store::KioskStore kiosk_store(file, edge::store::StoreOptions{"S001", 10'000'000, 30, false});
  std::vector<models::CustomerProfile> ps;
  ps.reserve(n_profiles);
  const std::uint64_t stride = std::max<std::uint64_t>(1, n_profiles / wanted);
  for (std::uint64_t i = 0; i < n_profiles; ++i) {
    std::string number = card_number(i);
    if (i % stride == 0 && numbers.size() < wanted) numbers.push_back(number);
    ps.push_back(profile(models::member_key(deployment_key, number), i));
  }
  if (auto loaded = kiosk_store.profiles().load(ps); !loaded)
    throw std::runtime_error("profiles not cached: " + loaded.error().message());
  if (auto keyed =
          kiosk_store.keys().add(1, std::vector<unsigned char>(32, 9), std::chrono::system_clock::now());
      !keyed)
    throw std::runtime_error("coupon key not stored: " + keyed.error().message());
  if (numbers.size() < wanted) throw std::runtime_error("not enough distinct members");
  std::mt19937_64 rng(7);
  std::shuffle(numbers.begin(), numbers.end(), rng);
  return numbers;
}

struct ScanFigures {
  KioskRun shipped, full;
  std::vector<double> bare, bare_full, bare_minimal;
};

std::vector<BenchResult> scan_results(const ScanFigures& f) {
  std::fprintf(
      stderr,
      "edge_scan: shipped scan p50 %.3f p99 %.3f ms | bare p50 %.3f p99 %.3f (minimal tables p50 %.3f p99 "
      "%.3f)"
      " | FULL scan p50 %.3f p99 %.3f, bare FULL p50 %.3f p99 %.3f | flush lag p50 %.2f p99 %.2f ms (%zu)\n",
      percentile(f.shipped.scan_ms, 50), percentile(f.shipped.scan_ms, 99), percentile(f.bare, 50),
      percentile(f.bare, 99), percentile(f.bare_minimal, 50), percentile(f.bare_minimal, 99),
      percentile(f.full.scan_ms, 50), percentile(f.full.scan_ms, 99), percentile(f.bare_full, 50),
      percentile(f.bare_full, 99), percentile(f.shipped.flush_lag_ms, 50),
      percentile(f.shipped.flush_lag_ms, 99), f.shipped.flush_lag_ms.size());
  std::fprintf(stderr, "edge_scan: phases p50 (ms): member_key %.4f, find_profile %.4f, history %.4f\n",
               percentile(f.shipped.key_ms, 50), percentile(f.shipped.lookup_ms, 50),
               percentile(f.shipped.history_ms, 50));
  return {
      {"scan_to_coupon_p50_ms", percentile(f.shipped.scan_ms, 50), "ms", percentile(f.bare, 50),
       "bare SQLite lookup + same journal/outbox rows p50, same pragmas"},
      {"scan_to_coupon_p99_ms", percentile(f.shipped.scan_ms, 99), "ms", percentile(f.bare, 99),
       "bare SQLite lookup + same journal/outbox rows p99, same pragmas"},
      {"scan_to_coupon_vs_minimal_tables_p50_ms", percentile(f.shipped.scan_ms, 50), "ms",
       percentile(f.bare_minimal, 50), "bare SQLite lookup + 2 one-index tables p50 (earlier runs' floor)"},
      {"scan_power_safe_lag_p99_ms", percentile(f.shipped.flush_lag_ms, 99), "ms",
       percentile(f.bare_full, 99), "bare SQLite commit with fsync (FULL) p99"},
      {"scan_to_coupon_full_sync_p50_ms", percentile(f.full.scan_ms, 50), "ms", percentile(f.bare_full, 50),
       "bare SQLite lookup+insert p50, FULL"},
      {"scan_to_coupon_full_sync_p99_ms", percentile(f.full.scan_ms, 99), "ms", percentile(f.bare_full, 99),
       "bare SQLite lookup+insert p99, FULL"},
  };
}

// The resident memory of smartstored with the cache of `data_dir` against an
// empty database; adds nothing when the daemon is not built or fails.
void add_daemon_memory(std::vector<BenchResult>& results, const BenchContext& ctx, const fs::path& data_dir,
                       const std::vector<unsigned char>& deployment_key,
                       const std::vector<std::string>& scans, std::uint64_t n_profiles) {
  const fs::path program = smartstored_program();
  if (!fs::exists(program)) {
    std::fprintf(stderr, "edge_scan: %s not built: smartstored_rss_1m_profiles_mib not measured\n",
                 program.c_str());
    return;
  }
  const fs::path empty_dir = fs::path(ctx.scratch_dir) / "empty";
  fs::create_directories(empty_dir / "data");
  std::pair<double, double> empty_mem, full_mem;
  try {
    empty_mem = daemon_rss(program, empty_dir, empty_dir / "data", deployment_key, scans);
    full_mem = daemon_rss(program, fs::path(ctx.scratch_dir) / "full", data_dir, deployment_key, scans);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edge_scan: smartstored_rss_1m_profiles_mib not measured: %s\n", e.what());
    return;
  }
  auto [empty_rss, empty_hwm] = empty_mem;
  auto [rss, hwm] = full_mem;
  std::fprintf(
      stderr,
      "edge_scan: smartstored VmRSS %.1f MiB (VmHWM %.1f) with %llu profiles; empty database %.1f (%.1f)\n",
      rss, hwm, static_cast<unsigned long long>(n_profiles), empty_rss, empty_hwm);
  results.push_back(
      {"smartstored_rss_1m_profiles_mib", rss, "mib", empty_rss, "smartstored VmRSS, empty database"});
  results.push_back(
      {"smartstored_hwm_1m_profiles_mib", hwm, "mib", empty_hwm, "smartstored VmHWM, empty database"});
}

SMARTSTORE_BENCH("edge_scan") {
  const std::uint64_t n_profiles = ctx.quick ? 20'000 : 1'000'000;
  const std::size_t n_scans = ctx.quick ? 1'000 : 20'000;
  const std::size_t n_full = n_scans / 10;  // an fsync each: fewer
  const std::size_t n_daemon = 500;
  const std::vector<unsigned char> deployment_key(32, 3);
  const fs::path data_dir = fs::path(ctx.scratch_dir) / "data";
  fs::create_directories(data_dir);
  const auto file = data_dir / "kiosk.db";

  // Members to scan: distinct across every run, drawn at random across the cache.
  const std::vector<std::string> numbers =
      cache_profiles(file, n_profiles, 3 * n_scans + 2 * n_full + n_daemon, deployment_key);
  auto take = [&, next = std::size_t{0}](std::size_t n) mutable {
    std::vector<std::string> out(numbers.begin() + static_cast<std::ptrdiff_t>(next),
                                 numbers.begin() + static_cast<std::ptrdiff_t>(next + n));
    next += n;
    return out;
  };
  auto keys_of = [&](const std::vector<std::string>& ns) {
    std::vector<std::string> keys;
    for (const auto& n : ns) keys.push_back(models::member_key(deployment_key, n));
    return keys;
  };

  ScanFigures f;
  f.shipped = kiosk_scans(file, false, deployment_key, take(n_scans));
  if (f.shipped.issued < n_scans / 2) throw std::runtime_error("scans did not issue coupons");
  const JournalRows rows = shipped_rows(file, n_scans);
  f.bare = bare_sqlite(file, keys_of(take(n_scans)), false, rows, 1);
  f.full = kiosk_scans(file, true, deployment_key, take(n_full));
  f.bare_full = bare_sqlite(file, keys_of(take(n_full)), true, rows, 2);
  f.bare_minimal = bare_minimal_tables(file, keys_of(take(n_scans)));
  std::vector<BenchResult> results = scan_results(f);
  add_daemon_memory(results, ctx, data_dir, deployment_key, take(n_daemon), n_profiles);
  return results;
}

}  // namespace
