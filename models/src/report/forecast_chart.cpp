// The demand outlook chart: a category's actual daily sales, the forecast
// after the as-of day, the reference level and the dip days under it.
#include <algorithm>
#include <cstdio>

#include "smartstore/models/html_report.h"
#include "svg_charts.h"

namespace smartstore::models::report {
namespace {

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

}  // namespace

std::string forecast_chart(const ForecastSeries& f, int width, int height) {
  const int left = 70, right = 12, top = 22, bottom = 26;
  const std::size_t days = f.actual.size() + f.forecast.size();
  double max = f.reference;
  for (double v : f.actual) max = std::max(max, v);
  for (double v : f.forecast) max = std::max(max, v);
  if (max <= 0) max = 1;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  auto x = [&](std::size_t i) { return left + (days > 1 ? plot_w * static_cast<double>(i) / static_cast<double>(days - 1) : 0.0); };
  auto y = [&](double v) { return top + plot_h * (1.0 - std::max(0.0, v) / max); };

  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"forecast-chart\" width=\"" + std::to_string(width) +
                  "\" height=\"" + std::to_string(height) + "\" role=\"img\"><title>" +
                  html_escape(f.category + ": daily sales and forecast") + "</title>";
  s += "<text x=\"" + std::to_string(left) + "\" y=\"14\" font-size=\"13\" font-weight=\"bold\">" + html_escape(f.category) +
       "</text>";
  s += "<text x=\"" + std::to_string(left - 6) + "\" y=\"" + num(y(max) + 4) + "\" text-anchor=\"end\" font-size=\"11\">" +
       thousands(static_cast<long long>(max / 1000)) + "k</text>";
  s += "<text x=\"" + std::to_string(left - 6) + "\" y=\"" + num(y(0)) + "\" text-anchor=\"end\" font-size=\"11\">0</text>";
  s += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + num(y(0)) + "\" x2=\"" + num(left + plot_w) + "\" y2=\"" +
       num(y(0)) + "\" stroke=\"#999\"/>";
  // Dip days first so the lines draw over their bands.
  const double band = days > 1 ? plot_w / static_cast<double>(days - 1) : plot_w;
  for (std::size_t k = 0; k < f.dip_index.size(); ++k) {
    const std::size_t i = f.actual.size() + f.dip_index[k];
    const std::string date = k < f.dip_days.size() ? f.dip_days[k] : "";
    s += "<rect class=\"dip\" x=\"" + num(x(i) - band / 2) + "\" y=\"" + std::to_string(top) + "\" width=\"" + num(band) +
         "\" height=\"" + num(plot_h) + "\" fill=\"#e15759\" fill-opacity=\"0.18\"><title>dip " + html_escape(date) +
         "</title></rect>";
  }
  const double threshold = f.reference * (1.0 - f.drop);
  s += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + num(y(f.reference)) + "\" x2=\"" + num(left + plot_w) + "\" y2=\"" +
       num(y(f.reference)) + "\" stroke=\"#888\" stroke-dasharray=\"4 3\"><title>last 28 days' mean</title></line>";
  s += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + num(y(threshold)) + "\" x2=\"" + num(left + plot_w) + "\" y2=\"" +
       num(y(threshold)) + "\" stroke=\"#e15759\" stroke-dasharray=\"2 3\"><title>dip threshold</title></line>";
  std::string actual, forecast;
  for (std::size_t i = 0; i < f.actual.size(); ++i) actual += num(x(i)) + "," + num(y(f.actual[i])) + " ";
  if (!f.actual.empty() && !f.forecast.empty())
    forecast = num(x(f.actual.size() - 1)) + "," + num(y(f.actual.back())) + " ";
  for (std::size_t i = 0; i < f.forecast.size(); ++i)
    forecast += num(x(f.actual.size() + i)) + "," + num(y(f.forecast[i])) + " ";
  s += "<polyline class=\"actual\" fill=\"none\" stroke=\"#4e79a7\" stroke-width=\"1.5\" points=\"" + actual + "\"/>";
  s += "<polyline class=\"forecast\" fill=\"none\" stroke=\"#f28e2b\" stroke-width=\"2\" stroke-dasharray=\"5 3\" points=\"" +
       forecast + "\"/>";
  s += "<text x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(height - 6) + "\" font-size=\"11\">" +
       html_escape(f.first_day) + "</text>";
  if (!f.actual.empty())
    s += "<line x1=\"" + num(x(f.actual.size() - 1)) + "\" y1=\"" + std::to_string(top) + "\" x2=\"" +
         num(x(f.actual.size() - 1)) + "\" y2=\"" + num(y(0)) + "\" stroke=\"#bbb\"/><text x=\"" +
         num(x(f.actual.size() - 1) + 4) + "\" y=\"" + std::to_string(height - 6) + "\" font-size=\"11\">forecast →</text>";
  return s + "</svg>";
}

}  // namespace smartstore::models::report
