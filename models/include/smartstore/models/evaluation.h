#pragma once
// Every predictive model measured on the shared data sets next to its
// baseline, on time-based splits (smartstore-models evaluate).
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "smartstore/common/error.h"
#include "smartstore/common/result.h"
#include "smartstore/models/demand_forecast.h"

namespace smartstore::models {

struct MetricRow {
  std::string model;   // e.g. "next category (Product_Category)"
  std::string metric;  // e.g. "HR@5"
  double value = 0;
  std::string baseline;  // e.g. "popularity"
  double baseline_value = 0;
  bool higher_is_better = true;
  std::size_t cases = 0;  // customers / days / rules the metric is over
  bool beats_baseline() const { return higher_is_better ? value > baseline_value : value < baseline_value; }
};

struct EvaluationReport {
  std::vector<MetricRow> rows;
  std::vector<std::string> notes;  // split days, data sizes, what could not run
  std::vector<Error> errors;       // data sets that could not be read (the others still ran)
  [[nodiscard]] bool complete() const { return errors.empty(); }
  // The errors' messages joined with "; ".
  [[nodiscard]] std::string error_text() const;
};

struct EvaluationOptions {
  std::filesystem::path data_dir;  // holds groceries.csv, mi_online_sales.csv, bike_sharing_day.csv
  double split_fraction = 0.75;    // test period = the last quarter of the date range
};

EvaluationReport evaluate_models(const EvaluationOptions& options);

// One demand series of the UCI bike-sharing day file (`casual`, `registered`
// or `cnt`) with its holiday flag and weather (normalised temp, hum,
// windspeed, weathersit); the error names the file and line.
[[nodiscard]] Result<std::vector<DemandDay>> read_bike_sharing_days(const std::filesystem::path& file,
                                                                    const std::string& series);

// Fixed-width table with a verdict per row ("beats baseline" / "does NOT beat baseline").
void print_evaluation_table(std::ostream& out, const EvaluationReport& report);
void print_evaluation_json(std::ostream& out, const EvaluationReport& report);

}  // namespace smartstore::models
