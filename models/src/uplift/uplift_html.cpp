// The uplift section: one row per campaign / offer / segment with its
// relative uplift interval drawn on an axis shared by all rows, zero marked,
// so the offers that work stand out without reading numbers.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "../report/svg_charts.h"
#include "smartstore/models/html_report.h"
#include "smartstore/models/uplift_output.h"

namespace smartstore::models {
namespace {

constexpr int kWidth = 280, kHeight = 18, kPad = 6;

struct Axis {
  double lo = -0.1, hi = 0.1;
  [[nodiscard]] double x(double v) const {
    const double c = std::clamp(v, lo, hi);
    return kPad + (c - lo) / (hi - lo) * (kWidth - 2 * kPad);
  }
};

// Every drawn interval fits, zero included; relative uplift beyond ±100 %
// is clipped at the edge (the table still gives the number).
Axis axis_for(const UpliftReport& r) {
  Axis a;
  for (const auto& c : r.cells)
    if (c.estimate) {
      a.lo = std::min(a.lo, c.estimate->cuped.relative.low);
      a.hi = std::max(a.hi, c.estimate->cuped.relative.high);
    }
  a.lo = std::max(a.lo, -1.0);
  a.hi = std::min(a.hi, 1.0);
  return a;
}

std::string interval_svg(const Interval& i, const Axis& a) {
  const char* colour = i.low > 0 ? "#2e7d32" : i.high < 0 ? "#c62828" : "#777";
  char b[640];
  std::snprintf(
      b, sizeof b,
      "<svg width=\"%d\" height=\"%d\" role=\"img\"><title>%+.1f%% [%+.1f%%, %+.1f%%]</title>"
      "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbb\" class=\"zero\"/>"
      "<line x1=\"%.1f\" y1=\"9\" x2=\"%.1f\" y2=\"9\" stroke=\"%s\" stroke-width=\"3\" class=\"ci\"/>"
      "<circle cx=\"%.1f\" cy=\"9\" r=\"4\" fill=\"%s\" class=\"estimate\"/></svg>",
      kWidth, kHeight, i.estimate * 100, i.low * 100, i.high * 100, a.x(0), a.x(0), kHeight, a.x(i.low),
      a.x(i.high), colour, a.x(i.estimate), colour);
  return b;
}

std::string krw(double v) {
  return report::thousands(std::llround(v));
}

std::string row(const UpliftCell& c, const Axis& a) {
  std::string h = "<tr><td>" + html_escape(c.campaign) + "</td><td>" + html_escape(c.offer) + "</td><td>" +
                  html_escape(c.segment) + "</td><td class=\"num\">" + std::to_string(c.treated) +
                  "</td><td class=\"num\">" + std::to_string(c.control) + "</td>";
  if (!c.estimate) return h + "<td colspan=\"6\" class=\"note\">too few members to compare</td></tr>";
  const UpliftEstimate& e = *c.estimate;
  const Interval& rel = e.cuped.relative;
  char figures[256];
  std::snprintf(figures, sizeof figures,
                "<td class=\"num\">%.1f%%</td><td class=\"num\">%s / %s</td><td class=\"num\">%+.1f%% "
                "[%+.1f, %+.1f]</td>",
                e.treated.redemption_rate * 100, krw(e.treated.mean_spend_krw).c_str(),
                krw(e.control.mean_spend_krw).c_str(), rel.estimate * 100, rel.low * 100, rel.high * 100);
  char money[160];
  std::snprintf(money, sizeof money, "<td class=\"num\">%s</td><td class=\"num\">%.2f</td>",
                krw(e.incremental_revenue_krw.estimate).c_str(), e.return_on_discount.estimate);
  return h + figures + "<td>" + interval_svg(rel, a) + "</td>" + money + "</tr>";
}

}  // namespace

std::string uplift_html_section(const UpliftReport& r) {
  const Axis a = axis_for(r);
  char intro[768];
  std::snprintf(
      intro, sizeof intro,
      "<p class=\"note\">Treated members against members held out at random, each counted once from "
      "their first exposure; spend in the %d days from it, adjusted by the %d days before it (CUPED); "
      "95%% Welch intervals, axis %+.0f%% to %+.0f%%, the grey line at 0. Green: the offer raised spend; "
      "red: it lowered it; grey: no effect shown. Among many segment rows about 1 in 20 shows an effect "
      "by chance alone: trust a segment's colour when its offer's row agrees. Data to %s; %lld first "
      "exposures, %lld still in their window.</p>",
      r.window.days, r.window.pre_days, a.lo * 100, a.hi * 100, format_date(r.data_end).c_str(),
      static_cast<long long>(r.first_exposures), static_cast<long long>(r.censored));
  std::string h = "<section class=\"uplift\"><h2>Does the coupon pay? Uplift per campaign</h2>";
  h += intro;
  h += "<table><tr><th>campaign</th><th>offer</th><th>segment</th><th class=\"num\">treated</th><th "
       "class=\"num\">held out</th><th class=\"num\">redeemed</th><th class=\"num\">mean spend KRW t / c</th>"
       "<th class=\"num\">uplift (95% CI)</th><th>interval</th><th class=\"num\">incremental KRW</th><th "
       "class=\"num\">return per KRW of discount</th></tr>";
  for (const auto& c : r.cells) h += row(c, a);
  return h + "</table></section>\n";
}

std::string uplift_html_page(const UpliftReport& r) {
  return "<!doctype html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\"><title>smartstore "
         "uplift</title><style>"
         "body{font-family:system-ui,'Noto Sans "
         "KR',sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
         "td,th{padding:3px 10px;border-bottom:1px solid "
         "#eee;text-align:left}.num{text-align:right;white-space:nowrap}"
         ".note{color:#666;font-size:90%}</style></head><body>\n" +
         uplift_html_section(r) + "</body></html>\n";
}

}  // namespace smartstore::models
