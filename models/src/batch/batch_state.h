#pragma once
// The batch's working set: columnar per-customer arrays indexed by a dense
// customer id (purchasers first, then customers without purchases), so a
// million customers cost tens of bytes each rather than a struct of strings.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "preference_table.h"
#include "smartstore/common/result.h"
#include "smartstore/models/behaviour_type.h"
#include "smartstore/models/bgnbd.h"
#include "smartstore/models/clv.h"
#include "smartstore/models/gamma_gamma.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/profile.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/segment_classifier.h"
#include "smartstore/models/segments.h"
#include "smartstore/models/spend_grade.h"

namespace smartstore::models::batch {

struct Tables {
  std::vector<Customer> customers;
  PurchaseTable purchases;
  std::vector<Product> products;
  std::vector<Session> sessions;
  bool have_sessions = false;
  std::vector<std::string> skipped;  // messages of skipped rows
  std::uint64_t skipped_total = 0;
};

struct Facts {
  std::size_t n = 0;                   // customers in the universe
  std::vector<std::string_view> cust;  // raw ids (views into Tables): never written
  std::vector<std::uint8_t> gender;    // index into genders
  std::vector<std::uint8_t> age;       // index into ages
  std::vector<std::int32_t> zone;      // index into zones, -1 unknown
  std::vector<std::string> genders{"", "F", "M"};
  std::vector<std::string> ages{""};
  std::vector<std::string> zones;
  std::vector<Day> first_day, last_day;
  std::vector<std::int64_t> purchase_days, total_krw;
  std::vector<std::int32_t> product_category;  // purchases.products id -> category id, -1 unlisted
  std::vector<std::string> categories;         // category id -> clac_hlv_nm
  std::vector<std::int32_t> counts;            // n × categories: purchase lines per category
  std::vector<std::uint64_t> visits;           // customer << 32 | store index (offline purchases)
  std::vector<std::string> stores;             // store index -> br_c
  Day as_of = 0;
};

struct Scores {
  std::vector<RfmtRow> rfmt;        // per customer (customer field = index), zeros without purchases
  std::vector<ClvRow> clv;          // per customer
  Result<BgNbdFit> bg{BgNbdFit{}};  // an error when the sample cannot be fitted
  Result<GammaGammaFit> gg{GammaGammaFit{}};
  std::size_t fit_rows = 0;
  double mean_spend = 0;  // the fit sample's mean repeat spend: CLV's fallback
  SpendGradeCuts grade_cuts;
  SegmentCuts segment_cuts;
  // k-means on standardized features: their mean and deviation, the centroids.
  std::array<double, 6> feature_mean{}, feature_sd{};
  Eigen::MatrixXd standard_centroids;
  BehaviourCodes codes;
  std::vector<std::string> tier, grade, segment, behaviour;  // per customer (small interned strings)
  std::vector<std::uint8_t> segment_id;                      // 0 VIP .. 4 At Risk
  SegmentWeights weights;
  std::vector<int> cluster;  // per customer, -1 without purchases (until the classifier places them)
  std::vector<std::uint8_t> cluster_predicted;  // per customer: 1 when the classifier chose cluster
  std::vector<std::string> cluster_category;    // per cluster: most bought category, "" unknown
  // Hold-out scores on clustered members (segment/member_segments.h): sign-up
  // facts only, and with the first visit day; and how many were placed.
  SegmentEvaluation signup_classifier, first_visit_classifier;
  std::size_t classifier_evaluated = 0, classifier_placed = 0;
  // The chosen model, when members were left to place (shards place theirs with it).
  std::shared_ptr<const SegmentClassifier> classifier;
  int k = 0;
  std::vector<std::pair<int, double>> silhouettes;
  std::vector<std::array<double, 6>> centroids;  // in original (log) units, for the report
  PreferenceModel model;
  // The model's likelihoods per (age band, gender), built once: the index
  // and the events' interest index both read it.
  std::shared_ptr<const PreferenceTable> table;
  std::vector<float> index;                     // n × model.categories: preference index
  std::vector<std::int32_t> model_of_category;  // category id -> model column, -1 if absent
};

// Loading (errors name the file and line) and the per-customer aggregates
// (batch_facts.cpp).
Status load_tables(const BatchOptions& options, Tables& tables);
// With `global` (the facts of a larger set), ages and zones are numbered as
// there and the as-of day is its, so a shard's facts compare with everyone's.
Facts build_facts(const Tables& tables, const BatchOptions& options, const Facts* global = nullptr);
// The raw ids in the order build_facts numbers customers: the purchases'
// customers in order of first purchase, then the customer file's others.
std::vector<std::string_view> customer_order(const Tables& tables);

// Analytics over the facts (batch_scores.cpp). With `global`, the scores of
// a larger set of customers (a sharded batch's fit pass), this set is scored
// with its fits, cuts and model instead of fitting its own: a shard of the
// customers then gets each customer's scores as the whole set would.
Scores score_customers(const Tables& tables, const Facts& facts, const BatchOptions& options,
                       const Scores* global = nullptr);
// The parts of `scores` that are about everyone (fits, cuts, models), without
// the per-customer columns: what each shard scores with.
Scores global_part(const Scores& scores);

}  // namespace smartstore::models::batch
