#pragma once
// The report's sections about every customer, as sums that add up across
// the parts of a sharded batch. The in-memory batch and the merge of parts
// finish the same sums, so their reports are equal number for number.
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "batch_state.h"
#include "smartstore/models/html_report.h"

namespace smartstore::models::batch {

// A sum of doubles whose value does not depend on the order of its terms
// (each term kept to 2^-32, the whole and the fraction in integers): a
// part's sums then add up to exactly what one process sums.
class ExactSum {
 public:
  void add(double v) {
    if (!std::isfinite(v)) return;
    const double w = std::floor(v);
    whole_ += static_cast<std::int64_t>(w);
    fraction_ += std::llround((v - w) * kUnit);
  }
  void add(const ExactSum& o) {
    whole_ += o.whole_;
    fraction_ += o.fraction_;
  }
  [[nodiscard]] double value() const {
    return static_cast<double>(whole_) + static_cast<double>(fraction_) / kUnit;
  }
  [[nodiscard]] nlohmann::json to_json() const { return {whole_, fraction_}; }
  static ExactSum from_json(const nlohmann::json& j) {
    ExactSum s;
    s.whole_ = j.at(0).get<std::int64_t>();
    s.fraction_ = j.at(1).get<std::int64_t>();
    return s;
  }

 private:
  static constexpr double kUnit = 4294967296.0;
  std::int64_t whole_ = 0, fraction_ = 0;
};

inline constexpr std::size_t kSegments = 5;  // VIP .. At Risk

struct ReportSums {
  std::int64_t customers = 0, purchases = 0, revenue_krw = 0;
  std::vector<CountShare> tiers, grades, segments, behaviour_types;
  std::vector<std::string> model_categories;                       // the preference model's columns
  std::vector<std::int64_t> lines;                                 // per column: purchase lines
  std::array<std::int64_t, kSegments> segment_members{};           // customers with a segment
  std::vector<ExactSum> heat;                                      // segment × column: preference index
  std::vector<std::int64_t> cluster_customers, cluster_spend_krw;  // clustered on purchases
  std::vector<double> cluster_frequency;
  std::vector<ExactSum> cluster_clv;
  std::vector<std::string> categories;  // the products' categories
  std::vector<double> spend;            // (k + 1) × categories: per cluster, then everyone's
  std::int64_t classifier_placed = 0;
};

// The sums over the customers of `facts`, clustered into `k` clusters.
ReportSums report_sums(const Tables& t, const Facts& f, const Scores& s);
// Adds a part's sums; refused when the part counted other columns.
Status add_sums(ReportSums& into, const ReportSums& part);
// Fills the report's tallies, heat map, clusters and pop-up assortment.
void finish_sums(const ReportSums& sums, ReportData& d);

nlohmann::json sums_to_json(const ReportSums& sums);
ReportSums sums_from_json(const nlohmann::json& j);  // throws on a malformed file

}  // namespace smartstore::models::batch
