// Scan to coupon: payload in -> profile lookup -> policy -> signed code ->
// journal + outbox committed, against the same lookup + inserts done with
// bare SQLite prepared statements under the same pragmas on the same file in
// the same run: the member's profile row, then the coupons and outbox rows the
// kiosk wrote (every column, same bytes, fresh ids) in one transaction. Measured twice: with the shipped durability (WAL, NORMAL,
// checkpoints and the power-safe flush on a background thread) and with
// synchronous=FULL (an fsync in every commit). Also how long after a scan its
// coupon is power-safe, and the resident memory of the real smartstored with
// the 1,000,000 profiles cached. docs/edge-storage.md discusses the figures.
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

#include "bench_registry.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/common/sqlite/checkpointer.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"

namespace {
using namespace smartstore;
using namespace smartstore::bench;
namespace fs = std::filesystem;

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

// One step of a statement with no row to keep, then ready for the next use.
void step_once(sqlite3* db, sqlite3_stmt* stmt, const char* what) {
  check(sqlite3_step(stmt), db, what);
  sqlite3_reset(stmt);
}

// Both floors start each scan the same way: the profile row, then the write
// transaction.
std::string look_up_and_begin(sqlite3* db, sqlite3_stmt* lookup, sqlite3_stmt* begin, const std::string& key) {
  sqlite3_bind_text(lookup, 1, key.c_str(), -1, SQLITE_STATIC);
  check(sqlite3_step(lookup), db, "lookup");
  std::string found(reinterpret_cast<const char*>(sqlite3_column_text(lookup, 0)));
  sqlite3_reset(lookup);
  step_once(db, begin, "begin");
  return found;
}

// Rows the shipped path committed, to be written again by bare SQLite: the
// floor inserts the same columns with the same bytes (fresh ids), so it pays
// for the same tables, indexes and WAL pages the kiosk's transaction does.
struct JournalRows {
  struct Coupon {
    std::string code, offer_id, reason_code, body, day, campaign_id;
    std::int64_t issued_at = 0, expires_at = 0;
  };
  struct Event {
    std::string type, day, created_at, payload;
  };
  std::vector<Coupon> coupons;
  std::vector<Event> events;
};

JournalRows shipped_rows(const fs::path& file, std::size_t n) {
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), db, "open");
  auto text = [](sqlite3_stmt* s, int col) {
    const auto* p = sqlite3_column_text(s, col);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p));
  };
  JournalRows rows;
  sqlite3_stmt* s = nullptr;
  check(sqlite3_prepare_v2(db, "SELECT code, offer_id, reason_code, body, day, campaign_id, issued_at, expires_at "
                               "FROM coupons ORDER BY rowid LIMIT ?1", -1, &s, nullptr), db, "coupons");
  sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(n));
  while (sqlite3_step(s) == SQLITE_ROW)
    rows.coupons.push_back({text(s, 0), text(s, 1), text(s, 2), text(s, 3), text(s, 4), text(s, 5),
                            sqlite3_column_int64(s, 6), sqlite3_column_int64(s, 7)});
  sqlite3_finalize(s);
  check(sqlite3_prepare_v2(db, "SELECT type, day, created_at, payload FROM outbox ORDER BY seq LIMIT ?1", -1, &s,
                           nullptr), db, "outbox");
  sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(n));
  while (sqlite3_step(s) == SQLITE_ROW) rows.events.push_back({text(s, 0), text(s, 1), text(s, 2), text(s, 3)});
  sqlite3_finalize(s);
  sqlite3_close(db);
  if (rows.coupons.empty() || rows.events.empty()) throw std::runtime_error("no shipped rows to replay");
  return rows;
}

// Ids shaped like the shipped ones (random coupon ids and codes, so index
// inserts land at random as theirs do; time-ordered event ids), made before
// the clock starts.
struct FreshIds {
  std::vector<std::string> coupon_ids, codes, event_ids;
};
FreshIds fresh_ids(std::size_t n, std::size_t code_length, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  static constexpr char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  FreshIds ids;
  char buf[48];
  for (std::size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "c%016llx", static_cast<unsigned long long>(rng()));
    ids.coupon_ids.emplace_back(buf);
    std::string code = "SC1.";
    while (code.size() < code_length) code.push_back(base32[rng() % 32]);
    ids.codes.push_back(std::move(code));
    std::snprintf(buf, sizeof buf, "%08llx-%04llx-7%03llx-8000-%012llx", static_cast<unsigned long long>(seed),
                  static_cast<unsigned long long>(i >> 12), static_cast<unsigned long long>(i & 0xfff),
                  static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
    ids.event_ids.emplace_back(buf);
  }
  return ids;
}

// The floor: one prepared lookup of the member's profile row and the same two
// inserts the kiosk commits (coupons + outbox, every column) in one
// transaction, under the pragmas the kiosk's serving connection uses.
std::vector<double> bare_sqlite(const fs::path& file, const std::vector<std::string>& keys, bool full,
                                const JournalRows& rows, std::uint64_t seed) {
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  const std::string sync = full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
  for (const char* sql : {"PRAGMA journal_mode=WAL", sync.c_str(), "PRAGMA wal_autocheckpoint=0"})
    check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
  sqlite3_stmt *lookup = nullptr, *coupon = nullptr, *outbox = nullptr, *begin = nullptr, *commit = nullptr;
  check(sqlite3_prepare_v2(db, "SELECT body FROM profiles_a WHERE member_key = ?1", -1, &lookup, nullptr), db, "p1");
  check(sqlite3_prepare_v2(db,
                           "INSERT INTO coupons (coupon_id, code, member_key, offer_id, reason_code, body, day, "
                           "issued_at, expires_at, campaign_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                           -1, &coupon, nullptr), db, "p2");
  check(sqlite3_prepare_v2(db, "INSERT INTO outbox (event_id, type, day, created_at, payload) VALUES (?1, ?2, ?3, ?4, ?5)",
                           -1, &outbox, nullptr), db, "p3");
  check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr), db, "p4");
  check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr), db, "p5");
  const FreshIds ids = fresh_ids(keys.size(), rows.coupons.front().code.size(), seed);
  std::vector<double> ms;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto& c = rows.coupons[i % rows.coupons.size()];
    const auto& e = rows.events[i % rows.events.size()];
    auto t0 = std::chrono::steady_clock::now();
    const std::string found = look_up_and_begin(db, lookup, begin, keys[i]);
    sqlite3_bind_text(coupon, 1, ids.coupon_ids[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 2, ids.codes[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 3, keys[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 4, c.offer_id.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 5, c.reason_code.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 6, c.body.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 7, c.day.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(coupon, 8, c.issued_at);
    sqlite3_bind_int64(coupon, 9, c.expires_at);
    sqlite3_bind_text(coupon, 10, c.campaign_id.c_str(), -1, SQLITE_STATIC);
    step_once(db, coupon, "coupon");
    sqlite3_bind_text(outbox, 1, ids.event_ids[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(outbox, 2, e.type.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(outbox, 3, e.day.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(outbox, 4, e.created_at.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(outbox, 5, e.payload.c_str(), -1, SQLITE_STATIC);
    step_once(db, outbox, "outbox");
    step_once(db, commit, "commit");
    ms.push_back(seconds_since(t0) * 1e3 + (found.empty() ? 1e9 : 0));
    // The kiosk's checkpointer keeps its WAL short (a long WAL slows every
    // page lookup); the floor's is kept short too, off the clock.
    if (i % 32 == 31) sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  for (auto* s : {lookup, coupon, outbox, begin, commit}) sqlite3_finalize(s);
  sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_close(db);
  return ms;
}

// The floor as earlier runs measured it: the same lookup, but two small
// tables with one index each instead of the journal's, and a WAL left to
// grow. Kept in the output so the figures stay comparable with earlier runs.
std::vector<double> bare_minimal_tables(const fs::path& file, const std::vector<std::string>& keys) {
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA wal_autocheckpoint=0",
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
    const std::string found = look_up_and_begin(db, lookup, begin, keys[i]);
    char id[24];
    std::snprintf(id, sizeof id, "m%zu", i);
    sqlite3_bind_text(coupon, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(coupon, 2, keys[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 3, body.c_str(), -1, SQLITE_STATIC);
    step_once(db, coupon, "coupon");
    sqlite3_bind_text(outbox, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(outbox, 2, body.c_str(), -1, SQLITE_STATIC);
    step_once(db, outbox, "outbox");
    step_once(db, commit, "commit");
    ms.push_back(seconds_since(t0) * 1e3 + (found.empty() ? 1e9 : 0));
  }
  for (auto* s : {lookup, coupon, outbox, begin, commit}) sqlite3_finalize(s);
  sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_close(db);
  return ms;
}

struct KioskRun {
  std::vector<double> scan_ms;
  // Where the time goes, on the same members after the scans: the member key
  // (HMAC), find_profile (alias, row, decode) and the policy's history query.
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
    (void)store.find_profile(key);
    run.lookup_ms.push_back(seconds_since(t0) * 1e3);
    t0 = std::chrono::steady_clock::now();
    (void)store.history(key, day, now);
    run.history_ms.push_back(seconds_since(t0) * 1e3);
  }
  run.flush_lag_ms = store.checkpoint_stats().flush_lag_ms;
  return run;
}

// VmRSS and VmHWM (MiB) of a process.
std::pair<double, double> rss_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  double rss = 0, hwm = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) rss = std::stod(line.substr(6)) / 1024.0;
    if (line.rfind("VmHWM:", 0) == 0) hwm = std::stod(line.substr(6)) / 1024.0;
  }
  return {rss, hwm};
}

std::int64_t coupon_rows(const fs::path& db_file) {
  sqlite3* db = nullptr;
  std::int64_t n = -1;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM coupons", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// Starts the real smartstored on `data_dir` (offline, scans on stdin), feeds
// it `numbers`, waits until their coupons are journaled, and reads its memory.
std::pair<double, double> daemon_rss(const fs::path& program, const fs::path& dir, const fs::path& data_dir,
                                     const std::vector<unsigned char>& deployment_key,
                                     const std::vector<std::string>& numbers) {
  fs::create_directories(dir / "keys");
  auto key_file = [](const fs::path& f, const std::vector<unsigned char>& bytes) {
    std::ofstream(f, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                             static_cast<std::streamsize>(bytes.size()));
    fs::permissions(f, fs::perms::owner_read | fs::perms::owner_write);
  };
  key_file(dir / "keys/deployment.key", deployment_key);
  key_file(dir / "keys/coupon.key", std::vector<unsigned char>(32, 9));
  std::ofstream(dir / "staff.toml")
      << "[[staff]]\nid = \"bench\"\ntoken_sha256 = \"94b748942aa8e4f0e5d16a0fb006750af9bd0f2f5fd0fbb682258c76ed6e4094\"\n";
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \"" << data_dir.string()
                                    << "\"\ndeployment_key_file = \"" << (dir / "keys/deployment.key").string()
                                    << "\"\ncoupon_key_file = \"" << (dir / "keys/coupon.key").string()
                                    << "\"\nlog_level = \"warn\"\n[http]\nlisten = \"127.0.0.1:" << free_loopback_port()
                                    << "\"\nstaff_file = \""
                                    << (dir / "staff.toml").string() << "\"\n[[scanner.source]]\nkind = \"stdin\"\nterminator = \"\\n\"\n";
  int in[2];
  if (::pipe(in) != 0) throw std::runtime_error("pipe");
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], STDIN_FILENO);
    ::close(in[0]);
    ::close(in[1]);
    std::string log = (dir / "daemon.log").string();
    std::FILE* out = std::freopen(log.c_str(), "w", stdout);
    std::FILE* err = std::freopen(log.c_str(), "a", stderr);
    (void)out;
    (void)err;
    std::string cfg = (dir / "kiosk.toml").string();
    ::execl(program.c_str(), program.c_str(), "--config", cfg.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(in[0]);
  const fs::path db_file = data_dir / "kiosk.db";
  const auto before = coupon_rows(db_file);
  std::string lines;
  for (const auto& n : numbers) lines += n + "\n";
  (void)!::write(in[1], lines.data(), lines.size());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool done = false;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) break;
    done = coupon_rows(db_file) - std::max<std::int64_t>(before, 0) >= static_cast<std::int64_t>(numbers.size() / 2);
  }
  auto mem = rss_of(pid);
  ::kill(pid, SIGTERM);
  ::close(in[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!done) throw std::runtime_error("smartstored did not journal the scans; see " + (dir / "daemon.log").string());
  return mem;
}

fs::path smartstored_program() {
  if (const char* p = std::getenv("SMARTSTORED")) return p;
  // <build>/bench/smartstore-bench next to <build>/edge/smartstored.
  return fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "edge" / "smartstored";
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
  const std::size_t wanted = 3 * n_scans + 2 * n_full + n_daemon;
  std::vector<std::string> numbers;
  {
    edge::store::KioskStore kiosk_store(file, edge::store::StoreOptions{"S001", 10'000'000, 30, false});
    std::vector<models::CustomerProfile> ps;
    ps.reserve(n_profiles);
    const std::uint64_t stride = std::max<std::uint64_t>(1, n_profiles / wanted);
    for (std::uint64_t i = 0; i < n_profiles; ++i) {
      std::string number = card_number(i);
      if (i % stride == 0 && numbers.size() < wanted) numbers.push_back(number);
      ps.push_back(profile(models::member_key(deployment_key, number), i));
    }
    kiosk_store.load_profiles(ps);
    kiosk_store.add_coupon_key(1, std::vector<unsigned char>(32, 9), std::chrono::system_clock::now());
  }
  if (numbers.size() < wanted) throw std::runtime_error("not enough distinct members");
  std::mt19937_64 rng(7);
  std::shuffle(numbers.begin(), numbers.end(), rng);
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

  KioskRun shipped = kiosk_scans(file, false, deployment_key, take(n_scans));
  if (shipped.issued < n_scans / 2) throw std::runtime_error("scans did not issue coupons");
  const JournalRows rows = shipped_rows(file, n_scans);
  auto bare = bare_sqlite(file, keys_of(take(n_scans)), false, rows, 1);
  KioskRun full = kiosk_scans(file, true, deployment_key, take(n_full));
  auto bare_full = bare_sqlite(file, keys_of(take(n_full)), true, rows, 2);
  auto bare_minimal = bare_minimal_tables(file, keys_of(take(n_scans)));
  std::fprintf(stderr,
               "edge_scan: shipped scan p50 %.3f p99 %.3f ms | bare p50 %.3f p99 %.3f (minimal tables p50 %.3f p99 %.3f)"
               " | FULL scan p50 %.3f p99 %.3f, bare FULL p50 %.3f p99 %.3f | flush lag p50 %.2f p99 %.2f ms (%zu)\n",
               percentile(shipped.scan_ms, 50), percentile(shipped.scan_ms, 99), percentile(bare, 50),
               percentile(bare, 99), percentile(bare_minimal, 50), percentile(bare_minimal, 99),
               percentile(full.scan_ms, 50), percentile(full.scan_ms, 99), percentile(bare_full, 50),
               percentile(bare_full, 99), percentile(shipped.flush_lag_ms, 50), percentile(shipped.flush_lag_ms, 99),
               shipped.flush_lag_ms.size());
  std::fprintf(stderr, "edge_scan: phases p50 (ms): member_key %.4f, find_profile %.4f, history %.4f\n",
               percentile(shipped.key_ms, 50), percentile(shipped.lookup_ms, 50), percentile(shipped.history_ms, 50));

  std::vector<BenchResult> results = {
      {"scan_to_coupon_p50_ms", percentile(shipped.scan_ms, 50), "ms", percentile(bare, 50),
       "bare SQLite lookup + same journal/outbox rows p50, same pragmas"},
      {"scan_to_coupon_p99_ms", percentile(shipped.scan_ms, 99), "ms", percentile(bare, 99),
       "bare SQLite lookup + same journal/outbox rows p99, same pragmas"},
      {"scan_to_coupon_vs_minimal_tables_p50_ms", percentile(shipped.scan_ms, 50), "ms", percentile(bare_minimal, 50),
       "bare SQLite lookup + 2 one-index tables p50 (earlier runs' floor)"},
      {"scan_power_safe_lag_p99_ms", percentile(shipped.flush_lag_ms, 99), "ms", percentile(bare_full, 99),
       "bare SQLite commit with fsync (FULL) p99"},
      {"scan_to_coupon_full_sync_p50_ms", percentile(full.scan_ms, 50), "ms", percentile(bare_full, 50),
       "bare SQLite lookup+insert p50, FULL"},
      {"scan_to_coupon_full_sync_p99_ms", percentile(full.scan_ms, 99), "ms", percentile(bare_full, 99),
       "bare SQLite lookup+insert p99, FULL"},
  };

  const fs::path program = smartstored_program();
  if (!fs::exists(program)) {
    std::fprintf(stderr, "edge_scan: %s not built: smartstored_rss_1m_profiles_mib not measured\n", program.c_str());
    return results;
  }
  const fs::path empty_dir = fs::path(ctx.scratch_dir) / "empty";
  fs::create_directories(empty_dir / "data");
  auto scans = take(n_daemon);
  std::pair<double, double> empty_mem, full_mem;
  try {
    empty_mem = daemon_rss(program, empty_dir, empty_dir / "data", deployment_key, scans);
    full_mem = daemon_rss(program, fs::path(ctx.scratch_dir) / "full", data_dir, deployment_key, scans);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edge_scan: smartstored_rss_1m_profiles_mib not measured: %s\n", e.what());
    return results;
  }
  auto [empty_rss, empty_hwm] = empty_mem;
  auto [rss, hwm] = full_mem;
  std::fprintf(stderr, "edge_scan: smartstored VmRSS %.1f MiB (VmHWM %.1f) with %llu profiles; empty database %.1f (%.1f)\n",
               rss, hwm, static_cast<unsigned long long>(n_profiles), empty_rss, empty_hwm);
  results.push_back({"smartstored_rss_1m_profiles_mib", rss, "mib", empty_rss, "smartstored VmRSS, empty database"});
  results.push_back({"smartstored_hwm_1m_profiles_mib", hwm, "mib", empty_hwm, "smartstored VmHWM, empty database"});
  return results;
}
}  // namespace
