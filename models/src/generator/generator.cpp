// Writes the demo data set. Customers are generated independently from a
// per-customer PRNG stream (seed, index), so output does not depend on
// thread scheduling and a customer's rows are the same for any N above it.
#include "smartstore/models/generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <system_error>
#include <vector>

#include "civil_date.h"
#include "csv_out.h"
#include "purchase_scale.h"
#include "demo_catalog.h"
#include "demo_customer.h"
#include "rng.h"

namespace smartstore::models {
namespace {

using gen::Archetype;
using gen::CsvOut;
using gen::Rng;
using gen::PurchaseScale;
using gen::Trait;

constexpr int kProductsPerMid = 12;
constexpr std::int64_t kLpayTrialAmount = 100;

struct DemoProduct {
  int category = 0;
  int mid = 0;
  std::int64_t price = 0;
};

// Products of each category sorted by price so an archetype can pick the
// cheap or the costly end of a category.
struct Catalog {
  std::vector<DemoProduct> products;            // pd_c = "P" + 5 digits of index
  std::vector<std::pair<int, int>> by_category;  // [first, count) per category
};

std::int64_t round_price(double p) {
  const std::int64_t step = p < 10000 ? 100 : p < 100000 ? 1000 : 10000;
  const auto r = static_cast<std::int64_t>(std::llround(p / static_cast<double>(step))) * step;
  return std::max<std::int64_t>(r - (step >= 1000 ? step / 10 : 0), 100);  // 29,000 -> 28,900 style endings
}

Catalog build_catalog(std::uint64_t seed) {
  Catalog cat;
  Rng rng(seed ^ 0xca7a1096ULL);
  const auto cats = gen::demo_categories();
  for (std::size_t c = 0; c < cats.size(); ++c) {
    const int first = static_cast<int>(cat.products.size());
    std::vector<DemoProduct> here;
    for (int m = 0; m < 3; ++m) {
      if (cats[c].mids[static_cast<std::size_t>(m)].empty()) continue;
      for (int k = 0; k < kProductsPerMid; ++k) {
        const double p = rng.log_uniform(static_cast<double>(cats[c].price_lo), static_cast<double>(cats[c].price_hi));
        here.push_back({static_cast<int>(c), m, round_price(p)});
      }
    }
    std::sort(here.begin(), here.end(), [](const DemoProduct& a, const DemoProduct& b) { return a.price < b.price; });
    cat.products.insert(cat.products.end(), here.begin(), here.end());
    cat.by_category.emplace_back(first, static_cast<int>(here.size()));
  }
  return cat;
}

// Seasonal peaks: May (family month), summer, year end (reports 001, 003).
constexpr std::array<double, 13> kMonthWeight{0, 0.9, 0.85, 0.95, 1.0, 1.3, 1.05, 1.25, 1.25, 0.95, 1.0, 1.1, 1.4};
// Offline concentrates Friday to Sunday; online is flat (report 003). Sun..Sat.
constexpr std::array<double, 7> kOfflineWeekday{1.5, 0.8, 0.75, 0.8, 0.85, 1.4, 1.7};
// Offline 10-21 h peaking 17-18 h; online all day with an evening bump.
constexpr std::array<double, 24> kOfflineHour{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 4, 4, 4, 5, 6, 10, 10, 6, 4, 2, 0, 0};
constexpr std::array<double, 24> kOnlineHour{2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 6, 5, 5, 5, 5, 5, 5, 6, 7, 8, 7, 4};

int draw_hour(Rng& rng, const std::array<double, 24>& w) {
  double total = 0;
  for (double x : w) total += x;
  double u = rng.uniform() * total;
  for (int h = 0; h < 24; ++h) {
    if (u < w[static_cast<std::size_t>(h)]) return h;
    u -= w[static_cast<std::size_t>(h)];
  }
  return 18;
}

std::int64_t draw_day(Rng& rng, std::int64_t lo, std::int64_t hi, bool offline) {
  // Rejection sampling against the largest possible weight (1.4 × 1.7).
  std::int64_t d = lo;
  for (int tries = 0; tries < 32; ++tries) {
    d = rng.between(lo, hi);
    const auto civil = gen::civil_from_days(d);
    double w = kMonthWeight[civil.month];
    if (offline) w *= kOfflineWeekday[static_cast<std::size_t>(gen::weekday(d))];
    if (rng.uniform() * 1.4 * 1.7 < w) return d;
  }
  return d;
}

struct Window {
  std::int64_t first = 0;
  std::int64_t last = 0;
  int visits = 1;
};

// The span of days a customer is active and how often they come, per archetype.
Window draw_window(Rng& rng, Archetype a, std::int64_t start, std::int64_t end) {
  const std::int64_t span = end - start;
  auto clamp = [&](std::int64_t d) { return std::clamp(d, start, end); };
  Window w;
  switch (a) {
    case Archetype::star:
      w.first = clamp(start + rng.between(0, span / 3));
      w.last = clamp(end - rng.between(0, 30));
      w.visits = static_cast<int>(rng.between(12, 30));
      break;
    case Archetype::butterfly:
      w.first = clamp(start + rng.between(0, std::max<std::int64_t>(span - 150, 0)));
      w.last = clamp(std::min(w.first + rng.between(20, 90), end - 70));
      w.visits = static_cast<int>(rng.between(2, 5));
      break;
    case Archetype::chicken_rib:
      w.first = clamp(start + rng.between(0, span / 2));
      w.last = clamp(end - rng.between(0, 45));
      w.visits = static_cast<int>(rng.between(6, 16));
      break;
    case Archetype::one_off:
      w.first = w.last = clamp(start + rng.between(0, std::max<std::int64_t>(span - 130, 0)));
      w.visits = 1;
      break;
    case Archetype::regular:
      w.first = clamp(start + rng.between(0, span));
      w.last = clamp(w.first + rng.between(0, span));
      w.visits = static_cast<int>(rng.between(3, 12));
      break;
  }
  if (w.last < w.first) w.last = w.first;
  return w;
}

void write_date(CsvOut& out, std::int64_t day) {
  const auto c = gen::civil_from_days(day);
  out.num(c.year).padded(c.month, 2).padded(c.day, 2);
}

struct Files {
  CsvOut customers, purchases, sessions, members;
  explicit Files(const std::filesystem::path& dir)
      : customers(dir / "customers.csv"), purchases(dir / "purchases.csv"), sessions(dir / "sessions.csv"),
        members(dir / "members.csv") {}
};

struct Counts {
  std::int64_t purchases = 0;
  std::int64_t sessions = 0;
};

struct Session {
  int id = 0;
  std::int64_t day = 0, pages = 0, secs = 0, searches = 0;
};

Session draw_session(int id, std::int64_t day, Trait trait, Rng& rng) {
  // Report 000's 4-bit behaviour codes from the other side: meticulous take
  // long and view many pages; mania search a lot but decide fast.
  Session s{id, day, rng.between(3, 15), rng.between(60, 420), rng.between(0, 3)};
  if (trait == Trait::meticulous) {
    s.pages = rng.between(25, 120);
    s.secs = rng.between(900, 3600);
  } else if (trait == Trait::mania) {
    s.searches = rng.between(5, 15);
  }
  return s;
}

// One purchase line, kept until the customer's lines are complete so that a
// purchase target can add or trim lines before anything is written.
struct Line {
  std::int64_t receipt = 0;
  std::int64_t day = 0;
  std::int64_t amount = 0;
  std::int64_t qty = 1;
  int visit = 0;
  int hour = 0;
  int store = 0;
  int product = 0;  // index into Catalog::products
  bool online = false;
  bool dept = false;
};

// The product, quantity and paid amount of one line of a basket.
void draw_item(Rng& rng, const gen::DemoCustomer& who, const Catalog& catalog, Line& line) {
  const auto cats = gen::demo_categories();
  int c;
  const double u = rng.uniform();
  if (u < 0.45) c = who.favourites[0];
  else if (u < 0.65) c = who.favourites[1];
  else if (u < 0.8) c = who.favourites[2];
  else c = static_cast<int>(rng.below(cats.size()));
  const auto [first, n] = catalog.by_category[static_cast<std::size_t>(c)];
  int j = 0;
  switch (who.archetype) {
    case Archetype::star:
    case Archetype::butterfly: j = n / 2 + static_cast<int>(rng.below(static_cast<std::uint64_t>(n - n / 2))); break;
    case Archetype::chicken_rib:
    case Archetype::one_off: j = static_cast<int>(rng.below(static_cast<std::uint64_t>(std::max(n / 3, 1)))); break;
    case Archetype::regular: j = static_cast<int>(rng.below(static_cast<std::uint64_t>(n))); break;
  }
  const auto& p = catalog.products[static_cast<std::size_t>(first + j)];
  const bool staple = cats[static_cast<std::size_t>(c)].price_hi <= 100000;
  const std::int64_t qty = staple ? 1 + static_cast<std::int64_t>(rng.chance(0.3)) + static_cast<std::int64_t>(rng.chance(0.1)) : 1;
  // Discounts and promotions move the paid amount a little off list price.
  const double paid = static_cast<double>(p.price * qty) * (rng.chance(0.25) ? 0.8 + 0.15 * rng.uniform() : 1.0);
  line.product = first + j;
  line.qty = qty;
  line.amount = std::max<std::int64_t>(std::llround(paid / 10.0) * 10, 10);
  line.dept = cats[static_cast<std::size_t>(c)].price_hi > 100000;
}

// Moves the customer's line count to `want`: extra
// lines join randomly chosen baskets of this customer (bigger baskets, same
// visits); surplus lines leave the latest baskets that have more than one.
// Every visit keeps at least one line, so a customer may end above `want`;
// the quota carries the difference on to the next customers.
void fit_line_count(Rng& rng, const gen::DemoCustomer& who, const Catalog& catalog, std::vector<Line>& lines,
                    std::vector<int>& per_visit, std::int64_t want) {
  if (per_visit.empty()) return;
  while (static_cast<std::int64_t>(lines.size()) < want) {
    const int v = static_cast<int>(rng.below(per_visit.size()));
    const auto at = std::find_if(lines.begin(), lines.end(), [v](const Line& l) { return l.visit > v; });
    Line extra = *std::prev(at);  // same receipt, day, hour, store and channel
    draw_item(rng, who, catalog, extra);
    lines.insert(at, extra);
    ++per_visit[static_cast<std::size_t>(v)];
  }
  for (int v = static_cast<int>(per_visit.size()) - 1; v >= 0 && static_cast<std::int64_t>(lines.size()) > want;) {
    if (per_visit[static_cast<std::size_t>(v)] <= 1) {
      --v;
      continue;
    }
    const auto last = std::find_if(lines.begin(), lines.end(), [v](const Line& l) { return l.visit > v; });
    lines.erase(std::prev(last));
    --per_visit[static_cast<std::size_t>(v)];
  }
}

// Everything drawn for one customer, before a purchase target adjusts the
// lines. Drawing is a pure function of (seed, index), so a first pass can
// count the lines the second pass will draw.
struct CustomerDraw {
  explicit CustomerDraw(std::uint64_t seed) : rng(seed) {}
  Rng rng;  // continues after the draw (for fit_line_count)
  gen::DemoCustomer who;
  Window win;
  int trial_hour = -1;  // the L.pay trial line's hour, -1 without one
  std::vector<Line> lines;
  std::vector<int> per_visit;
  std::vector<Session> sessions;
  [[nodiscard]] std::int64_t line_count() const {
    return static_cast<std::int64_t>(lines.size()) + (trial_hour >= 0 ? 1 : 0);
  }
  // The fewest lines this customer can have: one per visit (and the trial).
  [[nodiscard]] std::int64_t line_floor() const {
    return static_cast<std::int64_t>(per_visit.size()) + (trial_hour >= 0 ? 1 : 0);
  }
};

CustomerDraw draw_customer_purchases(std::int64_t index, std::uint64_t seed, const Catalog& catalog,
                                     std::span<const int> zone_stores, int store_count, std::int64_t start,
                                     std::int64_t end, bool sessions) {
  std::uint64_t s = seed ^ (0x51a27e5ULL + static_cast<std::uint64_t>(index) * 0x9e3779b97f4a7c15ULL);
  CustomerDraw d(gen::splitmix64(s));
  Rng& rng = d.rng;
  d.who = gen::draw_customer(rng, zone_stores, store_count);
  const gen::DemoCustomer& who = d.who;
  d.win = draw_window(rng, who.archetype, start, end);
  std::int64_t receipt = index * 1000;
  int session_id = 0;
  if (who.lpay_trial) {
    // The L.pay 100-won deal (report 004): online, cop_c LPAY, often a first purchase.
    d.trial_hour = draw_hour(rng, kOnlineHour);
    ++receipt;
    if (who.trial_only) return d;
  }
  for (int v = 0; v < d.win.visits; ++v) {
    Line visit;
    visit.visit = v;
    visit.online = rng.chance(who.online_share);
    // The first and last visits pin the window so recency means what the archetype says.
    visit.day = v == 0 ? d.win.last : v == 1 ? d.win.first : draw_day(rng, d.win.first, d.win.last, !visit.online);
    visit.hour = draw_hour(rng, visit.online ? kOnlineHour : kOfflineHour);
    visit.store = rng.chance(0.85) ? who.home_store : static_cast<int>(rng.below(static_cast<std::uint64_t>(store_count)));
    visit.receipt = ++receipt;
    int n = 1;
    while (n < 6 && rng.chance(who.archetype == Archetype::chicken_rib ? 0.1 : 0.22)) ++n;
    d.per_visit.push_back(n);
    for (int l = 0; l < n; ++l) {
      d.lines.push_back(visit);
      draw_item(rng, who, catalog, d.lines.back());
    }
    if (visit.online && sessions) d.sessions.push_back(draw_session(++session_id, visit.day, who.trait, rng));
  }
  if (sessions && who.online_share > 0.5) {  // browsing without buying
    const int browse = static_cast<int>(rng.between(0, 3));
    for (int b = 0; b < browse; ++b)
      d.sessions.push_back(draw_session(++session_id, rng.between(d.win.first, d.win.last), who.trait, rng));
  }
  return d;
}

// Writes one customer. `want` >= 0 asks for that many purchase lines (see
// fit_line_count); < 0 writes the drawn ones.
void write_customer(Files& f, Counts& counts, std::int64_t index, CustomerDraw& d, const Catalog& catalog,
                    std::int64_t want) {
  const gen::DemoCustomer& who = d.who;
  const std::string cust = demo_customer_id(index);
  f.customers.text(cust).ch(',').text(who.female ? "여성" : "남성").ch(',').num(who.age_band).text("대,");
  f.customers.text(gen::demo_zones()[static_cast<std::size_t>(who.zone)]).ch('\n');
  f.members.text(demo_card_number(index)).ch(',').text(cust).ch('\n');
  if (d.trial_hour >= 0) {
    f.purchases.text(cust).ch(',').num(index * 1000 + 1).text(",2,LPAY,,").text("P99999").ch(',');
    write_date(f.purchases, d.win.first);
    f.purchases.ch(',').num(d.trial_hour).ch(',').num(kLpayTrialAmount).text(",1\n");
    ++counts.purchases;
  }
  if (want >= 0) fit_line_count(d.rng, who, catalog, d.lines, d.per_visit, std::max<std::int64_t>(want - (d.trial_hour >= 0 ? 1 : 0), 0));
  for (const Line& l : d.lines) {
    f.purchases.text(cust).ch(',').num(l.receipt).ch(',').num(l.online ? 2 : 1).ch(',').text(l.dept ? "A01" : "A02").ch(',');
    if (!l.online) f.purchases.ch('S').padded(l.store + 1, 3);
    f.purchases.ch(',').ch('P').padded(l.product, 5).ch(',');
    write_date(f.purchases, l.day);
    f.purchases.ch(',').num(l.hour).ch(',').num(l.amount).ch(',').num(l.qty).ch('\n');
  }
  counts.purchases += static_cast<std::int64_t>(d.lines.size());
  for (const Session& x : d.sessions) {
    f.sessions.text(cust).ch(',').num(x.id).ch(',');
    write_date(f.sessions, x.day);
    f.sessions.ch(',').num(x.pages).ch(',').num(x.secs).ch(',').num(x.searches).ch('\n');
  }
  counts.sessions += static_cast<std::int64_t>(d.sessions.size());
}

bool write_products(const std::filesystem::path& file, const Catalog& catalog) {
  CsvOut out(file);
  const auto cats = gen::demo_categories();
  out.text("pd_c,pd_nm,clac_mcls_nm,clac_hlv_nm\n");
  for (std::size_t i = 0; i < catalog.products.size(); ++i) {
    const auto& p = catalog.products[i];
    const auto& c = cats[static_cast<std::size_t>(p.category)];
    const auto mid = c.mids[static_cast<std::size_t>(p.mid)];
    out.ch('P').padded(static_cast<std::int64_t>(i), 5).ch(',').text(mid).ch(' ').num(p.price).text("원,");
    out.text(mid).ch(',').text(c.name).ch('\n');
  }
  out.text("P99999,엘페이 100원 딜 응모권,모바일상품권,상품권\n");
  return out.close();
}

}  // namespace

char luhn_check_digit(std::string_view digits) {
  int sum = 0;
  bool twice = true;  // the digit left of the check digit is doubled
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool luhn_valid(std::string_view number) {
  if (number.size() < 2) return false;
  for (char ch : number)
    if (ch < '0' || ch > '9') return false;
  return luhn_check_digit(number.substr(0, number.size() - 1)) == number.back();
}

std::string demo_customer_id(std::int64_t index) {
  // A bijection on 0..10^9-1 (3^18 is coprime to 10^9): ids look scattered like
  // the real data's while staying unique.
  const auto v = (static_cast<std::uint64_t>(index) * 387420489ULL + 271828182ULL) % 1000000000ULL;
  std::string s = "M000000000";
  auto digits = std::to_string(v);
  s.replace(s.size() - digits.size(), digits.size(), digits);
  return s;
}

std::string demo_card_number(std::int64_t index) {
  const auto v = (static_cast<std::uint64_t>(index) * 31381059609ULL + 14142135623ULL) % 100000000000ULL;  // 3^22
  std::string body = "871000000000000";
  auto digits = std::to_string(v);
  body.replace(body.size() - digits.size(), digits.size(), digits);
  return body + luhn_check_digit(body);
}

GeneratorResult generate_demo_data(const GeneratorOptions& options, const std::filesystem::path& out_dir) {
  GeneratorResult result;
  if (options.customers < 1 || options.customers >= 1000000000) {
    result.error = "--customers must be between 1 and 999999999";
    return result;
  }
  if (options.days < 1 || options.days > 3650) {
    result.error = "--days must be between 1 and 3650";
    return result;
  }
  if (options.stores < 1 || options.stores > 999) {
    result.error = "--stores must be between 1 and 999";
    return result;
  }
  if (options.purchases < 0 || options.purchases > 1000000000000LL) {
    result.error = "--purchases must be between 0 (as drawn) and 10^12";
    return result;
  }
  const auto end = gen::parse_date(options.end_date);
  if (!end) {
    result.error = "end date '" + options.end_date + "' is not a valid YYYY-MM-DD date";
    return result;
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    result.error = "cannot create " + out_dir.string() + ": " + ec.message();
    return result;
  }
  const std::int64_t start = *end - options.days + 1;
  const Catalog catalog = build_catalog(options.seed);

  // Stores go to the most populated zones first; zone_stores maps a zone to its store.
  const auto zones = gen::demo_zones();
  const auto weights = gen::demo_zone_weights();
  std::vector<int> zone_order(zones.size());
  for (std::size_t i = 0; i < zone_order.size(); ++i) zone_order[i] = static_cast<int>(i);
  std::stable_sort(zone_order.begin(), zone_order.end(),
                   [&](int a, int b) { return weights[static_cast<std::size_t>(a)] > weights[static_cast<std::size_t>(b)]; });
  std::vector<int> zone_stores(zones.size(), -1);
  {
    CsvOut stores(out_dir / "stores.csv");
    stores.text("br_c,zon_hlv\n");
    for (int s = 0; s < options.stores; ++s) {
      const int z = zone_order[static_cast<std::size_t>(s) % zone_order.size()];
      if (zone_stores[static_cast<std::size_t>(z)] < 0) zone_stores[static_cast<std::size_t>(z)] = s;
      stores.ch('S').padded(s + 1, 3).ch(',').text(zones[static_cast<std::size_t>(z)]).ch('\n');
    }
    if (!stores.close()) result.error = "cannot write stores.csv";
  }
  if (!write_products(out_dir / "products.csv", catalog)) result.error = "cannot write products.csv";
  if (!result.ok()) return result;

  Files files(out_dir);
  files.customers.text("cust,ma_fem_dv,ages,zon_hlv\n");
  files.purchases.text("cust,rct_no,chnl_dv,cop_c,br_c,pd_c,de_dt,de_hr,buy_am,buy_ct\n");
  files.sessions.text("cust,sess_id,sess_dt,tot_pag_view_ct,tot_sess_hr_v,search_cnt\n");
  files.members.text("card_no,cust\n");
  Counts counts;
  const auto draw = [&](std::int64_t i) {
    return draw_customer_purchases(i, options.seed, catalog, zone_stores, options.stores, start, *end,
                                   options.write_sessions);
  };
  // With a target, a first pass counts the drawn lines (and the floor of
  // one per visit); each customer then brings the total to its point on
  // PurchaseScale's map, so the last one lands on the target exactly.
  PurchaseScale scale;
  if (options.purchases > 0) {
    std::int64_t drawn = 0, floor = 0;
    for (std::int64_t i = 0; i < options.customers; ++i) {
      const CustomerDraw d = draw(i);
      drawn += d.line_count();
      floor += d.line_floor();
    }
    scale = PurchaseScale(options.purchases, drawn, floor);
    if (!scale.reachable()) {
      result.error = "--purchases " + std::to_string(options.purchases) + " cannot be met: the drawn " +
                     std::to_string(floor) + " visits need a line each";
      return result;
    }
  }
  std::int64_t drawn_so_far = 0, floor_so_far = 0;
  for (std::int64_t i = 0; i < options.customers; ++i) {
    CustomerDraw d = draw(i);
    drawn_so_far += d.line_count();
    floor_so_far += d.line_floor();
    const std::int64_t want =
        scale.active() ? scale.lines_up_to(drawn_so_far, floor_so_far) - counts.purchases : -1;
    write_customer(files, counts, i, d, catalog, want);
  }
  const bool ok = files.customers.close() & files.purchases.close() & files.sessions.close() & files.members.close();
  if (!ok) {
    result.error = "cannot write the CSV files in " + out_dir.string();
    return result;
  }
  if (!options.write_sessions) std::filesystem::remove(out_dir / "sessions.csv", ec);
  if (options.purchases > 0 && counts.purchases != options.purchases) {
    result.error = "--purchases " + std::to_string(options.purchases) + " missed: " +
                   std::to_string(counts.purchases) + " lines written";  // a bug in the scale if ever seen
    return result;
  }
  result.customers = options.customers;
  result.purchases = counts.purchases;
  result.sessions = counts.sessions;
  result.products = static_cast<std::int64_t>(catalog.products.size()) + 1;
  result.stores = options.stores;
  return result;
}

}  // namespace smartstore::models
