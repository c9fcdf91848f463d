#pragma once
// Demo data in the L.Point 2022 schema: customers, purchases,
// products, online sessions, stores and the demo card numbers that map to
// customers. Shaped like the reports describe it so every tier, grade,
// segment and behaviour type occurs; deterministic for a seed on any
// platform (own PRNG, no std distributions).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "smartstore/common/check_digit.h"
#include "smartstore/common/result.h"

namespace smartstore::models {

struct GeneratorOptions {
  std::int64_t customers = 1000;
  int days = 365;  // purchase history length, ending at end_date
  std::uint64_t seed = 1;
  std::string end_date = "2022-12-31";  // YYYY-MM-DD, the last day with purchases
  int stores = 5;                       // br_c S001..S00n
  bool write_sessions = true;
  // Purchase lines to write in all, exactly (0: as drawn, about 9.6 per
  // customer). Each customer is drawn as usual, then its count is scaled by
  // target / drawn and nudged by one line towards its share: lines join or
  // leave that customer's own baskets (visits, days and stores unchanged).
  // Fails when the target cannot be met (every visit keeps a line).
  std::int64_t purchases = 0;
};

// What was written. A bad option fails with invalid_input, an unwritable
// file with storage_io.
struct GeneratedCounts {
  std::int64_t customers = 0;
  std::int64_t purchases = 0;  // rows of purchases.csv
  std::int64_t sessions = 0;
  std::int64_t products = 0;
  int stores = 0;
};

// Writes customers.csv, purchases.csv, products.csv, sessions.csv, stores.csv,
// members.csv and weather.csv (KMA ASOS daily layout, weather.h: the history
// and 28 days after it) into out_dir (created; files 0600).
[[nodiscard]] Result<GeneratedCounts> generate_demo_data(const GeneratorOptions& options,
                                                         const std::filesystem::path& out_dir);

// The demo L.Point card number of customer `index`: 16 digits, prefix 8710,
// Luhn check digit last. Distinct for distinct indices below 10^11.
[[nodiscard]] std::string demo_card_number(std::int64_t index);
// The cust id ("M" + 9 digits) of customer `index`; distinct below 10^9.
[[nodiscard]] std::string demo_customer_id(std::int64_t index);
// Card numbers are Luhn-checked as the scanner checks them (common/check_digit.h).
using smartstore::luhn_digit;
using smartstore::luhn_valid;

}  // namespace smartstore::models
