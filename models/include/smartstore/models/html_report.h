#pragma once
// The analyst's report of a batch run: one self-contained HTML file with
// inline SVG charts (no scripts, no external assets), so it opens anywhere.
#include <cstddef>
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

// One category's daily sales and demand forecast, for the forecast chart.
struct ForecastSeries {
  std::string category;
  std::string first_day;          // YYYY-MM-DD of actual[0]
  std::vector<double> actual;     // daily sales (KRW) up to the as-of day
  std::vector<double> forecast;   // the days after it
  std::vector<std::string> dip_days;  // YYYY-MM-DD of forecast days under the reference
  std::vector<std::size_t> dip_index; // their positions in forecast
  double reference = 0;           // the last 28 days' mean; dips fall under (1 - drop) of it
  double drop = 0.15;
};

// The calendar and weather the forecast read for one day after the as-of day.
struct ForecastDay {
  std::string date;      // YYYY-MM-DD
  std::string holiday;   // the calendar's name; empty on other days
  bool weather = false;  // false: the batch had no weather file
  double mean_c = 0, humidity_pct = 0, precipitation_mm = 0, discomfort = 0;
};

// Customers whose rank-1 preference is a category with dip days: the ones
// report 000 targets with coupons before the dip.
struct DipAudience {
  std::string category;
  std::vector<std::string> dip_days;
  std::int64_t customers = 0;
  std::vector<std::pair<std::string, std::int64_t>> per_store;  // br_c, customers (by snapshot shard home store)
  std::vector<std::string> member_keys;  // the first `listed` of them, by member key
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
  std::vector<ForecastSeries> forecasts;  // best-selling categories first
  std::vector<ForecastDay> forecast_days;  // what the forecasts read for each day they cover
  std::vector<DipAudience> dip_audiences;
  std::vector<std::pair<std::string, std::string>> prediction_notes;  // what the predictive stage ran
  std::string uplift_section;  // HTML from uplift_html_section (uplift_output.h); empty: none
  std::vector<std::string> skipped_rows;  // "file:line: ..." of skipped malformed rows
  std::int64_t skipped_total = 0;
};

[[nodiscard]] std::string render_html_report(const ReportData& data);
// Escapes &, <, >, " and ' for HTML text and attributes.
[[nodiscard]] std::string html_escape(const std::string& text);

}  // namespace smartstore::models
