#pragma once
// One generated customer: who they are and how they shop. The archetypes are
// the value tiers of report 000 seen from the other side, so that the batch
// finds every tier, grade and segment in demo data.
#include <array>
#include <cstdint>

#include "demo_catalog.h"
#include "rng.h"

namespace smartstore::models::gen {

enum class Archetype : std::uint8_t { star, butterfly, chicken_rib, one_off, regular };

struct DemoCustomer {
  bool female = true;
  int age_band = 40;       // 20, 30, ... 60
  int zone = 0;            // index into demo_zones()
  int home_store = 0;      // index of the store usually visited
  Archetype archetype = Archetype::regular;
  Trait trait = Trait::easygoing;
  std::array<int, 3> favourites{};  // category indices
  double online_share = 0.2;
  bool lpay_trial = false;      // first transaction an L.pay 100-won deal
  bool trial_only = false;      // ... and nothing after it
};

// Draws a customer; `zone_stores[z]` is the first store in zone z or -1.
DemoCustomer draw_customer(Rng& rng, std::span<const int> zone_stores, int store_count);

}  // namespace smartstore::models::gen
