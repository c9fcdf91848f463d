#pragma once
// The analyst's report of a batch run: one self-contained HTML file with
// inline SVG charts (no scripts, no external assets), so it opens anywhere.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace smartstore::models {

struct CountShare {
  std::string label;
  std::int64_t customers = 0;
  std::int64_t revenue_krw = 0;
};

struct ClusterSummary {
  int id = 0;
  std::int64_t customers = 0;
  double mean_spend_krw = 0;
  double mean_frequency = 0;
  double mean_clv_krw = 0;
  std::vector<std::pair<std::string, double>> top_categories;  // category, share of the cluster's spend
};

struct PopupItem {
  std::string category;
  double spend_share = 0;  // of the target cluster's spend
  double lift = 0;         // its share there / its share among the other clusters (99 = only there)
};

struct ReportData {
  std::string title = "smartstore HQ batch";
  std::string as_of;        // YYYY-MM-DD
  std::int64_t version = 0;
  std::int64_t customers = 0, purchases = 0;
  std::int64_t revenue_krw = 0;
  std::vector<CountShare> tiers, grades, segments, behaviour_types;  // revenue_krw filled for segments/grades
  // Mean preference index per segment (rows) and category (columns).
  std::vector<std::string> heat_segments, heat_categories;
  std::vector<std::vector<double>> heat;  // [segment][category], 0..100
  int chosen_k = 0;
  std::vector<std::pair<int, double>> silhouettes;  // k, score
  std::vector<ClusterSummary> clusters;
  int target_cluster = -1;        // highest mean spend (report 002)
  std::vector<PopupItem> popup;   // report 002's pop-up store assortment
  std::vector<std::pair<std::string, std::string>> parameters;  // fitted model parameters, for the table
  std::vector<std::pair<std::string, std::int64_t>> store_records;
  std::vector<std::string> skipped_rows;  // "file:line: ..." of skipped malformed rows
  std::int64_t skipped_total = 0;
};

[[nodiscard]] std::string render_html_report(const ReportData& data);
// Escapes &, <, >, " and ' for HTML text and attributes.
[[nodiscard]] std::string html_escape(const std::string& text);

}  // namespace smartstore::models
