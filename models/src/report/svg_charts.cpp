#include "svg_charts.h"

#include <algorithm>
#include <cstdio>

#include "smartstore/models/html_report.h"

namespace smartstore::models::report {
namespace {

// Fixed formats only (format-nonliteral): one decimal or none.
std::string fmt(const char* f, double v) {
  char b[64];
  if (f[2] == '1') std::snprintf(b, sizeof b, "%.1f", v);
  else std::snprintf(b, sizeof b, "%.0f", v);
  return b;
}

}  // namespace

std::string thousands(long long v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return v < 0 ? "-" + out : out;
}

std::string bar_chart(const std::vector<Bar>& bars, const std::string& colour, int width) {
  const int row = 26, label_w = 130, caption_w = 150;
  const int plot_w = width - label_w - caption_w;
  double max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  const int height = static_cast<int>(bars.size()) * row + 8;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
                  std::to_string(height) + "\" role=\"img\">";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const int y = static_cast<int>(i) * row + 4;
    const double w = max > 0 ? bars[i].value / max * plot_w : 0;
    s += "<text x=\"" + std::to_string(label_w - 6) + "\" y=\"" + std::to_string(y + 16) +
         "\" text-anchor=\"end\" font-size=\"13\">" + html_escape(bars[i].label) + "</text>";
    s += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y) + "\" width=\"" + fmt("%.1f", w) +
         "\" height=\"20\" fill=\"" + colour + "\"><title>" + html_escape(bars[i].label + ": " + bars[i].caption) +
         "</title></rect>";
    s += "<text x=\"" + fmt("%.1f", label_w + w + 6) + "\" y=\"" + std::to_string(y + 16) + "\" font-size=\"12\">" +
         html_escape(bars[i].caption) + "</text>";
  }
  return s + "</svg>";
}

std::string heat_map(const std::vector<std::string>& rows, const std::vector<std::string>& cols,
                     const std::vector<std::vector<double>>& values) {
  const int cell = 46, label_w = 80, header_h = 110;
  const int width = label_w + static_cast<int>(cols.size()) * cell + 10;
  const int height = header_h + static_cast<int>(rows.size()) * cell + 10;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
                  std::to_string(height) + "\" role=\"img\">";
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const int x = label_w + static_cast<int>(c) * cell + cell / 2;
    s += "<text transform=\"translate(" + std::to_string(x) + "," + std::to_string(header_h - 6) +
         ") rotate(-55)\" font-size=\"12\">" + html_escape(cols[c]) + "</text>";
  }
  // Colour spans the map's own range: indices sit between ~60 and 100, and a
  // fixed 0..100 scale would paint everything the same.
  double lo = 100, hi = 0;
  for (const auto& row : values)
    for (double v : row) lo = std::min(lo, v), hi = std::max(hi, v);
  const double span = hi > lo ? hi - lo : 1.0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const int y = header_h + static_cast<int>(r) * cell;
    s += "<text x=\"" + std::to_string(label_w - 6) + "\" y=\"" + std::to_string(y + cell / 2 + 5) +
         "\" text-anchor=\"end\" font-size=\"13\">" + html_escape(rows[r]) + "</text>";
    for (std::size_t c = 0; c < cols.size() && r < values.size() && c < values[r].size(); ++c) {
      const double v = std::clamp(values[r][c], 0.0, 100.0);
      const int light = 95 - static_cast<int>((v - lo) / span * 60.0);  // 95% (pale) .. 35% (dark)
      const int x = label_w + static_cast<int>(c) * cell;
      s += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(cell - 2) +
           "\" height=\"" + std::to_string(cell - 2) + "\" fill=\"hsl(12,75%," + std::to_string(light) + "%)\"><title>" +
           html_escape(rows[r] + " / " + cols[c] + ": " + fmt("%.1f", v)) + "</title></rect>";
      s += "<text x=\"" + std::to_string(x + cell / 2 - 1) + "\" y=\"" + std::to_string(y + cell / 2 + 4) +
           "\" text-anchor=\"middle\" font-size=\"11\" fill=\"" + (light < 60 ? "#fff" : "#222") + "\">" +
           fmt("%.0f", v) + "</text>";
    }
  }
  return s + "</svg>";
}

}  // namespace smartstore::models::report
