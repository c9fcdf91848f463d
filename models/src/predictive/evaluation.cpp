#include "smartstore/models/evaluation.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

#include "evaluation_parts.h"

namespace smartstore::models {

EvaluationReport evaluate_models(const EvaluationOptions& options) {
  EvaluationReport report;
  const auto& dir = options.data_dir;
  for (auto&& status : {predictive::evaluate_groceries(dir / "groceries.csv", report.rows, report.notes),
                        predictive::evaluate_online_sales(dir / "mi_online_sales.csv", options.split_fraction,
                                                          report.rows, report.notes),
                        predictive::evaluate_bike_sharing(dir / "bike_sharing_day.csv",
                                                          options.split_fraction, report.rows, report.notes)})
    if (!status) report.errors.push_back(status.error());
  return report;
}

std::string EvaluationReport::error_text() const {
  std::string text;
  for (const auto& e : errors) text += (text.empty() ? "" : "; ") + e.message();
  return text;
}

void print_evaluation_table(std::ostream& out, const EvaluationReport& report) {
  char line[320];
  std::snprintf(line, sizeof line, "%-36s %-18s %12s  %-22s %12s %7s  %s\n", "model", "metric", "value",
                "baseline", "baseline", "cases", "verdict");
  out << line;
  for (const auto& r : report.rows) {
    std::snprintf(line, sizeof line, "%-36s %-18s %12.4f  %-22s %12.4f %7zu  %s\n", r.model.c_str(),
                  r.metric.c_str(), r.value, r.baseline.c_str(), r.baseline_value, r.cases,
                  r.beats_baseline() ? "beats baseline" : "does NOT beat baseline");
    out << line;
  }
  for (const auto& n : report.notes) out << "note: " << n << "\n";
  if (!report.complete()) out << "error: " << report.error_text() << "\n";
}

void print_evaluation_json(std::ostream& out, const EvaluationReport& report) {
  nlohmann::json j;
  j["metrics"] = nlohmann::json::array();
  for (const auto& r : report.rows)
    j["metrics"].push_back({{"model", r.model},
                            {"metric", r.metric},
                            {"value", r.value},
                            {"baseline", r.baseline},
                            {"baseline_value", r.baseline_value},
                            {"higher_is_better", r.higher_is_better},
                            {"cases", r.cases},
                            {"beats_baseline", r.beats_baseline()}});
  j["notes"] = report.notes;
  if (!report.complete()) j["error"] = report.error_text();
  out << j.dump(2) << "\n";
}

}  // namespace smartstore::models
