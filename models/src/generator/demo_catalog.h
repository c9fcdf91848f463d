#pragma once
// The demo product world: report 003's top categories (clac_hlv_nm) with mid
// categories, realistic KRW price ranges, who buys them and how (report 000's
// behaviour map). Numbers are plausible, not measured: they exist to give the
// analytics something with the reports' shape.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace smartstore::models::gen {

enum class Trait : std::uint8_t { meticulous, mania, easygoing };

struct DemoCategory {
  std::string_view name;                   // clac_hlv_nm
  std::array<std::string_view, 3> mids;    // clac_mcls_nm (empty = unused)
  std::int64_t price_lo;                   // unit price range, KRW
  std::int64_t price_hi;
  double popularity;                       // relative share of purchase lines
  double female_share;                     // of its buyers
  int peak_age;                            // age band it skews to (20..60), 0 = none
  Trait trait;                             // report 000's behaviour map
  bool online_heavy;                       // more often bought online
};

std::span<const DemoCategory> demo_categories();

// Zones customers live in (zon_hlv); Z17 and Z10 carry the most (report 004).
std::span<const std::string_view> demo_zones();
std::span<const double> demo_zone_weights();

}  // namespace smartstore::models::gen
