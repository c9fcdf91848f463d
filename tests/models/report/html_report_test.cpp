// The HTML report is self-contained, escapes what it prints and draws every
// chart the issue lists.
#include <doctest/doctest.h>

#include "smartstore/models/html_report.h"

using namespace smartstore::models;

namespace {
std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("every section, inline SVG only, escaped labels") {
  ReportData d;
  d.as_of = "2022-12-31";
  d.customers = 10;
  d.revenue_krw = 1000;
  d.tiers = {{"star", 4, 700}, {"excluded", 6, 300}};
  d.grades = {{"VIP", 3, 780}, {"G1", 7, 220}};
  d.segments = {{"VIP", 2, 500}, {"At Risk", 8, 500}};
  d.behaviour_types = {{"mania", 10, 1000}};
  d.heat_segments = {"VIP", "At Risk"};
  d.heat_categories = {"여성의류", "<script>alert(1)</script>"};
  d.heat = {{100, 5}, {50, 20}};
  d.chosen_k = 2;
  d.silhouettes = {{2, 0.61}, {3, 0.4}};
  d.clusters = {{0, 6, 10000, 1.5, 2000, {{"과자", 0.5}}}, {1, 4, 90000, 6, 30000, {{"가구", 0.7}}}};
  d.target_cluster = 1;
  d.popup = {{"가구", 0.7, 3.5}};
  d.skipped_total = 1;
  d.skipped_rows = {"p.csv:3: column buy_am: expected an integer, found x"};
  const std::string html = render_html_report(d);
  CHECK(html.rfind("<!doctype html>", 0) == 0);
  CHECK(count(html, "<svg") == 8);  // tiers, grades ×2, segments ×2, behaviour, heat map, pop-up
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;") != std::string::npos);
  CHECK(html.find("src=") == std::string::npos);  // nothing to fetch
  CHECK(html.find("여성의류") != std::string::npos);
  CHECK(html.find("Pop-up store") != std::string::npos);
  CHECK(html.find("k=2: 0.610") != std::string::npos);
  CHECK(html.find("78.0% of revenue") != std::string::npos);
  CHECK(html.find("buy_am") != std::string::npos);
}

TEST_CASE("html_escape") {
  CHECK(html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  CHECK(html_escape("여성의류") == "여성의류");
}

TEST_CASE("demand outlook: one chart per category, dip days shaded and listed, the audience table") {
  ReportData d;
  ForecastSeries f;
  f.category = "과자";
  f.first_day = "2022-12-01";
  f.actual = {100, 120, 80, 100};
  f.forecast = {110, 60, 50};
  f.reference = 100;
  f.drop = 0.15;
  f.dip_index = {1, 2};
  f.dip_days = {"2023-01-02", "2023-01-03"};
  d.forecasts = {f, f};
  d.forecasts[1].category = "가구";
  d.forecasts[1].dip_index.clear();
  d.forecasts[1].dip_days.clear();
  DipAudience a;
  a.category = "과자";
  a.dip_days = f.dip_days;
  a.customers = 1234;
  a.per_store = {{"S001", 1000}, {"S002", 300}};
  a.member_keys = {"0123456789abcdef0123456789abcdef"};
  d.dip_audiences = {a};
  const std::string html = render_html_report(d);
  CHECK(count(html, "class=\"forecast-chart\"") == 2);
  CHECK(count(html, "class=\"dip\"") == 2);  // only the first category dips
  CHECK(html.find("<title>dip 2023-01-03</title>") != std::string::npos);
  CHECK(html.find("Dip days: 2023-01-02, 2023-01-03") != std::string::npos);
  CHECK(html.find("Dip days: none") != std::string::npos);
  CHECK(html.find("class=\"dip-audience\"") != std::string::npos);
  CHECK(html.find("1,234") != std::string::npos);
  CHECK(html.find("S001 1,000, S002 300") != std::string::npos);
  CHECK(html.find("0123456789abcdef…") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);

  ReportData none;
  CHECK(render_html_report(none).find("forecast-chart") == std::string::npos);
}
