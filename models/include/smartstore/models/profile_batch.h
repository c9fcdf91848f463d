#pragma once
// The HQ batch: L.Point CSVs in, per-store profile snapshots, an
// HTML report and a JSON summary out. Every analytic of smartstore_models
// runs here; raw customer ids are turned into member keys before anything is
// written, and never leave this function.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/segments.h"
#include "smartstore/models/store_events.h"
#include "smartstore/models/store_shard.h"
#include "smartstore/models/value_tier.h"

namespace smartstore::models {

struct BatchInputs {
  std::string customers, purchases, products;
  std::string sessions;     // optional: behaviour types from sessions, else the category map
  std::string members;      // optional card_no,cust: profiles keyed by card number, else by cust
  std::string store_zones;  // optional br_c,zon_hlv, else each store's buyers' commonest zone
  // Optional KMA ASOS daily weather (weather.h: read_asos_daily), covering the
  // history and, as a forecast, the days after the as-of day: the demand
  // outlook then forecasts with it.
  std::string weather;
  std::string holidays;  // date,name CSV; empty: the shipped Korean calendar
  // Optional sign-up survey answers (signup_survey.h): a member without
  // purchases gets the favourite category seeded into their preferences.
  std::string survey;
  // Optional: the report gains the uplift section and the run writes
  // uplift.json (uplift_inputs.h), from these exposures and the purchases
  // plus any files of the weeks after them (same schema).
  std::string exposures;
  std::vector<std::string> campaign_purchases;
  // Optional: what stores sent (smartstore-hq store-events; store_events.h
  // folds it into the profiles) and the members erased chain-wide, one
  // member key a line (smartstore-hq erasures): absent from every output;
  // and those who withdrew marketing consent, in the same form (smartstore-hq
  // withdrawals): consent false in their profiles.
  std::string events;
  std::string erased;
  std::string withdrawn;
  ReadOptions customer_options, purchase_options, product_options, session_options;
};

struct BatchOptions {
  BatchInputs inputs;
  std::filesystem::path out_dir;
  std::vector<unsigned char> deployment_key;  // 32 bytes
  // Shards: these stores, else every br_c in the purchases.
  std::vector<std::string> stores;
  ShardRule shard_rule;
  std::optional<Day> as_of;  // reference day; default the last purchase day
  // Snapshot version; default the as-of day as YYYYMMDDhhmm (hhmm = 2359), so
  // versions grow with the data's date.
  std::optional<std::int64_t> version;
  bool skip_bad_rows = false;
  ValueTierThresholds tiers;
  SegmentOptions segments;
  bool learn_segment_weights = false;  // weights_from_clusters() instead of report 001's
  int k_min = 2, k_max = 6;            // k-means k chosen by silhouette in this range
  // Large inputs fit BG/NBD, Gamma-Gamma and k-means on a deterministic sample
  // and then score everyone: the fits converge long before a million rows.
  std::size_t fit_sample = 20000;
  // The fit sample: with more customers than this (customer-file rows), every
  // fit above (and the cuts, the preference model, the classifier, the
  // companion rules, price bounds, the cycle and spend models) is made on the
  // customers a hash of the cust id draws (about this many), and everyone is
  // scored with those fits: what a sharded batch does (sharded_batch.h).
  // 0: the fits see every customer.
  std::size_t fit_customers = 0;
  std::size_t cluster_sample = 10000;  // k-means and silhouette run on this many customers
  int kmeans_restarts = 4;
  std::size_t silhouette_samples = 1000;  // silhouette: points scored (against the whole cluster sample)
  std::size_t preferences_kept = 5;       // plus every category the customer bought
  std::int64_t survey_weight = 5;         // the survey's favourite counts as this many purchases
  DeliberationRule deliberation;          // staff-timed deliberation in the behaviour type
  unsigned threads = 2;
  std::function<void(const std::string& stage, double fraction)> progress;  // optional
};

struct StoreSnapshotInfo {
  std::string store;
  std::uint64_t records = 0;
  std::string checksum;
  std::filesystem::path dir;
};

// One stage of the run: wall time, and CPU time of the whole process (all
// threads) during it, which stays meaningful on a machine shared with others.
struct BatchStageTime {
  std::string stage;  // read, facts, analytics, segments, predictions, member keys, snapshots, report
  double wall_s = 0, cpu_s = 0;
};

// What the store events and the erasure list did to the run.
struct StoreEventsOutcome {
  std::uint64_t rows = 0;             // store-events rows read
  std::uint64_t members = 0;          // members they name who are among the batch's customers
  std::uint64_t unknown_members = 0;  // named but not among them (new since the data, or erased)
  std::uint64_t sold_counted = 0, sold_on_till = 0, items_unresolved = 0;
  std::uint64_t erased = 0;  // customers left out as erased
};

struct BatchResult {
  std::int64_t version = 0;
  std::uint64_t customers = 0, purchases = 0, skipped_rows = 0;
  std::vector<StoreSnapshotInfo> snapshots;
  std::filesystem::path report_html, summary_json;
  std::filesystem::path dip_campaigns;  // the forecast's dip days as kiosk campaigns (demand_dip)
  double seconds = 0;
  std::vector<BatchStageTime> stages;
  StoreEventsOutcome store_events;
};

// Fails with invalid_input naming the file and line of bad input (or a bad
// option), not_found for a missing input, storage_io when an output cannot
// be written.
[[nodiscard]] Result<BatchResult> run_profile_batch(const BatchOptions& options);

// The deployment key from a file: 64 hex characters (whitespace ignored) or
// 32 raw bytes.
[[nodiscard]] Result<std::vector<unsigned char>> read_deployment_key(const std::filesystem::path& file);

}  // namespace smartstore::models
