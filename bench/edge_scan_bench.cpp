// Scan to coupon: payload in -> profile lookup -> policy -> signed code ->
// journal + outbox committed, against the same lookup + inserts done with
// bare SQLite prepared statements on the same file in the same run. Also the
// resident memory with the profiles cached.
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "bench_registry.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"

namespace {
using namespace smartstore;
using namespace smartstore::bench;

std::string card_number(std::uint64_t i) {
  std::string body = std::to_string(100000000000000ULL + i);  // 15 digits
  int sum = 0;
  for (int k = 14; k >= 0; --k) {
    int d = body[static_cast<std::size_t>(k)] - '0';
    if ((14 - k) % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + std::to_string((10 - sum % 10) % 10);
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

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

// The floor: one prepared lookup and the two inserts in one transaction.
std::vector<double> bare_sqlite(const std::filesystem::path& file, const std::vector<std::string>& keys) {
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          "CREATE TABLE IF NOT EXISTS bare_coupons (id TEXT PRIMARY KEY, member_key TEXT, body TEXT)",
                          "CREATE TABLE IF NOT EXISTS bare_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                          "event_id TEXT UNIQUE, payload TEXT)"}) {
    check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
  }
  sqlite3_stmt *lookup = nullptr, *coupon = nullptr, *outbox = nullptr, *begin = nullptr, *commit = nullptr;
  check(sqlite3_prepare_v2(db, "SELECT body FROM profiles_a WHERE member_key = ?1", -1, &lookup, nullptr), db, "p1");
  check(sqlite3_prepare_v2(db, "INSERT INTO bare_coupons VALUES (?1, ?2, ?3)", -1, &coupon, nullptr), db, "p2");
  check(sqlite3_prepare_v2(db, "INSERT INTO bare_outbox (event_id, payload) VALUES (?1, ?2)", -1, &outbox, nullptr), db, "p3");
  check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr), db, "p4");
  check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr), db, "p5");
  std::vector<double> ms;
  const std::string body(200, 'x');
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto t0 = std::chrono::steady_clock::now();
    sqlite3_bind_text(lookup, 1, keys[i].c_str(), -1, SQLITE_STATIC);
    check(sqlite3_step(lookup), db, "lookup");
    std::string found(reinterpret_cast<const char*>(sqlite3_column_text(lookup, 0)));
    sqlite3_reset(lookup);
    check(sqlite3_step(begin), db, "begin");
    sqlite3_reset(begin);
    std::string id = std::to_string(i);
    id.push_back('b');
    sqlite3_bind_text(coupon, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(coupon, 2, keys[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 3, body.c_str(), -1, SQLITE_STATIC);
    check(sqlite3_step(coupon), db, "coupon");
    sqlite3_reset(coupon);
    sqlite3_bind_text(outbox, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(outbox, 2, body.c_str(), -1, SQLITE_STATIC);
    check(sqlite3_step(outbox), db, "outbox");
    sqlite3_reset(outbox);
    check(sqlite3_step(commit), db, "commit");
    sqlite3_reset(commit);
    ms.push_back(seconds_since(t0) * 1e3 + (found.empty() ? 1e9 : 0));
  }
  for (auto* s : {lookup, coupon, outbox, begin, commit}) sqlite3_finalize(s);
  sqlite3_close(db);
  return ms;
}

SMARTSTORE_BENCH("edge_scan") {
  const std::uint64_t n_profiles = ctx.quick ? 20'000 : 1'000'000;
  const std::size_t n_scans = ctx.quick ? 1'000 : 10'000;
  const std::vector<unsigned char> deployment_key(32, 3);
  const auto file = std::filesystem::path(ctx.scratch_dir) / "kiosk.db";
  const double rss_before = current_rss_mib();

  edge::store::StoreOptions so{"S001", 10'000'000, 30, true};
  edge::store::KioskStore kiosk_store(file, so);
  std::vector<std::string> numbers;
  {
    std::vector<models::CustomerProfile> ps;
    ps.reserve(n_profiles);
    const std::uint64_t stride = n_profiles / (2 * n_scans);
    for (std::uint64_t i = 0; i < n_profiles; ++i) {
      std::string number = card_number(i);
      if (i % stride == 0 && numbers.size() < 2 * n_scans) numbers.push_back(number);
      ps.push_back(profile(models::member_key(deployment_key, number), i));
    }
    kiosk_store.load_profiles(ps);
  }
  kiosk_store.add_coupon_key(1, std::vector<unsigned char>(32, 9), std::chrono::system_clock::now());
  edge::kiosk::KioskOptions ko;
  ko.store_id = "S001";
  ko.deployment_key = deployment_key;
  edge::kiosk::Kiosk kiosk(kiosk_store, ko);

  // Distinct members for both runs, drawn at random across the cache.
  std::mt19937_64 rng(7);
  std::shuffle(numbers.begin(), numbers.end(), rng);
  std::vector<std::string> bare_keys;
  for (std::size_t i = n_scans; i < 2 * n_scans; ++i) bare_keys.push_back(models::member_key(deployment_key, numbers[i]));

  const auto now = std::chrono::system_clock::now();
  std::vector<double> scan_ms;
  std::size_t issued = 0;
  for (std::size_t i = 0; i < n_scans; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto out = kiosk.on_scan(numbers[i], now);
    scan_ms.push_back(seconds_since(t0) * 1e3);
    issued += out.coupon ? 1 : 0;
  }
  const double rss_after = current_rss_mib();
  if (issued < n_scans / 2) throw std::runtime_error("scans did not issue coupons");
  auto bare_ms = bare_sqlite(file, bare_keys);
  return {
      {"scan_to_coupon_p50_ms", percentile(scan_ms, 50), "ms", percentile(bare_ms, 50), "bare SQLite lookup+insert p50"},
      {"scan_to_coupon_p99_ms", percentile(scan_ms, 99), "ms", percentile(bare_ms, 99), "bare SQLite lookup+insert p99"},
      {"smartstored_rss_1m_profiles_mib", rss_after, "mib", rss_before, "RSS before loading"},
  };
}
}  // namespace
