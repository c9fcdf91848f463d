// A year of store days at speed through the real kiosk and store roles: each
// day N member scans (a fifth of them by regulars; the real policy issues
// coupons), yesterday's coupons half redeemed, staff notes, HQ acknowledging
// the day's events in the evening, and retention run once a day. The database
// size on day 365 against the disk budget, and the scan p99 on day 365 against
// day 1 (goal ratio <= 1.2); the same year without retention beside it, so the
// reader sees what retention saves. docs/edge-storage.md "Retention" discusses the figures.
//
// The simulated year lies in the past (ending 30 days before today): the
// outbox stamps an acknowledgement with the real clock, and the bench moves
// each day's stamps back to that day's evening over a second connection, as
// a kiosk acknowledged on the day would have them.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "bench_registry.h"
#include "smartstore/common/sqlite/database.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"
#include "tests/support/member_numbers.h"
#include "tests/support/member_profiles.h"

namespace {
using namespace smartstore;
using namespace smartstore::bench;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The kiosk's share of its data partition for kiosk.db (profiles, journal,
// outbox) in this bench's store of `members` cached profiles; its WAL is
// apart (journal_size_limit caps it at 64 MiB whenever it restarts).
constexpr double kDiskBudgetMiB = 128;

struct YearPlan {
  unsigned days = 365;
  unsigned scans_per_day = 300;
  unsigned notes_per_day = 20;
  unsigned members = 10'000;
};

struct YearRun {
  std::vector<double> first_day_ms, last_day_ms;
  std::vector<double> first_day_cpu_ms, last_day_cpu_ms;      // the scan thread's CPU time: no descheduling
  std::vector<double> same_load_first_ms, same_load_last_ms;  // replayed day 1 / day 365 states, interleaved
  std::vector<double> first_week_ms, last_week_ms;            // steadier than one day on a shared machine
  double db_mib = 0;                                          // kiosk.db once closed
  double wal_mib = 0;  // the largest -wal seen (journal_size_limit caps it at 64 MiB when reset)
  double retention_s = 0;
  double longest_transaction_ms = 0;
  std::string longest_where;
  std::vector<double> transaction_ms;  // every retention transaction's hold of the lock
  std::uint64_t pruned = 0;
  std::size_t issued = 0, redeemed = 0;
};

double file_mib(const fs::path& file) {
  std::error_code ec;
  const auto n = fs::file_size(file, ec);
  return ec ? 0.0 : static_cast<double>(n) / (1024.0 * 1024.0);
}

double wal_mib(const fs::path& file) {
  return file_mib(fs::path(file.string() + "-wal"));
}

// HQ acknowledges everything sent; the stamps move to `at`.
void acknowledge(edge::store::KioskStore& store, sqlite::Database& stamps, edge::Clock::time_point at) {
  for (auto events = store.outbox().next_unsent(5000); !events.empty();
       events = store.outbox().next_unsent(5000)) {
    std::vector<std::string> ids;
    for (const auto& e : events) ids.push_back(e.event_id);
    if (!store.outbox().mark_acknowledged(ids))
      throw std::runtime_error("kiosk_year: acknowledgement refused");
  }
  const auto s =
      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count());
  stamps.exec("UPDATE outbox SET acked_at = " + s + " WHERE acked_at > " + s);
}

struct Members {
  std::vector<std::string> numbers, keys;
};

Members cache_members(edge::store::KioskStore& store, const std::vector<unsigned char>& deployment_key,
                      unsigned n) {
  Members m;
  std::vector<models::CustomerProfile> profiles;
  for (unsigned i = 0; i < n; ++i) {
    m.numbers.push_back(testing::with_luhn_digit(std::to_string(200000000000000ULL + i)));
    m.keys.push_back(models::member_key(deployment_key, m.numbers.back()));
    profiles.push_back(testing::returning_member(m.keys.back(), i));
  }
  if (auto loaded = store.profiles().load(profiles); !loaded)
    throw std::runtime_error("kiosk_year: profiles not cached: " + loaded.error().message());
  return m;
}

// A fifth of the scans are the regulars' (the first 2 % of members, each in
// every few days): their coupon history is what grows without retention.
const std::string& pick_member(const Members& members, std::mt19937_64& rng) {
  const std::size_t regulars = std::max<std::size_t>(1, members.numbers.size() / 50);
  return members.numbers[rng() % (rng() % 5 == 0 ? regulars : members.numbers.size())];
}

// Day 1's state (a copy taken that evening) and day 365's, scanned in
// alternating blocks by the same members at the same times: load from other
// processes falls on both alike, which two days a simulated year apart
// cannot promise on a shared machine.
void scan_both_states(edge::kiosk::Kiosk& last, edge::store::KioskStore& last_store,
                      const fs::path& first_file, const edge::store::StoreOptions& options,
                      const edge::kiosk::KioskOptions& kiosk_options, const Members& members,
                      const YearPlan& plan, edge::Clock::time_point opens, YearRun& run) {
  edge::store::KioskStore first_store(first_file, options);
  edge::kiosk::Kiosk first(first_store, kiosk_options);
  // Both page caches warm, as the live year's are: every profile read once.
  for (const auto& key : members.keys) {
    (void)first_store.profiles().find(key);
    (void)last_store.profiles().find(key);
  }
  std::mt19937_64 rng(365);
  constexpr unsigned kBlock = 25;
  const auto step = std::chrono::duration_cast<std::chrono::milliseconds>(10h) / plan.scans_per_day;
  for (unsigned i = 0; i < plan.scans_per_day; i += kBlock) {
    std::vector<std::string> numbers;
    for (unsigned j = 0; j < kBlock; ++j) numbers.push_back(pick_member(members, rng));
    for (unsigned side = 0; side < 2; ++side) {
      const bool day_one = (side + i / kBlock) % 2 == 0;
      edge::kiosk::Kiosk& kiosk = day_one ? first : last;
      auto& ms = day_one ? run.same_load_first_ms : run.same_load_last_ms;
      for (unsigned j = 0; j < kBlock; ++j) {
        const auto t0 = std::chrono::steady_clock::now();
        (void)kiosk.on_scan(numbers[j], opens + step * (i + j));
        ms.push_back(seconds_since(t0) * 1e3);
      }
    }
  }
}

struct Day {
  std::vector<double> scan_ms, cpu_ms;
  std::vector<std::string> codes;  // redeemed tomorrow
};

Day store_day(edge::kiosk::Kiosk& kiosk, edge::store::KioskStore& store, const Members& members,
              const YearPlan& plan, edge::Clock::time_point opens, unsigned day, std::mt19937_64& rng,
              YearRun& run, const std::vector<std::string>& to_redeem) {
  Day d;
  const auto step = std::chrono::duration_cast<std::chrono::milliseconds>(10h) / plan.scans_per_day;
  for (unsigned i = 0; i < plan.scans_per_day; ++i) {
    const auto& number = pick_member(members, rng);
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = thread_cpu_seconds();
    auto out = kiosk.on_scan(number, opens + step * i);
    d.cpu_ms.push_back((thread_cpu_seconds() - cpu0) * 1e3);
    d.scan_ms.push_back(seconds_since(t0) * 1e3);
    if (!out.coupon) continue;
    ++run.issued;
    if (rng() % 2 == 0) d.codes.push_back(out.coupon->code);
  }
  for (const auto& code : to_redeem)
    run.redeemed += kiosk.redeem(code, "till-1", opens + 10h + 30min).accepted ? 1 : 0;
  edge::StaffNote note;
  note.remarks = "asked for the autumn catalogue; prefers weekday mornings";
  note.items = {{"8801234567890", "식품", 2, 12'900, true}};
  for (unsigned j = 0; j < plan.notes_per_day; ++j) {
    std::string idempotency = "d";
    idempotency.append(std::to_string(day)).append("-").append(std::to_string(j));
    (void)store.notes().record_note(members.keys[rng() % members.keys.size()], note, "staff-1", idempotency,
                                    opens + 10h + 45min + 1s * j);
  }
  return d;
}

YearRun simulate_year(const fs::path& dir, const YearPlan& plan, bool retention) {
  fs::create_directories(dir);
  const fs::path file = dir / "kiosk.db";
  const std::vector<unsigned char> deployment_key(32, 3);
  edge::store::StoreOptions options{"S001", 10'000'000, 30, false};
  options.retention.pause = 0ms;  // one thread here: nobody waits for the lock
  YearRun run;
  {
    edge::store::KioskStore store(file, options);
    const Members members = cache_members(store, deployment_key, plan.members);
    const edge::Clock::time_point start = std::chrono::floor<std::chrono::days>(edge::Clock::now()) -
                                          24h * (plan.days + 30) + 1h;  // 10:00 in Seoul
    // Without a key no coupon is issued and the year would measure the wrong thing.
    if (auto keyed = store.keys().add(1, std::vector<unsigned char>(32, 9), start - 24h * 30); !keyed)
      throw std::runtime_error("coupon key not stored: " + keyed.error().message());
    edge::kiosk::KioskOptions ko;
    ko.store_id = "S001";
    ko.deployment_key = deployment_key;
    edge::kiosk::Kiosk kiosk(store, ko);
    sqlite::Database stamps(file);
    std::mt19937_64 rng(11);
    std::vector<std::string> to_redeem;
    for (unsigned day = 0; day < plan.days; ++day) {
      const auto opens = start + 24h * day;
      Day d = store_day(kiosk, store, members, plan, opens, day, rng, run, to_redeem);
      to_redeem = std::move(d.codes);
      acknowledge(store, stamps, opens + 11h);
      if (retention) {
        auto report = store.retention().run(opens + 12h);
        if (!report) throw std::runtime_error("kiosk_year: retention failed: " + report.error().message());
        run.retention_s += report->seconds;
        run.pruned += report->total();
        run.transaction_ms.insert(run.transaction_ms.end(), report->transaction_ms.begin(),
                                  report->transaction_ms.end());
        if (report->longest_transaction_ms > run.longest_transaction_ms) {
          run.longest_transaction_ms = report->longest_transaction_ms;
          run.longest_where = report->longest_table + " on day " + std::to_string(day + 1);
        }
      }
      if (day == 0) {
        run.first_day_ms = d.scan_ms;
        run.first_day_cpu_ms = d.cpu_ms;
        // The day-1 state, kept to be scanned again beside day 365's.
        stamps.exec("VACUUM INTO '" + (dir / "day1.db").string() + "'");
      }
      if (day < 7) run.first_week_ms.insert(run.first_week_ms.end(), d.scan_ms.begin(), d.scan_ms.end());
      if (day + 7 >= plan.days)
        run.last_week_ms.insert(run.last_week_ms.end(), d.scan_ms.begin(), d.scan_ms.end());
      if (day + 1 == plan.days) {
        run.last_day_ms = d.scan_ms;
        run.last_day_cpu_ms = d.cpu_ms;
      }
      if ((day + 1) % 60 == 0)
        std::fprintf(stderr, "kiosk_year: %s day %u: kiosk.db %.1f MiB + wal %.1f MiB, day p99 %.3f ms\n",
                     retention ? "retention" : "no retention", day + 1, file_mib(file), wal_mib(file),
                     percentile(d.scan_ms, 99));
      run.wal_mib = std::max(run.wal_mib, wal_mib(file));
    }
    scan_both_states(kiosk, store, dir / "day1.db", options, ko, members, plan, start + 24h * plan.days, run);
  }  // closed: the WAL is checkpointed into kiosk.db and removed
  run.db_mib = file_mib(file);
  return run;
}

}  // namespace

SMARTSTORE_BENCH("kiosk_year") {
  YearPlan plan;
  if (ctx.quick) plan = YearPlan{30, 100, 10, 1'000};
  const YearRun kept = simulate_year(fs::path(ctx.scratch_dir) / "retention", plan, true);
  const YearRun grown = simulate_year(fs::path(ctx.scratch_dir) / "no_retention", plan, false);
  const double p99_first = percentile(kept.first_day_ms, 99), p99_last = percentile(kept.last_day_ms, 99);
  const double grown_first = percentile(grown.first_day_ms, 99),
               grown_last = percentile(grown.last_day_ms, 99);
  std::fprintf(
      stderr,
      "kiosk_year: %u days x %u scans, %u notes, %u members; retention: %.1f MiB, scan p99 day 1 %.3f "
      "day %u %.3f ms, %llu rows pruned in %.1f s (longest transaction %.2f ms, %s), %zu issued, %zu "
      "redeemed, largest WAL %.1f MiB | none: %.1f MiB, p99 day 1 %.3f day %u %.3f ms, largest WAL %.1f "
      "MiB\n",
      plan.days, plan.scans_per_day, plan.notes_per_day, plan.members, kept.db_mib, p99_first, plan.days,
      p99_last, static_cast<unsigned long long>(kept.pruned), kept.retention_s, kept.longest_transaction_ms,
      kept.longest_where.c_str(), kept.issued, kept.redeemed, kept.wal_mib, grown.db_mib, grown_first,
      plan.days, grown_last, grown.wal_mib);
  std::fprintf(stderr,
               "kiosk_year: scan p50 day 1 %.3f day %u %.3f ms; CPU p50/p99 day 1 %.3f/%.3f day %u %.3f/%.3f "
               "ms; day-1 and day-%u states interleaved: p50 %.3f / %.3f, p99 %.3f / %.3f ms\n",
               percentile(kept.first_day_ms, 50), plan.days, percentile(kept.last_day_ms, 50),
               percentile(kept.first_day_cpu_ms, 50), percentile(kept.first_day_cpu_ms, 99), plan.days,
               percentile(kept.last_day_cpu_ms, 50), percentile(kept.last_day_cpu_ms, 99), plan.days,
               percentile(kept.same_load_first_ms, 50), percentile(kept.same_load_last_ms, 50),
               percentile(kept.same_load_first_ms, 99), percentile(kept.same_load_last_ms, 99));
  return {
      {"kiosk_year_db_mib", kept.db_mib, "mib", kDiskBudgetMiB,
       "disk budget for kiosk.db (configured; WAL apart)"},
      {"kiosk_year_db_no_retention_mib", grown.db_mib, "mib", kept.db_mib, "the same year with retention"},
      {"kiosk_year_scan_p99_ms", p99_last, "ms", p99_first, "scan p99 on day 1, same run"},
      {"kiosk_year_scan_p99_same_load_ms", percentile(kept.same_load_last_ms, 99), "ms",
       percentile(kept.same_load_first_ms, 99),
       "the day-1 state's scan p99, scanned interleaved with the last day's (same members, times, load)"},
      {"kiosk_year_scan_cpu_p99_ms", percentile(kept.last_day_cpu_ms, 99), "ms",
       percentile(kept.first_day_cpu_ms, 99), "scan thread CPU p99 on day 1, same run"},
      {"kiosk_year_scan_p99_last_week_ms", percentile(kept.last_week_ms, 99), "ms",
       percentile(kept.first_week_ms, 99), "scan p99 in the first 7 days, same run"},
      {"kiosk_year_scan_p99_no_retention_ms", grown_last, "ms", grown_first,
       "scan p99 on day 1 without retention, same run"},
      {"kiosk_year_scan_p99_last_week_no_retention_ms", percentile(grown.last_week_ms, 99), "ms",
       percentile(grown.first_week_ms, 99), "scan p99 in the first 7 days without retention, same run"},
      {"kiosk_year_retention_transaction_p99_ms", percentile(kept.transaction_ms, 99), "ms", p99_first,
       "scan p99 on day 1 (a scan waits at most one retention transaction)"},
      {"kiosk_year_retention_longest_transaction_ms", kept.longest_transaction_ms, "ms", p99_first,
       "scan p99 on day 1"},
  };
}
