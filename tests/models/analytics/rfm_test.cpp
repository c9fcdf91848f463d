// RFM + T as lifetimes' summary_data_from_transaction_data, checked by hand
// and against the published CDNOW summary derived from the same sample.
#include <doctest/doctest.h>
#include "support/test_paths.h"
#include "smartstore/models/lpoint_csv.h"
#include <vector>
#include <string>
#include <sstream>

#include <cmath>
#include <fstream>
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "smartstore/models/rfm.h"

#include "models/support/cdnow_sample.h"

using namespace smartstore::models;

TEST_CASE("RFM+T by day: repeat periods, recency, T, mean repeat-period total") {
  const Day d0 = days_from_civil(2024, 1, 1);
  const std::vector<Transaction> tx{
      {1, d0, 10},      {1, d0, 5},        // same day: one period of 15 (the first, excluded from monetary)
      {1, d0 + 3, 20},  {1, d0 + 10, 40},  // two repeat periods
      {2, d0 + 5, 7},                      // one-off
      {1, d0 + 40, 1000},                  // after the calibration end: ignored
  };
  RfmtOptions o;
  o.calibration_end = d0 + 20;
  const auto rows = rfmt_summary(tx, o);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].customer == 1);
  CHECK(rows[0].frequency == 2);
  CHECK(rows[0].recency == 10);
  CHECK(rows[0].T == 20);
  CHECK(rows[0].monetary == doctest::Approx(30));
  CHECK(rows[1].frequency == 0);
  CHECK(rows[1].recency == 0);
  CHECK(rows[1].T == 15);
  CHECK(rows[1].monetary == 0);
}

TEST_CASE("RFM+T by week uses Monday-start weeks like pandas' W periods") {
  const Day monday = days_from_civil(2024, 1, 1);  // a Monday
  const std::vector<Transaction> tx{{1, monday + 6, 1}, {1, monday + 7, 2}, {1, monday + 8, 3}, {1, monday + 20, 4}};
  RfmtOptions o;
  o.period = Period::week;
  o.calibration_end = monday + 22;  // Tuesday of week 4
  const auto rows = rfmt_summary(tx, o);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].frequency == 2);   // weeks 2 and 3 after week 1
  CHECK(rows[0].recency == 2);     // week 3 − week 1
  CHECK(rows[0].T == 3);           // week 4 − week 1
  CHECK(rows[0].monetary == doctest::Approx((5 + 4) / 2.0));
}

TEST_CASE("RFM+T of the CDNOW sample equals the published CDNOW summary") {
  const auto rows = rfmt_summary(testdata::cdnow_transactions(), testdata::cdnow_options());
  std::ifstream in(smartstore::testing::data_path("analytics/cdnow_customers_summary.csv"));
  std::string line;
  std::getline(in, line);
  std::map<std::uint32_t, std::array<double, 3>> published;
  while (std::getline(in, line)) {
    unsigned id = 0;
    double f = 0, r = 0, t = 0;
    REQUIRE(std::sscanf(line.c_str(), "%u,%lf,%lf,%lf", &id, &f, &r, &t) == 4);
    published[id] = {f, r, t};
  }
  REQUIRE(rows.size() == published.size());
  int mismatches = 0;
  for (const RfmtRow& row : rows) {
    const auto& p = published.at(row.customer);
    if (row.frequency != p[0] || std::abs(row.recency - p[1]) > 0.006 || std::abs(row.T - p[2]) > 0.006) ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("top 0.5 % outliers by frequency or monetary are removed") {
  std::vector<RfmtRow> rows;
  for (std::uint32_t i = 0; i < 1000; ++i) rows.push_back({i, static_cast<double>(i % 10), 1, 10, static_cast<double>(i % 50)});
  rows[3].frequency = 500;  // extreme buyer
  rows[4].monetary = 1e6;   // extreme spender
  const auto kept = remove_rfmt_outliers(rows);
  CHECK(kept.size() < rows.size());
  CHECK(kept.size() >= rows.size() - 2 * 5 - 100);  // at most ~0.5 % each plus ties at the cut
  CHECK(std::none_of(kept.begin(), kept.end(), [](const RfmtRow& r) { return r.frequency == 500 || r.monetary == 1e6; }));
  CHECK(remove_rfmt_outliers(rows, 0).size() == rows.size());
}
