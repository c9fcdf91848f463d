// Draws one demo customer's visits, baskets and browsing sessions, and the
// product catalogue they buy from. A pure function of (seed, index): the
// generator's first pass counts lines, the second draws the same ones again.
#include "customer_draw.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "demo_weather.h"
#include "smartstore/common/civil_date.h"

namespace smartstore::models::gen {
namespace {

constexpr int kProductsPerMid = 12;

std::int64_t round_price(double p) {
  const std::int64_t step = p < 10000 ? 100 : p < 100000 ? 1000 : 10000;
  const auto r = static_cast<std::int64_t>(std::llround(p / static_cast<double>(step))) * step;
  return std::max<std::int64_t>(r - (step >= 1000 ? step / 10 : 0), 100);  // 29,000 -> 28,900 style endings
}

// Seasonal peaks: May (family month), summer, year end (reports 001, 003).
constexpr std::array<double, 13> kMonthWeight{0,    0.9,  0.85, 0.95, 1.0, 1.3, 1.05,
                                              1.25, 1.25, 0.95, 1.0,  1.1, 1.4};
// Offline concentrates Friday to Sunday; online is flat (report 003). Mon..Sun.
constexpr std::array<double, 7> kOfflineWeekday{0.8, 0.75, 0.8, 0.85, 1.4, 1.7, 1.5};
// Offline 10-21 h peaking 17-18 h; online all day with an evening bump.
constexpr std::array<double, 24> kOfflineHour{0, 0, 0, 0, 0, 0,  0,  0, 0, 0, 2, 3,
                                              4, 4, 4, 5, 6, 10, 10, 6, 4, 2, 0, 0};
constexpr std::array<double, 24> kOnlineHour{2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5,
                                             6, 5, 5, 5, 5, 5, 5, 6, 7, 8, 7, 4};

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
    const auto civil = civil_from_days(d);
    double w = kMonthWeight[civil.month];
    // Rain, sultry and freezing days keep people from the store (demo_weather.h).
    if (offline)
      w *= kOfflineWeekday[static_cast<std::size_t>(weekday(d))] * weather_visit_factor(demo_weather(d));
    if (rng.uniform() * 1.4 * 1.7 < w) return d;
  }
  return d;
}

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

// The product, quantity and paid amount of one line of a basket.
void draw_item(Rng& rng, const DemoCustomer& who, const Catalog& catalog, Line& line) {
  const auto cats = demo_categories();
  int c;
  const double u = rng.uniform();
  if (u < 0.45)
    c = who.favourites[0];
  else if (u < 0.65)
    c = who.favourites[1];
  else if (u < 0.8)
    c = who.favourites[2];
  else
    c = static_cast<int>(rng.below(cats.size()));
  const auto [first, n] = catalog.by_category[static_cast<std::size_t>(c)];
  int j = 0;
  switch (who.archetype) {
    case Archetype::star:
    case Archetype::butterfly:
      j = n / 2 + static_cast<int>(rng.below(static_cast<std::uint64_t>(n - n / 2)));
      break;
    case Archetype::chicken_rib:
    case Archetype::one_off:
      j = static_cast<int>(rng.below(static_cast<std::uint64_t>(std::max(n / 3, 1))));
      break;
    case Archetype::regular:
      j = static_cast<int>(rng.below(static_cast<std::uint64_t>(n)));
      break;
  }
  const auto& p = catalog.products[static_cast<std::size_t>(first + j)];
  const bool staple = cats[static_cast<std::size_t>(c)].price_hi <= 100000;
  const std::int64_t qty =
      staple ? 1 + static_cast<std::int64_t>(rng.chance(0.3)) + static_cast<std::int64_t>(rng.chance(0.1))
             : 1;
  // Discounts and promotions move the paid amount a little off list price.
  const double paid =
      static_cast<double>(p.price * qty) * (rng.chance(0.25) ? 0.8 + 0.15 * rng.uniform() : 1.0);
  line.product = first + j;
  line.qty = qty;
  line.amount = std::max<std::int64_t>(std::llround(paid / 10.0) * 10, 10);
  line.dept = cats[static_cast<std::size_t>(c)].price_hi > 100000;
}

}  // namespace

Catalog build_catalog(std::uint64_t seed) {
  Catalog cat;
  Rng rng(seed ^ 0xca7a1096ULL);
  const auto cats = demo_categories();
  for (std::size_t c = 0; c < cats.size(); ++c) {
    const int first = static_cast<int>(cat.products.size());
    std::vector<DemoProduct> here;
    for (int m = 0; m < 3; ++m) {
      if (cats[c].mids[static_cast<std::size_t>(m)].empty()) continue;
      for (int k = 0; k < kProductsPerMid; ++k) {
        const double p =
            rng.log_uniform(static_cast<double>(cats[c].price_lo), static_cast<double>(cats[c].price_hi));
        here.push_back({static_cast<int>(c), m, round_price(p)});
      }
    }
    std::sort(here.begin(), here.end(),
              [](const DemoProduct& a, const DemoProduct& b) { return a.price < b.price; });
    cat.products.insert(cat.products.end(), here.begin(), here.end());
    cat.by_category.emplace_back(first, static_cast<int>(here.size()));
  }
  return cat;
}

void fit_line_count(Rng& rng, const DemoCustomer& who, const Catalog& catalog, std::vector<Line>& lines,
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
  for (int v = static_cast<int>(per_visit.size()) - 1;
       v >= 0 && static_cast<std::int64_t>(lines.size()) > want;) {
    if (per_visit[static_cast<std::size_t>(v)] <= 1) {
      --v;
      continue;
    }
    const auto last = std::find_if(lines.begin(), lines.end(), [v](const Line& l) { return l.visit > v; });
    lines.erase(std::prev(last));
    --per_visit[static_cast<std::size_t>(v)];
  }
}

CustomerDraw draw_customer_purchases(std::int64_t index, std::uint64_t seed, const Catalog& catalog,
                                     std::span<const int> zone_stores, int store_count, std::int64_t start,
                                     std::int64_t end, bool sessions) {
  std::uint64_t s = seed ^ (0x51a27e5ULL + static_cast<std::uint64_t>(index) * 0x9e3779b97f4a7c15ULL);
  CustomerDraw d(splitmix64(s));
  Rng& rng = d.rng;
  d.who = draw_customer(rng, zone_stores, store_count);
  const DemoCustomer& who = d.who;
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
    visit.day = v == 0   ? d.win.last
                : v == 1 ? d.win.first
                         : draw_day(rng, d.win.first, d.win.last, !visit.online);
    visit.hour = draw_hour(rng, visit.online ? kOnlineHour : kOfflineHour);
    visit.store = rng.chance(0.85) ? who.home_store
                                   : static_cast<int>(rng.below(static_cast<std::uint64_t>(store_count)));
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

}  // namespace smartstore::models::gen
