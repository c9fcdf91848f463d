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
#include <vector>

#include "smartstore/common/check_digit.h"
#include "smartstore/common/result.h"

namespace smartstore::models {

// An offer whose treated members spend `effect` more (0.10: 10 %) in the
// weeks after their first exposure; held-out members do not.
struct PlantedUplift {
  std::string offer;
  double effect = 0;
};

// The store days after the purchase history and the weeks after them, for
// the uplift report's ground truth (docs/uplift.md): members who scan at a
// kiosk on a store day are offered one of the demo offers (or held out by
// common/holdout.h), and buy on that day and on later days at their own
// historic rate and basket size; treated members of a planted offer spend
// (1 + effect) times as much in the window after their first exposure.
struct CampaignWeeks {
  bool simulate = false;                      // writes exposures.csv and campaign_purchases.csv
  std::vector<PlantedUplift> planted;         // offers not named here have no effect
  int store_days = 7;                         // exposure days: the days right after end_date
  int window_days = 14;                       // purchases simulated to the last store day + window - 1
  double scan_share = 0.6;                    // of customers active in the history's last year
  std::uint32_t control_bp = 1000;            // held-out share of each campaign, basis points
  std::vector<unsigned char> holdout_key;     // empty: the public demo hold-out key
  std::vector<unsigned char> deployment_key;  // empty: the public demo deployment key (as build)
};

// Parses "OFFER=0.10[,OFFER2=0]" (--plant-uplift); invalid_input naming the bad part.
[[nodiscard]] Result<std::vector<PlantedUplift>> parse_planted_uplift(std::string_view text);

// The offers the demo campaigns use (each its own campaign "demo-<offer>").
[[nodiscard]] std::vector<std::string> demo_campaign_offers();
// The public demo keys: not for real members. The hold-out key is derived
// from the deployment key as a kiosk derives it (common/holdout.h).
[[nodiscard]] std::vector<unsigned char> demo_deployment_key();
[[nodiscard]] std::vector<unsigned char> demo_holdout_key();

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
  // Members who signed up without buying yet, after the others (customers.csv,
  // members.csv), with sign-up survey answers in survey.csv (by cust).
  std::int64_t new_members = 0;
  CampaignWeeks campaigns;
};

// What was written. A bad option fails with invalid_input, an unwritable
// file with storage_io.
struct GeneratedCounts {
  std::int64_t customers = 0;
  std::int64_t purchases = 0;  // rows of purchases.csv
  std::int64_t sessions = 0;
  std::int64_t products = 0;
  int stores = 0;
  std::int64_t exposures = 0;           // rows of exposures.csv (campaigns.simulate)
  std::int64_t campaign_purchases = 0;  // rows of campaign_purchases.csv
};

// Writes customers.csv, purchases.csv, products.csv, sessions.csv, stores.csv,
// members.csv and weather.csv (KMA ASOS daily layout, weather.h: the history
// and 28 days after it) into out_dir (created; files 0600), and with
// campaigns.simulate exposures.csv and campaign_purchases.csv.
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
