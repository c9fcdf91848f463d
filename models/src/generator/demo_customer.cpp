#include "demo_customer.h"

#include <cmath>
#include <cstdlib>

namespace smartstore::models::gen {
namespace {

template <typename Weights>
int pick_weighted(Rng& rng, const Weights& weights, double total) {
  double u = rng.uniform() * total;
  int i = 0;
  for (double w : weights) {
    if (u < w) return i;
    u -= w;
    ++i;
  }
  return i - 1;
}

double category_affinity(const DemoCategory& c, const DemoCustomer& who) {
  double w = c.popularity * (who.female ? c.female_share : 1.0 - c.female_share);
  if (c.peak_age != 0) w *= std::exp(-std::abs(c.peak_age - who.age_band) / 15.0);
  const bool costly = c.price_hi >= 400000;
  const bool cheap = c.price_hi <= 100000;
  switch (who.archetype) {
    case Archetype::star:
    case Archetype::butterfly:
      if (costly) w *= 6.0;
      break;
    case Archetype::chicken_rib:
    case Archetype::one_off:
      if (!cheap) w *= 0.02;
      break;
    case Archetype::regular:
      break;
  }
  return w;
}

}  // namespace

DemoCustomer draw_customer(Rng& rng, std::span<const int> zone_stores, int store_count) {
  DemoCustomer c;
  // About two women to one man; mostly 40s, then 30s and 50s (report 003).
  c.female = rng.chance(2.0 / 3.0);
  static constexpr std::array<double, 5> kAges{0.11, 0.26, 0.34, 0.20, 0.09};
  c.age_band = 20 + 10 * pick_weighted(rng, kAges, 1.0);
  const auto zone_w = demo_zone_weights();
  double zone_total = 0;
  for (double w : zone_w) zone_total += w;
  c.zone = pick_weighted(rng, zone_w, zone_total);
  const int local = zone_stores[static_cast<std::size_t>(c.zone)];
  c.home_store = local >= 0 ? local : static_cast<int>(rng.below(static_cast<std::uint64_t>(store_count)));

  static constexpr std::array<double, 5> kArchetypes{0.14, 0.12, 0.27, 0.30, 0.17};
  c.archetype = static_cast<Archetype>(pick_weighted(rng, kArchetypes, 1.0));

  const auto cats = demo_categories();
  std::array<double, 64> w{};
  double total = 0;
  for (std::size_t i = 0; i < cats.size(); ++i) total += (w[i] = category_affinity(cats[i], c));
  for (auto& fav : c.favourites) {
    fav = pick_weighted(rng, std::span<const double>(w.data(), cats.size()), total);
    total -= w[static_cast<std::size_t>(fav)];  // favourites are distinct
    w[static_cast<std::size_t>(fav)] = 0;
  }
  // Behaviour follows the favourite category mostly (report 000's map).
  c.trait = rng.chance(0.8) ? cats[static_cast<std::size_t>(c.favourites[0])].trait
                            : static_cast<Trait>(rng.below(3));
  c.online_share = rng.chance(0.3) ? 0.6 : 0.15;
  if (cats[static_cast<std::size_t>(c.favourites[0])].online_heavy) c.online_share += 0.15;
  c.lpay_trial = rng.chance(0.03);
  c.trial_only = c.lpay_trial && rng.chance(0.1);  // report 004: 90% buy again
  return c;
}

}  // namespace smartstore::models::gen
