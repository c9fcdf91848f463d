// ctest-labels: integration
// A sharded batch's summary.json and report.html (report_parts.cpp) equal
// the in-memory batch's when the fits are exact (made on everyone): every
// field, every number of the report; and a part's share cannot go missing.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "models/support/batch_inputs.h"
#include "models/support/sharded_runs.h"
#include "smartstore/models/sharded_batch.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using nlohmann::json;
using smartstore::testing::error_text;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;

namespace {

BatchOptions demo(const TempDir& dir, std::size_t customers) {
  return smartstore::testing::sharded_demo(dir, customers, 4, 7);
}

void run_parts(const BatchOptions& o, const std::filesystem::path& out, std::uint32_t count) {
  const auto merged = smartstore::testing::run_parts(o, out, count);
  CHECK(merged.summary_json == out / "summary.json");
  CHECK(merged.report_html == out / "report.html");
}

// The summary without what the clock gives: stage times and the
// predictive stage's timing notes.
json summary(const std::filesystem::path& out) {
  json j = json::parse(read_file(out / "summary.json"));
  j.erase("timings_s");
  j.erase("seconds");
  for (auto it = j["predictions"].begin(); it != j["predictions"].end();)
    it = it.key().rfind("predictions: ", 0) == 0 ? j["predictions"].erase(it) : std::next(it);
  return j;
}

// Every field of `a` equals `b`'s, named by its path when it does not.
void check_fields(const json& a, const json& b, const std::string& path = "") {
  if (a.is_object() && b.is_object()) {
    CHECK_MESSAGE(a.size() == b.size(), path);
    for (auto it = a.begin(); it != a.end(); ++it) {
      CHECK_MESSAGE(b.contains(it.key()), (path + "/" + it.key()));
      if (b.contains(it.key())) check_fields(*it, b.at(it.key()), path + "/" + it.key());
    }
  } else if (a.is_array() && b.is_array()) {
    REQUIRE_MESSAGE(a.size() == b.size(), path);
    for (std::size_t i = 0; i < a.size(); ++i) check_fields(a[i], b[i], path + "/" + std::to_string(i));
  } else {
    CHECK_MESSAGE(a == b, (path + ": " + a.dump() + " vs " + b.dump()));
  }
}

// The report without the predictive stage's timing rows.
std::string report(const std::filesystem::path& out) {
  static const std::regex timing("<tr><th>predictions: [^<]*</th><td>[^<]*</td></tr>");
  return std::regex_replace(read_file(out / "report.html"), timing, "");
}

std::vector<std::string> sections(const std::string& html) {
  static const std::regex h2("<h2>([^<]*)</h2>");
  std::vector<std::string> v;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), h2); it != std::sregex_iterator(); ++it)
    v.push_back((*it)[1]);
  return v;
}

}  // namespace

TEST_CASE("fits on everyone: three parts write the in-memory batch's summary and report") {
  const TempDir dir;
  const BatchOptions o = demo(dir, 900);
  REQUIRE(o.fit_customers == 0);  // everyone
  const auto whole = run_profile_batch(o);
  REQUIRE_MESSAGE(whole.has_value(), error_text(whole));
  run_parts(o, dir / "sharded", 3);

  const json a = summary(dir / "whole"), b = summary(dir / "sharded");
  for (const char* field : {"customers", "purchases", "revenue_krw", "tiers", "segments", "kmeans", "bgnbd",
                            "popup_assortment", "demand_outlook", "dip_audience", "snapshots"})
    REQUIRE_MESSAGE(a.contains(field), field);
  CHECK(a["customers"] == whole->customers);
  CHECK(a["kmeans"]["clusters"].size() >= 2);
  CHECK(!a["dip_audience"].empty());
  check_fields(a, b);
  CHECK(a == b);

  const std::string ra = report(dir / "whole"), rb = report(dir / "sharded");
  CHECK(sections(ra).size() >= 6);
  CHECK(sections(ra) == sections(rb));
  CHECK(ra == rb);  // every number the report shows
}

TEST_CASE("a part's share of the report cannot go missing") {
  const TempDir dir;
  BatchOptions o = demo(dir, 300);
  o.out_dir = dir / "sharded";
  for (std::uint32_t p = 0; p < 3; ++p) REQUIRE(run_batch_part(o, {p, 3}).has_value());
  // A part that wrote its snapshot records but not its report: the merge refuses
  // rather than report two parts' customers as everyone.
  std::filesystem::remove(o.out_dir / "parts/part-1.report.json");
  const auto merged = merge_batch_parts(o.out_dir, 3);
  REQUIRE_FALSE(merged.has_value());
  CHECK(merged.error().message().find("part-1.report.json") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(o.out_dir / "summary.json"));

  // Every part counted: the summary's customers are all of them, more than any part's.
  std::vector<std::uint64_t> per_part;
  for (std::uint32_t p = 0; p < 3; ++p) {
    const auto part = run_batch_part(o, {p, 3});
    REQUIRE(part.has_value());
    CHECK(part->customers > 0);
    per_part.push_back(part->customers);
  }
  const auto again = merge_batch_parts(o.out_dir, 3);
  REQUIRE_MESSAGE(again.has_value(), error_text(again));
  const std::uint64_t all = per_part[0] + per_part[1] + per_part[2];
  CHECK(all >= 300);  // the customers file's, and new members
  const json s = json::parse(read_file(o.out_dir / "summary.json"));
  CHECK(s["customers"] == all);
  std::uint64_t in_segments = 0;
  for (const auto& [label, seg] : s["segments"].items()) in_segments += seg["customers"].get<std::uint64_t>();
  CHECK(in_segments == all);
}

TEST_CASE("fits on a sample: a tiny memory budget writes the in-memory batch's summary on that sample") {
  const TempDir dir;
  BatchOptions o = demo(dir, 1500);
  o.fit_customers = 500;
  const auto whole = run_profile_batch(o);
  REQUIRE_MESSAGE(whole.has_value(), error_text(whole));
  BatchOptions budget = o;
  budget.out_dir = dir / "budget";
  const auto bounded = run_budget_batch(budget, 1ULL << 20);  // many parts
  REQUIRE_MESSAGE(bounded.has_value(), error_text(bounded));
  check_fields(summary(dir / "whole"), summary(dir / "budget"));
  CHECK(sections(report(dir / "whole")) == sections(report(dir / "budget")));
}

TEST_CASE("with --skip-bad-rows the sharded report says its skipped rows are not listed as in memory") {
  const TempDir dir;
  BatchOptions o = demo(dir, 200);
  o.skip_bad_rows = true;
  run_parts(o, dir / "sharded", 2);
  CHECK(read_file(dir / "sharded/report.html").find("sharded run: skipped rows not as in memory") !=
        std::string::npos);
  const json s = json::parse(read_file(dir / "sharded/summary.json"));
  CHECK(s["not_as_in_memory"].contains("skipped_rows"));
}
