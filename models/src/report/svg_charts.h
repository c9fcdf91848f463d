#pragma once
// Small inline-SVG chart builders for the batch report: horizontal bars and a
// heat map. Plain strings, no scripts, so the report is one static file.
#include <string>
#include <utility>
#include <vector>

namespace smartstore::models {
struct ForecastSeries;
}

namespace smartstore::models::report {

struct Bar {
  std::string label;
  double value = 0;
  std::string caption;  // printed after the bar, e.g. "1,234 (12.3%)"
};

std::string bar_chart(const std::vector<Bar>& bars, const std::string& colour, int width = 560);
// values[r][c] in 0..100; darker = higher.
std::string heat_map(const std::vector<std::string>& rows, const std::vector<std::string>& cols,
                     const std::vector<std::vector<double>>& values);
std::string thousands(long long v);

// Actual daily sales (solid), forecast (dashed), reference and dip threshold,
// dip days as shaded bands (class "dip", titled with the date).
std::string forecast_chart(const ForecastSeries& series, int width = 720, int height = 220);  // 1234567 -> "1,234,567"

}  // namespace smartstore::models::report
