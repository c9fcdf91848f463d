// The batch report: headline numbers, then one section per question an
// analyst asks (who are the customers, where is the revenue, what do they
// prefer, which groups exist and what to stock for the best one).
#include "smartstore/models/html_report.h"

#include <algorithm>
#include <cstdio>

#include "svg_charts.h"

namespace smartstore::models {
namespace {

using report::Bar;
using report::thousands;

std::string pct(double share) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%", share * 100.0);
  return b;
}

std::string distribution(const std::vector<CountShare>& v, std::int64_t total, const std::string& colour) {
  std::vector<Bar> bars;
  for (const auto& c : v)
    bars.push_back({c.label, static_cast<double>(c.customers),
                    thousands(c.customers) + " (" + pct(total ? static_cast<double>(c.customers) / static_cast<double>(total) : 0) + ")"});
  return report::bar_chart(bars, colour);
}

std::string revenue(const std::vector<CountShare>& v, std::int64_t total, const std::string& colour) {
  std::vector<Bar> bars;
  for (const auto& c : v)
    bars.push_back({c.label, static_cast<double>(c.revenue_krw),
                    pct(total ? static_cast<double>(c.revenue_krw) / static_cast<double>(total) : 0) + " of revenue"});
  return report::bar_chart(bars, colour);
}

// Holidays and the weather the forecast read, for the days it covers.
std::string forecast_days(const ReportData& d) {
  std::string h = "<p class=\"note\">Forecast days: ";
  bool any_weather = false;
  for (std::size_t i = 0; i < d.forecast_days.size(); ++i) {
    const auto& f = d.forecast_days[i];
    any_weather = any_weather || f.weather;
    char w[96] = "";
    if (f.weather)
      std::snprintf(w, sizeof w, " %.1f °C, %.1f mm, DI %.0f", f.mean_c, f.precipitation_mm, f.discomfort);
    h += (i ? "; " : "") + html_escape(f.date.substr(5)) + w + (f.holiday.empty() ? "" : " " + html_escape(f.holiday));
  }
  return h + (any_weather ? "" : " (no weather file: holidays only)") + "</p>";
}

// Report 000's Customer Profiling step 1: where demand will dip, and who to
// reach before it does.
std::string demand_outlook(const ReportData& d) {
  if (d.forecasts.empty()) return {};
  std::string h = "<h2>Demand outlook and dip days (report 000)</h2><p class=\"note\">Daily sales of the best-selling "
                  "categories, the ridge forecast for the next days (lags, weekday index, level, holidays and, given "
                  "<code>--weather</code>, the day's weather) and the days it falls more than 15% under the last 28 "
                  "days' mean (shaded).</p>" + forecast_days(d) + "<div class=\"grid\">";
  for (const auto& f : d.forecasts) {
    h += "<div>" + report::forecast_chart(f) + "<p class=\"note\">Dip days: ";
    if (f.dip_days.empty()) h += "none";
    for (std::size_t i = 0; i < f.dip_days.size(); ++i) h += (i ? ", " : "") + html_escape(f.dip_days[i]);
    h += "</p></div>";
  }
  h += "</div>";
  if (d.dip_audiences.empty()) return h + "<p>No forecast dip days: no coupon audience.</p>";
  h += "<h3>Customers whose rank-1 preference dips</h3><table class=\"dip-audience\"><tr><th>category</th><th class=\"num\">"
       "customers</th><th>per store (customers who shopped there)</th><th>member keys (first 5)</th></tr>";
  for (const auto& a : d.dip_audiences) {
    h += "<tr><td>" + html_escape(a.category) + "</td><td class=\"num\">" + thousands(a.customers) + "</td><td>";
    for (std::size_t i = 0; i < a.per_store.size(); ++i)
      h += (i ? ", " : "") + html_escape(a.per_store[i].first) + " " + thousands(a.per_store[i].second);
    h += "</td><td><code>";
    for (std::size_t i = 0; i < std::min<std::size_t>(5, a.member_keys.size()); ++i)
      h += (i ? " " : "") + html_escape(a.member_keys[i].substr(0, 16)) + "…";
    h += "</code></td></tr>";
  }
  return h + "</table><p class=\"note\">summary.json lists up to 1,000 member keys per category.</p>\n";
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string render_html_report(const ReportData& d) {
  std::string h = "<!doctype html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\"><title>" + html_escape(d.title) +
                  "</title><style>body{font-family:system-ui,'Noto Sans KR',sans-serif;margin:2em;max-width:1100px;color:#222}"
                  "h2{margin-top:1.8em;border-bottom:1px solid #ddd}table{border-collapse:collapse}td,th{padding:3px 10px;"
                  "border-bottom:1px solid #eee;text-align:left}.num{text-align:right}.grid{display:flex;flex-wrap:wrap;gap:2em}"
                  ".note{color:#666;font-size:90%}</style></head><body>\n";
  h += "<h1>" + html_escape(d.title) + "</h1>\n<p>As of <b>" + html_escape(d.as_of) + "</b> · snapshot version <b>" +
       std::to_string(d.version) + "</b> · <b>" + thousands(d.customers) + "</b> customers · <b>" + thousands(d.purchases) +
       "</b> purchase lines · revenue <b>" + thousands(d.revenue_krw) + " KRW</b></p>\n";

  h += "<h2>Value tiers and spend grades</h2><div class=\"grid\"><div><h3>Value tiers (report 000)</h3>" +
       distribution(d.tiers, d.customers, "#4e79a7") + "</div><div><h3>Spend grades (report 003)</h3>" +
       distribution(d.grades, d.customers, "#59a14f") + revenue(d.grades, d.revenue_krw, "#8cd17d") + "</div></div>\n";
  h += "<h2>Segments (report 001)</h2><div class=\"grid\"><div><h3>Customers per segment</h3>" +
       distribution(d.segments, d.customers, "#f28e2b") + "</div><div><h3>Revenue share per segment</h3>" +
       revenue(d.segments, d.revenue_krw, "#ffbe7d") + "</div></div>\n";
  h += "<h2>Behaviour types (report 000)</h2>" + distribution(d.behaviour_types, d.customers, "#b07aa1") + "\n";

  h += "<h2>Preference index by segment</h2><p class=\"note\">Mean preference index (5–100) of each segment's customers "
       "for the most bought categories.</p>" +
       report::heat_map(d.heat_segments, d.heat_categories, d.heat) + "\n";

  h += "<h2>Customer clusters (reports 001, 002)</h2>";
  if (d.chosen_k == 0) {
    h += "<p>Too few customers to cluster.</p>";
  } else {
    h += "<p>k-means on log RFM + T + CLV + total spend, standardized; k = <b>" + std::to_string(d.chosen_k) +
         "</b> by silhouette (";
    for (std::size_t i = 0; i < d.silhouettes.size(); ++i) {
      char b[48];
      std::snprintf(b, sizeof b, "%sk=%d: %.3f", i ? ", " : "", d.silhouettes[i].first, d.silhouettes[i].second);
      h += b;
    }
    h += ").</p><table><tr><th>cluster</th><th class=\"num\">customers</th><th class=\"num\">mean spend KRW</th>"
         "<th class=\"num\">mean repeat purchases</th><th class=\"num\">mean CLV 3m KRW</th><th>top categories (share of spend)</th></tr>";
    for (const auto& c : d.clusters) {
      char b[160];
      std::snprintf(b, sizeof b, "<td class=\"num\">%.1f</td>", c.mean_frequency);
      h += std::string("<tr><td>") + (c.id == d.target_cluster ? "<b>" : "") + std::to_string(c.id) +
           (c.id == d.target_cluster ? " ★</b>" : "") + "</td><td class=\"num\">" + thousands(c.customers) +
           "</td><td class=\"num\">" + thousands(static_cast<long long>(c.mean_spend_krw)) + "</td>" + b +
           "<td class=\"num\">" + thousands(static_cast<long long>(c.mean_clv_krw)) + "</td><td>";
      for (std::size_t i = 0; i < c.top_categories.size(); ++i)
        h += (i ? ", " : "") + html_escape(c.top_categories[i].first) + " " + pct(c.top_categories[i].second);
      h += "</td></tr>";
    }
    h += "</table>";
    std::vector<Bar> bars;
    for (const auto& p : d.popup) {
      char b[64];
      std::snprintf(b, sizeof b, "lift %.2f, %s of spend", p.lift, pct(p.spend_share).c_str());
      bars.push_back({p.category, p.lift, b});
    }
    h += "<h3>Pop-up store assortment for the highest-spend cluster ★ (report 002)</h3><p class=\"note\">Categories "
         "this cluster buys more than the other clusters do (lift), among those with at least 1% of its spend.</p>" +
         report::bar_chart(bars, "#e15759", 640);
  }

  h += demand_outlook(d);
  h += d.uplift_section;

  h += "<h2>Models and snapshots</h2><table>";
  for (const auto& [k, v] : d.parameters) h += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(v) + "</td></tr>";
  for (const auto& [k, v] : d.prediction_notes)
    h += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(v) + "</td></tr>";
  for (const auto& [store, n] : d.store_records)
    h += "<tr><th>snapshot " + html_escape(store) + "</th><td>" + thousands(n) + " profiles</td></tr>";
  h += "</table>\n";
  if (d.skipped_total > 0) {
    h += "<h2>Skipped rows</h2><p>" + thousands(d.skipped_total) + " malformed rows were skipped";
    h += d.skipped_total > static_cast<std::int64_t>(d.skipped_rows.size()) ? " (first listed):" : ":";
    h += "</p><ul>";
    for (const auto& r : d.skipped_rows) h += "<li><code>" + html_escape(r) + "</code></li>";
    h += "</ul>";
  }
  h += "<p class=\"note\">Profiles are keyed by member keys (HMAC-SHA256 under the deployment key); no membership "
       "number appears in this report or the snapshots.</p></body></html>\n";
  return h;
}

}  // namespace smartstore::models
